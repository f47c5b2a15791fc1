"""Reading the API: every endpoint, every filter, ordering, pagination and the nested article shape."""

import datetime as dt

import pytest
from django.utils import timezone

from articles.models import Article, Entity, Mention, Source
from tests.support.api import API, client_for, drf_datetime, editor, error_body, indexed
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
)

pytestmark = pytest.mark.django_db


def results(response) -> list:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def headlines(response) -> list[str]:
    return [row["headline"] for row in results(response)]


def at(day: int) -> dt.datetime:
    return dt.datetime(2024, 3, day, 9, 30, tzinfo=dt.UTC)


# --------------------------------------------------------------------------- the nested article


BODY = (
    'اجتمع جنرالات في البحرين، وفق ما ذكره "أكسيوس".\u00a0\n'
    "\n"
    'وقال هاليفي إن "التعاون مستمر".\n'
    "\n"
    'وذكرت وكالة "إرنا" أن الاجتماع عُقِد سراً.'
)


@pytest.fixture
def rich_article():
    axios = SourceFactory(slug="axios", name="أكسيوس", name_en="Axios", kind=Source.Kind.WEBSITE)
    irna = SourceFactory(slug="irna", name="إرنا", name_en="IRNA", kind=Source.Kind.NEWS_AGENCY)
    halevi = EntityFactory(slug="هرتسي-هاليفي", name="هرتسي هاليفي", name_en="Herzi Halevi", wikidata_id="Q5")
    bahrain = EntityFactory(slug="bahrain", name="البحرين", name_en="Bahrain", kind=Entity.Kind.PLACE)
    article = ArticleFactory(
        headline="جنرالات إسرائيليون وعرب يجتمعون في البحرين",
        slug="جنرالات-في-البحرين",
        summary="اجتماع سري في المنامة.",
        body=BODY,
        byline="الجزيرة نت",
        status=Article.Status.PUBLISHED,
        published_at=at(5),
    )
    CaptionFactory(
        article=article,
        order=1,
        text="جنرالات في اجتماع (أرشيفية)",
        alt_text="جنرالات في اجتماع",
        credit="أرشيف",
        is_archival=True,
        is_illustrative=True,
        image_url="https://example.com/a.jpg",
    )
    AttributionFactory(article=article, source=irna, paragraph=3, phrase="ذكرت")
    AttributionFactory(article=article, source=axios, paragraph=1, phrase="وفق ما ذكره")
    MentionFactory(article=article, entity=bahrain, count=1, origin=Mention.Origin.SUGGESTED)
    MentionFactory(article=article, entity=halevi, count=2, role=Mention.Role.ABOUT)
    QuoteFactory(article=article, text="التعاون مستمر", speaker=halevi, source=axios, paragraph=2, order=1)
    return indexed(article)


