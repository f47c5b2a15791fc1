"""Entity merge (services.entity_merge) and the likely-duplicates selector."""

import pytest
from django.db.models import Sum

from articles import errors, selectors, services
from articles.api.errors import status_of
from articles.models import Article, AuditEntry, Entity, EntityAlias, Mention, Quote, Source
from articles.policies import SYSTEM, Actor
from articles.search import search_articles
from tests.support.factories import (
    ArticleFactory,
    EntityAliasFactory,
    EntityFactory,
    MentionFactory,
    QuoteFactory,
    SourceFactory,
)
from tests.support.users import user_with_perms

pytestmark = pytest.mark.django_db


@pytest.fixture
def pentagon():
    """The survivor: «وزارة الدفاع الأميركية», already known as «البنتاغون»."""
    entity = EntityFactory(
        name="وزارة الدفاع الأميركية",
        name_en="US Department of Defense",
        slug="us-dod",
        kind=Entity.Kind.ORGANISATION,
        wikidata_id="",
        description="",
    )
    EntityAliasFactory(entity=entity, name="البنتاغون")
    return entity


@pytest.fixture
def duplicate():
    """The duplicate an editor created by hand: «البنتاجون», with its own aliases and a Wikidata id."""
    entity = EntityFactory(
        name="البنتاجون",
        name_en="The Pentagon",
        slug="pentagon",
        kind=Entity.Kind.ORGANISATION,
        wikidata_id="Q11208",
        description="مقر وزارة الدفاع",
    )
    EntityAliasFactory(entity=entity, name="البنتاغون")  # the survivor already has it
    EntityAliasFactory(entity=entity, name="Pentagon", language="en")
    return entity


def totals():
    return {
        "mention_count": Mention.objects.aggregate(total=Sum("count"))["total"] or 0,
        "quotes": Quote.objects.count(),
        "sources_with_entity": Source.objects.filter(entity__isnull=False).count(),
    }


def test_merge_moves_mentions_quotes_sources_and_aliases_and_deletes_the_duplicate(pentagon, duplicate):
    editor = user_with_perms("merge_entity", username="editor")
    only_duplicate = ArticleFactory(headline="خبر عن البنتاجون")
    MentionFactory(article=only_duplicate, entity=duplicate, count=3, role=Mention.Role.ABOUT)
    quote = QuoteFactory(article=only_duplicate, speaker=duplicate)
    source = SourceFactory(name="البنتاجون (بيان)", entity=duplicate)
    before = totals()

    survivor = services.entity_merge(duplicate=duplicate, survivor=pentagon, actor=editor)

    assert survivor == pentagon
    assert not Entity.objects.filter(pk=duplicate.pk).exists()
    assert totals() == before
    mention = Mention.objects.get(article=only_duplicate)
    assert (mention.entity_id, mention.count, mention.role) == (pentagon.pk, 3, Mention.Role.ABOUT)
    quote.refresh_from_db()
    assert quote.speaker_id == pentagon.pk
    source.refresh_from_db()
    assert source.entity_id == pentagon.pk
    assert sorted(pentagon.aliases.values_list("name", "language")) == [
        ("Pentagon", "en"),
        ("The Pentagon", "en"),
        ("البنتاجون", "ar"),
        ("البنتاغون", "ar"),
    ]


def test_merge_adds_counts_and_keeps_the_stronger_role_and_origin_when_both_are_mentioned(pentagon, duplicate):
    article = ArticleFactory()
    MentionFactory(
        article=article, entity=pentagon, count=2, role=Mention.Role.MENTIONS, origin=Mention.Origin.SUGGESTED
    )
    MentionFactory(article=article, entity=duplicate, count=5, role=Mention.Role.ABOUT, origin=Mention.Origin.CONFIRMED)
    before = totals()

    services.entity_merge(duplicate=duplicate, survivor=pentagon, actor=SYSTEM)

    mention = Mention.objects.get(article=article)
    assert (mention.entity_id, mention.count, mention.role, mention.origin) == (
        pentagon.pk,
        7,
        Mention.Role.ABOUT,
        Mention.Origin.CONFIRMED,
    )
    assert totals() == before


def test_merge_keeps_the_survivors_stronger_role_when_the_duplicate_is_weaker(pentagon, duplicate):
    article = ArticleFactory()
    MentionFactory(article=article, entity=pentagon, count=1, role=Mention.Role.ABOUT, origin=Mention.Origin.CONFIRMED)
    MentionFactory(
        article=article, entity=duplicate, count=1, role=Mention.Role.MENTIONS, origin=Mention.Origin.SUGGESTED
    )

    services.entity_merge(duplicate=duplicate, survivor=pentagon, actor=SYSTEM)

    mention = Mention.objects.get(article=article)
    assert (mention.count, mention.role, mention.origin) == (2, Mention.Role.ABOUT, Mention.Origin.CONFIRMED)


