"""Admin: collections with their items inline, likely duplicates and the merge flow, the read-only audit log."""

import pytest
from django.urls import reverse

from articles import services
from articles.history.audit import audit_record
from articles.models import AuditEntry, Collection, CollectionItem, Entity, EntityAlias, Mention
from articles.policies import SYSTEM
from articles.services import Slot
from tests.support.factories import ArticleFactory, EntityAliasFactory, EntityFactory, MentionFactory, QuoteFactory
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db


def assert_arabic_page(response):
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl"' in html
    return html


# --------------------------------------------------------------------------- collections


def item_rows(collection):
    return list(
        CollectionItem.objects.filter(collection=collection)
        .order_by("position")
        .values_list("article__headline", "position", "pinned")
    )


def formset_data(rows, *, initial=0):
    """Inline rows as the admin posts them: (item id or "", article id, place, pinned, delete)."""
    data = {
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "1000",
    }
    for index, (item_id, article_id, place, pinned, delete) in enumerate(rows):
        data[f"items-{index}-id"] = str(item_id)
        data[f"items-{index}-article"] = str(article_id) if article_id else ""
        data[f"items-{index}-place"] = "" if place is None else str(place)
        if pinned:
            data[f"items-{index}-pinned"] = "on"
        if delete:
            data[f"items-{index}-DELETE"] = "on"
    return data


def test_collection_admin_pages_answer_200_in_arabic(staff_client):
    draft, published = ArticleFactory(headline="مسودة"), ArticleFactory(published=True, headline="منشور")
    collection = services.collection_create(
        actor=SYSTEM, data={"title": "ملف البحرين"}, items=[Slot(draft), Slot(published)]
    )

    changelist = assert_arabic_page(staff_client.get(reverse("admin:articles_collection_changelist")))
    assert "ملف البحرين" in changelist
    assert_arabic_page(staff_client.get(reverse("admin:articles_collection_changelist") + "?unpublished=yes"))
    assert_arabic_page(staff_client.get(reverse("admin:articles_collection_changelist") + "?q=البحرين"))
    assert_arabic_page(staff_client.get(reverse("admin:articles_collection_add")))
    change = assert_arabic_page(staff_client.get(reverse("admin:articles_collection_change", args=[collection.pk])))
    assert "مسودة" in change
    assert "منشور" in change


def test_unpublished_filter_finds_collections_holding_a_draft(staff_client):
    services.collection_create(actor=SYSTEM, data={"title": "فيها مسودة"}, items=[Slot(ArticleFactory())])
    services.collection_create(
        actor=SYSTEM, data={"title": "كلها منشورة"}, items=[Slot(ArticleFactory(published=True))]
    )
    url = reverse("admin:articles_collection_changelist")

    with_drafts = staff_client.get(url + "?unpublished=yes").context["cl"].result_list
    without = staff_client.get(url + "?unpublished=no").context["cl"].result_list

    assert [c.title for c in with_drafts] == ["فيها مسودة"]
    assert [c.title for c in without] == ["كلها منشورة"]


def test_admin_creates_a_collection_with_items_in_the_typed_order(staff_client):
    a, b, c = (ArticleFactory(headline=h) for h in ("أ", "ب", "ج"))
    data = {
        "title": "الصفحة الرئيسية",
        "slug": "الصفحة-الرئيسية",
        "description": "",
        **formset_data([("", a.pk, 2, False, False), ("", b.pk, None, False, False), ("", c.pk, 1, True, False)]),
        "_save": "Save",
    }

    response = staff_client.post(reverse("admin:articles_collection_add"), data)

    assert response.status_code == 302, response.context["errors"] if response.context else response
    collection = Collection.objects.get()
    assert collection.slug == "الصفحة-الرئيسية"
    assert collection.created_by.username == "chief"
    assert item_rows(collection) == [("ج", 1, True), ("أ", 2, False), ("ب", 3, False)]


