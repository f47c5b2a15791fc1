"""Search quality: our engine against PostgreSQL's built-in `arabic` and `simple` search, same data, same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_bench /work/main/.venv/bin/python bench/search_quality.py

Creates a scratch database (<name>_quality, dropped at the end unless --keep), loads the seed
articles (fixtures/seed.json), the evaluation corpus (bench/eval/corpus.json) and the archive cases
(bench/eval/archive.json: old articles, and 1,100 newer articles that mention its queries in
passing, so that their relevant articles are older than 1,000 newer matches; its queries search
those articles only, the others everything else), indexes them with
articles.search.index_articles, and runs every query of bench/eval/queries.json and bench/eval/archive.json through
* ours:   articles.search.search_articles(Article.objects.all(), q), in its order;
* arabic: to_tsvector('arabic', …) @@ websearch_to_tsquery('arabic', q), ordered by ts_rank;
* simple: the same with the `simple` configuration.
The built-in engines index the same text as ours: headline (weight A), summary (B), captions and
the names and aliases of confirmed entities and attributed sources (C), body (D).

Metrics (relevance judgements: bench/eval/queries.json, built by bench/eval/build_eval.py):
* recall@10: relevant articles in the first 10 results / min(10, number relevant);
* recall: relevant articles among all results (at most 1000) / number relevant;
* MRR: 1 / rank of the first relevant result (0 if none);
* nDCG@10: DCG of the first 10 results (1 / log2(rank + 1) per relevant article) over that of an
  ideal order;
* P@10: relevant share of the first 10 results (queries with no result count as 0);
* must-not hits: negative queries whose first 10 results contain an article that must not match.

Writes the tables into bench/RESULTS.md (section "Search quality") and prints them.
"""

import argparse
import json
import math
import os
import sys
import time
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils.dateparse import parse_datetime  # noqa: E402

from articles.models import (  # noqa: E402
    Article,
    Attribution,
    Caption,
    Entity,
    EntityAlias,
    Mention,
    Source,
    SourceAlias,
)
from articles.text import normalize  # noqa: E402
from bench.report import RESULTS, write_section  # noqa: E402

EVAL = ROOT / "bench" / "eval"
ENGINES = ("ours", "arabic", "simple")
LIMIT = 1000


# --------------------------------------------------------------------------- scratch database


def create_scratch(keep: bool) -> str:
    name = settings.DATABASES["default"]["NAME"] + "_quality"
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False, serialize=False)
    return name


def load_corpus() -> dict[str, int]:
    """Seed fixtures plus bench/eval/corpus.json; returns slug → id of every article."""
    call_command("loaddata", "seed", verbosity=0)
    corpus = json.loads((EVAL / "corpus.json").read_text("utf-8"))
    for e in corpus["entities"]:
        entity = Entity.objects.create(
            slug=e["slug"], name=e["name"], name_normalized=normalize(e["name"]), kind=e["kind"]
        )
        for alias in e["aliases"]:
            EntityAlias.objects.create(entity=entity, name=alias, name_normalized=normalize(alias))
    for s in corpus["sources"]:
        source = Source.objects.create(
            slug=s["slug"], name=s["name"], name_normalized=normalize(s["name"]), kind=s["kind"]
        )
        for alias in s["aliases"]:
            SourceAlias.objects.create(source=source, name=alias, name_normalized=normalize(alias))
    entities = dict(Entity.objects.values_list("slug", "id"))
    sources = dict(Source.objects.values_list("slug", "id"))
    for a in corpus["articles"]:
        article = create_article(a)
        for order, c in enumerate(a["captions"], 1):
            Caption.objects.create(
                article=article, text=c["text"], alt_text=c["alt_text"], credit=c["credit"], order=order
            )
        for slug, count, role in a["mentions"]:
            Mention.objects.create(article=article, entity_id=entities[slug], count=count, role=role)
        for slug, paragraph in a["attributions"]:
            Attribution.objects.create(article=article, source_id=sources[slug], paragraph=paragraph)
    load_archive()
    from articles.search import index_articles

    ids = dict(Article.objects.values_list("slug", "id"))
    index_articles(sorted(ids.values()))
    return ids


