"""The seed (fixtures/seed.json, loaded by `manage.py seed`) holds the two seed articles exactly.

The seed file is parsed here independently of the fixture: an article starts with a block of two
lines (caption, then alt text); every later one-line block is a body paragraph. The one documented
whitespace rule: each paragraph loses trailing spaces and no-break spaces (U+00A0) at its END only;
everything else, including a no-break space inside a paragraph, typos and diacritics, is kept.

Seeding resets the seed rows: running `seed` after an editor changed a seeded article puts the
fixture's values (and version 1) back. Rows an editor added are left alone.
"""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles import services
from articles.models import (
    Article,
    Attribution,
    Caption,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    SourceAlias,
)
from articles.policies import SYSTEM
from articles.search import search_articles
from articles.text import normalize
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

SEED_FILE = Path(settings.BASE_DIR) / "fixtures" / "source" / "000_ff2bd479ac8dff35.txt"
FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
SEED_MODELS = [Source, SourceAlias, Entity, EntityAlias, Article, Caption, Attribution, Mention, Quote]

BITCOIN = "a2fcd04a-6b5e-48f7-8179-eb924a77879f"  # bitcoin mining and Iran's power cuts (2021)
BAHRAIN = "741cf438-ab81-41ab-b072-1fc17a649d48"  # Israeli and Arab generals meet in Bahrain (2024)


def seed():
    call_command("seed", stdout=StringIO())


def seed_file_articles() -> list[dict]:
    """[{"caption", "alt_text", "paragraphs"}] read from the raw seed file, in file order."""
    articles = []
    for block in re.split(r"\n[ \t]*\n", SEED_FILE.read_text("utf-8")):
        lines = [line for line in block.split("\n") if line.strip(" \t\u00a0")]
        if len(lines) == 2:
            articles.append({"caption": lines[0], "alt_text": lines[1], "paragraphs": []})
        elif len(lines) == 1:
            articles[-1]["paragraphs"].append(lines[0].rstrip(" \u00a0"))
        else:
            raise AssertionError(f"unexpected block in the seed file: {block!r}")
    return articles


def table_dump() -> dict[str, list[dict]]:
    return {
        model.__name__: [
            {field: value for field, value in row.items() if field != "updated_at"}
            for row in model.objects.order_by("pk").values()
        ]
        for model in SEED_MODELS
    }


# --------------------------------------------------------------------------- the fixture file


def test_fixture_uses_natural_keys_only():
    # Given the committed fixture
    rows = json.loads(FIXTURE.read_text("utf-8"))

    # Then no row carries a primary key and every relation is a natural-key list
    assert [row for row in rows if "pk" in row] == []
    relations = {"article", "source", "entity", "speaker"}
    for row in rows:
        for field, value in row["fields"].items():
            if field in relations and value is not None:
                assert isinstance(value, list), (row["model"], field, value)


# --------------------------------------------------------------------------- articles and body text


def test_every_seed_paragraph_is_stored_exactly_and_in_order():
    # Given the raw seed file
    expected = seed_file_articles()
    assert [len(article["paragraphs"]) for article in expected] == [13, 21]

    # When the seed is loaded
    seed()

    # Then each article's body is its paragraphs, verbatim, in order, separated by blank lines
    for article in expected:
        stored = Caption.objects.get(alt_text=article["alt_text"]).article
        assert stored.paragraphs == article["paragraphs"]
        assert stored.body == "\n\n".join(article["paragraphs"])


def test_seed_keeps_inner_no_break_space_typos_and_diacritics():
    # When the seed is loaded
    seed()
    bitcoin = Article.objects.get(uuid=BITCOIN)
    bahrain = Article.objects.get(uuid=BAHRAIN)

    # Then only trailing whitespace was dropped; the text is otherwise as scraped
    assert bahrain.paragraphs[10].startswith("وخلال الشهر الماضي،\u00a0أكدت إيران")
    assert bahrain.body.count("\u00a0") == 1
    assert "كمية ضخة من الطاقة" in bitcoin.body
    assert "الاجتماع عُقِد بحضور" in bahrain.body
    assert "منذّ ذلك الحين" in bahrain.body
    assert "بالمسيّرات" in bahrain.body
    assert "البتكوين" in bitcoin.body
    assert "البيتكوين" in bitcoin.body
    for article in (bitcoin, bahrain):
        assert all(paragraph == paragraph.rstrip(" \u00a0") for paragraph in article.paragraphs)


