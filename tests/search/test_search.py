"""The search engine (articles/search.py), on whichever database the suite runs: SQLite and PostgreSQL
run these same cases and must give the same results."""

import importlib
from datetime import timedelta
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search, services
from articles.models import Article, Attribution, Caption, Entity, EntityAlias, Mention, Source, SourceAlias
from articles.policies import SYSTEM
from articles.search import EmptyQueryError, QueryTooLongError, search_articles, search_named
from articles.search.postgresql.encoding import pair_lexemes
from articles.search.postgresql.query import match_query, needs_positions
from articles.search.sqlite.functions import trigram_similarity
from tests.support.content import write_article
from tests.support.factories import ArticleFactory, EntityFactory, SourceFactory

pytestmark = pytest.mark.django_db

BITCOIN = "a2fcd04a-6b5e-48f7-8179-eb924a77879f"  # bitcoin mining and Iran's power cuts
BAHRAIN = "741cf438-ab81-41ab-b072-1fc17a649d48"  # Israeli and Arab generals meet in Bahrain


def found(q, queryset=None):
    """UUIDs (as strings) of the articles `q` finds, in result order."""
    return [str(article.uuid) for article in search_articles(queryset or Article.objects.all(), q)]


def article(headline, body="نص الخبر.", *, hours_ago=1, summary="", status=Article.Status.PUBLISHED):
    """A published article written through the service layer (so it is indexed)."""
    published_at = timezone.now() - timedelta(hours=hours_ago) if status == Article.Status.PUBLISHED else None
    return write_article(headline=headline, body=body, summary=summary, status=status, published_at=published_at)


def headlines(q):
    return [a.headline for a in search_articles(Article.objects.all(), q)]


# --------------------------------------------------------------------------- the seed ("Done when")


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"تعدين البتكوين"', ["تعدين البتكوين في إيران", "تعدين البيتكوين في كازاخستان"]),  # exact first
        ('"تعدين البيتكوين"', ["تعدين البيتكوين في كازاخستان", "تعدين البتكوين في إيران"]),
        ('"البتكوين تعدين"', []),  # still in order
        ('"تعود البتكوين"', []),  # تعود is not a spelling of تعدين
    ],
)
def test_a_phrase_matches_a_word_spelled_with_one_long_vowel_more_or_less(q, expected):
    article("تعدين البتكوين في إيران", hours_ago=2)
    article("تعدين البيتكوين في كازاخستان", hours_ago=1)
    article("تعدين الذهب", hours_ago=3)
    assert headlines(q) == expected


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("أوسلو", ["أوسلو تستضيف", "مؤتمر لأوسلو", "قمة بأوسلو"]),  # ب/ل attached; exact first
        ("الوزير", ["الوزير يزور", "وزيرة الخارجية", "وزير الطاقة"]),  # a radical و
        ("زير", ["زير ماء"]),  # not وزير
        ("الرياض", ["وصل إلى الرياض"]),  # not الرياضة
        ("الرياضة", ["الرياضة المدرسية"]),
        ("جوجل", ["شركة جوجل", "شركة غوغل"]),  # the other g
        ('"شركة غوغل"', ["شركة غوغل", "شركة جوجل"]),
    ],
)
def test_search_matches_clitics_radical_waw_names_and_both_gs(q, expected):
    for hours, headline in enumerate(
        [
            "مؤتمر لأوسلو",
            "قمة بأوسلو",
            "أوسلو تستضيف",
            "وزيرة الخارجية",
            "الوزير يزور",
            "وزير الطاقة",
            "زير ماء",
            "وصل إلى الرياض",
            "الرياضة المدرسية",
            "شركة غوغل",
            "شركة جوجل",
        ],
        start=1,
    ):
        article(headline, hours_ago=hours)
    assert headlines(q) == expected


# --------------------------------------------------------------------------- relevance