def test_admin_moves_items_up_and_down_pins_and_removes(staff_client):
    a, b, c, d = (ArticleFactory(headline=h) for h in ("أ", "ب", "ج", "د"))
    collection = services.collection_create(actor=SYSTEM, data={"title": "ملف"}, items=[Slot(x) for x in (a, b, c, d)])
    items = {item.article_id: item.pk for item in collection.items.all()}
    url = reverse("admin:articles_collection_change", args=[collection.pk])

    # «أ» moves down to 3 (lands after «ج»), «د» moves up to 2 (lands before «ب»).
    rows = [
        (items[a.pk], a.pk, 3, False, False),
        (items[b.pk], b.pk, 2, False, False),
        (items[c.pk], c.pk, 3, False, False),
        (items[d.pk], d.pk, 2, False, False),
    ]
    response = staff_client.post(url, {"title": "ملف", "slug": collection.slug, **formset_data(rows, initial=4)})
    assert response.status_code == 302
    assert item_rows(collection) == [("د", 1, False), ("ب", 2, False), ("ج", 3, False), ("أ", 4, False)]

    items = {item.article_id: item.pk for item in collection.items.all()}
    rows = [
        (items[d.pk], d.pk, 1, False, True),  # removed
        (items[b.pk], b.pk, 2, False, False),
        (items[c.pk], c.pk, 3, True, False),  # pinned
        (items[a.pk], a.pk, 4, False, False),
    ]
    response = staff_client.post(url, {"title": "ملف", "slug": collection.slug, **formset_data(rows, initial=4)})
    assert response.status_code == 302
    assert item_rows(collection) == [("ج", 1, True), ("ب", 2, False), ("أ", 3, False)]


def test_admin_refuses_the_same_article_twice_and_keeps_the_input(staff_client):
    article = ArticleFactory(headline="أ")
    data = {
        "title": "ملف",
        "slug": "ملف",
        "description": "",
        **formset_data([("", article.pk, 1, False, False), ("", article.pk, 2, False, False)]),
    }

    response = staff_client.post(reverse("admin:articles_collection_add"), data)

    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert Collection.objects.count() == 0