def test_seed_articles_are_published_with_headlines_and_fixed_times():
    # When the seed is loaded
    seed()

    # Then both articles are published Arabic articles at version 1, with an editor's headline
    rows = list(
        Article.objects.order_by("published_at").values_list(
            "uuid", "headline", "slug", "status", "language", "version"
        )
    )
    assert [(str(uuid), *rest) for uuid, *rest in rows] == [
        (
            BITCOIN,
            "السلطات الإيرانية تُحمّل تعدين البتكوين مسؤولية انقطاع الكهرباء",
            "انقطاع-الكهرباء-في-إيران-وتعدين-البتكوين",
            "published",
            "ar",
            1,
        ),
        (
            BAHRAIN,
            "أكسيوس: جنرالات من إسرائيل ودول عربية اجتمعوا سرًا في البحرين برعاية أميركية",
            "اجتماع-جنرالات-إسرائيل-ودول-عربية-في-البحرين",
            "published",
            "ar",
            1,
        ),
    ]
    published = {str(a.uuid): a.published_at.isoformat() for a in Article.objects.all()}
    assert published == {BITCOIN: "2021-01-16T09:30:00+00:00", BAHRAIN: "2024-06-12T08:00:00+00:00"}
    assert all(article.summary for article in Article.objects.all())


def test_seed_builds_the_search_documents():
    # When the seed is loaded
    seed()

    # Then both articles are searchable, each by words only it contains
    assert [str(a.uuid) for a in search_articles(Article.objects.all(), '"الاجتماع عقد بحضور"')] == [BAHRAIN]
    assert [str(a.uuid) for a in search_articles(Article.objects.all(), "كرمان")] == [BITCOIN]


# --------------------------------------------------------------------------- captions


def test_seed_captions_have_exact_text_alt_text_and_flags():
    # When the seed is loaded
    seed()

    # Then the "(أرشيفية.تعبيرية)" flag became two booleans and left the caption text
    rows = list(
        Caption.objects.order_by("article__published_at").values_list(
            "article__uuid", "order", "text", "alt_text", "is_archival", "is_illustrative", "credit", "image_url"
        )
    )
    bitcoin_caption = "تعدين البتكوين يستهلك كمية ضخة من الطاقة، ويتم خلال عملية رقمية باستخدام أجهزة الحاسوب"
    bahrain_caption = "اجتماع البحرين عقد تحت إشراف القيادة المركزية الأميركية، وفق أكسيوس"
    assert [(str(uuid), *rest) for uuid, *rest in rows] == [
        (BITCOIN, 1, bitcoin_caption, bitcoin_caption, False, False, "", ""),
        (BAHRAIN, 1, bahrain_caption, bahrain_caption, True, True, "", ""),
    ]


def test_seed_captions_match_the_seed_file():
    # Given the raw seed file
    expected = seed_file_articles()

    # When the seed is loaded
    seed()

    # Then the stored caption is the file's caption line without its trailing flag
    for article in expected:
        caption = Caption.objects.get(alt_text=article["alt_text"])
        assert article["caption"] in {caption.text, f"{caption.text} (أرشيفية.تعبيرية)"}


# --------------------------------------------------------------------------- sources


def test_seed_sources_have_kinds_countries_and_aliases():
    # When the seed is loaded
    seed()

    # Then the three outlets exist with their kinds, countries and other names
    sources = {
        source.slug: (
            source.name,
            source.name_en,
            source.kind,
            source.country,
            source.homepage,
            source.entity.slug if source.entity else None,
            {(alias.name, alias.language) for alias in source.aliases.all()},
        )
        for source in Source.objects.select_related("entity").prefetch_related("aliases")
    }
    assert sources == {
        "washington-post": (
            "واشنطن بوست",
            "The Washington Post",
            "newspaper",
            "US",
            "https://www.washingtonpost.com/",
            None,
            {("The Washington Post", "en")},
        ),
        "axios": ("أكسيوس", "Axios", "website", "US", "https://www.axios.com/", "axios", {("Axios", "en")}),
        "irna": (
            "إرنا",
            "Islamic Republic News Agency (IRNA)",
            "news_agency",
            "IR",
            "https://www.irna.ir/",
            None,
            {
                ("وكالة الجمهورية الإسلامية للأنباء", "ar"),
                ("Islamic Republic News Agency", "en"),
                ("IRNA", "en"),
            },
        ),
    }