def create_article(a: dict) -> Article:
    """One article of an evaluation file (bench/eval/corpus.json, archive.json)."""
    return Article.objects.create(
        slug=a["slug"],
        headline=a["headline"],
        summary=a["summary"],
        body=a["body"],
        status=a["status"],
        published_at=parse_datetime(a["published_at"]),
    )


def load_archive() -> None:
    """bench/eval/archive.json: its old articles, and its fillers (newer articles, `count` of each,
    `hours_apart` from `newest` backwards)."""
    archive = json.loads((EVAL / "archive.json").read_text("utf-8"))
    for a in archive["articles"]:
        create_article(a)
    for filler in archive["fillers"]:
        newest = parse_datetime(filler["newest"])
        cities = filler["cities"]
        Article.objects.bulk_create(
            Article(
                slug=f"{filler['slug_prefix']}-{n}",
                headline=filler["headline"].format(city=cities[n % len(cities)], n=n),
                summary=filler["summary"].format(city=cities[n % len(cities)], n=n),
                body=filler["body"].format(city=cities[n % len(cities)], n=n),
                status="published",
                published_at=newest - timedelta(hours=filler["hours_apart"] * n),
            )
            for n in range(filler["count"])
        )


def eval_queries() -> list[dict]:
    """The queries of bench/eval/queries.json, then those of bench/eval/archive.json."""
    return [json.loads((EVAL / name).read_text("utf-8"))["queries"] for name in ("queries.json", "archive.json")]


BASELINE_DOCS = """
CREATE TEMPORARY TABLE bench_docs AS
SELECT a.id, a.slug, a.published_at, cfg.name AS cfg,
       setweight(to_tsvector(cfg.name::regconfig, a.headline), 'A')
    || setweight(to_tsvector(cfg.name::regconfig, a.summary), 'B')
    || setweight(to_tsvector(cfg.name::regconfig, coalesce(caps.text, '')), 'C')
    || setweight(to_tsvector(cfg.name::regconfig, coalesce(ents.text, '') || ' ' || coalesce(srcs.text, '')), 'C')
    || setweight(to_tsvector(cfg.name::regconfig, a.body), 'D') AS vec
FROM articles_article a
CROSS JOIN (VALUES ('arabic'), ('simple')) AS cfg(name)
LEFT JOIN LATERAL (
    SELECT string_agg(c.text || ' ' || c.alt_text, ' ') AS text FROM articles_caption c WHERE c.article_id = a.id
) caps ON true
LEFT JOIN LATERAL (
    SELECT string_agg(e.name || ' ' || coalesce((SELECT string_agg(x.name, ' ') FROM articles_entityalias x
                                                  WHERE x.entity_id = e.id), ''), ' ') AS text
    FROM articles_mention m JOIN articles_entity e ON e.id = m.entity_id
    WHERE m.article_id = a.id AND m.origin = 'confirmed'
) ents ON true
LEFT JOIN LATERAL (
    SELECT string_agg(s.name || ' ' || coalesce((SELECT string_agg(x.name, ' ') FROM articles_sourcealias x
                                                  WHERE x.source_id = s.id), ''), ' ') AS text
    FROM (SELECT DISTINCT source_id FROM articles_attribution WHERE article_id = a.id) t
    JOIN articles_source s ON s.id = t.source_id
) srcs ON true
"""

BASELINE_SEARCH = """
SELECT id FROM bench_docs, websearch_to_tsquery(%(cfg)s::regconfig, %(q)s) AS query
WHERE cfg = %(cfg)s AND vec @@ query AND (slug LIKE 'archive-%%') = %(archive)s
ORDER BY ts_rank(vec, query) DESC, published_at DESC NULLS FIRST, id DESC
LIMIT %(limit)s
"""


def run_ours(q: str, archive: bool) -> list[int]:
    from articles.search import search_articles

    articles = Article.objects.filter(slug__startswith="archive-")
    articles = articles if archive else Article.objects.exclude(slug__startswith="archive-")
    return [article.pk for article in search_articles(articles, q)[:LIMIT]]