def test_article_detail_nests_captions_sources_entities_and_quotes(rich_article):
    # Given a published article with a caption, two sources, two entities and a quote
    article = rich_article
    caption = article.captions.get()
    quote = article.quotes.get()

    # When an anonymous reader fetches it by UUID
    response = client_for().get(f"{API}/articles/{article.uuid}/")

    # Then the whole article comes back in one response, in this exact shape
    assert response.status_code == 200
    assert response.json() == {
        "uuid": str(article.uuid),
        "url": f"http://testserver{API}/articles/{article.uuid}/",
        "headline": "جنرالات إسرائيليون وعرب يجتمعون في البحرين",
        "slug": "جنرالات-في-البحرين",
        "summary": "اجتماع سري في المنامة.",
        "body": BODY,
        "paragraphs": [
            'اجتمع جنرالات في البحرين، وفق ما ذكره "أكسيوس".\u00a0',
            'وقال هاليفي إن "التعاون مستمر".',
            'وذكرت وكالة "إرنا" أن الاجتماع عُقِد سراً.',
        ],
        "language": "ar",
        "status": "published",
        "published_at": "2024-03-05T09:30:00Z",
        "byline": "الجزيرة نت",
        "version": 1,
        "created_at": drf_datetime(article.created_at),
        "updated_at": drf_datetime(article.updated_at),
        "captions": [
            {
                "id": caption.id,
                "order": 1,
                "text": "جنرالات في اجتماع (أرشيفية)",
                "alt_text": "جنرالات في اجتماع",
                "credit": "أرشيف",
                "is_archival": True,
                "is_illustrative": True,
                "image_url": "https://example.com/a.jpg",
            }
        ],
        "sources": [
            {
                "source": {"slug": "axios", "name": "أكسيوس", "name_en": "Axios", "kind": "website"},
                "phrase": "وفق ما ذكره",
                "paragraph": 1,
            },
            {
                "source": {"slug": "irna", "name": "إرنا", "name_en": "IRNA", "kind": "news_agency"},
                "phrase": "ذكرت",
                "paragraph": 3,
            },
        ],
        "entities": [
            {
                "entity": {
                    "slug": "هرتسي-هاليفي",
                    "name": "هرتسي هاليفي",
                    "name_en": "Herzi Halevi",
                    "kind": "person",
                    "wikidata_id": "Q5",
                },
                "count": 2,
                "role": "about",
                "origin": "confirmed",
            },
            {
                "entity": {
                    "slug": "bahrain",
                    "name": "البحرين",
                    "name_en": "Bahrain",
                    "kind": "place",
                    "wikidata_id": "",
                },
                "count": 1,
                "role": "mentions",
                "origin": "suggested",
            },
        ],
        "quotes": [
            {
                "id": quote.id,
                "text": "التعاون مستمر",
                "speaker": {
                    "slug": "هرتسي-هاليفي",
                    "name": "هرتسي هاليفي",
                    "name_en": "Herzi Halevi",
                    "kind": "person",
                    "wikidata_id": "Q5",
                },
                "source": {"slug": "axios", "name": "أكسيوس", "name_en": "Axios", "kind": "website"},
                "paragraph": 2,
                "order": 1,
            }
        ],
        "corrections": [],
        "snippet": None,
    }


def test_article_detail_carries_its_version_as_etag(rich_article):
    response = client_for().get(f"{API}/articles/{rich_article.uuid}/")

    assert response["ETag"] == '"1"'


def test_article_list_rows_have_the_detail_shape(rich_article):
    detail = client_for().get(f"{API}/articles/{rich_article.uuid}/").json()

    listed = results(client_for().get(f"{API}/articles/"))

    assert listed == [detail]


def test_editor_note_and_search_text_are_never_in_the_api(rich_article):
    Article.objects.filter(pk=rich_article.pk).update(editor_note="ملاحظة داخلية")

    body = client_for(editor()).get(f"{API}/articles/{rich_article.uuid}/").json()

    assert "editor_note" not in body
    assert "search_text" not in body


def test_arabic_is_sent_as_utf8_without_escapes(rich_article):
    response = client_for().get(f"{API}/articles/{rich_article.uuid}/")

    assert response["Content-Type"] == "application/json"
    assert "جنرالات إسرائيليون".encode() in response.content
    assert b"\\u06" not in response.content
    assert b"\\u00a0" not in response.content


def test_a_quote_without_a_source_has_null_source():
    quote = QuoteFactory(article=ArticleFactory(published=True), source=None)

    body = client_for().get(f"{API}/articles/{quote.article.uuid}/").json()

    assert body["quotes"][0]["source"] is None


# --------------------------------------------------------------------------- other endpoints


def test_entity_detail_by_unicode_slug_lists_its_aliases():
    entity = EntityFactory(
        slug="القيادة-المركزية-الأميركية",
        name="القيادة المركزية الأميركية",
        name_en="CENTCOM",
        kind=Entity.Kind.ORGANISATION,
        description="قيادة عسكرية",
        wikidata_id="Q1048395",
    )
    EntityAliasFactory(entity=entity, name="سنتكوم")
    EntityAliasFactory(entity=entity, name="CENTCOM", language="en")

    response = client_for().get(f"{API}/entities/القيادة-المركزية-الأميركية/")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "القيادة-المركزية-الأميركية",
        "name": "القيادة المركزية الأميركية",
        "name_en": "CENTCOM",
        "kind": "organisation",
        "description": "قيادة عسكرية",
        "wikidata_id": "Q1048395",
        "iptc_subject": "",
        "aliases": [{"name": "CENTCOM", "language": "en"}, {"name": "سنتكوم", "language": "ar"}],
        "created_at": drf_datetime(entity.created_at),
        "updated_at": drf_datetime(entity.updated_at),
    }