# --------------------------------------------------------------------------- entities

# slug: (kind, name, aliases, Wikidata id)
EXPECTED_ENTITIES = {
    "ziya-sadr": ("person", "ضياء صدر", set(), ""),
    "ali-bikfirdi": ("person", "علي بيكفيردي", {"بيكفيردي"}, ""),
    "herzi-halevi": ("person", "هرتسي هاليفي", {"هاليفي"}, ""),
    "michael-kurilla": ("person", 'مايكل "إريك" كوريلا', {"كوريلا", "مايكل كوريلا"}, ""),
    "tavanir": ("organisation", "شركة الكهرباء الإيرانية", set(), ""),
    "centcom": ("organisation", "القيادة المركزية الأميركية", {"سنتكوم"}, ""),
    "us-department-of-defense": ("organisation", "وزارة الدفاع الأميركية", {"البنتاغون"}, ""),
    "hamas": ("organisation", "حماس", {"حركة حماس"}, "Q38799"),
    "irgc": ("organisation", "الحرس الثوري", {"الحرس الثوري الإيراني"}, ""),
    "israel-defense-forces": ("organisation", "الجيش الإسرائيلي", {"القوات الإسرائيلية"}, ""),
    "axios": ("organisation", "أكسيوس", set(), ""),
    "iran": ("place", "إيران", {"الجمهورية الإسلامية", "الجمهورية الإسلامية الإيرانية"}, "Q794"),
    "tehran": ("place", "طهران", set(), "Q3616"),
    "kerman-province": ("place", "كرمان", {"مقاطعة كرمان"}, ""),
    "isfahan-province": ("place", "أصفهان", {"محافظة أصفهان"}, ""),
    "china": ("place", "الصين", set(), "Q148"),
    "russia": ("place", "روسيا", set(), "Q159"),
    "south-korea": ("place", "كوريا الجنوبية", {"كوريا"}, "Q884"),
    "israel": ("place", "إسرائيل", set(), "Q801"),
    "bahrain": ("place", "البحرين", set(), "Q398"),
    "manama": ("place", "المنامة", set(), "Q3882"),
    "united-arab-emirates": ("place", "الإمارات", {"الإمارات العربية المتحدة"}, "Q878"),
    "saudi-arabia": ("place", "السعودية", {"المملكة العربية السعودية"}, "Q851"),
    "jordan": ("place", "الأردن", set(), "Q810"),
    "egypt": ("place", "مصر", set(), "Q79"),
    "gaza-strip": ("place", "قطاع غزة", {"غزة"}, "Q39760"),
    "united-states": ("place", "الولايات المتحدة", {"الولايات المتحدة الأميركية", "واشنطن"}, "Q30"),
    "iraq": ("place", "العراق", set(), "Q796"),
    "yemen": ("place", "اليمن", set(), "Q805"),
    "syria": ("place", "سوريا", set(), "Q858"),
    "lebanon": ("place", "لبنان", set(), "Q822"),
    "oman": ("place", "سلطنة عُمان", {"عُمان"}, "Q842"),
    "switzerland": ("place", "سويسرا", set(), "Q39"),
    "bahrain-military-meeting-2024": ("event", "اجتماع البحرين", set(), ""),
    "iranian-attack-on-israel-april-2024": (
        "event",
        "الهجوم الإيراني على إسرائيل",
        {"الضربة الإيرانية", "هجوم 13-14 أبريل"},
        "",
    ),
    "israeli-strike-on-isfahan-april-2024": ("event", "الهجوم الإسرائيلي على أصفهان", set(), ""),
    "iranian-consulate-strike-damascus-2024": (
        "event",
        "الضربة على القنصلية الإيرانية في دمشق",
        {"تدمير القنصلية الإيرانية لدى سوريا"},
        "",
    ),
    "iran-us-indirect-talks-oman-2024": (
        "event",
        "المحادثات غير المباشرة بين إيران والولايات المتحدة في عُمان",
        set(),
        "",
    ),
    "islamic-revolution": ("event", "الثورة الإسلامية", {"الثورة الإيرانية"}, ""),
    "gaza-war": ("event", "الحرب في غزة", {"الحرب في قطاع غزة", "الحرب بين إسرائيل وحماس"}, ""),
    "bitcoin": ("topic", "بتكوين", {"البتكوين", "البيتكوين", "بيتكوين"}, "Q131723"),
    "bitcoin-mining": ("topic", "تعدين البتكوين", {"تعدين البيتكوين", "تعدين عملة البتكوين"}, ""),
    "cryptocurrency": ("topic", "العملات الرقمية", {"العملات الإلكترونية"}, "Q13479982"),
    "power-outage": ("topic", "انقطاع الكهرباء", {"انقطاع التيار الكهربائي"}, ""),
    "iran-nuclear-program": ("topic", "البرنامج النووي الإيراني", {"برنامج طهران النووي"}, ""),
}


