"""The content model's integrity rules, each checked twice: by `full_clean()` (what services and
forms run) and by the database itself (what protects the data from code that skips validation)."""

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from reversion.models import Revision

from articles.models import (
    Article,
    ArticleRevision,
    AuditEntry,
    Collection,
    CollectionItem,
    Correction,
    EditPresence,
    Entity,
    EntityAlias,
    Source,
    SourceAlias,
    paragraphs,
)
from tests.hardening.model_rules import length_rules
from tests.services.suggestion_rules import suggestion_rules
from tests.support.factories import (
    ArticleFactory,
    AttributionFactory,
    CaptionFactory,
    EntityAliasFactory,
    EntityFactory,
    MentionFactory,
    QuoteFactory,
    SourceAliasFactory,
    SourceFactory,
    UserFactory,
)
from tests.syndication.model_rules import syndication_rules

pytestmark = pytest.mark.django_db

BLANK = "This field cannot be blank."
AT_LEAST_ONE = "Ensure this value is greater than or equal to 1."


@pytest.fixture(autouse=True)
def english():
    """Django's own messages are translated to Arabic by default; the assertions read them in English."""
    with translation.override("en"):
        yield


# --------------------------------------------------------------------------- the rule table


@dataclass(frozen=True)
class Rule:
    """One integrity rule: how to build a row that breaks it, and how each layer names the refusal."""

    constraint: str  # the database's name for it (Meta.constraints, or Django's for `unique=True`)
    build: Any  # () -> an unsaved instance that breaks only this rule
    field: str  # the key of the ValidationError that full_clean() raises
    message: str  # its exact message
    sqlite_columns: str = ""  # SQLite names the columns, not the constraint, of a violated UNIQUE

    def __str__(self):
        return self.constraint


def _entity(**fields):
    return EntityFactory.build(**fields)


def _source(**fields):
    return SourceFactory.build(**fields)


def _article(**fields):
    return ArticleFactory.build(**fields)


def _caption(**fields):
    return CaptionFactory.build(article=fields.pop("article", None) or ArticleFactory(), **fields)


def _attribution(**fields):
    fields.setdefault("article", ArticleFactory())
    fields.setdefault("source", SourceFactory())
    return AttributionFactory.build(**fields)


def _mention(**fields):
    fields.setdefault("article", ArticleFactory())
    fields.setdefault("entity", EntityFactory())
    return MentionFactory.build(**fields)


def _quote(**fields):
    fields.setdefault("article", ArticleFactory())
    fields.setdefault("speaker", EntityFactory())
    return QuoteFactory.build(**fields)


def _duplicate_entity_alias():
    alias = EntityAliasFactory(name="سنتكوم")
    return EntityAliasFactory.build(entity=alias.entity, name="سنتكوم")


def _duplicate_source_alias():
    alias = SourceAliasFactory(name="Axios")
    return SourceAliasFactory.build(source=alias.source, name="Axios")


def _duplicate_caption():
    caption = CaptionFactory(order=1)
    return _caption(article=caption.article, order=1)


def _duplicate_attribution():
    attribution = AttributionFactory(paragraph=1)
    return _attribution(article=attribution.article, source=attribution.source, paragraph=1)


def _duplicate_mention():
    mention = MentionFactory()
    return _mention(article=mention.article, entity=mention.entity)


def _duplicate_quote():
    quote = QuoteFactory(paragraph=2, order=1)
    return _quote(article=quote.article, paragraph=2, order=1)


def _duplicate_wikidata_id():
    EntityFactory(wikidata_id="Q794")
    return _entity(wikidata_id="Q794")


def _collection(**fields):
    return Collection(**{"title": "ملف", "slug": "malaf", **fields})


def _item(**fields):
    collection = Collection.objects.create(title="ملف", slug="malaf")
    return CollectionItem(**{"collection": collection, "article": ArticleFactory(), "position": 1, **fields})


def _duplicate_item(*, same):
    first = _item()
    first.save()
    other = {"article": ArticleFactory(), "position": 2}
    other[same] = getattr(first, same)
    return CollectionItem(collection=first.collection, **other)


def _correction(**fields):
    return Correction(**{"article": ArticleFactory(), "kind": "correction", "note": "صُحّح الاسم.", **fields})