def test_entity_detail_by_percent_encoded_unicode_slug():
    EntityFactory(slug="إيران", name="إيران")

    response = client_for().get(f"{API}/entities/%D8%A5%D9%8A%D8%B1%D8%A7%D9%86/")

    assert response.status_code == 200
    assert response.json()["name"] == "إيران"


def test_source_detail_by_unicode_slug_links_its_entity():
    entity = EntityFactory(slug="axios-entity", kind=Entity.Kind.ORGANISATION)
    source = SourceFactory(
        slug="أكسيوس",
        name="أكسيوس",
        name_en="Axios",
        kind=Source.Kind.WEBSITE,
        homepage="https://www.axios.com/",
        country="US",
        entity=entity,
    )
    SourceAliasFactory(source=source, name="Axios", language="en")

    response = client_for().get(f"{API}/sources/أكسيوس/")

    assert response.status_code == 200
    assert response.json() == {
        "slug": "أكسيوس",
        "name": "أكسيوس",
        "name_en": "Axios",
        "kind": "website",
        "homepage": "https://www.axios.com/",
        "country": "US",
        "entity": "axios-entity",
        "aliases": [{"name": "Axios", "language": "en"}],
        "created_at": drf_datetime(source.created_at),
        "updated_at": drf_datetime(source.updated_at),
    }


def test_part_endpoints_list_and_show_each_part(rich_article):
    article = rich_article
    caption = article.captions.get()
    quote = article.quotes.get()
    axios_attribution = article.attributions.get(source__slug="axios")
    halevi_mention = article.mentions.get(entity__slug="هرتسي-هاليفي")
    client = client_for()

    assert client.get(f"{API}/captions/{caption.id}/").json() == {
        "id": caption.id,
        "article": str(article.uuid),
        "order": 1,
        "text": "جنرالات في اجتماع (أرشيفية)",
        "alt_text": "جنرالات في اجتماع",
        "credit": "أرشيف",
        "is_archival": True,
        "is_illustrative": True,
        "image_url": "https://example.com/a.jpg",
    }
    assert client.get(f"{API}/quotes/{quote.id}/").json() == {
        "id": quote.id,
        "article": str(article.uuid),
        "text": "التعاون مستمر",
        "speaker": "هرتسي-هاليفي",
        "source": "axios",
        "paragraph": 2,
        "order": 1,
    }
    assert client.get(f"{API}/attributions/{axios_attribution.id}/").json() == {
        "id": axios_attribution.id,
        "article": str(article.uuid),
        "source": "axios",
        "phrase": "وفق ما ذكره",
        "paragraph": 1,
    }
    assert client.get(f"{API}/mentions/{halevi_mention.id}/").json() == {
        "id": halevi_mention.id,
        "article": str(article.uuid),
        "entity": "هرتسي-هاليفي",
        "count": 2,
        "role": "about",
        "origin": "confirmed",
    }
    assert [row["id"] for row in results(client.get(f"{API}/captions/"))] == [caption.id]
    assert [row["id"] for row in results(client.get(f"{API}/quotes/"))] == [quote.id]
    assert [row["source"] for row in results(client.get(f"{API}/attributions/"))] == ["axios", "irna"]
    assert [row["entity"] for row in results(client.get(f"{API}/mentions/"))] == ["هرتسي-هاليفي", "bahrain"]


@pytest.mark.parametrize(
    "url",
    [
        f"{API}/articles/9b2f4c62-1f6e-4c53-9d7a-5d2f0a4f7e11/",
        f"{API}/captions/999999/",
        f"{API}/attributions/999999/",
        f"{API}/mentions/999999/",
        f"{API}/quotes/999999/",
        f"{API}/entities/لا-يوجد/",
        f"{API}/sources/no-such-source/",
    ],
)
def test_a_missing_row_is_404_with_a_json_message(url):
    response = client_for().get(url)

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_error_messages_are_arabic_by_default():
    response = client_for(language=None).get(f"{API}/articles/?page=9")

    assert response.status_code == 404
    assert response.json() == {"detail": "صفحة غير صحيحة.", "code": "not_found"}


def test_api_root_lists_every_resource():
    response = client_for().get(f"{API}/")

    assert response.status_code == 200
    assert sorted(response.json()) == [
        "articles",
        "attributions",
        "audit",
        "captions",
        "collections",
        "entities",
        "mentions",
        "quotes",
        "sources",
        "suggestions",
        "webhooks",
    ]