def test_seed_entities_have_expected_kinds_names_aliases_and_wikidata_ids():
    # When the seed is loaded
    seed()

    # Then every person, organisation, place, event and topic of the articles is there with its aliases
    entities = {
        entity.slug: (entity.kind, entity.name, {alias.name for alias in entity.aliases.all()}, entity.wikidata_id)
        for entity in Entity.objects.prefetch_related("aliases")
    }
    assert entities == EXPECTED_ENTITIES
    assert all(entity.name_en and entity.description for entity in Entity.objects.all())


def test_seed_topics_carry_iptc_media_topic_codes():
    # When the seed is loaded
    seed()

    # Then topics are classified with IPTC Media Topics (cryptocurrency, electricity, nuclear policy)
    codes = dict(Entity.objects.filter(kind=Entity.Kind.TOPIC).values_list("slug", "iptc_subject"))
    assert codes == {
        "bitcoin": "medtop:20001279",
        "bitcoin-mining": "medtop:20001279",
        "cryptocurrency": "medtop:20001279",
        "power-outage": "medtop:20000260",
        "iran-nuclear-program": "medtop:20000635",
    }


@pytest.mark.parametrize(
    ("alias", "entity"),
    [
        ("سنتكوم", "القيادة المركزية الأميركية"),
        ("البنتاغون", "وزارة الدفاع الأميركية"),
        ("البيتكوين", "بتكوين"),
        ("واشنطن", "الولايات المتحدة"),
        ("عمان", "سلطنة عُمان"),
        ("حركة حماس", "حماس"),
    ],
)
def test_seed_aliases_resolve_to_their_entity_by_normalised_name(alias, entity):
    # When the seed is loaded
    seed()

    # Then looking an alias up by its matching form finds the entity's canonical name
    found = EntityAlias.objects.filter(name_normalized=normalize(alias)).values_list("entity__name", flat=True)
    assert list(found) == [entity]


def test_seed_names_have_their_normalised_shadow():
    # When the seed is loaded
    seed()

    # Then every matched name carries normalize(name), as the service layer would store it
    for model in (Entity, EntityAlias, Source, SourceAlias):
        for name, name_normalized in model.objects.values_list("name", "name_normalized"):
            assert name_normalized == normalize(name), (model.__name__, name)
    assert Entity.objects.get(slug="oman").name_normalized == "سلطنه عمان"


# --------------------------------------------------------------------------- mentions