def _edit_presence(**fields):
    now = timezone.now()
    return EditPresence(**{"article": ArticleFactory(), "user": UserFactory(), "since": now, "seen_at": now, **fields})


def _reversion_revision():
    return Revision.objects.create(date_created=timezone.now())


def _revision(**fields):
    defaults = {"revision": _reversion_revision(), "article": ArticleFactory(), "version": 1}
    return ArticleRevision(**{**defaults, **fields})


def _duplicate_revision():
    first = _revision()
    first.save()
    return ArticleRevision(revision=_reversion_revision(), article=first.article, version=first.version)


RULES = [
    # entities
    Rule("entity_kind_valid_check", lambda: _entity(kind="planet"), "kind", "Value 'planet' is not a valid choice."),
    Rule("entity_name_not_empty_check", lambda: _entity(name=""), "name", BLANK),
    Rule("entity_slug_not_empty_check", lambda: _entity(slug=""), "slug", BLANK),
    Rule(
        "entity_wikidata_id_format_check",
        lambda: _entity(wikidata_id="P31"),
        "wikidata_id",
        "Enter a Wikidata item id such as Q42.",
    ),
    Rule(
        "entity_wikidata_id_unique",
        _duplicate_wikidata_id,
        NON_FIELD_ERRORS,
        "Constraint “entity_wikidata_id_unique” is violated.",
        "articles_entity.wikidata_id",
    ),
    Rule(
        "articles_entity_slug_key",
        lambda: _entity(slug=EntityFactory(slug="iran", name="إيران").slug),
        "slug",
        "This slug is the same as “iran”, the slug of the entity “إيران”: choose another.",
        "articles_entity.slug",
    ),
    Rule(
        "entityalias_entity_name_unique",
        _duplicate_entity_alias,
        NON_FIELD_ERRORS,
        "Entity alias with this Entity and Alias already exists.",
        "articles_entityalias.entity_id, articles_entityalias.name",
    ),
    Rule(
        "entityalias_name_not_empty_check",
        lambda: EntityAliasFactory.build(entity=EntityFactory(), name=""),
        "name",
        BLANK,
    ),
    # sources
    Rule("source_kind_valid_check", lambda: _source(kind="blog"), "kind", "Value 'blog' is not a valid choice."),
    Rule("source_name_not_empty_check", lambda: _source(name=""), "name", BLANK),
    Rule("source_slug_not_empty_check", lambda: _source(slug=""), "slug", BLANK),
    Rule(
        "articles_source_slug_key",
        lambda: _source(slug=SourceFactory(slug="axios", name="أكسيوس").slug),
        "slug",
        "This slug is the same as “axios”, the slug of the source “أكسيوس”: choose another.",
        "articles_source.slug",
    ),
    Rule(
        "sourcealias_source_name_unique",
        _duplicate_source_alias,
        NON_FIELD_ERRORS,
        "Source alias with this Source and Alias already exists.",
        "articles_sourcealias.source_id, articles_sourcealias.name",
    ),
    Rule(
        "sourcealias_name_not_empty_check",
        lambda: SourceAliasFactory.build(source=SourceFactory(), name=""),
        "name",
        BLANK,
    ),
    # articles
    Rule(
        "article_status_valid_check", lambda: _article(status="live"), "status", "Value 'live' is not a valid choice."
    ),
    Rule(
        "article_published_has_time_check",
        lambda: _article(status=Article.Status.PUBLISHED, published_at=None),
        "published_at",
        "A published article needs a publication time.",
    ),
    Rule(
        "article_version_positive_check",
        lambda: _article(version=0),
        NON_FIELD_ERRORS,
        "Constraint “article_version_positive_check” is violated.",
    ),
    Rule("article_headline_not_empty_check", lambda: _article(headline=""), "headline", BLANK),
    Rule("article_slug_not_empty_check", lambda: _article(slug=""), "slug", BLANK),
    Rule("article_body_not_empty_check", lambda: _article(body=""), "body", BLANK),
    Rule("article_language_not_empty_check", lambda: _article(language=""), "language", BLANK),
    Rule(
        "articles_article_slug_key",
        lambda: _article(slug=ArticleFactory(slug="talks", headline="محادثات").slug),
        "slug",
        "This slug is the same as “talks”, the slug of the article “محادثات”: choose another.",
        "articles_article.slug",
    ),
    Rule(
        "articles_article_uuid_key",
        lambda: _article(uuid=ArticleFactory().uuid),
        "uuid",
        "Article with this UUID already exists.",
        "articles_article.uuid",
    ),
    # captions
    Rule(
        "caption_article_order_unique",
        _duplicate_caption,
        NON_FIELD_ERRORS,
        "Caption with this Article and Order already exists.",
        "articles_caption.article_id, articles_caption.order",
    ),
    Rule("caption_order_positive_check", lambda: _caption(order=0), "order", AT_LEAST_ONE),
    Rule("caption_text_not_empty_check", lambda: _caption(text=""), "text", BLANK),
    # attributions
    Rule(
        "attribution_article_source_paragraph_unique",
        _duplicate_attribution,
        NON_FIELD_ERRORS,
        "Attribution with this Article, Source and Paragraph already exists.",
        "articles_attribution.article_id, articles_attribution.source_id, articles_attribution.paragraph",
    ),
    Rule("attribution_paragraph_positive_check", lambda: _attribution(paragraph=0), "paragraph", AT_LEAST_ONE),
    # mentions
    Rule(
        "mention_article_entity_unique",
        _duplicate_mention,
        NON_FIELD_ERRORS,
        "Mention with this Article and Entity already exists.",
        "articles_mention.article_id, articles_mention.entity_id",
    ),
    Rule("mention_count_positive_check", lambda: _mention(count=0), "count", AT_LEAST_ONE),
    Rule("mention_role_valid_check", lambda: _mention(role="cites"), "role", "Value 'cites' is not a valid choice."),
    Rule(
        "mention_origin_valid_check",
        lambda: _mention(origin="guessed"),
        "origin",
        "Value 'guessed' is not a valid choice.",
    ),
    # quotes
    Rule(
        "quote_article_paragraph_order_unique",
        _duplicate_quote,
        NON_FIELD_ERRORS,
        "Quote with this Article, Paragraph and Order in paragraph already exists.",
        "articles_quote.article_id, articles_quote.paragraph, articles_quote.order",
    ),
    Rule("quote_paragraph_positive_check", lambda: _quote(paragraph=0), "paragraph", AT_LEAST_ONE),
    Rule("quote_order_positive_check", lambda: _quote(order=0), "order", AT_LEAST_ONE),
    Rule("quote_text_not_empty_check", lambda: _quote(text=""), "text", BLANK),
    # audit
    Rule("auditentry_action_not_empty_check", lambda: AuditEntry(action=""), "action", BLANK),
    # collections
    Rule("collection_title_not_empty_check", lambda: _collection(title=""), "title", BLANK),
    Rule("collection_slug_not_empty_check", lambda: _collection(slug=""), "slug", BLANK),
    Rule("collectionitem_position_positive_check", lambda: _item(position=0), "position", AT_LEAST_ONE),
    Rule(
        "collectionitem_collection_article_unique",
        lambda: _duplicate_item(same="article"),
        NON_FIELD_ERRORS,
        "Collection item with this Collection and Article already exists.",
        "articles_collectionitem.collection_id, articles_collectionitem.article_id",
    ),
    Rule(
        "collectionitem_collection_position_unique",
        lambda: _duplicate_item(same="position"),
        NON_FIELD_ERRORS,
        "Collection item with this Collection and Position already exists.",
        "articles_collectionitem.collection_id, articles_collectionitem.position",
    ),
    # corrections
    Rule(
        "correction_kind_valid_check",
        lambda: _correction(kind="apology"),
        "kind",
        "Value 'apology' is not a valid choice.",
    ),
    Rule("correction_note_not_empty_check", lambda: _correction(note=""), "note", BLANK),
    Rule(
        "editpresence_seen_after_since_check",
        lambda: _edit_presence(seen_at=datetime(2024, 1, 1, tzinfo=UTC), since=datetime(2024, 1, 2, tzinfo=UTC)),
        NON_FIELD_ERRORS,
        "Constraint “editpresence_seen_after_since_check” is violated.",
    ),
]
RULES += syndication_rules(Rule, BLANK)
RULES += length_rules(Rule)
RULES += suggestion_rules(Rule, BLANK)