def test_a_headline_hit_ranks_above_body_hits():
    # Given an older article naming the word in its headline, and a newer one repeating it in its body
    in_body = article("خبر عن الطقس", "زلزال ثم زلزال ثم زلزال آخر في المنطقة.", hours_ago=1)
    in_headline = article("زلزال في المنطقة", "نص قصير.", hours_ago=5)

    # Then the headline hit comes first, with the higher rank
    results = list(search_articles(Article.objects.all(), "زلزال"))
    assert [a.pk for a in results] == [in_headline.pk, in_body.pk]
    assert results[0].search_rank > results[1].search_rank


def test_an_exact_form_ranks_above_a_stem_or_spelling_variant():
    # Given a newer headline with the word in another form and an older one with the exact form
    variant = article("بيتكوين يرتفع", hours_ago=1)
    exact = article("البتكوين يرتفع", hours_ago=5)

    # Then searching the exact form puts the exact match first
    assert [a.pk for a in search_articles(Article.objects.all(), "البتكوين")] == [exact.pk, variant.pk]


def test_a_summary_hit_ranks_above_a_body_only_hit():
    in_body = article("خبر أول", "وصل الوفد إلى المنامة.", hours_ago=1)
    in_summary = article("خبر ثان", "نص.", summary="وصل الوفد إلى المنامة.", hours_ago=5)
    assert [a.pk for a in search_articles(Article.objects.all(), "المنامة")] == [in_summary.pk, in_body.pk]


def test_equal_ranks_are_ordered_by_publication_time_then_id():
    # Given three articles with the same text: two published at the same time, one later
    same_time = timezone.now() - timedelta(hours=3)
    first = ArticleFactory(headline="قمة", body="قمة", status="published", published_at=same_time)
    second = ArticleFactory(headline="قمة", body="قمة", status="published", published_at=same_time)
    latest = ArticleFactory(headline="قمة", body="قمة", status="published", published_at=same_time + timedelta(1))
    search.index_articles([first.pk, second.pk, latest.pk])

    # Then the newest comes first, and of the two at the same time the higher id
    assert [a.pk for a in search_articles(Article.objects.all(), "قمة")] == [latest.pk, second.pk, first.pk]


def test_equal_matches_rank_by_recency_the_older_scaled_by_its_recency_factor():
    older = article("عنوان أول", "اجتماع في المنامة.", hours_ago=24 * 100)
    newer = article("عنوان ثان", "اجتماع في المنامة.", hours_ago=1)
    results = list(search_articles(Article.objects.all(), "المنامة"))
    assert [a.pk for a in results] == [newer.pk, older.pk]
    factor = search.ranking.recency(round(older.published_at.timestamp()), round(newer.published_at.timestamp()))
    assert factor == pytest.approx(0.75 + 0.25 * 0.5 ** (100 / 365), abs=1e-4)  # ranking.RECENCY_* as documented
    assert results[1].search_rank == pytest.approx(results[0].search_rank * factor)
    as_queryset = search_articles(Article.objects.all(), "المنامة").as_queryset()
    assert list(as_queryset.values_list("pk", flat=True)) == [newer.pk, older.pk]  # ordered in SQL


def test_a_word_repeated_in_the_body_ranks_above_a_passing_mention():
    passing = article("خبر أول", "وصل الوفد إلى المنامة أمس.", hours_ago=1)
    about = article("خبر ثان", "المنامة تستضيف القمة. وفي المنامة وفود. وقالت المنامة إن القمة ناجحة.", hours_ago=5)
    assert [a.pk for a in search_articles(Article.objects.all(), "المنامة")] == [about.pk, passing.pk]


def test_words_close_together_rank_above_the_same_words_far_apart():
    far = article("خبر أول", "سد في الشمال. " + "كلام آخر " * 20 + "النهضة في الجنوب.", hours_ago=1)
    near = article("خبر ثان", "سد النهضة في الشمال. " + "كلام آخر " * 20 + "والجنوب.", hours_ago=5)
    assert [a.pk for a in search_articles(Article.objects.all(), "سد النهضة")] == [near.pk, far.pk]


def test_drafts_without_a_publication_time_count_as_the_newest():
    draft = article("مسودة عن المنامة", hours_ago=0, status=Article.Status.DRAFT)
    published = article("خبر عن المنامة", hours_ago=1)
    assert [a.pk for a in search_articles(Article.objects.all(), "المنامة")] == [draft.pk, published.pk]