EXPECTED_MENTIONS = {
    BITCOIN: {
        "iran": (7, "about"),
        "bitcoin-mining": (8, "about"),
        "power-outage": (2, "about"),
        "bitcoin": (7, "mentions"),
        "cryptocurrency": (4, "mentions"),
        "china": (2, "mentions"),
        "south-korea": (2, "mentions"),
        "ali-bikfirdi": (2, "mentions"),
        "ziya-sadr": (1, "mentions"),
        "tavanir": (1, "mentions"),
        "kerman-province": (1, "mentions"),
        "tehran": (1, "mentions"),
        "russia": (1, "mentions"),
    },
    BAHRAIN: {
        "bahrain-military-meeting-2024": (6, "about"),
        "israel": (9, "about"),
        "centcom": (6, "about"),
        "bahrain": (3, "about"),
        "iran": (12, "mentions"),
        "axios": (7, "mentions"),
        "united-states": (6, "mentions"),
        "iranian-attack-on-israel-april-2024": (6, "mentions"),
        "gaza-strip": (5, "mentions"),
        "gaza-war": (5, "mentions"),
        "tehran": (3, "mentions"),
        "saudi-arabia": (2, "mentions"),
        "jordan": (2, "mentions"),
        "iraq": (2, "mentions"),
        "yemen": (2, "mentions"),
        "syria": (2, "mentions"),
        "hamas": (2, "mentions"),
        "israel-defense-forces": (2, "mentions"),
        "iran-us-indirect-talks-oman-2024": (2, "mentions"),
        "israeli-strike-on-isfahan-april-2024": (2, "mentions"),
        "iran-nuclear-program": (2, "mentions"),
        "manama": (1, "mentions"),
        "united-arab-emirates": (1, "mentions"),
        "egypt": (1, "mentions"),
        "lebanon": (1, "mentions"),
        "oman": (1, "mentions"),
        "switzerland": (1, "mentions"),
        "isfahan-province": (1, "mentions"),
        "us-department-of-defense": (1, "mentions"),
        "irgc": (1, "mentions"),
        "herzi-halevi": (1, "mentions"),
        "michael-kurilla": (1, "mentions"),
        "islamic-revolution": (1, "mentions"),
        "iranian-consulate-strike-damascus-2024": (1, "mentions"),
    },
}


def test_seed_mentions_have_confirmed_counts_and_roles():
    # When the seed is loaded
    seed()

    # Then each article names exactly these entities, this many times, confirmed by an editor
    for uuid, expected in EXPECTED_MENTIONS.items():
        mentions = Mention.objects.filter(article__uuid=uuid)
        assert {m.entity.slug: (m.count, m.role) for m in mentions.select_related("entity")} == expected
        assert set(mentions.values_list("origin", flat=True)) == {"confirmed"}
    assert set(Entity.objects.values_list("slug", flat=True)) == set(EXPECTED_MENTIONS[BITCOIN]) | set(
        EXPECTED_MENTIONS[BAHRAIN]
    )


def test_seed_mention_counts_of_names_match_the_text():
    # Given the seed loaded
    seed()
    bitcoin = Article.objects.get(uuid=BITCOIN)
    bahrain = Article.objects.get(uuid=BAHRAIN)

    # Then a plain name with no aliases is counted as often as the body and caption write it
    def occurrences(article, word):
        text = "\n".join([article.captions.get().text, article.body])
        return len(re.findall(rf"(?<!\w)(?:و|ل|ب|لل)?{word}(?!\w)", text))

    assert occurrences(bitcoin, "إيران") == EXPECTED_MENTIONS[BITCOIN]["iran"][0]
    assert occurrences(bahrain, "إسرائيل") == EXPECTED_MENTIONS[BAHRAIN]["israel"][0]
    assert occurrences(bahrain, "البحرين") == EXPECTED_MENTIONS[BAHRAIN]["bahrain"][0]
    # إيران is written 11 times; «الجمهورية الإسلامية» (paragraph 18) is the twelfth reference
    assert occurrences(bahrain, "إيران") + 1 == EXPECTED_MENTIONS[BAHRAIN]["iran"][0]


# --------------------------------------------------------------------------- attributions and quotes