def run_baseline(cfg: str, q: str, archive: bool) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SEARCH, {"cfg": cfg, "q": q, "limit": LIMIT, "archive": archive})
        return [row[0] for row in cursor.fetchall()]


# --------------------------------------------------------------------------- metrics


def ndcg10(results: list[int], relevant: set[int]) -> float:
    dcg = sum(1 / math.log2(rank + 1) for rank, pk in enumerate(results[:10], 1) if pk in relevant)
    ideal = sum(1 / math.log2(rank + 1) for rank in range(1, min(10, len(relevant)) + 1))
    return dcg / ideal


def score(results: list[int], relevant: set[int], must_not: set[int]) -> dict:
    top = results[:10]
    hits = [pk for pk in top if pk in relevant]
    first = next((rank for rank, pk in enumerate(results, 1) if pk in relevant), None)
    return {
        "ndcg10": ndcg10(results, relevant),
        "recall10": len(hits) / min(10, len(relevant)),
        "recall": len(relevant & set(results)) / len(relevant),
        "mrr": 1 / first if first else 0.0,
        "p10": len(hits) / len(top) if top else 0.0,
        "returned": len(results),
        "must_not_top10": [pk for pk in top if pk in must_not],
        "must_not_all": [pk for pk in results if pk in must_not],
        "missing_top10": sorted(relevant - set(top)) if len(relevant) <= 10 else [],
        "missing": sorted(relevant - set(results)),
    }


def mean(values) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def evaluate() -> tuple[list[dict], dict[str, int]]:
    queries = [query for part in eval_queries() for query in part]
    ids = load_corpus()
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_DOCS)
        cursor.execute("ANALYZE bench_docs")
    rows = []
    for query in queries:
        relevant = {ids[slug] for slug in query["relevant"]}
        must_not = {ids[slug] for slug in query["must_not_match"]}
        row = {"query": query}
        for engine in ENGINES:
            archive = query["category"] == "archive"  # each set is judged on its own articles only
            results = run_ours(query["q"], archive) if engine == "ours" else run_baseline(engine, query["q"], archive)
            row[engine] = score(results, relevant, must_not)
        rows.append(row)
    return rows, ids


# --------------------------------------------------------------------------- report

CATEGORY_TITLES = {
    "spelling_variant": "spelling variants",
    "diacritics": "diacritics",
    "hamza_alef": "hamza / alef",
    "hamza_waw_ya": "hamza on waw / ya",
    "ya_alef_maksura": "ya / alef maksura",
    "ta_marbuta": "ta marbuta",
    "clitics_suffixes": "clitics and suffixes",
    "short_clitics": "ب ل ك on short names",
    "waw_names": "names in و after و",
    "persian_digits": "Persian letters, digits",
    "snowball_breaks": "names Snowball breaks",
    "phrase": "phrases",
    "stop_words": "stop words",
    "over_matching": "adjectives, key collisions",
    "multi_word": "several words",
    "negative": "must not match",
    "archive": "older than 1,000 newer matches",
}


def pct(value: float) -> str:
    return f"{100 * value:.1f}"