# --------------------------------------------------------------------------- article filters


@pytest.fixture
def newsroom():
    """Three articles that differ in every filtered property."""
    axios = SourceFactory(slug="axios", name="أكسيوس")
    irna = SourceFactory(slug="إرنا", name="إرنا")
    iran = EntityFactory(slug="إيران", name="إيران", kind=Entity.Kind.PLACE)
    sadr = EntityFactory(slug="ضياء-صدر", name="ضياء صدر", kind=Entity.Kind.PERSON)
    gulf = EntityFactory(slug="gulf", name="الخليج", kind=Entity.Kind.PLACE)

    mining = ArticleFactory(
        headline="تعدين البتكوين في إيران",
        body="عانت المدن الإيرانية من انقطاع الكهرباء.\n\nوقال الباحث إن الأزمة مستمرة.",
        status=Article.Status.PUBLISHED,
        published_at=at(1),
    )
    AttributionFactory(article=mining, source=irna)
    MentionFactory(article=mining, entity=iran)
    MentionFactory(article=mining, entity=sadr)

    generals = ArticleFactory(
        headline="جنرالات في البحرين",
        body="عُقِد الاجتماع في المنامة بمشاركة الأردن.\n\nوأكدت القيادة المركزية ذلك.",
        status=Article.Status.CORRECTED,
        published_at=at(10),
    )
    AttributionFactory(article=generals, source=axios)
    AttributionFactory(article=generals, source=axios, paragraph=2)
    MentionFactory(article=generals, entity=gulf)

    english = ArticleFactory(
        headline="Generals meet in Bahrain",
        body="The meeting took place in Manama.",
        language="en",
        status=Article.Status.PUBLISHED,
        published_at=at(20),
    )
    AttributionFactory(article=english, source=axios)
    for article in (mining, generals, english):
        indexed(article)
    return {"mining": mining, "generals": generals, "english": english}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["Generals meet in Bahrain", "جنرالات في البحرين", "تعدين البتكوين في إيران"]),
        ("?language=en", ["Generals meet in Bahrain"]),
        ("?language=ar", ["جنرالات في البحرين", "تعدين البتكوين في إيران"]),
        ("?language=fr", []),
        ("?source=axios", ["Generals meet in Bahrain", "جنرالات في البحرين"]),
        ("?source=إرنا", ["تعدين البتكوين في إيران"]),
        ("?source=%D8%A5%D8%B1%D9%86%D8%A7", ["تعدين البتكوين في إيران"]),
        ("?source=bbc", []),
        ("?entity=إيران", ["تعدين البتكوين في إيران"]),
        ("?entity=gulf", ["جنرالات في البحرين"]),
        ("?entity_kind=place", ["جنرالات في البحرين", "تعدين البتكوين في إيران"]),
        ("?entity_kind=person", ["تعدين البتكوين في إيران"]),
        ("?entity_kind=event", []),
        ("?status=corrected", ["جنرالات في البحرين"]),
        ("?status=published", ["Generals meet in Bahrain", "تعدين البتكوين في إيران"]),
        (
            "?status=published&status=corrected",
            ["Generals meet in Bahrain", "جنرالات في البحرين", "تعدين البتكوين في إيران"],
        ),
        ("?published_from=2024-03-10T09:30:00Z", ["Generals meet in Bahrain", "جنرالات في البحرين"]),
        ("?published_to=2024-03-10T09:30:00Z", ["جنرالات في البحرين", "تعدين البتكوين في إيران"]),
        ("?published_from=2024-03-02T00:00:00Z&published_to=2024-03-15T00:00:00Z", ["جنرالات في البحرين"]),
        ("?published_from=2024-03-10T12:30:00%2B03:00", ["Generals meet in Bahrain", "جنرالات في البحرين"]),
        ("?published_from=2024-03-10T12:30:01%2B03:00", ["Generals meet in Bahrain"]),
        ("?source=axios&language=ar", ["جنرالات في البحرين"]),
        ("?entity_kind=place&entity=إيران", ["تعدين البتكوين في إيران"]),
        ("?unknown_parameter=1", ["Generals meet in Bahrain", "جنرالات في البحرين", "تعدين البتكوين في إيران"]),
    ],
)
def test_article_filters(newsroom, query, expected):
    response = client_for().get(f"{API}/articles/{query}")

    assert headlines(response) == expected