def test_an_old_headline_match_outranks_newer_body_matches_beyond_the_window(monkeypatch):
    # Given five newer articles naming the word in their body only, an older one about it, and a window of three
    monkeypatch.setattr(search.query, "SEARCH_WINDOW", 3)
    newer = [article(f"خبر رقم {n}", "ذكر سد النهضة في سطر.", hours_ago=n) for n in range(1, 6)]
    about = article("سد النهضة", "نص.", hours_ago=24 * 400)

    # Then it comes first, and the count is exact
    results = search_articles(Article.objects.all(), "النهضة")
    assert [a.pk for a in results] == [about.pk, *(a.pk for a in newer)]
    assert (results.count(), results.count_is_exact) == (6, True)


def test_the_best_article_older_than_a_thousand_newer_matches_comes_first_with_an_exact_count():
    # Given 1,200 newer articles that mention the word once in their body (the real window: 1,000)
    now = timezone.now()
    newer = Article.objects.bulk_create(
        Article(
            headline=f"خبر رقم {n}",
            slug=f"newer-{n}",
            body="وذكر التقرير الفيضان في سطر واحد.",
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(hours=n + 1),
        )
        for n in range(1200)
    )
    search.index_articles([a.pk for a in newer])
    # And an article about it, two years older than all of them
    about = write_article(
        headline="الفيضان يجتاح المدينة",
        body="غمر الفيضان الشوارع.",
        status=Article.Status.PUBLISHED,
        published_at=now - timedelta(days=730),
    )

    # Then it comes first, and the count is exact
    results = search_articles(Article.objects.all(), "الفيضان")
    assert [a.pk for a in results[:3]] == [about.pk, newer[0].pk, newer[1].pk]
    assert (results.count(), results.count_is_exact) == (1201, True)


def test_an_old_body_match_outside_the_window_is_ranked_when_it_may_beat_the_page(monkeypatch):
    # Given four newer passing mentions and an older article repeating the word, no head match at all
    monkeypatch.setattr(search.query, "SEARCH_WINDOW", 2)
    newer = [article(f"خبر رقم {n}", "ذكر النهضة في سطر واحد من نص طويل.", hours_ago=n) for n in range(1, 5)]
    repeated = article("خبر قديم", "النهضة. النهضة تعود. النهضة اليوم. النهضة غدا.", hours_ago=24 * 30)

    # Then the older windows are read and the repeated mentions come first
    assert [a.pk for a in search_articles(Article.objects.all(), "النهضة")[:3]] == [
        repeated.pk,
        newer[0].pk,
        newer[1].pk,
    ]


def test_the_count_is_exact_up_to_the_limit_then_a_lower_bound(monkeypatch):
    monkeypatch.setattr(search.query, "COUNT_LIMIT", 3)
    for n in range(3):
        article(f"خبر عن المنامة {n}")
    results = search_articles(Article.objects.all(), "المنامة")
    assert (results.count(), results.count_is_exact, len(results)) == (3, True, 3)
    article("خبر آخر عن المنامة")
    results = search_articles(Article.objects.all(), "المنامة")
    assert (results.count(), results.count_is_exact) == (3, False)
    assert len(list(results)) == 3  # the first COUNT_LIMIT results


@pytest.fixture
def ranked_mix():
    """Twelve matches of «المنامة» with every kind of tie: three ranks (headline, summary, body),
    equal publication times, drafts without one. Returns the ids in relevance order, as SQL orders them."""
    same_time = timezone.now() - timedelta(hours=5)
    made = []
    for n in range(12):
        headline, summary = ("قمة المنامة", "") if n % 3 == 0 else ("قمة", "في المنامة" if n % 3 == 1 else "")
        published_at = None if n in (4, 9) else same_time if n % 2 else same_time - timedelta(hours=n)
        status = "draft" if published_at is None else "published"
        made.append(
            ArticleFactory(
                headline=headline, summary=summary, body="اجتماع في المنامة.", status=status, published_at=published_at
            )
        )
    search.index_articles([a.pk for a in made])
    return [a.pk for a in Article.objects.filter(pk__in=[a.pk for a in made]).order_by(*_sql_relevance(made))]