def report(rows: list[dict], ids: dict[str, int], seconds: float) -> str:
    slugs = {pk: slug for slug, pk in ids.items()}
    negatives = [r for r in rows if r["query"]["category"] == "negative"]
    lines = [
        "## Search quality",
        "",
        f"Produced by `bench/search_quality.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"(PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}; {len(ids)} articles: "
        f"the 2 seed articles + bench/eval/corpus.json + bench/eval/archive.json; {len(rows)} queries from "
        f"bench/eval/queries.json and archive.json; "
        f"{seconds:.0f} s). All three engines search the same text (headline, summary, captions, body, names "
        "of confirmed entities and attributed sources); the built-in ones with "
        "`websearch_to_tsquery(<config>, q)` ranked by `ts_rank`. Percentages; higher is better, except "
        "must-not hits.",
        "",
        "| engine | recall@10 | recall (all results) | MRR | nDCG@10 | P@10 "
        "| negative queries: must-not hit in top 10 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for engine in ENGINES:
        label = {"ours": "**ours** (articles.search)", "arabic": "PostgreSQL `arabic`", "simple": "PostgreSQL `simple`"}
        violated = sum(1 for r in negatives if r[engine]["must_not_top10"])
        lines.append(
            f"| {label[engine]} | {pct(mean(r[engine]['recall10'] for r in rows))} "
            f"| {pct(mean(r[engine]['recall'] for r in rows))} | {pct(mean(r[engine]['mrr'] for r in rows))} "
            f"| {pct(mean(r[engine]['ndcg10'] for r in rows))} "
            f"| {pct(mean(r[engine]['p10'] for r in rows))} | {violated} of {len(negatives)} |"
        )
    lines += [
        "",
        "Per category: recall@10 / MRR / nDCG@10 (P@10 for the negative queries).",
        "",
        "| category | queries | ours | arabic | simple |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    by_category = defaultdict(list)
    for r in rows:
        by_category[r["query"]["category"]].append(r)
    for category, title in CATEGORY_TITLES.items():
        group = by_category.get(category, [])
        if not group:
            continue
        cells = []
        for engine in ENGINES:
            cell = " / ".join(pct(mean(r[engine][metric] for r in group)) for metric in ("recall10", "mrr", "ndcg10"))
            if category == "negative":
                cell += f" (P@10 {pct(mean(r[engine]['p10'] for r in group))})"
            cells.append(cell)
        lines.append(f"| {title} | {len(group)} | " + " | ".join(cells) + " |")

    def describe(r, engine):
        s = r[engine]
        parts = []
        if s["recall10"] < 1:
            missing = s["missing_top10"] or s["missing"]
            parts.append(
                f"recall@10 {pct(s['recall10'])}"
                + (f", not found: {', '.join(slugs[pk] for pk in missing[:4])}" if missing else "")
                + (" …" if len(missing) > 4 else "")
            )
        if s["must_not_top10"]:
            examples = ", ".join(slugs[pk] for pk in s["must_not_top10"][:3])
            parts.append(f"must-not in top 10: {len(s['must_not_top10'])} ({examples})")
        return "; ".join(parts)

    failures = [r for r in rows if describe(r, "ours")]
    lines += ["", f"Queries where our engine falls short ({len(failures)} of {len(rows)}):", ""]
    if not failures:
        lines.append("- none")
    for r in failures:
        q = r["query"]
        base = ", ".join(
            f"{engine}: {pct(r[engine]['recall10'])}" + (" +must-not" if r[engine]["must_not_top10"] else "")
            for engine in ("arabic", "simple")
        )
        note = f" — {q['note']}" if q["note"] else ""
        lines.append(
            f"- `{q['id']}` «{q['q']}» ({q['category']}{note}): {describe(r, 'ours')}. Baselines recall@10 {base}."
        )
    wins = [
        r
        for r in rows
        if r["ours"]["recall10"] > max(r["arabic"]["recall10"], r["simple"]["recall10"])
        or (not r["ours"]["must_not_top10"] and r["arabic"]["must_not_top10"])
    ]
    lines += [
        "",
        f"Queries where ours does better than both built-in configurations ({len(wins)}): "
        + ", ".join(f"`{r['query']['id']}`" for r in wins)
        + ".",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")
    parser.add_argument("--json", type=Path, help="Also write per-query results to this file.")
    parser.add_argument("--no-write", action="store_true", help="Print only; leave bench/RESULTS.md alone.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database (the baselines are PostgreSQL's).")
    started = time.monotonic()
    old_name = settings.DATABASES["default"]["NAME"]
    scratch = create_scratch(args.keep)
    try:
        rows, ids = evaluate()
        text = report(rows, ids, time.monotonic() - started)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
    print(text)
    if args.json:
        args.json.write_text(json.dumps(rows, ensure_ascii=False, indent=1), "utf-8")
    if not args.no_write:
        write_section(text, "Search quality")
        print(f"Wrote the section 'Search quality' of {RESULTS.relative_to(ROOT)} (scratch database {scratch}).")


if __name__ == "__main__":
    main()