def test_seed_attributions_record_source_paragraph_and_phrase():
    # When the seed is loaded
    seed()

    # Then every place the text credits an outlet is recorded with the words it uses
    rows = Attribution.objects.order_by("article__published_at", "paragraph").values_list(
        "article__uuid", "source__slug", "paragraph", "phrase"
    )
    assert [(str(uuid), *rest) for uuid, *rest in rows] == [
        (BITCOIN, "washington-post", 6, "نقلت صحيفة … عن"),
        (BAHRAIN, "axios", 1, "وفق ما ذكره مصدران على معرفة مباشرة بالموضوع لموقع …"),
        (BAHRAIN, "axios", 2, "وفق ما ذكره"),
        (BAHRAIN, "axios", 3, "أشار … إلى أن"),
        (BAHRAIN, "axios", 4, "ذكر … أن"),
        (BAHRAIN, "axios", 5, "نوه … إلى أن"),
        (BAHRAIN, "axios", 8, "نوه … إلى أن"),
        (BAHRAIN, "axios", 10, "وفق ما نقله"),
        (BAHRAIN, "irna", 11, "وفق ما نقلته"),
    ]


def test_seed_quotes_have_exact_words_speaker_source_and_paragraph():
    # When the seed is loaded
    seed()

    # Then the five quotes of a speaker are stored without their quotation marks; scare quotes are not quotes
    rows = Quote.objects.order_by("article__published_at", "paragraph", "order").values_list(
        "article__uuid", "paragraph", "order", "speaker__slug", "source__slug", "text"
    )
    assert [(str(uuid), *rest) for uuid, *rest in rows] == [
        (
            BITCOIN,
            6,
            1,
            "ziya-sadr",
            "washington-post",
            "التعدين يستهلك نسبة ضئيلة للغاية من إجمالي قدرة الكهرباء في إيران",
        ),
        (
            BITCOIN,
            7,
            1,
            "ziya-sadr",
            "washington-post",
            "الجميع يعرف أن الخلل يكمن في سوء الإدارة والوضع المزري للغاية لشبكة الكهرباء في إيران، "
            "بالإضافة لقدم محطات التوليد",
        ),
        (
            BITCOIN,
            11,
            1,
            "ali-bikfirdi",
            None,
            "أي بلد لديه كهرباء رخيصة ومساحة شاسعة سيكون مكانا مثاليا لتعدين البيتكوين",
        ),
        (
            BITCOIN,
            12,
            1,
            "ali-bikfirdi",
            None,
            "في كوريا مثلا، لن يكون الأمر مربحا لأنني سأضطر إلى إنفاق الكثير من المال على استخدام الكهرباء.",
        ),
        (
            BAHRAIN,
            5,
            1,
            "axios",
            "axios",
            "بمثابة مؤشر على أن الحوار والتعاون العسكري بين إسرائيل والدول العربية يتواصل تحت (إشراف) "
            "'سنتكوم' بغض النظر عن الانتقادات والإدانات التي لاقتها العمليات العسكرية الإسرائيلية في غزة.",
        ),
    ]


def test_every_quote_is_in_its_paragraph_and_every_paragraph_number_exists():
    # When the seed is loaded
    seed()

    # Then quotes are exact substrings of their paragraph, and attributions point at real paragraphs
    for quote in Quote.objects.select_related("article"):
        paragraphs = quote.article.paragraphs
        assert 1 <= quote.paragraph <= len(paragraphs)
        assert quote.text in paragraphs[quote.paragraph - 1]
    for attribution in Attribution.objects.select_related("article"):
        assert 1 <= attribution.paragraph <= len(attribution.article.paragraphs)


def test_unclosed_quote_runs_to_the_end_of_its_paragraph():
    # When the seed is loaded
    seed()

    # Then the Axios quote, whose opening mark is never closed, ends where the paragraph ends
    quote = Quote.objects.get(article__uuid=BAHRAIN, paragraph=5)
    paragraph = quote.article.paragraphs[4]
    assert paragraph.endswith(quote.text)
    assert paragraph.count('"') == 3


# --------------------------------------------------------------------------- integrity and idempotency


def test_every_seeded_row_passes_full_clean():
    # When the seed is loaded
    seed()

    # Then every row is valid by the model's own rules
    for model in SEED_MODELS:
        rows = list(model.objects.all())
        assert rows, model.__name__
        for row in rows:
            row.full_clean()


def test_seeding_twice_changes_nothing():
    # Given the seed loaded once
    seed()
    counts = {model.__name__: model.objects.count() for model in SEED_MODELS}
    before = table_dump()

    # When it is loaded again
    seed()

    # Then no row was added and no field changed
    assert {model.__name__: model.objects.count() for model in SEED_MODELS} == counts
    assert counts == {
        "Source": 3,
        "SourceAlias": 5,
        "Entity": 45,
        "EntityAlias": 34,
        "Article": 2,
        "Caption": 2,
        "Attribution": 9,
        "Mention": 47,
        "Quote": 5,
    }
    assert table_dump() == before