#: Rules on rows that only the services write (revision bookkeeping): the database is their guard.
DATABASE_ONLY_RULES = [
    Rule("articlerevision_version_positive_check", lambda: _revision(version=0), "version", ""),
    Rule("articlerevision_reverted_to_earlier_check", lambda: _revision(version=3, reverted_to=3), "reverted_to", ""),
    Rule(
        "articlerevision_article_version_unique",
        _duplicate_revision,
        NON_FIELD_ERRORS,
        "",
        "articles_articlerevision.article_id, articles_articlerevision.version",
    ),
]


def assert_database_names(error: IntegrityError, rule: Rule) -> None:
    """The refusal is the rule's own (not, say, a NOT NULL that happens to fail first)."""
    message = str(error)
    if connection.vendor == "postgresql":
        assert f'"{rule.constraint}"' in message
    elif rule.sqlite_columns:
        assert f"UNIQUE constraint failed: {rule.sqlite_columns}" in message
    else:
        assert f"CHECK constraint failed: {rule.constraint}" in message


@pytest.mark.parametrize("rule", RULES, ids=str)
def test_full_clean_refuses_a_row_that_breaks_the_rule(rule):
    # Given a row that breaks exactly one rule
    row = rule.build()

    # When it is validated, then the refusal names the field (or the constraint) with a clear message
    with pytest.raises(ValidationError) as excinfo:
        row.full_clean()
    assert excinfo.value.message_dict == {rule.field: [rule.message]}


