"""The article admin: history, diff and revert pages (in Arabic), and no lost updates on save."""

import pytest
from django.contrib.messages import get_messages

from articles import services
from articles.models import Article, ArticleRevision, AuditEntry, Caption
from tests.support.factories import UserFactory
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db

BODY = "الفقرة الأولى.\n\nالفقرة الثانية."


@pytest.fixture
def sara():
    return user_with_perms("add_article", "change_article", "add_caption", username="sara")


@pytest.fixture
def article(sara):
    """Version 1 created by sara; version 2 adds a caption; version 3 changes the headline."""
    article = services.article_create(data={"headline": "العنوان الأول", "body": BODY}, actor=sara)
    services.article_part_save(part=Caption(article=article, text="صورة الحدث", order=1), actor=sara)
    services.article_update(article=article, data={"headline": "العنوان الثاني"}, actor=sara, expected_version=2)
    return article


def revision(article, version):
    return ArticleRevision.objects.get(article=article, version=version)


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def change_form_data(article, **fields):
    """What the change form posts for `article` (a draft) with its captions unchanged."""
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "byline": article.byline,
        "expected_version": str(article.version),
        "status": article.status,
        "published_at_0": "",
        "published_at_1": "",
        "language": article.language,
        "editor_note": article.editor_note,
    }
    captions = list(article.captions.order_by("order"))
    data.update(management("captions", total=len(captions), initial=len(captions)))
    for index, caption in enumerate(captions):
        data.update(
            {
                f"captions-{index}-id": str(caption.pk),
                f"captions-{index}-article": str(article.pk),
                f"captions-{index}-order": str(caption.order),
                f"captions-{index}-text": caption.text,
                f"captions-{index}-alt_text": caption.alt_text,
                f"captions-{index}-credit": caption.credit,
                f"captions-{index}-image_url": caption.image_url,
            }
        )
    for prefix in ("attributions", "mentions", "quotes", "corrections"):
        data.update(management(prefix))
    data.update(fields)
    return data


def change_url(article):
    return f"/admin/articles/article/{article.pk}/change/"


def history_url(article):
    return f"/admin/articles/article/{article.pk}/history/"


# --------------------------------------------------------------------------- pages


def test_history_page_lists_revisions_in_arabic_right_to_left(staff_client, article):
    response = staff_client.get(history_url(article))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'dir="rtl"' in html
    assert 'lang="ar"' in html
    assert [row["meta"].version for row in response.context["rows"]] == [3, 2, 1]
    assert [row["comment"] for row in response.context["rows"]] == [
        "تم تغيير العنوان.",
        "أُضيف تعليق على صورة \u200f”1“.",
        "أُضيف.",
    ]
    assert "sara" in html
    assert f"/admin/articles/article/{article.pk}/history/{revision(article, 1).pk}/revert/" in html


def test_diff_page_compares_two_selected_revisions(staff_client, article):
    response = staff_client.get(
        f"/admin/articles/article/{article.pk}/history/diff/",
        {"revision": [revision(article, 3).pk, revision(article, 1).pk]},
    )

    assert response.status_code == 200
    assert (response.context["old"].version, response.context["new"].version) == (1, 3)
    html = response.content.decode()
    assert "<del>العنوان الأول</del>" in html
    assert "<ins>العنوان الثاني</ins>" in html
    assert "صورة الحدث" in html


def test_diff_page_with_one_revision_compares_with_the_previous_one(staff_client, article):
    response = staff_client.get(
        f"/admin/articles/article/{article.pk}/history/diff/", {"revision": revision(article, 2).pk}
    )

    assert response.status_code == 200
    assert response.context["old"].version == 1
    assert [part["title"] for part in response.context["diff"]["parts"]] == ["التعليقات على الصور"]


def test_diff_page_without_a_selection_sends_the_editor_back_to_the_history(staff_client, article):
    response = staff_client.get(f"/admin/articles/article/{article.pk}/history/diff/")

    assert (response.status_code, response["Location"]) == (302, history_url(article))


