"""The change feed: every write records its event in its own transaction, readers see what they
may see, in order, and resume from an opaque cursor."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.errors import StaleVersionError
from articles.history import changes
from articles.models import Caption, ChangeEvent, EntityAlias, Mention
from articles.policies import SYSTEM
from tests.support.api import API, client_for, editor
from tests.support.content import published_article, write_article
from tests.support.factories import EntityFactory, SourceFactory

pytestmark = pytest.mark.django_db


def feed(client, **params):
    response = client.get(f"{API}/changes/", params)
    assert response.status_code == 200, response.content
    return response.json()


def types(events):
    return [event["type"] for event in events]


def test_an_articles_whole_life_is_in_the_feed_in_order_with_its_versions():
    article = write_article(headline="خبر", body="الفقرة الأولى.")
    services.article_update(actor=SYSTEM, article=article, data={"summary": "ملخص"})
    caption = services.article_part_save(actor=SYSTEM, part=Caption(), data={"article": article, "text": "صورة"})
    services.article_part_delete(actor=SYSTEM, part=caption)
    for name, note in [("publish", ""), ("correct", "صُحّح الاسم."), ("retract", "سُحب الخبر."), ("restore", "")]:
        article = services.article_transition(actor=SYSTEM, article=article, name=name, note=note)
    services.article_delete(actor=SYSTEM, article=article)

    events = feed(client_for(editor()))["events"]

    assert [(e["type"], e["object"]["version"]) for e in events] == [
        ("article.created", 1),
        ("article.updated", 2),
        ("article.updated", 3),
        ("article.updated", 4),
        ("article.published", 5),
        ("article.corrected", 6),
        ("article.retracted", 7),
        ("article.restored", 8),
        ("article.deleted", 8),
    ]
    assert {e["object"]["id"] for e in events} == {str(article.uuid)}
    assert events[5]["data"]["note"] == "صُحّح الاسم."
    assert events[6]["data"] == {
        "status": "retracted",
        "published_at": events[6]["data"]["published_at"],
        "headline": "خبر",
        "note": "سُحب الخبر.",
    }


def test_anonymous_readers_see_only_public_events():
    draft = write_article(headline="مسودة", body="نص.")
    services.article_update(actor=SYSTEM, article=draft, data={"summary": "سر"})
    story = write_article(headline="خبر", body="نص.")
    story = services.article_transition(actor=SYSTEM, article=story, name="publish")
    services.article_update(actor=SYSTEM, article=story, data={"summary": "ملخص"})
    story = services.article_transition(actor=SYSTEM, article=story, name="retract", note="خطأ.")
    story = services.article_transition(actor=SYSTEM, article=story, name="restore")
    services.article_update(actor=SYSTEM, article=story, data={"summary": "مسودة جديدة"})
    scheduled = write_article(headline="لاحقاً", body="نص.", status="scheduled")

    public = feed(client_for(None))["events"]
    everything = feed(client_for(editor()))["events"]

    assert [(e["type"], e["object"]["id"]) for e in public] == [
        ("article.published", str(story.uuid)),
        ("article.updated", str(story.uuid)),
        ("article.retracted", str(story.uuid)),
    ]
    assert len(everything) == 10
    assert str(draft.uuid) not in str(public)
    assert str(scheduled.uuid) not in str(public)


def test_a_scheduled_article_reaches_the_public_feed_when_it_is_released():
    article = write_article(headline="لاحقاً", body="نص.", status="scheduled")
    article.published_at = timezone.now() - timedelta(seconds=1)
    type(article).objects.filter(pk=article.pk).update(published_at=article.published_at)

    services.article_release_due()

    assert types(feed(client_for(None))["events"]) == ["article.published"]


def test_entities_sources_and_collections_are_in_the_feed():
    actor = SYSTEM
    entity = services.named_save(actor=actor, instance=EntityFactory.build(slug="iran-old", name="إيران", kind="place"))
    services.named_save(actor=actor, instance=entity, data={"slug": "iran"})
    services.alias_save(actor=actor, alias=EntityAlias(entity=entity), data={"name": "الجمهورية الإسلامية"})
    duplicate = EntityFactory(slug="iran-2", name="ايران", kind="place")
    services.entity_merge(actor=actor, duplicate=duplicate, survivor=entity)
    source = services.named_save(actor=actor, instance=SourceFactory.build(slug="axios"))
    services.named_delete(actor=actor, instance=source)
    collection = services.collection_create(actor=actor, data={"title": "الأبرز", "slug": "top"})
    article = published_article("خبر")
    services.collection_item_add(actor=actor, collection=collection, article=article)
    services.collection_delete(actor=actor, collection=collection)

    events = [e for e in feed(client_for(None))["events"] if e["object"]["type"] != "article"]

    assert [(e["type"], e["object"]["id"]) for e in events] == [
        ("entity.created", "iran-old"),
        ("entity.updated", "iran"),
        ("entity.updated", "iran"),
        ("entity.merged", "iran-2"),
        ("entity.updated", "iran"),
        ("source.created", "axios"),
        ("source.deleted", "axios"),
        ("collection.created", "top"),
        ("collection.updated", "top"),
        ("collection.deleted", "top"),
    ]
    assert events[1]["data"] == {"name": "إيران", "previous_slug": "iran-old"}
    assert events[3]["data"] == {"name": "ايران", "into": "iran"}
    assert events[1]["object"]["url"] == "http://testserver/api/v1/entities/iran/"


def test_a_merge_records_the_duplicate_the_survivor_and_every_changed_article_in_one_statement():
    survivor, duplicate = EntityFactory(slug="iran", kind="place"), EntityFactory(slug="iran-2", kind="place")
    article = published_article("خبر")
    services.article_part_save(actor=SYSTEM, part=Mention(), data={"article": article, "entity": duplicate})
    start = ChangeEvent.objects.order_by("-id").first().id

    with CaptureQueriesContext(connection) as queries:
        services.entity_merge(actor=SYSTEM, duplicate=duplicate, survivor=survivor)

    events = ChangeEvent.objects.filter(id__gt=start)
    assert [(e.type, e.object_key, e.version, e.public) for e in events] == [
        ("entity.merged", "iran-2", None, True),
        ("entity.updated", "iran", None, True),
        ("article.updated", str(article.uuid), 4, True),
    ]
    assert len([q for q in queries.captured_queries if "articles_changeevent" in q["sql"]]) == 1


def test_a_refused_write_records_no_event():
    article = write_article(headline="خبر", body="نص.")
    before = ChangeEvent.objects.count()

    with pytest.raises(StaleVersionError):
        services.article_update(actor=SYSTEM, article=article, data={"summary": "x"}, expected_version=7)

    assert ChangeEvent.objects.count() == before


def test_a_reader_resumes_from_its_cursor_page_by_page():
    for number in range(5):
        published_article(f"خبر {number}")
    client = client_for(None)

    first = feed(client, limit=3)
    second = feed(client, after=first["next_cursor"], limit=3)
    third = feed(client, after=second["next_cursor"])

    assert (len(first["events"]), first["has_more"]) == (3, True)
    assert first["next"] == f"http://testserver/api/v1/changes/?after={first['next_cursor']}&limit=3"
    assert (len(second["events"]), second["has_more"], second["next"]) == (2, False, None)
    assert (third["events"], third["next_cursor"]) == ([], second["next_cursor"])
    assert [e["data"]["headline"] for e in first["events"] + second["events"]] == [f"خبر {n}" for n in range(5)]
    assert first["events"][-1]["cursor"] == first["next_cursor"]


@pytest.mark.parametrize(
    ("params", "field"),
    [({"after": "not-a-cursor"}, "after"), ({"after": "YzE6LTE"}, "after"), ({"limit": "0"}, "limit")],
)
def test_a_bad_cursor_or_limit_is_a_400(params, field):
    response = client_for(None).get(f"{API}/changes/", params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_cursors_are_opaque_and_round_trip():
    assert changes.decode_cursor(changes.encode_cursor(123456789)) == 123456789
    assert changes.decode_cursor(None) == 0


def test_an_article_patch_costs_one_query_for_its_event():
    article = published_article("خبر")
    client = client_for(editor())

    with CaptureQueriesContext(connection) as queries:
        response = client.patch(
            f"{API}/articles/{article.uuid}/", {"summary": "ملخص"}, format="json", HTTP_IF_MATCH=f'"{article.version}"'
        )

    assert response.status_code == 200
    inserts = [q["sql"] for q in queries.captured_queries if "articles_changeevent" in q["sql"]]
    assert len(inserts) == 1
    assert inserts[0].startswith("INSERT")


# --------------------------------------------------------------------------- retention


def _age(event_ids, days):
    ChangeEvent.objects.filter(id__in=event_ids).update(occurred_at=timezone.now() - timedelta(days=days))


def test_compaction_keeps_every_objects_latest_event_for_every_audience():
    story = published_article("خبر")  # created (private), published (public)
    services.article_update(actor=SYSTEM, article=story, data={"summary": "١"})  # public
    story = services.article_transition(actor=SYSTEM, article=story, name="retract", note="خطأ.")  # public
    story = services.article_transition(actor=SYSTEM, article=story, name="restore")  # private
    other = published_article("آخر")
    _age(ChangeEvent.objects.values_list("id", flat=True), days=40)

    run = changes.prune()

    left = list(ChangeEvent.objects.values_list("type", "object_key", "public"))
    assert left == [
        ("article.retracted", str(story.uuid), True),
        ("article.restored", str(story.uuid), False),
        ("article.published", str(other.uuid), True),
    ]
    assert (run.compacted, run.expired) == (4, 0)


def test_recent_events_are_never_compacted():
    story = published_article("خبر")
    services.article_update(actor=SYSTEM, article=story, data={"summary": "١"})

    changes.prune()

    assert ChangeEvent.objects.count() == 3


def test_old_deletions_expire_and_older_cursors_are_told_to_start_again():
    gone = published_article("محذوف")
    cursor = feed(client_for(None))["next_cursor"]
    services.article_delete(actor=SYSTEM, article=gone)
    kept = published_article("باق")
    _age(ChangeEvent.objects.filter(object_key=str(gone.uuid)).values_list("id", flat=True), days=100)

    run = changes.prune()

    assert (run.compacted, run.expired) == (2, 1)
    assert set(ChangeEvent.objects.values_list("object_key", flat=True)) == {str(kept.uuid)}
    response = client_for(None).get(f"{API}/changes/", {"after": cursor})
    assert (response.status_code, response.json()["code"]) == (410, "cursor_expired")
    assert types(feed(client_for(None))["events"]) == ["article.published"]


def test_the_prune_command_reports_what_it_removed():
    from io import StringIO

    from django.core.management import call_command

    published_article("خبر")
    out = StringIO()
    call_command("changes_prune", stdout=out)
    assert out.getvalue().splitlines() == [
        "Change feed: 0 event(s) compacted, 0 expired.",
        "Webhooks: 0 delivered deliveries removed.",
    ]
