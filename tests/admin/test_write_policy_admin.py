"""The admin's write paths obey the same policy as the API (articles.policies): a reporter changes
only their own drafts and articles in review, whatever page the request comes from, and aliases
need the alias permissions."""

import pytest
from django.test import Client

from articles import services
from articles.models import Article, Caption, EntityAlias
from articles.policies import SYSTEM
from tests.support.content import write_article
from tests.support.factories import EntityFactory
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db

S = Article.Status
BODY = "الفقرة الأولى.\n\nالفقرة الثانية."
INLINES = ("captions", "attributions", "mentions", "quotes", "corrections")


def logged_in(user) -> Client:
    client = Client()
    client.cookies["django_language"] = "en"  # the admin's language is the user's choice, not the browser's
    client.force_login(user)
    return client


def article_form(article, **changes) -> dict:
    data = {
        "headline": article.headline,
        "slug": article.slug,
        "summary": article.summary,
        "body": article.body,
        "byline": article.byline,
        "language": article.language,
        "editor_note": article.editor_note,
        "expected_version": str(article.version),
    }
    for prefix in INLINES:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return {**data, **changes}


def post_change(client, article):
    return client.post(f"/admin/articles/article/{article.pk}/change/", article_form(article, headline="عنوان آخر"))


def post_delete(client, article):
    return client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})


def post_transition(client, article):
    data = {"transition": "submit" if article.status == S.DRAFT else "correct", "version": article.version}
    return client.post(f"/admin/articles/article/{article.pk}/transition/", {**data, "note": "صُحّح."})


def post_revert(client, article):
    first = article.revisions.order_by("version").first()
    url = f"/admin/articles/article/{article.pk}/history/{first.pk}/revert/"
    return client.post(url, {"expected_version": article.version})


def post_caption_change(client, article):
    caption = Caption.objects.get(article=article)
    data = {"text": "صورة أخرى", "alt_text": "", "credit": "", "image_url": "", "order": 1}
    return client.post(f"/admin/articles/caption/{caption.pk}/change/", data)


WRITES = {
    "change form": post_change,
    "delete": post_delete,
    "transition": post_transition,
    "revert": post_revert,
    "caption change": post_caption_change,
}


@pytest.fixture
def articles(role_users):
    """The reporter's draft, the reporter's published article and an editor's draft, each with a
    caption and two revisions."""
    made = {}
    for key, owner, status in (
        ("own draft", "reporter", S.DRAFT),
        ("own published", "reporter", S.PUBLISHED),
        ("colleague's draft", "editor", S.DRAFT),
    ):
        article = write_article(actor=role_users[owner], headline=f"خبر: {key}", body=BODY, status=status)
        services.article_part_save(actor=SYSTEM, part=Caption(article=article, text="صورة", order=1))
        made[key] = Article.objects.get(pk=article.pk)
    return made


@pytest.mark.parametrize("write", list(WRITES))
@pytest.mark.parametrize(
    ("which", "allowed"), [("own draft", True), ("own published", False), ("colleague's draft", False)]
)
def test_a_reporter_writes_through_the_admin_only_to_their_own_drafts(role_users, articles, write, which, allowed):
    if write == "delete":
        allowed = False  # reporters hold no delete_article
    article = articles[which]
    before = Article.objects.filter(pk=article.pk).values_list("headline", "status", "version").first()

    response = WRITES[write](logged_in(role_users["reporter"]), article)

    after = Article.objects.filter(pk=article.pk).values_list("headline", "status", "version").first()
    if allowed:
        assert response.status_code == 302
        assert after != before
    else:
        assert response.status_code == 403
        assert after == before


@pytest.mark.parametrize("write", list(WRITES))
def test_an_editor_writes_through_the_admin_to_any_article(role_users, articles, write):
    article = articles["own published"]
    before = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()

    response = WRITES[write](logged_in(role_users["editor"]), article)

    assert response.status_code == 302
    after = Article.objects.filter(pk=article.pk).values_list("version", flat=True).first()
    assert after is None if write == "delete" else after == before + 1


@pytest.mark.parametrize(("perms", "status", "saved"), [((), 403, False), (("add_entityalias",), 302, True)])
def test_an_alias_is_added_in_the_admin_only_with_the_alias_permission(perms, status, saved):
    entity = EntityFactory()
    user = user_with_perms("view_entity", "view_entityalias", *perms, is_staff=True)

    response = logged_in(user).post(
        "/admin/articles/entityalias/add/", {"name": "اسم آخر", "entity": entity.pk, "language": "ar"}
    )

    assert response.status_code == status
    assert EntityAlias.objects.filter(entity=entity, name="اسم آخر").exists() is saved


def test_the_alias_services_refuse_a_user_without_the_alias_permission():
    from articles import errors

    entity = EntityFactory()
    with pytest.raises(errors.NotPermittedError):
        services.alias_save(actor=user_with_perms("change_entity"), alias=EntityAlias(entity=entity, name="لقب"))
    assert not EntityAlias.objects.filter(entity=entity).exists()
