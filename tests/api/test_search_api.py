"""Search through the REST API (`q`, `ordering=relevance`, `snippet`) and through the admin, on both databases."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles import search, services
from articles.policies import SYSTEM
from tests.search.test_search import BAHRAIN, BITCOIN
from tests.support.content import published_article

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


published = published_article


def uuids(response):
    return [row["uuid"] for row in response.json()["results"]]


# --------------------------------------------------------------------------- q on articles


def test_anonymous_search_never_finds_drafts(api_client, superuser_api_client):
    services.article_create(actor=SYSTEM, data={"headline": "مسودة عن الكسوف", "body": "نص."})
    assert uuids(api_client.get(ARTICLES, {"q": "الكسوف"})) == []
    assert len(uuids(superuser_api_client.get(ARTICLES, {"q": "الكسوف"}))) == 1


def test_a_search_and_a_list_say_whether_their_count_is_exact(api_client, monkeypatch):
    # Given searches that count exactly up to two matches
    monkeypatch.setattr(search.query, "COUNT_LIMIT", 2)
    for n in range(2):
        published(f"خبر عن المنامة {n}", hours_ago=n + 1)
    body = api_client.get(ARTICLES, {"q": "المنامة"}).json()
    assert (body["count"], body["count_is_exact"], len(body["results"])) == (2, True, 2)

    # When a third matches, the count is a lower bound and says so
    published("خبر آخر عن المنامة")
    body = api_client.get(ARTICLES, {"q": "المنامة"}).json()
    assert (body["count"], body["count_is_exact"], len(body["results"])) == (2, False, 2)

    # And a list without q counts the same way: at most the limit, then a lower bound
    body = api_client.get(ARTICLES).json()
    assert (body["count"], body["count_is_exact"], len(body["results"])) == (2, False, 2)
    monkeypatch.setattr(search.query, "COUNT_LIMIT", 3)
    body = api_client.get(ARTICLES).json()
    assert (body["count"], body["count_is_exact"], len(body["results"])) == (3, True, 3)


# --------------------------------------------------------------------------- ordering


def test_with_q_the_default_order_is_relevance(api_client):
    in_body = published("خبر عن الطقس", "زلزال في المنطقة.", hours_ago=1)
    in_headline = published("زلزال قوي", hours_ago=9)
    expected = [str(in_headline.uuid), str(in_body.uuid)]

    assert uuids(api_client.get(ARTICLES, {"q": "زلزال"})) == expected
    assert uuids(api_client.get(ARTICLES, {"q": "زلزال", "ordering": "relevance"})) == expected
    assert uuids(api_client.get(ARTICLES, {"q": "زلزال", "ordering": "-relevance"})) == expected[::-1]
    assert uuids(api_client.get(ARTICLES, {"q": "زلزال", "ordering": "-published_at"})) == expected[::-1]


def test_without_q_the_default_order_is_the_newest_first(api_client):
    older = published("خبر أول", hours_ago=5)
    newer = published("خبر ثان", hours_ago=1)
    assert uuids(api_client.get(ARTICLES)) == [str(newer.uuid), str(older.uuid)]


def test_ordering_by_relevance_without_q_is_refused(api_client):
    response = api_client.get(ARTICLES, {"ordering": "relevance"})
    assert response.status_code == 400
    assert response.json()["errors"] == {"ordering": ["الترتيب حسب الصلة يحتاج إلى بحث: أرسل المعامل q."]}


def test_relevance_ties_are_broken_by_publication_time_then_id(api_client):
    older = published("قمة الرياض", hours_ago=5)
    newer = published("قمة الرياض", hours_ago=1)
    assert uuids(api_client.get(ARTICLES, {"q": "قمة"})) == [str(newer.uuid), str(older.uuid)]


# --------------------------------------------------------------------------- snippets


def test_a_snippet_escapes_the_text_around_the_marks(api_client):
    published("خبر", 'قال إن <b>الزلزال</b> "قوي".')
    (hit,) = api_client.get(ARTICLES, {"q": "الزلزال"}).json()["results"]
    assert hit["snippet"] == "قال إن &lt;b&gt;<mark>الزلزال</mark>&lt;/b&gt; &quot;قوي&quot;."


def test_a_search_page_costs_the_same_number_of_queries_for_1_and_30_hits(api_client):
    # Given one article with a rare word and thirty with a common one (captions and names included)
    published("خبر نادر عن الغواصة")
    for n in range(30):
        published(f"خبر شائع عن الميناء {n}", "وصلت السفينة إلى الميناء صباحا.")

    def queries(q):
        with CaptureQueriesContext(connection) as context:
            response = api_client.get(ARTICLES, {"q": q, "page_size": 30})
        assert response.status_code == 200
        assert all(row["snippet"] for row in response.json()["results"])
        return len(response.json()["results"]), len(context)

    one, thirty = queries("الغواصة"), queries("الميناء")
    assert (one[0], thirty[0]) == (1, 30)
    assert one[1] == thirty[1]


# --------------------------------------------------------------------------- bad queries


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "Enter at least one word to search for."),
        ("   ", "Enter at least one word to search for."),
        ("؟!،«»", "The search contains no words: enter letters or digits, not only punctuation."),
        ("في من", "The search contains only very common words (such as «في» or «من»): add a more specific word."),
        ("-ايران", "The search only excludes words (-word): add a word to search for."),
        ("ب" * 501, "The search is too long: use at most 500 characters and 20 words."),
    ],
)
def test_an_unusable_query_is_a_400_with_a_clear_message(api_client, q, message):
    response = api_client.get(ARTICLES, {"q": q}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"] == {"q": [message]}
    assert response.json()["detail"] == f"q: {message}"


# --------------------------------------------------------------------------- q on entities and sources


@pytest.mark.parametrize("url", ["/api/v1/entities/", "/api/v1/sources/"])
@pytest.mark.parametrize("q", ["", "؟!"])
def test_an_empty_name_query_is_a_400(api_client, url, q):
    response = api_client.get(url, {"q": q})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["q"]


# --------------------------------------------------------------------------- admin


@pytest.mark.usefixtures("seeded")
class TestOnTheSeed:
    """Tests that read the seed articles, loaded once for the class (tests/conftest.py: seeded)."""

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("بيتكوين", [BITCOIN]),
            ("البتكوين", [BITCOIN]),
            ("عقد", [BAHRAIN]),
            ("الاردن", [BAHRAIN]),
            ("مسيرات", [BAHRAIN]),
            ("ايران", [BITCOIN, BAHRAIN]),
            ("اكسيوس", [BAHRAIN]),
        ],
    )
    def test_the_api_finds_the_seed_articles(self, api_client, seeded, q, expected):
        response = api_client.get(ARTICLES, {"q": q})
        assert response.status_code == 200
        assert uuids(response) == expected
        assert response.json()["count"] == len(expected)

    def test_the_query_language_works_through_the_api(self, api_client, seeded):
        assert uuids(api_client.get(ARTICLES, {"q": '"كوريا الجنوبية"'})) == [BITCOIN]
        assert uuids(api_client.get(ARTICLES, {"q": "ايران -بتكوين"})) == [BAHRAIN]
        assert sorted(uuids(api_client.get(ARTICLES, {"q": "كرمان OR المنامة"}))) == sorted([BITCOIN, BAHRAIN])

    def test_q_combines_with_the_other_filters(self, api_client, seeded):
        assert uuids(api_client.get(ARTICLES, {"q": "ايران", "source": "axios"})) == [BAHRAIN]
        assert uuids(api_client.get(ARTICLES, {"q": "ايران", "published_to": "2022-01-01T00:00:00Z"})) == [BITCOIN]

    def test_each_hit_carries_a_highlighted_snippet(self, api_client, seeded):
        response = api_client.get(ARTICLES, {"q": "كرمان"})
        (hit,) = response.json()["results"]
        assert "<mark>كرمان</mark>" in hit["snippet"]
        assert len(re.sub(r"</?mark>", "", hit["snippet"]).strip("…")) <= 200

    def test_without_q_there_is_no_snippet(self, api_client, seeded):
        response = api_client.get(ARTICLES)
        assert [row["snippet"] for row in response.json()["results"]] == [None, None]
        assert api_client.get(f"{ARTICLES}{BITCOIN}/", {"q": "كرمان"}).json()["snippet"] is None

    @pytest.mark.parametrize(
        ("q", "first"),
        [("البنتاجون", "us-department-of-defense"), ("سنتكم", "centcom"), ("ايران", "iran"), ("بيتكوين", "bitcoin")],
    )
    def test_entities_are_found_by_any_alias_despite_a_typo(self, api_client, seeded, q, first):
        response = api_client.get("/api/v1/entities/", {"q": q})
        assert response.status_code == 200
        assert response.json()["results"][0]["slug"] == first

    def test_sources_are_found_by_any_alias(self, api_client, seeded):
        response = api_client.get("/api/v1/sources/", {"q": "Washington Post"})
        assert [row["slug"] for row in response.json()["results"]] == ["washington-post"]
        response = api_client.get("/api/v1/sources/", {"q": "اكسيوس"})
        assert [row["slug"] for row in response.json()["results"]] == ["axios"]

    def test_entity_name_search_can_be_ordered_by_name_instead(self, api_client, seeded):
        response = api_client.get("/api/v1/entities/", {"q": "ايران", "ordering": "name"})
        names = [row["name"] for row in response.json()["results"]]
        assert names == sorted(names)

    @pytest.mark.parametrize(
        ("q", "expected"),
        [
            ("بيتكوين", [BITCOIN]),
            ("البتكوين", [BITCOIN]),
            ("عقد", [BAHRAIN]),
            ("الاردن", [BAHRAIN]),
            ("مسيرات", [BAHRAIN]),
            ("ايران", [BITCOIN, BAHRAIN]),
            ("اكسيوس", [BAHRAIN]),
        ],
    )
    def test_the_admin_article_search_finds_the_seed_articles(self, staff_client, seeded, q, expected):
        response = staff_client.get(reverse("admin:articles_article_changelist"), {"q": q})
        assert response.status_code == 200
        found = [str(article.uuid) for article in response.context["cl"].result_list]
        assert found == expected

    def test_an_admin_search_without_words_shows_a_message_and_no_articles(self, staff_client, seeded, settings):
        staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the admin's language is the user's choice
        response = staff_client.get(reverse("admin:articles_article_changelist"), {"q": "؟!"})
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []
        assert [str(m) for m in response.context["messages"]] == [
            "The search contains no words: enter letters or digits, not only punctuation."
        ]

    def test_an_admin_column_sort_is_kept_while_searching(self, staff_client, seeded):
        url = reverse("admin:articles_article_changelist")
        response = staff_client.get(url, {"q": "ايران", "o": "-4"})  # published_at, newest first
        assert [str(a.uuid) for a in response.context["cl"].result_list] == [BAHRAIN, BITCOIN]

    def test_the_admin_entity_autocomplete_finds_an_entity_by_an_alias_with_a_typo(self, staff_client, seeded):
        response = staff_client.get(
            reverse("admin:autocomplete"),
            {"term": "سنتكم", "app_label": "articles", "model_name": "mention", "field_name": "entity"},
        )
        assert response.status_code == 200
        assert response.json()["results"][0]["text"] == "القيادة المركزية الأميركية"

    def test_the_admin_source_search_finds_a_source_by_an_alias(self, staff_client, seeded):
        response = staff_client.get(reverse("admin:articles_source_changelist"), {"q": "IRNA"})
        assert [source.slug for source in response.context["cl"].result_list] == ["irna"]

    def test_the_admin_alias_search_tolerates_a_typo(self, staff_client, seeded):
        response = staff_client.get(reverse("admin:articles_entityalias_changelist"), {"q": "البنتاجون"})
        assert [alias.name for alias in response.context["cl"].result_list] == ["البنتاغون"]