def _sql_relevance(made):
    """The relevance ordering computed by the database alone (no search window involved)."""
    ranks = {a.pk: a.search_rank for a in search_articles(Article.objects.all(), "المنامة")}
    from django.db.models import Case, FloatField, Value, When

    rank = Case(*(When(pk=pk, then=Value(r)) for pk, r in ranks.items()), output_field=FloatField())
    return [rank.desc(), *search.ranking.RECENCY_ORDERING]


def test_a_search_is_counted_once_whatever_its_order():
    article("خبر عن المنامة")
    results = search_articles(Article.objects.all(), "المنامة")
    assert results.count() == 1
    with CaptureQueriesContext(connection) as queries:
        assert results.count() == 1
        assert results.order_by("-published_at").count() == 1  # re-ordered: still known
    assert len(queries) == 0


def test_the_results_as_a_queryset_hold_the_same_articles_in_the_same_order():
    kept = article("خبر عن المنامة")
    other = article("خبر آخر عن المنامة", hours_ago=2)
    results = search_articles(Article.objects.all(), "المنامة")
    assert list(results.as_queryset()) == [kept, other]
    assert list(results.as_queryset().filter(pk=kept.pk)) == [kept]


def test_pages_in_relevance_order_are_the_slices_of_the_whole_ordered_result(ranked_mix):
    results = search_articles(Article.objects.all(), "المنامة")
    assert [a.pk for a in results] == ranked_mix  # unsliced
    assert [a.pk for a in results.as_queryset()] == ranked_mix  # ordered by the database
    pages = [[a.pk for a in results[start : start + 5]] for start in (0, 5, 10)]
    assert pages == [ranked_mix[0:5], ranked_mix[5:10], ranked_mix[10:12]]
    assert results[7].pk == ranked_mix[7]
    reverse = results.order_by("-relevance")
    assert [a.pk for a in reverse] == ranked_mix[::-1]
    assert [a.pk for a in reverse.as_queryset()] == ranked_mix[::-1]
    assert [a.pk for a in reverse[2:6]] == ranked_mix[::-1][2:6]


def test_a_page_in_relevance_order_reads_only_its_own_rows(ranked_mix):
    results = search_articles(Article.objects.all(), "المنامة")
    results.ids(5)  # ranked as deep as the page
    with CaptureQueriesContext(connection) as queries:
        page = list(results[3:5])
    (sql,) = [q["sql"] for q in queries.captured_queries]
    assert [a.pk for a in page] == ranked_mix[3:5]
    assert "LIMIT" not in sql  # the page's two rows are selected by id
    assert "OFFSET" not in sql


def test_a_page_in_another_order_is_ordered_by_the_database(ranked_mix):
    results = search_articles(Article.objects.all(), "المنامة").order_by("-id")
    assert [a.pk for a in results[:4]] == sorted(ranked_mix, reverse=True)[:4]


# --------------------------------------------------------------------------- unusable queries


@pytest.mark.parametrize(
    ("q", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("؟!، … «»", "no_words"),
        ("في من عن", "stop_words_only"),
        ("-ايران -بتكوين", "exclusions_only"),
    ],
)
def test_an_unusable_query_is_refused_with_its_reason(q, code):
    with pytest.raises(EmptyQueryError) as raised:
        search_articles(Article.objects.all(), q)
    assert raised.value.code == code
    assert str(raised.value)


def test_a_query_that_is_too_long_is_refused():
    with pytest.raises(QueryTooLongError):
        search_articles(Article.objects.all(), "ا" * (search.MAX_QUERY_LENGTH + 1))
    with pytest.raises(QueryTooLongError):
        search_articles(Article.objects.all(), " ".join(f"w{n}" for n in range(search.MAX_QUERY_TERMS + 1)))


def test_a_query_at_the_limits_is_accepted():
    article("w1 w2")
    q = " ".join(f"w{n}" for n in range(1, search.MAX_QUERY_TERMS + 1))
    assert found(q) == []  # 20 words: searched (and nothing has all of them)


# --------------------------------------------------------------------------- snippets