@pytest.mark.parametrize("rule", RULES + DATABASE_ONLY_RULES, ids=str)
def test_database_refuses_a_row_that_breaks_the_rule(rule):
    # Given a row that breaks exactly one rule, inserted without validation
    row = rule.build()

    # Then the database itself refuses it, naming the rule
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        type(row).objects.bulk_create([row])
    assert_database_names(excinfo.value, rule)


VALID_ROWS = {
    "entity": EntityFactory.build,
    "entity-alias": lambda: EntityAliasFactory.build(entity=EntityFactory()),
    "source": SourceFactory.build,
    "source-alias": lambda: SourceAliasFactory.build(source=SourceFactory()),
    "article": lambda: ArticleFactory.build(published=True),
    "caption": _caption,
    "attribution": _attribution,
    "mention": _mention,
    "quote": _quote,
    "audit-entry": lambda: AuditEntry(action="article.publish"),
}


@pytest.mark.parametrize("build", VALID_ROWS.values(), ids=VALID_ROWS.keys())
def test_a_row_that_keeps_every_rule_is_accepted_by_both_layers(build):
    """Control for the two tests above: the factories' rows break none of the rules."""
    row = build()

    row.full_clean()
    type(row).objects.bulk_create([row])

    assert type(row).objects.filter(pk=row.pk).exists() or type(row).objects.count() == 1


def test_every_constraint_of_the_models_has_a_rule_in_the_table():
    declared = {
        constraint.name
        for model in apps.get_app_config("articles").get_models()
        for constraint in model._meta.constraints
    }

    assert declared - {rule.constraint for rule in RULES + DATABASE_ONLY_RULES} == set()


def test_every_choice_field_has_a_check_constraint_allowing_exactly_its_choices():
    missing = []
    for model in apps.get_app_config("articles").get_models():
        for field in model._meta.fields:
            if not field.choices:
                continue
            name = f"{model._meta.model_name}_{field.name}_valid_check"
            constraint = next((c for c in model._meta.constraints if c.name == name), None)
            if constraint is None or set(constraint.condition.children[0][1]) != {v for v, _ in field.choices}:
                missing.append(name)

    assert missing == []


@pytest.mark.parametrize(
    "status", [Article.Status.SCHEDULED, Article.Status.PUBLISHED, Article.Status.CORRECTED, Article.Status.RETRACTED]
)
def test_database_refuses_removing_the_time_of_a_published_article(status):
    # Given a published (or corrected) article
    article = ArticleFactory(published=True, status=status)

    # When its publication time is removed behind validation's back, then the database refuses
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)
    assert_database_names(excinfo.value, Rule("article_published_has_time_check", None, "", ""))


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW], ids=str)
def test_an_unpublished_article_needs_no_publication_time(status):
    article = ArticleFactory.build(status=status, published_at=None)

    article.full_clean()
    Article.objects.bulk_create([article])

    assert Article.objects.get(uuid=article.uuid).published_at is None