def test_revert_confirmation_page_shows_what_will_change(staff_client, article):
    response = staff_client.get(f"/admin/articles/article/{article.pk}/history/{revision(article, 1).pk}/revert/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="expected_version" value="3"' in html
    assert "<del>العنوان الثاني</del>" in html
    assert "صورة الحدث" in html


def test_revert_button_restores_the_revision_through_the_service(staff_client, article):
    response = staff_client.post(
        f"/admin/articles/article/{article.pk}/history/{revision(article, 1).pk}/revert/", {"expected_version": "3"}
    )

    assert (response.status_code, response["Location"]) == (302, change_url(article))
    article.refresh_from_db()
    assert (article.version, article.headline, article.captions.count()) == (4, "العنوان الأول", 0)
    assert revision(article, 4).reverted_to == 1
    assert AuditEntry.objects.get(action="article.revert").actor_name == "chief"


def test_stale_revert_in_the_admin_is_refused_naming_the_change(staff_client, article, sara):
    services.article_update(article=article, data={"summary": "ملخص"}, actor=sara, expected_version=3)

    response = staff_client.post(
        f"/admin/articles/article/{article.pk}/history/{revision(article, 1).pk}/revert/", {"expected_version": "3"}
    )

    assert response.status_code == 302
    (message,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "sara" in message
    assert "الملخص" in message
    article.refresh_from_db()
    assert (article.version, article.headline) == (4, "العنوان الثاني")


def test_staff_without_change_permission_can_read_history_but_not_revert(client, article):
    client.force_login(user_with_perms("view_article", is_staff=True))

    assert client.get(history_url(article)).status_code == 200
    revert = f"/admin/articles/article/{article.pk}/history/{revision(article, 1).pk}/revert/"
    assert client.get(revert).status_code == 403
    assert client.post(revert, {"expected_version": "3"}).status_code == 403


def test_staff_without_article_permissions_cannot_read_history(client, article):
    client.force_login(UserFactory(is_staff=True))

    assert client.get(history_url(article)).status_code == 403


# --------------------------------------------------------------------------- saving


def test_change_form_carries_the_version_it_was_opened_at(staff_client, article):
    response = staff_client.get(change_url(article))

    assert response.status_code == 200
    assert '<input type="hidden" name="expected_version" value="3"' in response.content.decode()


def test_saving_with_inlines_makes_one_version_and_one_revision(staff_client, article):
    data = change_form_data(article, headline="عنوان من المحرر")
    data.update({"captions-TOTAL_FORMS": "2", "captions-1-order": "2", "captions-1-text": "صورة ثانية"})
    data.update({"captions-1-article": str(article.pk), "captions-1-id": ""})

    response = staff_client.post(change_url(article), data)

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.version, article.headline, article.captions.count()) == (4, "عنوان من المحرر", 2)
    meta = ArticleRevision.objects.select_related("revision__user").get(article=article, version=4)
    assert meta.revision.user.get_username() == "chief"
    assert ArticleRevision.objects.filter(article=article).count() == 4


def test_stale_save_is_refused_naming_who_changed_what_and_keeps_the_input(staff_client, article, sara):
    # Given the editor opened the article at version 3, and sara then changed its summary,
    opened = change_form_data(article, body=BODY + "\n\nفقرة كتبها المحرر.", headline="عنوان المحرر")
    services.article_update(article=article, data={"summary": "ملخص سارة"}, actor=sara, expected_version=3)

    # when the editor saves,
    response = staff_client.post(change_url(article), opened)

    # then the save is refused, names sara and what she changed, and the editor's input is on the page,
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert len(errors) == 3
    assert errors[0] == "حفظ شخص آخر هذه المقالة بعد أن فتحتها (فتحتَ الإصدار 3، وهي الآن في الإصدار 4):"
    assert errors[1].startswith("الإصدار 4 بواسطة sara (")
    assert errors[1].endswith("): تم تغيير الملخص.")
    assert errors[2].startswith("ما أدخلته محفوظ أدناه.")
    html = response.content.decode()
    assert "فقرة كتبها المحرر." in html
    assert 'value="عنوان المحرر"' in html
    # and nothing was written.
    article.refresh_from_db()
    assert (article.version, article.headline, article.summary) == (4, "العنوان الثاني", "ملخص سارة")
    assert ArticleRevision.objects.filter(article=article).count() == 4


def test_after_a_refused_save_saving_again_replaces_the_other_changes_deliberately(staff_client, article, sara):
    opened = change_form_data(article, headline="عنوان المحرر")
    services.article_update(article=article, data={"summary": "ملخص سارة"}, actor=sara, expected_version=3)
    refused = staff_client.post(change_url(article), opened)
    carried = refused.context["adminform"].form.data["expected_version"]

    response = staff_client.post(change_url(article), {**opened, "expected_version": carried})

    assert (carried, response.status_code) == (4, 302)
    article.refresh_from_db()
    assert (article.version, article.headline, article.summary) == (5, "عنوان المحرر", "")


def test_adding_an_article_with_a_caption_records_one_revision(staff_client):
    data = {
        "headline": "خبر جديد",
        "slug": "khabar",
        "summary": "",
        "body": BODY,
        "byline": "",
        "expected_version": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "language": "ar",
        "editor_note": "",
        **management("captions", total=1),
        "captions-0-order": "1",
        "captions-0-text": "صورة",
        **management("attributions"),
        **management("mentions"),
        **management("quotes"),
        **management("corrections"),
    }

    response = staff_client.post("/admin/articles/article/add/", data)

    assert response.status_code == 302
    article = Article.objects.get(slug="khabar")
    assert (article.version, article.captions.count()) == (1, 1)
    meta = ArticleRevision.objects.select_related("revision").get(article=article)
    assert meta.version == 1
    assert meta.revision.comment == '[{"added": {}}, {"added": {"name": "caption", "object": "1"}}]'


def test_deleting_an_article_in_the_admin_goes_through_the_service(staff_client, article):
    response = staff_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Article.objects.filter(pk=article.pk).exists()
    assert AuditEntry.objects.filter(action="article.delete", actor_name="chief").count() == 1


def test_a_caption_edited_on_its_own_admin_page_stays_with_its_article(staff_client, article):
    caption = article.captions.get()

    response = staff_client.get(f"/admin/articles/caption/{caption.pk}/change/")

    assert response.status_code == 200
    assert "article" not in response.context["adminform"].form.fields


def test_deleting_captions_in_bulk_records_a_revision_for_each(staff_client, article):
    caption = article.captions.get()

    response = staff_client.post(
        "/admin/articles/caption/", {"action": "delete_selected", "_selected_action": [caption.pk], "post": "yes"}
    )

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.version, article.captions.count()) == (4, 0)
    assert ArticleRevision.objects.get(article=article, version=4).revision.comment == (
        '[{"deleted": {"name": "caption", "object": "1"}}]'
    )