def test_merge_fills_only_the_fields_the_survivor_lacks(pentagon, duplicate):
    services.entity_merge(duplicate=duplicate, survivor=pentagon, actor=SYSTEM)

    pentagon.refresh_from_db()
    assert pentagon.name == "وزارة الدفاع الأميركية"
    assert pentagon.name_en == "US Department of Defense"
    assert pentagon.wikidata_id == "Q11208"
    assert pentagon.description == "مقر وزارة الدفاع"


def test_merge_does_not_add_an_alias_the_survivor_has_in_another_spelling(pentagon):
    duplicate = EntityFactory(name="وزارة الدفاع الأمريكية", name_en="", kind=pentagon.kind)
    EntityAliasFactory(entity=duplicate, name="البنتاغُون")  # same as «البنتاغون» once normalised

    services.entity_merge(duplicate=duplicate, survivor=pentagon, actor=SYSTEM)

    assert sorted(pentagon.aliases.values_list("name", flat=True)) == ["البنتاغون", "وزارة الدفاع الأمريكية"]


def test_merge_bumps_the_version_of_changed_articles_only_and_reindexes(pentagon, duplicate):
    mentioned = ArticleFactory(body='خبر عن البنتاجون.\n\nوقال المتحدث إن "الوضع مستقر".')
    quoted = ArticleFactory()
    untouched = ArticleFactory()
    MentionFactory(article=mentioned, entity=duplicate)
    QuoteFactory(article=quoted, speaker=duplicate)
    MentionFactory(article=untouched, entity=pentagon)
    versions = {article.pk: article.version for article in (mentioned, quoted, untouched)}

    services.entity_merge(duplicate=duplicate, survivor=pentagon, actor=SYSTEM)

    after = dict(Article.objects.values_list("pk", "version"))
    assert after[mentioned.pk] == versions[mentioned.pk] + 1
    assert after[quoted.pk] == versions[quoted.pk] + 1
    assert after[untouched.pk] == versions[untouched.pk]
    # The survivor's new alias «The Pentagon» is now searchable in every article that names it.
    found = {article.pk for article in search_articles(Article.objects.all(), '"the pentagon"')}
    assert {untouched.pk, mentioned.pk} <= found


def test_merge_writes_one_audit_entry_listing_what_moved(pentagon, duplicate):
    editor = user_with_perms("merge_entity", username="editor")
    article = ArticleFactory()
    MentionFactory(article=article, entity=duplicate, count=2)
    quote = QuoteFactory(article=article, speaker=duplicate)
    SourceFactory(slug="pentagon-press", entity=duplicate)
    actor = Actor(user=editor, ip_address="192.0.2.7", user_agent="pytest")

    services.entity_merge(duplicate=duplicate, survivor=pentagon, actor=actor)

    entry = AuditEntry.objects.get(action="entity.merge")
    assert (entry.action, entry.actor, entry.actor_name) == ("entity.merge", editor, "editor")
    assert (entry.target_type, entry.target_id, entry.target_repr) == (
        "articles.entity",
        str(pentagon.pk),
        pentagon.name,
    )
    assert (entry.ip_address, entry.user_agent) == ("192.0.2.7", "pytest")
    details = entry.details
    assert details["merged"]["slug"] == "pentagon"
    assert details["merged"]["wikidata_id"] == "Q11208"
    assert details["into"] == {"id": pentagon.pk, "slug": "us-dod", "name": "وزارة الدفاع الأميركية"}
    assert details["aliases_moved"] == ["Pentagon"]
    assert details["aliases_dropped"] == ["البنتاغون"]
    assert details["aliases_added"] == ["البنتاجون", "The Pentagon"]
    assert details["mentions_moved"] == [str(article.uuid)]
    assert details["mentions_combined"] == []
    assert details["quotes_moved"] == [quote.pk]
    assert details["sources_relinked"] == ["pentagon-press"]
    assert details["articles_changed"] == [str(article.uuid)]
    assert details["fields_filled"] == {"wikidata_id": "Q11208", "description": "مقر وزارة الدفاع"}


def test_merging_an_entity_into_itself_is_refused(pentagon):
    with pytest.raises(errors.ServiceError) as error:
        services.entity_merge(duplicate=pentagon, survivor=pentagon, actor=SYSTEM)

    assert (status_of(error.value), error.value.code) == (400, "merge_into_self")
    assert Entity.objects.filter(pk=pentagon.pk).exists()