def test_corrected_article_needs_a_publication_time_too():
    article = ArticleFactory.build(status=Article.Status.CORRECTED, published_at=None)

    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()

    assert excinfo.value.message_dict == {"published_at": ["A published article needs a publication time."]}


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("language", "arabic!", "Enter a BCP 47 language tag such as ar, en or ar-EG."),
        ("language", "a", "Enter a BCP 47 language tag such as ar, en or ar-EG."),
        (
            "slug",
            "عنوان مع مسافات",
            "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens.",
        ),
    ],
)
def test_article_field_formats_are_validated(field, value, message):
    article = ArticleFactory.build(**{field: value})

    with pytest.raises(ValidationError) as excinfo:
        article.full_clean()

    assert excinfo.value.message_dict == {field: [message]}


def test_an_arabic_slug_is_a_valid_slug():
    article = ArticleFactory.build(slug="جنرالات-في-البحرين", language="ar-EG")

    article.full_clean()


@pytest.mark.parametrize(
    ("build", "field", "message"),
    [
        (lambda: SourceFactory.build(country="us"), "country", "Enter an ISO 3166-1 alpha-2 code such as US."),
        (lambda: SourceFactory.build(homepage="not a url"), "homepage", "Enter a valid URL."),
        (
            lambda: EntityAliasFactory.build(entity=EntityFactory(), language="english language"),
            "language",
            "Enter a BCP 47 language tag such as ar, en or ar-EG.",
        ),
    ],
)
def test_source_and_alias_formats_are_validated(build, field, message):
    with pytest.raises(ValidationError) as excinfo:
        build().full_clean()

    assert excinfo.value.message_dict == {field: [message]}


# --------------------------------------------------------------------------- rules only clean() knows


BODY = 'الفقرة الأولى.\n\nوقال المتحدث إن "الوضع مستقر".\n\nوأضاف أن "الهدوء عاد".'


@pytest.mark.parametrize("model_build", [_attribution, _quote], ids=["attribution", "quote"])
def test_a_part_cannot_point_past_the_last_paragraph(model_build):
    # Given an article of three paragraphs
    article = ArticleFactory(body=BODY)

    # When a part names paragraph 4
    part = model_build(article=article, paragraph=4)

    # Then full_clean names the paragraph and the real count
    with pytest.raises(ValidationError) as excinfo:
        part.full_clean()
    assert excinfo.value.message_dict["paragraph"] == ["The article has 3 paragraphs; there is no paragraph 4."]


@pytest.mark.parametrize("model_build", [_attribution, _quote], ids=["attribution", "quote"])
def test_a_part_may_point_at_the_last_paragraph(model_build):
    article = ArticleFactory(body=BODY)
    part = model_build(article=article, paragraph=3, **({"text": "الهدوء عاد"} if model_build is _quote else {}))

    part.full_clean()


def test_quoted_words_must_be_in_the_paragraph_named():
    # Given a quote whose words are in paragraph 3, said to be in paragraph 2
    article = ArticleFactory(body=BODY)
    quote = _quote(article=article, text="الهدوء عاد", paragraph=2)

    # Then full_clean refuses it, naming the text
    with pytest.raises(ValidationError) as excinfo:
        quote.full_clean()
    assert excinfo.value.message_dict == {"text": ["The quoted words must appear exactly in paragraph 2 of the body."]}


@pytest.mark.parametrize(
    "text",
    [
        "الوضع مستقرّ",  # a diacritic the body does not have
        "الوضع  مستقر",  # two spaces
        "الوضع مستقر.",  # the full stop is outside the quotation marks
    ],
)
def test_quoted_words_must_match_the_body_exactly(text):
    article = ArticleFactory(body=BODY)
    quote = _quote(article=article, text=text, paragraph=2)

    with pytest.raises(ValidationError) as excinfo:
        quote.full_clean()

    assert list(excinfo.value.message_dict) == ["text"]


def test_quoted_words_found_verbatim_are_accepted():
    article = ArticleFactory(body=BODY)

    _quote(article=article, text="الوضع مستقر", paragraph=2).full_clean()


