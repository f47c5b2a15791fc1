"""The linker and the quote extractor over the seed articles against the curated fixture.

Run with ``-s`` to see the figures (they are also in bench/RESULTS.md, "Entity linking and quotes").
"""

import json
from pathlib import Path

import pytest

from articles.text.linking import Linker, counts
from articles.text.plaintext import parse_plaintext
from articles.text.quotes import find_attributions, find_quotes

ROOT = Path(__file__).resolve().parents[2]
SEED_TEXT = ROOT / "fixtures" / "source" / "000_ff2bd479ac8dff35.txt"
SEED_JSON = ROOT / "fixtures" / "seed.json"


def seed_entries(rows):
    """(key, kind, names) of every entity (key: slug) and source (key: ("source", slug))."""
    aliases: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        if row["model"] in ("articles.entityalias", "articles.sourcealias"):
            owner = row["fields"].get("entity") or row["fields"]["source"]
            aliases.setdefault((row["model"], owner[0]), []).append(row["fields"]["name"])
    entries = []
    for row in rows:
        fields = row["fields"]
        if row["model"] == "articles.entity":
            names = [fields["name"], fields["name_en"], *aliases.get(("articles.entityalias", fields["slug"]), [])]
            entries.append((fields["slug"], fields["kind"], names))
        elif row["model"] == "articles.source":
            names = [fields["name"], fields["name_en"], *aliases.get(("articles.sourcealias", fields["slug"]), [])]
            entries.append((("source", fields["slug"]), fields["kind"], names))
    return entries


@pytest.fixture(scope="module")
def seed():
    rows = json.loads(SEED_JSON.read_text("utf-8"))
    linker = Linker(seed_entries(rows))
    uuids = [row["fields"]["uuid"] for row in rows if row["model"] == "articles.article"]
    articles = parse_plaintext(SEED_TEXT.read_text("utf-8"))
    analysed = []
    for uuid, article in zip(uuids, articles, strict=True):
        body = article.body
        found = linker.find(body)
        mentions = [m for m in found if not isinstance(m.key, tuple)]
        sources = [m._replace(key=m.key[1]) for m in found if isinstance(m.key, tuple)]
        captions = [m for c in article.captions for m in linker.find(c.text) if not isinstance(m.key, tuple)]
        analysed.append(
            {
                "uuid": uuid,
                "mentions": mentions + captions,
                "quotes": find_quotes(body, mentions=mentions, sources=sources),
                "attributions": find_attributions(body, mentions=mentions, sources=sources),
            }
        )
    return rows, analysed


def gold(rows, model, uuid):
    return [row["fields"] for row in rows if row["model"] == model and row["fields"]["article"][0] == uuid]


def test_the_fixture_mentions_are_found_with_precision_and_recall_of_at_least_95_percent(seed):
    rows, analysed = seed
    expected, found = set(), set()
    for article in analysed:
        expected |= {(article["uuid"], m["entity"][0]) for m in gold(rows, "articles.mention", article["uuid"])}
        found |= {(article["uuid"], key) for key in counts(article["mentions"])}
    hits = expected & found
    precision, recall = len(hits) / len(found), len(hits) / len(expected)
    print(
        f"\nseed mentions by entity per article: {len(hits)} of {len(expected)} found, {len(found)} suggested: "
        f"precision {precision:.3f}, recall {recall:.3f}; missed {sorted(k for _, k in expected - found)}, "
        f"extra {sorted(k for _, k in found - expected)}"
    )
    assert precision >= 0.95
    assert recall >= 0.95
    # the two misses are paraphrases no name list can catch
    assert {k for _, k in expected - found} == {
        "iran-us-indirect-talks-oman-2024",
        "israeli-strike-on-isfahan-april-2024",
    }


def test_the_fixture_quotes_are_found_with_their_speakers_and_sources(seed):
    rows, analysed = seed
    expected, found = [], []
    for article in analysed:
        for q in gold(rows, "articles.quote", article["uuid"]):
            expected.append((q["paragraph"], q["text"], q["speaker"][0], q["source"] and q["source"][0]))
        for q in article["quotes"]:
            found.append((q.paragraph, q.text, q.speaker and q.speaker.key, q.source))
    print(f"\nseed quotes: {len(set(found) & set(expected))} of {len(expected)} right, {len(found)} found")
    assert found == expected


def test_the_fixture_attributions_are_found_with_their_phrases(seed):
    rows, analysed = seed
    expected, found = [], []
    for article in analysed:
        for a in gold(rows, "articles.attribution", article["uuid"]):
            expected.append((article["uuid"], a["source"][0], a["paragraph"], a["phrase"]))
        for a in article["attributions"]:
            found.append((article["uuid"], a.source, a.paragraph, a.phrase))
    sources = {(uuid, source) for uuid, source, _, _ in found}
    print(
        f"\nseed attributions: {len(sources)} sources attributed of {len({e[:2] for e in expected})}; "
        f"{len(set(found) & set(expected))} of {len(expected)} (source, paragraph, phrase) exact, {len(found)} found"
    )
    assert sources == {e[:2] for e in expected}
    assert found == expected
