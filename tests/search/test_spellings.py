"""The spellings people type, end to end: articles written through the services, searched with
search_articles, on whichever database the suite runs (SQLite and PostgreSQL run these same cases
and must give the same results)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.search import search_articles
from tests.support.content import write_article

pytestmark = pytest.mark.django_db


def article(headline, body="نص الخبر.", *, hours_ago=1):
    """A published article written through the service layer (so it is indexed)."""
    published_at = timezone.now() - timedelta(hours=hours_ago)
    return write_article(headline=headline, body=body, status=Article.Status.PUBLISHED, published_at=published_at)


def headlines(q):
    return [a.headline for a in search_articles(Article.objects.all(), q)]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("موتمر", ["افتتاح مؤتمر المناخ", "المؤتمرات الدولية", "موتمر صحفي للوزير"]),
        ("مؤتمر", ["افتتاح مؤتمر المناخ", "المؤتمرات الدولية", "موتمر صحفي للوزير"]),
        ("مسئولية", ["تحميل المسؤولية للحكومة", "مسئولية الشركات"]),
        ("المسؤولية", ["تحميل المسؤولية للحكومة", "مسئولية الشركات"]),
        ("الرئيس", ["الرئيس يزور المدينة", "كلمة الريس"]),
    ],
)
def test_hamza_on_waw_and_ya_finds_the_other_spellings(q, expected):
    article("افتتاح مؤتمر المناخ", hours_ago=5)
    article("المؤتمرات الدولية", hours_ago=4)
    article("موتمر صحفي للوزير", hours_ago=6)
    article("تحميل المسؤولية للحكومة", hours_ago=3)
    article("مسئولية الشركات", hours_ago=7)
    article("الرئيس يزور المدينة", hours_ago=2)
    article("كلمة الريس", hours_ago=8)
    article("سؤال عن المتمم", hours_ago=1)

    assert sorted(headlines(q)) == sorted(expected)


def test_the_spelling_searched_for_ranks_above_its_hamza_variants():
    article("موتمر صحفي للوزير", hours_ago=1)
    article("افتتاح مؤتمر المناخ", hours_ago=2)

    assert headlines("مؤتمر") == ["افتتاح مؤتمر المناخ", "موتمر صحفي للوزير"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("الحزب", ["الحزب يعقد مؤتمره", "رسالة لحزب العمال"]),
        ("غزة", ["قصف بغزة", "مساعدات إلى غزة"]),  # not لغز "riddle"
        ("قطر", ["وساطة قطر", "زيارة لقطر"]),
        ("مصر", ["استثمارات بمصر", "مصر تستضيف القمة"]),
    ],
)
def test_b_l_and_k_on_short_names_are_found(q, expected):
    article("الحزب يعقد مؤتمره", hours_ago=1)
    article("رسالة لحزب العمال", hours_ago=2)
    article("قصف بغزة", hours_ago=3)
    article("مساعدات إلى غزة", hours_ago=4)
    article("حل لغز الأهرامات", hours_ago=5)
    article("وساطة قطر", hours_ago=6)
    article("زيارة لقطر", hours_ago=7)
    article("استثمارات بمصر", hours_ago=8)
    article("مصر تستضيف القمة", hours_ago=9)

    assert sorted(headlines(q)) == sorted(expected)


@pytest.mark.parametrize(("q", "expected"), [("وليد", 2), ("ووليد", 2), ("الوليد", 2), ("وائل", 1)])
def test_a_name_in_waw_after_the_conjunction_is_found(q, expected):
    article("تكريم وليد الأحمد", hours_ago=1)
    article("سامي ووليد في النهائي", hours_ago=2)
    article("خالد ووائل يفوزان", hours_ago=3)

    assert len(headlines(q)) == expected


def test_a_word_whose_stem_is_a_stop_word_does_not_find_the_stop_word():
    article("وصل الوفد بعد الظهر", hours_ago=1)  # بعد: a stop word, not indexed
    article("بعدها أعلن الاتفاق", hours_ago=2)

    assert headlines("بعدها") == ["بعدها أعلن الاتفاق"]


def test_a_stop_word_in_a_phrase_is_a_gap_that_any_stop_word_fills():
    article("طهران في إيران", hours_ago=1)
    article("طهران من إيران", hours_ago=2)
    article("طهران عاصمة إيران", hours_ago=3)  # a content word is not a gap
    article("طهران إيران", hours_ago=4)

    assert headlines('"طهران في إيران"') == ["طهران في إيران", "طهران من إيران"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # the name itself, then its relational adjective (a skeleton match, the weakest kind)
        ("فلسطين", ["دعم فلسطين", "الموقف الفلسطيني"]),
        # the name, then an unrelated word with the same spelling key
        ("السعودية", ["السعودية تعلن الميزانية", "سعادة السفير"]),
    ],
)
def test_a_relational_adjective_and_a_spelling_key_collision_rank_below_the_name(q, expected):
    article("الموقف الفلسطيني", hours_ago=1)  # newer: it would come first on a tie
    article("دعم فلسطين", hours_ago=2)
    article("سعادة السفير", hours_ago=1)
    article("السعودية تعلن الميزانية", hours_ago=2)

    assert headlines(q) == expected


def test_a_phrase_finds_its_words_written_without_their_hamza():
    article("الموتمر الصحفي للوزير", hours_ago=1)
    article("المؤتمر الصحفي للوزير", hours_ago=2)
    article("المؤتمر العام للحزب", hours_ago=3)

    assert headlines('"المؤتمر الصحفي"') == ["المؤتمر الصحفي للوزير", "الموتمر الصحفي للوزير"]