# --------------------------------------------------------------------------- natural keys


@pytest.mark.parametrize(
    "factory",
    [
        EntityFactory,
        EntityAliasFactory,
        SourceFactory,
        SourceAliasFactory,
        ArticleFactory,
        CaptionFactory,
        AttributionFactory,
        MentionFactory,
        QuoteFactory,
    ],
    ids=lambda factory: factory._meta.model.__name__,
)
def test_natural_key_finds_the_same_row(factory):
    # Given a row among others of its kind
    row = factory()
    factory()

    # When it is looked up by its natural key, then it is the same row
    model = type(row)
    assert model.objects.get_by_natural_key(*row.natural_key()) == row


def test_natural_keys_are_json_friendly():
    quote = QuoteFactory(paragraph=2, order=3)

    assert quote.natural_key() == (str(quote.article.uuid), 2, 3)
    assert AttributionFactory(article=quote.article, source=SourceFactory(slug="axios")).natural_key() == (
        str(quote.article.uuid),
        "axios",
        1,
    )


# --------------------------------------------------------------------------- normalised shadows


@pytest.mark.parametrize(
    "build",
    [
        lambda name: Entity(name=name, slug="jordan", kind=Entity.Kind.PLACE),
        lambda name: EntityAlias(entity=EntityFactory(), name=name),
        lambda name: Source(name=name, slug="jordan-news", kind=Source.Kind.NEWSPAPER),
        lambda name: SourceAlias(source=SourceFactory(), name=name),
    ],
    ids=["entity", "entity-alias", "source", "source-alias"],
)
def test_clean_fills_the_normalised_shadow_of_the_name(build):
    # Given a name with hamza, shadda, tatweel and a ta marbuta, and a stale shadow
    row = build("المملكةُ الأردنـيّة")
    row.name_normalized = "stale"

    # When it is validated
    row.full_clean()

    # Then the shadow is the matching form and the name is untouched
    assert row.name_normalized == "المملكه الاردنيه"
    assert row.name == "المملكةُ الأردنـيّة"


# --------------------------------------------------------------------------- paragraphs


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("أ\n\nب", ["أ", "ب"]),
        ("أ\n \nب", ["أ", "ب"]),
        ("أ\n\u00a0\nب", ["أ", "ب"]),
        ("أ\n \t\u00a0 \nب", ["أ", "ب"]),
        ("أ\nسطر ثان\n\nب", ["أ\nسطر ثان", "ب"]),
        ("أ\u00a0\n\nب\u00a0", ["أ\u00a0", "ب\u00a0"]),
        ("فيها\u00a0مسافة", ["فيها\u00a0مسافة"]),
        ("\n\nأ\n\nب\n\n", ["أ", "ب"]),
        ("أ\n\n\nب", ["أ", "ب"]),
        ("أ\n\n\n\n\nب", ["أ", "ب"]),
        ("أ\n\n \n\n\u00a0\n\nب", ["أ", "ب"]),
        ("أ\r\n\r\nب", ["أ", "ب"]),
        ("أ\r\nسطر ثان\r\n \r\nب", ["أ\r\nسطر ثان", "ب"]),
        ("   \n\nأ", ["أ"]),
        ("", []),
    ],
    ids=[
        "blank line",
        "line of spaces",
        "line of NBSP",
        "line of mixed spaces",
        "single line break stays",
        "trailing NBSP kept",
        "inner NBSP kept",
        "leading and trailing blank lines",
        "two blank lines",
        "four blank lines",
        "several blank lines with spaces",
        "CRLF blank line",
        "CRLF with spaces",
        "whitespace-only paragraph dropped",
        "empty body",
    ],
)
def test_paragraphs_split_on_blank_lines_and_keep_the_text_as_written(body, expected):
    assert paragraphs(body) == expected
    assert ArticleFactory.build(body=body).paragraphs == expected


def test_paragraph_numbers_of_a_crlf_body_match_its_paragraphs():
    # Given a body typed into a browser textarea (which sends CRLF line breaks)
    article = ArticleFactory(body='الفقرة الأولى.\r\n\r\nوقال المتحدث إن "الوضع مستقر".')

    # Then a quote in paragraph 2 is valid
    _quote(article=article, text="الوضع مستقر", paragraph=2).full_clean()