def test_a_snippet_comes_from_a_caption_when_only_the_caption_matches():
    a = article("خبر", "نص لا يذكر شيئا.")
    services.article_part_save(
        actor=SYSTEM, part=Caption(article=a), data={"text": "صورة سفينة شحن في الميناء", "order": 1}
    )
    a = Article.objects.prefetch_related("captions").get(pk=a.pk)
    assert search.article_snippets([a], "سفينة") == {a.pk: "صورة <mark>سفينة</mark> شحن في الميناء"}


def test_a_snippet_is_the_start_of_the_body_when_only_a_name_matches():
    a = article("خبر", "بدأت المحادثات صباح اليوم.")
    services.article_part_save(actor=SYSTEM, part=Mention(article=a, entity=EntityFactory(name="يونسكو")), data={})
    a = Article.objects.prefetch_related("captions").get(pk=a.pk)
    assert search.article_snippets([a], "يونسكو") == {a.pk: "بدأت المحادثات صباح اليوم."}


def test_snippets_escape_html_in_the_text():
    a = article("خبر", 'قال إن <script>alert("x")</script> الزلزال قوي.')
    a = Article.objects.prefetch_related("captions").get(pk=a.pk)
    text = search.article_snippets([a], "الزلزال")[a.pk]
    assert "<script>" not in text
    assert "&lt;script&gt;" in text
    assert "<mark>الزلزال</mark>" in text


# --------------------------------------------------------------------------- keeping the document current


def test_editing_a_caption_updates_the_search_document():
    a = article("خبر")
    caption = services.article_part_save(
        actor=SYSTEM, part=Caption(article=a), data={"text": "صورة جسر قديم", "order": 1}
    )
    assert found("جسر") == [str(a.uuid)]

    services.article_part_save(actor=SYSTEM, part=caption, data={"text": "صورة برج جديد"})

    assert found("جسر") == []
    assert found("برج") == [str(a.uuid)]


def test_the_alt_text_of_a_caption_is_searchable():
    a = article("خبر")
    services.article_part_save(
        actor=SYSTEM, part=Caption(article=a), data={"text": "صورة", "alt_text": "منارة بيضاء", "order": 1}
    )
    assert found("منارة") == [str(a.uuid)]


def test_a_confirmed_mention_makes_the_entity_and_its_aliases_searchable():
    a = article("خبر")
    entity = EntityFactory(name="منظمة الصحة العالمية", name_en="World Health Organization", slug="who")
    EntityAlias.objects.create(entity=entity, name="الصحة العالمية", name_normalized="الصحه العالميه")

    services.article_part_save(actor=SYSTEM, part=Mention(article=a, entity=entity), data={"origin": "suggested"})
    assert found("World Health") == []  # a suggestion is the machine's guess, not indexed

    mention = Mention.objects.get(article=a, entity=entity)
    services.article_part_save(actor=SYSTEM, part=mention, data={"origin": "confirmed"})
    assert found("World Health") == [str(a.uuid)]
    assert found('"الصحة العالمية"') == [str(a.uuid)]


def test_renaming_an_entity_alias_updates_the_articles_that_mention_it():
    a = article("خبر")
    entity = EntityFactory(name="الوكالة الدولية للطاقة الذرية", slug="iaea")
    alias = services.alias_save(actor=SYSTEM, alias=EntityAlias(entity=entity), data={"name": "وكالة الطاقة"})
    services.article_part_save(actor=SYSTEM, part=Mention(article=a, entity=entity), data={})
    assert found('"وكالة الطاقة"') == [str(a.uuid)]

    services.alias_save(actor=SYSTEM, alias=alias, data={"name": "الوكالة الذرية"})
    assert found('"وكالة الطاقة"') == []
    assert found('"الوكالة الذرية"') == [str(a.uuid)]

    services.alias_delete(actor=SYSTEM, alias=EntityAlias.objects.get(pk=alias.pk))
    assert found('"الوكالة الذرية"') == []