def test_an_article_attributing_twice_to_a_source_is_listed_once(newsroom):
    response = client_for().get(f"{API}/articles/?source=axios")

    assert response.json()["count"] == 2


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("عقد", ["جنرالات في البحرين"]),  # the body has عُقِد (diacritics)
        ("عُقِد", ["جنرالات في البحرين"]),
        ("الاردن", ["جنرالات في البحرين"]),  # the body has الأردن (hamza)
        ("الإيرانيه", ["تعدين البتكوين في إيران"]),  # the body has الإيرانية (hamza and ta marbuta)
        ("ايران", ["تعدين البتكوين في إيران"]),
        ("المنامة الأردن", ["جنرالات في البحرين"]),  # every word must match
        ("المنامة إيران", []),
        ("ضياء صدر", ["تعدين البتكوين في إيران"]),  # a mentioned entity's name
        ("أكسيوس", ["Generals meet in Bahrain", "جنرالات في البحرين"]),  # a source's name
        ("MANAMA", ["Generals meet in Bahrain"]),  # Latin case folded
        ("جنرالات", ["جنرالات في البحرين"]),  # the headline
        ("لا-يوجد-شيء", []),
    ],
)
def test_article_q_matches_normalised_arabic(newsroom, q, expected):
    response = client_for().get(f"{API}/articles/", {"q": q})

    assert headlines(response) == expected


def test_article_q_matches_an_alias_of_a_confirmed_mention_only(newsroom):
    # Given an alias of the Gulf (mentioned, confirmed) and of Iran (mentioned, but only suggested)
    EntityAliasFactory(entity=Entity.objects.get(slug="gulf"), name="دول الخليج العربي")
    iran_mention = newsroom["mining"].mentions.get(entity__slug="إيران")
    iran_mention.origin = Mention.Origin.SUGGESTED
    iran_mention.save()
    EntityAliasFactory(entity=iran_mention.entity, name="بلاد فارس")
    for article in newsroom.values():
        indexed(article)

    assert headlines(client_for().get(f"{API}/articles/", {"q": "الخليج العربي"})) == ["جنرالات في البحرين"]
    assert headlines(client_for().get(f"{API}/articles/", {"q": "فارس"})) == []


# --------------------------------------------------------------------------- entity, source and part filters


@pytest.fixture
def names():
    centcom = EntityFactory(slug="centcom", name="القيادة المركزية الأميركية", kind=Entity.Kind.ORGANISATION)
    EntityAliasFactory(entity=centcom, name="سنتكوم")
    EntityFactory(slug="tehran", name="طهران", kind=Entity.Kind.PLACE)
    EntityFactory(slug="kerman", name="كرمان", kind=Entity.Kind.PLACE)
    EntityFactory(slug="halevi", name="هرتسي هاليفي", kind=Entity.Kind.PERSON)
    axios = SourceFactory(slug="axios", name="أكسيوس", kind=Source.Kind.WEBSITE)
    SourceAliasFactory(source=axios, name="Axios")
    SourceFactory(slug="irna", name="وكالة الأنباء الإيرانية", kind=Source.Kind.NEWS_AGENCY)
    SourceFactory(slug="wapo", name="واشنطن بوست", kind=Source.Kind.NEWSPAPER)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["centcom", "tehran", "kerman", "halevi"]),
        ("?kind=place", ["tehran", "kerman"]),
        ("?kind=place&kind=person", ["tehran", "kerman", "halevi"]),
        ("?kind=event", []),
        ("?name=سنتكوم", ["centcom"]),  # by alias
        ("?name=الأميركيه", ["centcom"]),  # hamza and ta marbuta variants
        ("?q=سنتكوم", ["centcom"]),
        ("?q=القياده المركزيه", ["centcom"]),
        ("?q=هاليفى", ["halevi"]),  # alef maksura for ya
        ("?q=طهران&kind=person", []),
        ("?q=طهران&kind=place", ["tehran"]),
        ("?ordering=name", ["centcom", "tehran", "kerman", "halevi"]),
        ("?ordering=-name", ["halevi", "kerman", "tehran", "centcom"]),
        ("?ordering=kind,name", ["centcom", "halevi", "tehran", "kerman"]),
    ],
)
def test_entity_filters(names, query, expected):
    response = client_for().get(f"{API}/entities/{query}")

    assert [row["slug"] for row in results(response)] == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["axios", "wapo", "irna"]),
        ("?kind=newspaper", ["wapo"]),
        ("?kind=website&kind=news_agency", ["axios", "irna"]),
        ("?q=axios", ["axios"]),  # by alias, case folded
        ("?q=اكسيوس", ["axios"]),
        ("?q=الايرانيه", ["irna"]),
        ("?q=بوست&kind=website", []),
        ("?ordering=-name", ["irna", "wapo", "axios"]),
    ],
)
def test_source_filters(names, query, expected):
    response = client_for().get(f"{API}/sources/{query}")

    assert [row["slug"] for row in results(response)] == expected