def test_seeding_again_never_overwrites_an_editors_changes():
    # Given a seeded article whose byline an editor changed and one of whose captions they deleted
    seed()
    editor = UserFactory(username="sara", is_superuser=True)
    article = Article.objects.get(uuid=BITCOIN)
    services.article_update(actor=editor, article=article, data={"byline": "سارة، طهران"})
    services.article_part_delete(actor=editor, part=article.captions.get())
    entity = Entity.objects.order_by("slug").first()
    services.named_save(actor=editor, instance=entity, data={"description": "وصف كتبه محرر"})
    before = table_dump()

    # When the seed runs again (as every `make run` does)
    seed()

    # Then nothing the editor did was undone, and no revision was added under no user
    article.refresh_from_db()
    assert (article.byline, article.captions.count(), article.version) == ("سارة، طهران", 0, 3)
    assert list(article.revisions.values_list("revision__user__username", flat=True).order_by("version")) == [
        None,
        "sara",
        "sara",
    ]
    assert Entity.objects.get(pk=entity.pk).description == "وصف كتبه محرر"
    assert table_dump() == before


def test_seeding_creates_what_is_missing():
    # Given the seed loaded, then one seed article and one entity deleted
    seed()
    services.article_delete(actor=SYSTEM, article=Article.objects.get(uuid=BITCOIN))
    counts = {model.__name__: model.objects.count() for model in SEED_MODELS}

    # When the seed runs again
    seed()

    # Then the article is back with its parts, and nothing else was added
    article = Article.objects.get(uuid=BITCOIN)
    assert (article.captions.count(), article.status) == (1, "published")
    assert Article.objects.count() == counts["Article"] + 1


def test_seed_reset_restores_an_edited_seed_article():
    # Given a seeded article whose headline an editor changed
    seed()
    article = Article.objects.get(uuid=BITCOIN)
    services.article_update(actor=SYSTEM, article=article, data={"headline": "عنوان عدّله محرر"})
    assert Article.objects.get(uuid=BITCOIN).version == 2

    # When the seed is deliberately reset
    call_command("seed", "--reset", stdout=StringIO())

    # Then the seed rows are reset to the fixture's content (headline, search document), and the
    # reset is a new version with its own revision: history never goes backwards
    article.refresh_from_db()
    assert article.headline == "السلطات الإيرانية تُحمّل تعدين البتكوين مسؤولية انقطاع الكهرباء"
    assert article.version == 3
    assert list(article.revisions.order_by("version").values_list("version", flat=True)) == [1, 2, 3]
    assert list(search_articles(Article.objects.all(), "عدله")) == []


def test_demo_users_keep_their_passwords_unless_asked():
    first, second, third = StringIO(), StringIO(), StringIO()
    call_command("seed", "--demo-users", stdout=first)
    password = re.search(r"username: editor\s+password: (\S+)", first.getvalue()).group(1)

    call_command("seed", "--demo-users", stdout=second)
    editor = get_user_model().objects.get(username="editor")
    assert editor.check_password(password)
    assert "username: editor    password unchanged" in second.getvalue()

    call_command("seed", "--demo-users", "--new-passwords", stdout=third)
    editor.refresh_from_db()
    assert not editor.check_password(password)


def test_the_change_feed_starts_with_everything_the_seed_created_then_nothing_on_a_second_run():
    from collections import Counter

    from articles.models import ChangeEvent

    seed()
    first = list(ChangeEvent.objects.order_by("id").values_list("type", "public"))
    seed()
    second = list(ChangeEvent.objects.order_by("id").values_list("type", "public"))

    created = [kind for kind, _public in first if kind.endswith(".created")]
    assert Counter(created[:-2]) == {"entity.created": 45, "source.created": 3}
    assert created[-2:] == ["article.created", "article.created"]  # after the names they mention
    assert all(public for _kind, public in first)
    assert second == first