def test_the_body_a_browser_sends_with_crlf_is_stored_with_its_paragraphs(staff_client, article):
    response = staff_client.post(change_url(article), change_form_data(article, body="الأولى.\r\n\r\nالثانية.\r\nسطر."))

    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.body, article.paragraphs) == ("الأولى.\n\nالثانية.\nسطر.", ["الأولى.", "الثانية.\nسطر."])


def test_saving_an_unchanged_form_makes_no_new_version(staff_client, article):
    response = staff_client.post(change_url(article), change_form_data(article))

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.version == 3
    assert ArticleRevision.objects.filter(article=article).count() == 3


def test_changing_only_an_inline_makes_one_version_checked_against_the_form(staff_client, article, sara):
    opened = change_form_data(article, **{"captions-0-text": "تعليق معدل"})
    fresh = staff_client.post(change_url(article), opened)
    services.article_update(article=article, data={"summary": "ملخص"}, actor=sara, expected_version=4)

    stale = staff_client.post(change_url(article), {**opened, "captions-0-text": "تعليق آخر"})

    assert (fresh.status_code, stale.status_code) == (302, 200)
    article.refresh_from_db()
    assert (article.version, article.captions.get().text) == (5, "تعليق معدل")
    assert ArticleRevision.objects.get(article=article, version=4).revision.comment == (
        '[{"changed": {"name": "caption", "object": "1", "fields": ["caption"]}}]'
    )