@pytest.fixture
def two_articles():
    first, second = ArticleFactory(published=True), ArticleFactory(published=True)
    axios, irna = SourceFactory(slug="axios"), SourceFactory(slug="irna")
    halevi, sadr = EntityFactory(slug="halevi"), EntityFactory(slug="sadr")
    parts = {
        "first_caption": CaptionFactory(article=first, order=1),
        "second_caption": CaptionFactory(article=second, order=1),
        "first_quote": QuoteFactory(article=first, speaker=halevi, source=axios),
        "second_quote": QuoteFactory(article=second, speaker=sadr, source=None),
        "first_attribution": AttributionFactory(article=first, source=axios),
        "second_attribution": AttributionFactory(article=second, source=irna),
        "first_mention": MentionFactory(article=first, entity=halevi, role=Mention.Role.ABOUT),
        "second_mention": MentionFactory(article=second, entity=sadr),
    }
    return first, second, parts


@pytest.mark.parametrize(
    ("resource", "query", "expected"),
    [
        ("captions", "?article={first}", ["first_caption"]),
        ("captions", "?article={second}", ["second_caption"]),
        ("quotes", "?article={second}", ["second_quote"]),
        ("quotes", "?speaker=halevi", ["first_quote"]),
        ("quotes", "?source=axios", ["first_quote"]),
        ("quotes", "?source=irna", []),
        ("attributions", "?article={first}", ["first_attribution"]),
        ("attributions", "?source=irna", ["second_attribution"]),
        ("mentions", "?article={first}", ["first_mention"]),
        ("mentions", "?entity=sadr", ["second_mention"]),
        ("mentions", "?role=about", ["first_mention"]),
        ("mentions", "?role=mentions", ["second_mention"]),
        ("captions", "?article=7c1d2a5e-0000-4000-8000-000000000000", []),
    ],
)
def test_part_filters(two_articles, resource, query, expected):
    first, second, parts = two_articles
    url = f"{API}/{resource}/" + query.format(first=first.uuid, second=second.uuid)

    response = client_for().get(url)

    assert [row["id"] for row in results(response)] == [parts[name].id for name in expected]


# --------------------------------------------------------------------------- ordering


@pytest.fixture
def three_dated_articles():
    ArticleFactory(headline="ب", status=Article.Status.PUBLISHED, published_at=at(2))
    ArticleFactory(headline="أ", status=Article.Status.PUBLISHED, published_at=at(3))
    ArticleFactory(headline="ت", status=Article.Status.PUBLISHED, published_at=at(1))


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        (None, ["أ", "ب", "ت"]),  # newest first
        ("published_at", ["ت", "ب", "أ"]),
        ("-published_at", ["أ", "ب", "ت"]),
        ("headline", ["أ", "ب", "ت"]),
        ("-headline", ["ت", "ب", "أ"]),
        ("created_at", ["ب", "أ", "ت"]),
        ("-updated_at", ["ت", "أ", "ب"]),
        (" headline ", ["أ", "ب", "ت"]),
    ],
)
def test_article_ordering_whitelist(three_dated_articles, ordering, expected):
    params = {"ordering": ordering} if ordering else {}

    response = client_for().get(f"{API}/articles/", params)

    assert headlines(response) == expected