def test_merging_entities_of_different_kinds_is_refused_and_changes_nothing(pentagon):
    person = EntityFactory(name="البنتاغون", kind=Entity.Kind.PERSON)
    MentionFactory(entity=person)

    with pytest.raises(errors.EntityKindMismatchError) as error:
        services.entity_merge(duplicate=person, survivor=pentagon, actor=SYSTEM)

    assert (status_of(error.value), error.value.code) == (409, "kind_mismatch")
    assert Mention.objects.filter(entity=person).count() == 1
    assert AuditEntry.objects.filter(action="entity.merge").count() == 0


# --------------------------------------------------------------------------- likely duplicates


def pairs_by_slug(**kwargs):
    return [
        (pair.first.slug, pair.second.slug, pair.reasons, pair.key) for pair in selectors.entity_duplicates(**kwargs)
    ]


def test_duplicates_pairs_entities_with_the_same_normalised_name():
    EntityFactory(name="إيران", slug="iran", kind=Entity.Kind.PLACE, name_en="Iran")
    EntityFactory(name="ايران", slug="iran-2", kind=Entity.Kind.PLACE, name_en="")
    EntityFactory(name="العراق", slug="iraq", kind=Entity.Kind.PLACE, name_en="Iraq")

    assert pairs_by_slug() == [("iran", "iran-2", ["same_name"], "ايران")]


def test_duplicates_pairs_a_name_with_another_entitys_alias():
    centcom = EntityFactory(name="القيادة المركزية الأميركية", slug="centcom", kind=Entity.Kind.ORGANISATION)
    EntityAliasFactory(entity=centcom, name="سنتكوم")
    EntityFactory(name="سنتكوم", slug="centcom-2", kind=Entity.Kind.ORGANISATION, name_en="")

    assert pairs_by_slug() == [("centcom", "centcom-2", ["name_is_alias"], "سنتكوم")]


def test_duplicates_pairs_names_equal_without_the_definite_article():
    EntityFactory(name="البنتاغون", slug="a", kind=Entity.Kind.ORGANISATION, name_en="")
    EntityFactory(name="بنتاغون", slug="b", kind=Entity.Kind.ORGANISATION, name_en="")

    assert pairs_by_slug() == [("a", "b", ["same_without_article"], "بنتاغون")]


def test_duplicates_ignore_entities_of_different_kinds_and_shared_aliases_alone():
    EntityFactory(name="إيران", slug="iran-place", kind=Entity.Kind.PLACE, name_en="")
    EntityFactory(name="إيران", slug="iran-government", kind=Entity.Kind.ORGANISATION, name_en="")
    first = EntityFactory(name="محمد بن سلمان", slug="mbs", kind=Entity.Kind.PERSON, name_en="")
    second = EntityFactory(name="محمد بن زايد", slug="mbz", kind=Entity.Kind.PERSON, name_en="")
    EntityAliasFactory(entity=first, name="ولي العهد")
    EntityAliasFactory(entity=second, name="ولي العهد")

    assert pairs_by_slug() == []


def test_duplicates_can_be_limited_to_one_kind():
    EntityFactory(name="إيران", slug="iran", kind=Entity.Kind.PLACE, name_en="")
    EntityFactory(name="ايران", slug="iran-2", kind=Entity.Kind.PLACE, name_en="")
    EntityFactory(name="حماس", slug="hamas", kind=Entity.Kind.ORGANISATION, name_en="")
    EntityFactory(name="حماس", slug="hamas-2", kind=Entity.Kind.ORGANISATION, name_en="")

    assert [pair[:2] for pair in pairs_by_slug(kind=Entity.Kind.ORGANISATION)] == [("hamas", "hamas-2")]


def test_duplicates_suggest_the_more_mentioned_entity_as_survivor():
    older = EntityFactory(name="إيران", slug="iran", kind=Entity.Kind.PLACE, name_en="")
    newer = EntityFactory(name="ايران", slug="iran-2", kind=Entity.Kind.PLACE, name_en="")
    MentionFactory(entity=newer)

    (pair,) = selectors.entity_duplicates()

    assert (pair.suggested_survivor, pair.suggested_duplicate) == (newer, older)


def test_after_a_merge_the_pair_is_no_longer_listed():
    survivor = EntityFactory(name="إيران", slug="iran", kind=Entity.Kind.PLACE, name_en="")
    duplicate = EntityFactory(name="ايران", slug="iran-2", kind=Entity.Kind.PLACE, name_en="")

    services.entity_merge(duplicate=duplicate, survivor=survivor, actor=SYSTEM)

    assert pairs_by_slug() == []
    assert EntityAlias.objects.filter(entity=survivor).count() == 0  # «ايران» is the survivor's own name