def test_renaming_a_source_updates_the_articles_that_attribute_to_it():
    a = article("خبر", "قالت الوكالة.")
    source = SourceFactory(name="وكالة الأنباء", slug="agency")
    services.article_part_save(actor=SYSTEM, part=Attribution(article=a, source=source), data={"paragraph": 1})
    alias = services.alias_save(actor=SYSTEM, alias=SourceAlias(source=source), data={"name": "Gulf Wire"})
    assert found("Gulf Wire") == [str(a.uuid)]

    services.named_save(actor=SYSTEM, instance=source, data={"name_en": "Desert Wire"})
    assert found("Desert") == [str(a.uuid)]
    services.alias_delete(actor=SYSTEM, alias=alias)
    assert found("Gulf") == []


def test_a_deleted_article_is_no_longer_found():
    a = article("خبر عن الفيضان")
    services.article_delete(actor=SYSTEM, article=a)
    assert found("الفيضان") == []


def test_the_reindex_command_indexes_articles_written_without_the_services():
    # Given articles written directly (as loaddata or a bulk import would), so not indexed
    rows = [
        ArticleFactory(headline=f"إعصار رقم {n}", status="published", published_at=timezone.now()) for n in range(3)
    ]
    assert found("إعصار") == []

    # When the index is rebuilt in batches of two
    out = StringIO()
    call_command("reindex", batch_size=2, stdout=out)

    # Then the articles are found, and the command said what it did
    assert sorted(found("إعصار")) == sorted(str(a.uuid) for a in rows)
    assert "2/3 articles indexed" in out.getvalue()
    assert "Indexed 3 articles." in out.getvalue()

    # And running it again changes nothing
    call_command("reindex", stdout=StringIO())
    assert sorted(found("إعصار")) == sorted(str(a.uuid) for a in rows)


def test_the_reindex_command_refuses_a_batch_size_below_one():
    with pytest.raises(CommandError, match="batch-size"):
        call_command("reindex", batch_size=0, stdout=StringIO())


def test_index_articles_reads_a_batch_with_the_same_number_of_queries_whatever_its_size():
    def make(n):
        ids = []
        for i in range(n):
            a = ArticleFactory()
            Caption.objects.create(article=a, text=f"صورة {i}", order=1)
            Mention.objects.create(article=a, entity=EntityFactory())
            ids.append(a.pk)
        return ids

    few, many = make(1), make(8)
    with CaptureQueriesContext(connection) as one:
        search.index_articles(few)
    with CaptureQueriesContext(connection) as eight:
        search.index_articles(many)
    assert len(one) == len(eight)
    assert search.index_articles([*few, *many, 10**9]) == 9  # a missing id is skipped


# --------------------------------------------------------------------------- names


def test_a_name_query_without_words_is_refused():
    with pytest.raises(EmptyQueryError):
        search_named(Entity.objects.all(), "؟!")


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("سنتكوم", "سنتكم", 4 / 9),
        ("البنتاغون", "البنتاجون", 7 / 13),
        ("abc", "abc", 1.0),
        ("abc", "xyz", 0.0),
        ("", "abc", 0.0),
        ("a-b", "a b", 1.0),  # punctuation separates words, as in pg_trgm
    ],
)
def test_trigram_similarity_follows_pg_trgm(a, b, expected):
    assert trigram_similarity(a, b) == pytest.approx(expected)


def test_word_pairs_count_the_stop_words_between_them_and_stay_within_a_field():
    fields = {"headline": ("البتكوين في إيران", "A"), "body": ("طهران تعلن أن في من الصباح", "D")}
    assert pair_lexemes(fields) == "'=بتكو_1_ايران' '=طهران_تعلن' '=تعلن_3_صباح'"


def test_a_phrase_is_prefiltered_by_its_word_pairs_on_postgresql():
    query = search.parse_search_query('"طهران في إيران تعلن" -"طهران تعلن"')
    assert match_query(query) == (
        "('=طهران_1_ايران' & '=ايران_تعلن' & ('~طهران' <2> '~ايران' <-> '~تعلن')) & !'=طهران_تعلن'"
    )
    # What the index and the planner see: the first pair of each phrase, excluded phrases left out
    assert match_query(query, superset=True) == "'=طهران_1_ايران'"