@pytest.mark.parametrize(
    ("resource", "ordering", "allowed"),
    [
        ("articles", "editor_note", "created_at, headline, published_at, relevance, updated_at"),
        ("articles", "search_text", "created_at, headline, published_at, relevance, updated_at"),
        ("articles", "headline,body", "created_at, headline, published_at, relevance, updated_at"),
        ("articles", ",", "created_at, headline, published_at, relevance, updated_at"),
        ("articles", "-", "created_at, headline, published_at, relevance, updated_at"),
        ("entities", "slug", "created_at, kind, name, relevance"),
        ("sources", "homepage", "created_at, kind, name, relevance"),
        ("captions", "text", "id, order"),
        ("quotes", "speaker__name", "id, paragraph"),
        ("mentions", "article__editor_note", "count, id"),
        ("attributions", "phrase", "id, paragraph"),
    ],
)
def test_ordering_outside_the_whitelist_is_a_400(resource, ordering, allowed):
    response = client_for().get(f"{API}/{resource}/", {"ordering": ordering})

    assert response.status_code == 400
    assert response.json() == {
        "detail": f"ordering: Order by one of: {allowed}.",
        "code": "invalid",
        "errors": {"ordering": [f"Order by one of: {allowed}."]},
    }


# --------------------------------------------------------------------------- pagination


@pytest.fixture
def many_sources():
    Source.objects.bulk_create(
        Source(name=f"مصدر {n:03}", name_normalized=f"مصدر {n:03}", slug=f"s{n:03}", kind=Source.Kind.OTHER)
        for n in range(1, 106)
    )


def test_default_page_is_20_rows_with_links(many_sources):
    body = client_for().get(f"{API}/sources/").json()

    assert body["count"] == 105
    assert len(body["results"]) == 20
    assert body["previous"] is None
    assert body["next"] == f"http://testserver{API}/sources/?page=2"


def test_page_size_is_chosen_by_the_client(many_sources):
    body = client_for().get(f"{API}/sources/", {"page_size": 7, "page": 3}).json()

    assert [row["slug"] for row in body["results"]] == [f"s{n:03}" for n in range(15, 22)]
    assert body["previous"] == f"http://testserver{API}/sources/?page=2&page_size=7"
    assert body["next"] == f"http://testserver{API}/sources/?page=4&page_size=7"


@pytest.mark.parametrize("page_size", ["100", "101", "1000", "99999999999999999999"])
def test_page_size_is_capped_at_100(many_sources, page_size):
    body = client_for().get(f"{API}/sources/", {"page_size": page_size}).json()

    assert len(body["results"]) == 100


def test_last_page_holds_the_rest(many_sources):
    body = client_for().get(f"{API}/sources/", {"page_size": 50, "page": "last"}).json()

    assert [row["slug"] for row in body["results"]] == ["s101", "s102", "s103", "s104", "s105"]
    assert body["next"] is None


@pytest.mark.parametrize("page", ["4", "99999999999999999999999"])
def test_a_page_beyond_the_end_is_404(many_sources, page):
    response = client_for().get(f"{API}/sources/", {"page_size": 50, "page": page})

    assert response.status_code == 404
    assert error_body(response) == {"detail": "Invalid page.", "code": "not_found"}


def test_an_empty_list_has_one_empty_page():
    body = client_for().get(f"{API}/articles/").json()

    assert body == {"count": 0, "next": None, "previous": None, "results": []}


def test_arabic_indic_digits_are_a_page_number(many_sources):
    body = client_for().get(f"{API}/sources/", {"page": "٢"}).json()

    assert body["results"][0]["slug"] == "s021"


# --------------------------------------------------------------------------- browsable API


@pytest.mark.parametrize(
    "resource", ["articles", "captions", "attributions", "mentions", "quotes", "entities", "sources"]
)
def test_browsable_api_renders_each_list_for_an_editor(rich_article, resource):
    response = client_for(editor()).get(f"{API}/{resource}/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_browsable_api_renders_an_article_for_an_editor(rich_article):
    response = client_for(editor()).get(f"{API}/articles/{rich_article.uuid}/", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert "جنرالات إسرائيليون وعرب يجتمعون في البحرين" in response.content.decode()


def test_published_at_is_reported_in_utc():
    article = ArticleFactory(
        status=Article.Status.PUBLISHED,
        published_at=dt.datetime(2024, 3, 5, 12, 0, tzinfo=timezone.get_fixed_timezone(180)),
    )

    body = client_for().get(f"{API}/articles/{article.uuid}/").json()

    assert body["published_at"] == "2024-03-05T09:00:00Z"
