"""The machine's suggestions: proposed on every write of the text, confirmed or rejected by editors."""

import pytest

from articles import services
from articles.errors import ConflictError, NotPermittedError, ServiceError
from articles.models import Article, Attribution, Entity, EntityAlias, Mention, Quote, Source, Suggestion
from articles.policies import SYSTEM
from tests.support.analysis import BODY, HEADLINE, described, names
from tests.support.content import write_article

pytestmark = pytest.mark.django_db

P = Suggestion.Status.PENDING


@pytest.fixture
def world():
    return names()


@pytest.fixture
def article(world):
    return write_article(headline=HEADLINE, body=BODY)


def pending(article, **filters):
    return article.suggestions.filter(status=P, **filters)


def test_writing_an_article_proposes_its_mentions_sources_and_quotes_with_offsets_into_each_field(article):
    assert described(pending(article)) == [
        ("mention", "body", 18, 29, "سامي الحداد", "sami", None, ""),
        ("mention", "body", 53, 58, "إيران", "iran", None, ""),
        ("mention", "body", 163, 168, "إيران", "iran", None, ""),
        ("mention", "headline", 0, 5, "إيران", "iran", None, ""),
        ("quote", "body", 42, 64, "الاتفاق مع إيران نهائي", "sami", "reuters", "سامي الحداد"),
        ("quote", "body", 98, 120, "الاجتماع كان مثمرا جدا", None, None, "المتحدث باسم الحكومة"),
        ("source", "body", 31, 37, "رويترز", None, "reuters", "رويترز"),
        ("source", "body", 137, 143, "الأيام", None, None, "الأيام"),
    ]
    assert BODY[163:168] == "إيران"
    assert BODY[137:143] == "الأيام"


def test_analysis_does_not_make_a_new_version(article):
    assert Article.objects.get(pk=article.pk).version == 1


def test_confirming_a_mention_writes_one_confirmed_mention_counting_every_occurrence(article):
    first = pending(article, kind="mention", entity__slug="iran").first()

    services.suggestion_confirm(actor=SYSTEM, suggestion=first)

    mention = Mention.objects.get(article=article)
    assert (mention.entity.slug, mention.count, mention.origin) == ("iran", 3, Mention.Origin.CONFIRMED)
    assert Article.objects.get(pk=article.pk).version == 2
    assert pending(article, kind="mention", entity__slug="iran").count() == 0
    assert article.suggestions.filter(status=Suggestion.Status.CONFIRMED).count() == 3


def test_a_rejected_suggestion_is_not_proposed_again_when_the_text_changes(article):
    iran = pending(article, kind="mention", field="headline").get()
    assert services.suggestion_reject(actor=SYSTEM, suggestion=iran) == 3

    services.article_update(actor=SYSTEM, article=article, data={"headline": "إيران وإيران"})

    assert pending(article, kind="mention", entity__slug="iran").count() == 0
    assert article.suggestions.filter(status=Suggestion.Status.REJECTED).count() == 3


def test_pending_suggestions_keep_their_ids_when_another_field_changes(article):
    before = set(pending(article, field="body").values_list("pk", flat=True))

    services.article_update(actor=SYSTEM, article=article, data={"headline": "عنوان آخر"})

    assert set(pending(article, field="body").values_list("pk", flat=True)) == before
    assert pending(article, field="headline").count() == 0


def test_a_part_an_editor_already_wrote_is_not_proposed(world, article):
    services.article_part_save(actor=SYSTEM, part=Attribution(article=article, source=world["reuters"], paragraph=1))

    assert pending(article, kind="source", source__isnull=False).count() == 0


def test_confirming_a_quote_writes_it_with_its_speaker_source_and_paragraph(article):
    row = pending(article, kind="quote", entity__slug="sami").get()

    services.suggestion_confirm(actor=SYSTEM, suggestion=row)

    quote = Quote.objects.get(article=article)
    assert (quote.text, quote.speaker.slug, quote.source.slug, quote.paragraph, quote.order) == (
        "الاتفاق مع إيران نهائي",
        "sami",
        "reuters",
        1,
        1,
    )


def test_a_quote_with_an_unknown_speaker_cannot_be_confirmed_until_it_has_one(article):
    row = pending(article, kind="quote", entity__isnull=True).get()

    with pytest.raises(ServiceError) as refused:
        services.suggestion_confirm(actor=SYSTEM, suggestion=row)

    assert refused.value.code == "speaker_unknown"
    assert Quote.objects.filter(article=article).count() == 0
    assert Suggestion.objects.get(pk=row.pk).status == P


def test_an_unknown_speaker_becomes_a_new_person_and_the_quote_is_confirmed_in_one_step(article):
    row = pending(article, kind="quote", entity__isnull=True).get()

    created, quote = services.suggestion_create_name(actor=SYSTEM, suggestion=row)

    assert (created.name, created.kind) == ("المتحدث باسم الحكومة", Entity.Kind.PERSON)
    assert (quote.speaker, quote.paragraph, quote.text) == (created, 2, "الاجتماع كان مثمرا جدا")
    assert Suggestion.objects.get(pk=row.pk).status == Suggestion.Status.CONFIRMED


def test_an_unknown_outlet_becomes_a_new_newspaper_and_an_attribution(article):
    row = pending(article, kind="source", source__isnull=True).get()

    created, attribution = services.suggestion_create_name(actor=SYSTEM, suggestion=row)

    assert (created.name, created.kind) == ("الأيام", Source.Kind.NEWSPAPER)
    assert (attribution.source, attribution.paragraph, attribution.phrase) == (created, 3, "ذكرت صحيفة … أن")


def test_a_decided_suggestion_cannot_be_decided_again(article):
    row = pending(article, kind="mention", field="headline").get()
    services.suggestion_reject(actor=SYSTEM, suggestion=row)
    row.refresh_from_db()

    with pytest.raises(ConflictError):
        services.suggestion_confirm(actor=SYSTEM, suggestion=row)
    assert Mention.objects.filter(article=article).count() == 0


def test_a_reporter_cannot_confirm_a_suggestion_on_another_reporters_article(world, role_users):
    article = write_article(actor=role_users["editor"], headline=HEADLINE, body=BODY)
    row = pending(article, kind="mention").first()

    with pytest.raises(NotPermittedError):
        services.suggestion_confirm(actor=role_users["reporter"], suggestion=row)
    assert Mention.objects.filter(article=article).count() == 0


def test_a_new_alias_is_found_by_the_next_analysis(world, article):
    services.alias_save(actor=SYSTEM, alias=EntityAlias(entity=world["sami"], name="الحداد"))

    services.article_update(actor=SYSTEM, article=article, data={"summary": "تصريحات الحداد"})

    assert described(pending(article, field="summary")) == [("mention", "summary", 8, 14, "الحداد", "sami", None, "")]


def test_renaming_an_alias_is_seen_by_the_next_analysis(world, article):
    alias = services.alias_save(actor=SYSTEM, alias=EntityAlias(entity=world["sami"], name="أبو سامي"))
    services.alias_save(actor=SYSTEM, alias=alias, data={"name": "الحداد"})

    services.article_update(actor=SYSTEM, article=article, data={"summary": "تصريحات الحداد"})

    assert pending(article, field="summary").values_list("text", flat=True).get() == "الحداد"


def test_captions_are_analysed(world, article):
    from articles.models import Caption

    services.article_part_save(actor=SYSTEM, part=Caption(article=article, text="صورة من إيران", order=1))

    assert described(pending(article, field="caption")) == [("mention", "caption", 8, 13, "إيران", "iran", None, "")]