@pytest.mark.parametrize(
    ("q", "by_pair_alone"),
    [
        ('"طهران تعلن"', True),
        ('"في طهران تعلن من"', True),  # stop words at the ends are not part of what matches
        ('"طهران في تعلن"', False),  # a stop word between: its distance is checked on the positions
        ('"طهران تعلن الخبر"', False),  # three words: the two pairs may be in different places
        ('ايران -"طهران تعلن"', True),
    ],
)
def test_a_phrase_of_two_words_side_by_side_is_answered_by_its_pair_alone(q, by_pair_alone):
    query = search.parse_search_query(q)
    assert needs_positions(query) is not by_pair_alone


@pytest.mark.postgresql
def test_migration_0013_rewrites_the_search_vectors_with_the_pairs_of_today():
    # Given an article indexed before word pairs counted stop words
    tehran = article("طهران في إيران")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE articles_article SET search_vector = %s::tsvector", ["'~طهران' '=طهران_ايران'"])

    # When the migration runs
    migration = importlib.import_module("articles.migrations.0013_search_pairs_with_gaps")
    with connection.schema_editor() as editor:
        migration.rebuild_search_documents(django_apps, editor)

    # Then the vector is the one indexing writes today, and the phrase is found again
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM articles_article WHERE id = %s", [tehran.pk])
        (vector,) = cursor.fetchone()
    assert "'=طهران_1_ايران'" in vector.split(" ")
    assert "'=طهران_ايران'" not in vector.split(" ")
    assert headlines('"طهران في إيران"') == ["طهران في إيران"]
    assert headlines('"طهران إيران"') == []


def test_a_phrase_with_spelling_variants_is_prefiltered_by_the_pairs_of_each_spelling():
    query = search.parse_search_query('"تحلية المياه" "تحلية مياه البحر"')
    pairs = "('=تحل_ميا' | '=تحليا_ميا' | '=تحليو_ميا' | '=بتحل_ميا' | '=لتحل_ميا' | '=كتحل_ميا')"
    assert match_query(query) == (
        f"{pairs} & ({pairs} & '=ميا_بحر'"
        " & (('~تحل' | '~تحليا' | '~تحليو' | '~بتحل' | '~لتحل' | '~كتحل') <-> '~ميا' <-> '~بحر'))"
    )
    assert match_query(query, superset=True) == f"{pairs} & {pairs}"


