"""The committed search evaluation set (bench/eval) is consistent: every judged article exists."""

import json
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EVAL = ROOT / "bench" / "eval"


def load(name):
    return json.loads((EVAL / name).read_text("utf-8"))


def test_every_judged_article_is_in_the_evaluation_corpus():
    seed = json.loads((ROOT / "fixtures" / "seed.json").read_text("utf-8"))
    slugs = {a["slug"] for a in load("corpus.json")["articles"]}
    slugs |= {row["fields"]["slug"] for row in seed if row["model"] == "articles.article"}
    queries = load("queries.json")["queries"]

    judged = {slug for q in queries for slug in q["relevant"] + q["must_not_match"]}

    assert judged - slugs == set()
    assert all(q["relevant"] for q in queries)
    assert not any(set(q["relevant"]) & set(q["must_not_match"]) for q in queries)


def test_the_evaluation_set_covers_every_required_category():
    queries = load("queries.json")["queries"]
    categories = {q["category"] for q in queries}

    assert len(queries) >= 60
    assert len({q["id"] for q in queries}) == len(queries)
    assert categories == {
        "spelling_variant",
        "diacritics",
        "hamza_alef",
        "ya_alef_maksura",
        "ta_marbuta",
        "clitics_suffixes",
        "persian_digits",
        "snowball_breaks",
        "phrase",
        "multi_word",
        "negative",
        "hamza_waw_ya",
        "short_clitics",
        "waw_names",
        "over_matching",
        "stop_words",
    }
    assert all(q["must_not_match"] for q in queries if q["category"] == "negative")


def test_the_archive_queries_have_relevant_articles_older_than_a_thousand_newer_matches():
    archive = load("archive.json")
    old = {a["slug"]: a["published_at"] for a in archive["articles"]}
    (filler,) = archive["fillers"]
    oldest_filler = datetime.fromisoformat(filler["newest"]) - timedelta(hours=filler["hours_apart"] * filler["count"])

    assert filler["count"] > 1000
    for query in archive["queries"]:
        # Every filler mentions every query's words (a phrase: as a phrase)
        words = query["q"].strip('"').split()
        assert " ".join(words) in filler["body"], query["id"]
        assert query["category"] == "archive"
        assert query["relevant"]
        assert set(query["relevant"]) <= set(old)
        assert all(datetime.fromisoformat(old[slug]) < oldest_filler for slug in query["relevant"])