def test_admin_deletes_a_collection_but_not_its_articles(staff_client):
    article = ArticleFactory()
    collection = services.collection_create(actor=SYSTEM, data={"title": "ملف"}, items=[Slot(article)])

    response = staff_client.post(reverse("admin:articles_collection_delete", args=[collection.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert Collection.objects.count() == 0
    assert article.__class__.objects.filter(pk=article.pk).exists()


# --------------------------------------------------------------------------- entities: duplicates and merge


@pytest.fixture
def iran_pair():
    survivor = EntityFactory(name="إيران", name_en="Iran", slug="iran", kind=Entity.Kind.PLACE)
    duplicate = EntityFactory(name="ايران", name_en="", slug="iran-2", kind=Entity.Kind.PLACE)
    EntityAliasFactory(entity=duplicate, name="الجمهورية الإسلامية")
    MentionFactory(entity=survivor, count=2)
    MentionFactory(entity=survivor, count=1)
    MentionFactory(entity=duplicate, count=3)
    QuoteFactory(speaker=duplicate)
    return survivor, duplicate


def test_entity_changelist_links_to_the_likely_duplicates_page(staff_client):
    html = assert_arabic_page(staff_client.get(reverse("admin:articles_entity_changelist")))

    assert f'href="{reverse("admin:articles_entity_duplicates")}"' in html


def test_duplicates_page_lists_pairs_with_a_merge_button(staff_client, iran_pair):
    survivor, duplicate = iran_pair

    html = assert_arabic_page(staff_client.get(reverse("admin:articles_entity_duplicates")))

    rows = staff_client.get(reverse("admin:articles_entity_duplicates")).context["rows"]
    assert [(row["pair"].first, row["pair"].second) for row in rows] == [(survivor, duplicate)]
    merge_url = reverse("admin:articles_entity_merge") + f"?ids={duplicate.pk},{survivor.pk}"
    assert f'href="{merge_url}"' in html
    assert_arabic_page(staff_client.get(reverse("admin:articles_entity_duplicates") + "?kind=person"))
    assert staff_client.get(reverse("admin:articles_entity_duplicates") + "?kind=person").context["rows"] == []


def test_merge_page_preselects_the_more_mentioned_entity(staff_client, iran_pair):
    survivor, duplicate = iran_pair

    response = staff_client.get(reverse("admin:articles_entity_merge") + f"?ids={duplicate.pk},{survivor.pk}")

    assert_arabic_page(response)
    assert response.context["form"]["survivor"].value() == survivor.pk
    assert [entity.slug for entity in response.context["entities"]] == ["iran", "iran-2"]


def test_merge_through_the_admin_moves_everything_and_goes_to_the_survivor(staff_client, iran_pair):
    survivor, duplicate = iran_pair
    mention_total = sum(Mention.objects.values_list("count", flat=True))

    response = staff_client.post(
        reverse("admin:articles_entity_merge"), {"ids": f"{duplicate.pk},{survivor.pk}", "survivor": survivor.pk}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_entity_change", args=[survivor.pk])
    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    assert sum(Mention.objects.filter(entity=survivor).values_list("count", flat=True)) == mention_total
    assert survivor.quotes.count() == 1
    assert sorted(EntityAlias.objects.filter(entity=survivor).values_list("name", flat=True)) == ["الجمهورية الإسلامية"]
    entry = AuditEntry.objects.get(action="entity.merge")
    assert (entry.action, entry.actor_name, entry.ip_address) == ("entity.merge", "chief", "127.0.0.1")


def test_merge_action_sends_the_selection_to_the_merge_page(staff_client, iran_pair):
    survivor, duplicate = iran_pair

    response = staff_client.post(
        reverse("admin:articles_entity_changelist"),
        {"action": "merge_selected", "_selected_action": [survivor.pk, duplicate.pk]},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_entity_merge") + f"?ids={survivor.pk},{duplicate.pk}"


def test_merging_three_entities_at_once_is_all_or_nothing(staff_client):
    keep = EntityFactory(slug="keep", kind=Entity.Kind.PLACE)
    same_kind = EntityFactory(slug="same", kind=Entity.Kind.PLACE)
    other_kind = EntityFactory(slug="other", kind=Entity.Kind.PERSON)

    response = staff_client.post(
        reverse("admin:articles_entity_merge"),
        {"ids": f"{keep.pk},{same_kind.pk},{other_kind.pk}", "survivor": keep.pk},
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Entity.objects.count() == 3
    assert AuditEntry.objects.filter(action="entity.merge").count() == 0


def test_merge_page_needs_the_merge_permission(client, iran_pair):
    survivor, duplicate = iran_pair
    editor = user_with_perms("view_entity", "change_entity", is_staff=True)
    client.force_login(editor)

    page = client.get(reverse("admin:articles_entity_merge") + f"?ids={duplicate.pk},{survivor.pk}")
    post = client.post(reverse("admin:articles_entity_merge"), {"ids": f"{duplicate.pk},{survivor.pk}", "survivor": 1})
    duplicates = client.get(reverse("admin:articles_entity_duplicates"))

    assert page.status_code == 403
    assert post.status_code == 403
    assert duplicates.status_code == 200
    assert "merge_url" in duplicates.context["rows"][0]
    assert duplicates.context["can_merge"] is False
    assert Entity.objects.count() == 2


def test_merge_page_with_fewer_than_two_entities_goes_back_with_a_message(staff_client, iran_pair):
    survivor, _duplicate = iran_pair

    response = staff_client.get(reverse("admin:articles_entity_merge") + f"?ids={survivor.pk},999999,x")

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_entity_changelist")


# --------------------------------------------------------------------------- audit log


@pytest.fixture
def audit_entries(iran_pair):
    survivor, duplicate = iran_pair
    services.entity_merge(duplicate=duplicate, survivor=survivor, actor=SYSTEM)
    article = ArticleFactory(headline="خبر")
    audit_record(actor=SYSTEM, action="article.transition", target=article, details={"to": "published"})
    return AuditEntry.objects.order_by("at", "id")


def test_audit_admin_pages_answer_200_in_arabic(staff_client, audit_entries):
    url = reverse("admin:articles_auditentry_changelist")

    html = assert_arabic_page(staff_client.get(url))
    assert "entity.merge" in html
    assert "article.transition" in html
    for query in ("?action=entity.merge", "?q=خبر", "?actor_name=chief", "?target_type=articles.article"):
        assert_arabic_page(staff_client.get(url + query))
    assert [e.action for e in staff_client.get(url + "?action=entity.merge").context["cl"].result_list] == [
        "entity.merge"
    ]
    detail = assert_arabic_page(
        staff_client.get(reverse("admin:articles_auditentry_change", args=[audit_entries[0].pk]))
    )
    assert "aliases_added" in detail


def test_audit_admin_is_read_only(staff_client, audit_entries):
    entry = audit_entries[0]

    assert staff_client.get(reverse("admin:articles_auditentry_add")).status_code == 403
    assert staff_client.post(reverse("admin:articles_auditentry_change", args=[entry.pk]), {}).status_code == 403
    assert (
        staff_client.post(reverse("admin:articles_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code
        == 403
    )
    changelist = staff_client.get(reverse("admin:articles_auditentry_changelist"))
    assert "delete_selected" not in changelist.content.decode()
    assert AuditEntry.objects.count() == 2


def test_audit_admin_needs_the_view_permission(client, audit_entries):
    client.force_login(user_with_perms("view_article", is_staff=True))

    assert client.get(reverse("admin:articles_auditentry_changelist")).status_code == 403

    client.force_login(user_with_perms("view_auditentry", is_staff=True))
    assert client.get(reverse("admin:articles_auditentry_changelist")).status_code == 200