@pytest.mark.usefixtures("seeded")
class TestOnTheSeed:
    """Tests that read the seed articles, loaded once for the class (tests/conftest.py: seeded)."""

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("بيتكوين", [BITCOIN]),  # spelled البيتكوين and البتكوين in the text
            ("البتكوين", [BITCOIN]),
            ("عقد", [BAHRAIN]),  # written عُقِد and عقد
            ("الاردن", [BAHRAIN]),  # والأردن, للأردن
            ("مسيرات", [BAHRAIN]),  # بالمسيّرات, المسيَّرة, والمسيرات
            ("ايران", [BITCOIN, BAHRAIN]),  # the bitcoin headline says الإيرانية: it ranks first
            ("اكسيوس", [BAHRAIN]),  # أكسيوس
        ],
    )
    def test_searching_the_seed_finds_the_right_articles(self, seeded, q, expected):
        assert found(q) == expected

    def test_search_finds_an_article_by_the_alias_of_a_confirmed_entity(self, seeded):
        # سنتكوم is an alias of the entity القيادة المركزية الأميركية, which the Bahrain article mentions
        assert found("سنتكوم") == [BAHRAIN]

    def test_search_finds_an_article_by_a_source_it_attributes_to(self, seeded):
        # The Washington Post is the English name of the source the bitcoin article quotes
        assert found("Washington Post") == [BITCOIN]

    def test_a_phrase_matches_only_words_in_that_order(self, seeded):
        assert found('"كوريا الجنوبية"') == [BITCOIN]
        assert found('"الجنوبية كوريا"') == []

    def test_a_phrase_keeps_the_distance_of_a_stop_word_inside_it(self, seeded):
        # The body says «مصنع بيتكوين تديره الصين وإيران في مقاطعة كرمان»: في stands between إيران and مقاطعة
        assert found('"وإيران في مقاطعة"') == [BITCOIN]
        assert found('"وإيران مقاطعة"') == []
        assert found('"تعدين البتكوين"') == [BITCOIN]

    def test_an_excluded_word_removes_the_articles_that_contain_it(self, seeded):
        assert found("ايران -بتكوين") == [BAHRAIN]
        assert found('ايران -"كوريا الجنوبية"') == [BAHRAIN]

    def test_or_finds_articles_with_either_word(self, seeded):
        assert sorted(found("كرمان OR المنامة")) == sorted([BITCOIN, BAHRAIN])
        assert found("كرمان OR غرينلاند") == [BITCOIN]

    def test_all_words_must_match(self, seeded):
        assert found("كرمان المنامة") == []
        assert found("كرمان طهران") == [BITCOIN]

    def test_search_respects_the_queryset_it_is_given(self, seeded):
        assert found("ايران", Article.objects.filter(uuid=BAHRAIN)) == [BAHRAIN]

    def test_snippets_highlight_the_matching_words_of_each_article(self, seeded):
        # Given the search results for a word the Bahrain article spells three ways
        results = list(search_articles(Article.objects.prefetch_related("captions"), "مسيرات"))

        # Then its snippet is a passage of the body, cut on both sides, with the variant marked
        snippets = search.article_snippets(results, "مسيرات")
        assert list(snippets) == [results[0].pk]
        assert snippets[results[0].pk].startswith("…")
        assert snippets[results[0].pk].endswith("…")
        assert "والطائرات <mark>المسيَّرة</mark>، في 13 أبريل" in snippets[results[0].pk]

    @pytest.mark.parametrize(
        ("q", "slug"),
        [
            ("البنتاجون", "us-department-of-defense"),  # البنتاغون, with ج for غ
            ("سنتكم", "centcom"),  # سنتكوم without its و
            ("القيادة المركزية", "centcom"),  # words of the name
            ("كوريلا", "michael-kurilla"),
            ("بيكفيردى", "ali-bikfirdi"),  # alef maksura for ya
        ],
    )
    def test_an_entity_is_found_by_any_alias_despite_a_typo(self, seeded, q, slug):
        assert search_named(Entity.objects.all(), q).first().slug == slug

    @pytest.mark.parametrize(
        ("q", "slug"), [("اكسيوس", "axios"), ("IRNA", "irna"), ("واشنطون بوست", "washington-post")]
    )
    def test_a_source_is_found_by_any_alias_despite_a_typo(self, seeded, q, slug):
        assert [s.slug for s in search_named(Source.objects.all(), q)] == [slug]

    def test_names_are_ordered_by_similarity(self, seeded):
        results = list(search_named(Entity.objects.all(), "ايران"))
        assert results[0].slug == "iran"
        assert results[0].name_similarity == 1.0
        assert [r.name_similarity for r in results] == sorted((r.name_similarity for r in results), reverse=True)

    @pytest.mark.postgresql
    def test_trigram_similarity_equals_pg_trgm_on_the_seed_names(self, seeded):
        names = list(Entity.objects.values_list("name_normalized", flat=True))
        names += list(EntityAlias.objects.values_list("name_normalized", flat=True))
        queries = ["البنتاجون", "سنتكم", "ايران", "كوريلا", "وزاره الدفاع", "axios", "13-14"]
        with connection.cursor() as cursor:
            for q in queries:
                cursor.execute("SELECT n, similarity(n, %s) FROM unnest(%s::text[]) AS n", [q, names])
                for name, expected in cursor.fetchall():
                    assert trigram_similarity(name, q) == pytest.approx(expected, abs=1e-6), (name, q)

    def test_the_rank_is_computed_the_same_way_on_both_databases(self, seeded):
        # The bitcoin article: headline (الإيرانية, not the exact form), summary, and the "about" entity إيران
        results = [(str(a.uuid), a.search_rank) for a in search_articles(Article.objects.all(), "ايران")]
        # ranking.py's arithmetic on the same statistics: the same floats, to the last bit
        assert results == [(BITCOIN, 102.01525103336951), (BAHRAIN, 16.153309917952)]
