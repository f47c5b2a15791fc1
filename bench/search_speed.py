"""Search speed on a generated corpus: indexing throughput and query latency, ours against PostgreSQL `arabic`.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_bench /work/main/.venv/bin/python bench/search_speed.py \
        --generate-log bench/logs/generate-1m.log

Needs a database filled by `manage.py generate_corpus N` (see bench/README.md). It measures:

* indexing throughput: `articles.search.index_articles` re-indexing --reindex consecutive articles
  (batches of 1000, one process, GIN index in place: the incremental rate), and, from the
  generate_corpus log if given, the bulk rate of the initial build (GIN dropped and rebuilt);
* latency of 1-, 2- and 3-word queries and of two-word phrase queries (--per-type each), sampled
  from the corpus itself: words by document frequency in a sample of articles (frequent, middle
  and rare bands for single words), several words from one article, phrases of two consecutive
  words of one article. Every query runs once to warm the cache, then once measured;
* ours, end to end as the API computes a first page: `search_articles` on the anonymous
  `selectors.article_list` queryset ranked as deep as the first page (every match ranked,
  articles/search/results.py), the first 20 rows (with their prefetches) and `article_snippets`
  for them; the count (exact up to 10,000) measured separately ("ours count"); and, for
  --api-subset queries per type, the whole HTTP request `/api/v1/articles/?q=…` through
  Django's test client (count and serialisation included); both for the full article
  representation and for a results page (`?fields=` RESULTS_FIELDS: what the baseline returns
  too, plus link, summary and date);
* like a server process (newsroom/wsgi.py), the benchmark sets up Python's garbage collector
  with newsroom.collector.install() before measuring, and collects between queries as a server
  does between requests (collector.after_response, not timed; through the test client, the
  request's own request_finished runs it once more inside the timing);
* the baseline, PostgreSQL's built-in `arabic` configuration in the same run, over the same
  matches: a table `bench_arabic_docs` (built once: weighted `to_tsvector('arabic', …)` of
  headline, summary, body; GIN index), every match ranked by ts_rank, first 20 with `ts_headline`
  snippets, in one SQL statement, so without any ORM cost; its count (up to 10,001, as ours)
  measured separately ("arabic count").

Writes a subsection into bench/RESULTS.md (section "Search speed") and EXPLAIN ANALYZE output of
the slowest queries to bench/results/explain-<size>.txt.
"""

import argparse
import itertools
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.db import OperationalError, connection, reset_queries, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from articles import search, selectors  # noqa: E402
from articles.models import Article  # noqa: E402
from articles.text import analyze  # noqa: E402
from newsroom import collector  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
EXPLAIN_DIR = ROOT / "bench" / "results"
TYPES = ("1 word", "2 words", "3 words", "phrase")
PAGE = 20
#: The fields of a search results page (`?fields=`): link, headline, summary, date and snippet.
RESULTS_FIELDS = ("uuid", "url", "headline", "summary", "published_at", "snippet")

BASELINE_TABLE = """
CREATE TABLE IF NOT EXISTS bench_arabic_docs AS
SELECT id, status, published_at,
       setweight(to_tsvector('arabic', headline), 'A')
    || setweight(to_tsvector('arabic', summary), 'B')
    || setweight(to_tsvector('arabic', body), 'D') AS vec
FROM articles_article
"""
BASELINE_INDEXES = [
    "CREATE INDEX IF NOT EXISTS bench_arabic_docs_vec_idx ON bench_arabic_docs USING gin (vec)",
    "CREATE INDEX IF NOT EXISTS bench_arabic_docs_recent_idx ON bench_arabic_docs (published_at DESC, id DESC)",
]
BASELINE_QUERY = """
WITH q AS (SELECT websearch_to_tsquery('arabic', %(q)s) AS query),
top AS (
    SELECT d.id, d.published_at, ts_rank(d.vec, q.query) AS rank FROM bench_arabic_docs d, q
    WHERE d.vec @@ q.query AND d.status IN ('published', 'corrected') AND d.published_at <= now()
    ORDER BY rank DESC, d.published_at DESC, d.id DESC LIMIT %(page)s
)
SELECT a.id, a.headline, ts_headline('arabic', a.body, q.query, 'MaxFragments=1, MaxWords=35, MinWords=15')
FROM top JOIN articles_article a ON a.id = top.id, q
ORDER BY top.rank DESC, top.published_at DESC, top.id DESC
"""
BASELINE_COUNT = """
SELECT count(*) FROM (
    SELECT 1 FROM bench_arabic_docs d WHERE d.vec @@ websearch_to_tsquery('arabic', %(q)s)
    AND d.status IN ('published', 'corrected') AND d.published_at <= now() LIMIT 10001
) AS matches
"""


# --------------------------------------------------------------------------- facts


def facts() -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE status IN ('published', 'corrected')) FROM articles_article"
        )
        total, public = cursor.fetchone()
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        db_size = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_relation_size('article_search_vector_idx'))")
        gin_size = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    try:
        if os.environ.get("BENCH_COMMIT"):  # measuring an exported snapshot of the code
            raise OSError
        commit = subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = os.environ.get("BENCH_COMMIT", "?")
    return {
        "commit": commit,
        "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "postgresql": f"{connection.pg_version // 10000}.{connection.pg_version % 10000}",
        "shared_buffers": shared_buffers,
        "articles": total,
        "public": public,
        "db_size": db_size,
        "gin_size": gin_size,
    }


# --------------------------------------------------------------------------- queries


def sample_queries(per_type: int, seed: int) -> dict[str, list[tuple[str, str]]]:
    """(query, band) per type, from a sample of public articles."""
    rng = random.Random(seed)
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM articles_article")
        low, high = cursor.fetchone()
    ids = rng.sample(range(low, high + 1), min(3000, high - low + 1))
    docs = list(Article.objects.filter(id__in=ids, status__in=Article.PUBLIC_STATUSES).values_list("headline", "body"))
    df: dict[str, int] = {}
    per_doc = []
    for headline, body in docs:
        text = f"{headline}\n\n{body}"
        terms = analyze(text)
        words = {t.exact for t in terms if len(t.exact) >= 3 and not t.exact.isdigit()}
        per_doc.append((text, terms, words))
        for w in words:
            df[w] = df.get(w, 0) + 1
    ranked = sorted(df, key=lambda w: (-df[w], w))
    band_of = {w: ("frequent" if i < 100 else "middle" if i < 1000 else "rare") for i, w in enumerate(ranked)}
    bands = {b: [w for w in ranked if band_of[w] == b] for b in ("frequent", "middle", "rare")}
    out: dict[str, list[tuple[str, str]]] = {t: [] for t in TYPES}
    for i in range(per_type):
        band = ("frequent", "middle", "rare")[i % 3]
        out["1 word"].append((rng.choice(bands[band]), band))
    while len(out["2 words"]) < per_type or len(out["3 words"]) < per_type or len(out["phrase"]) < per_type:
        text, terms, words = rng.choice(per_doc)
        for n, kind in ((2, "2 words"), (3, "3 words")):
            if len(out[kind]) < per_type and len(words) >= n:
                chosen = rng.sample(sorted(words), n)
                rarest = max(chosen, key=lambda w: ranked.index(w) if w in df else 0)
                out[kind].append((" ".join(chosen), band_of[rarest]))
        pairs = [
            (a, b)
            for a, b in itertools.pairwise(terms)
            if b.position == a.position + 1 and "\n" not in text[a.start : b.end]
        ]
        if len(out["phrase"]) < per_type and pairs:
            a, b = rng.choice(pairs)
            rarest = max((a.exact, b.exact), key=lambda w: ranked.index(w) if w in df else 0)
            out["phrase"].append((f'"{text[a.start : b.end]}"', band_of.get(rarest, "rare")))
    return out


# --------------------------------------------------------------------------- engines


ANONYMOUS = AnonymousUser()


#: How the window statements of articles.search.postgresql.window begin.
WINDOW_STATEMENT = 'SELECT w."pk"'
#: Stage timings (ms) of the last call of ours(): ranking, rows, snippets.
STAGES: list[float] = []


def ours(q: str, fields: tuple[str, ...] | None = None) -> int:
    """The API's work for the first page of a search (without its count, measured apart), without
    HTTP and serialisation; returns how many articles the page has."""
    t0 = time.perf_counter()
    results = search.search_articles(selectors.article_list(user=ANONYMOUS, fields=fields), q)
    results.ids(PAGE)  # every match ranked, as deep as the first page
    t1 = time.perf_counter()
    rows = list(results[:PAGE])  # the page's 20 rows and their prefetches
    t2 = time.perf_counter()
    search.article_snippets(rows, q)
    t3 = time.perf_counter()
    STAGES[:] = [(t1 - t0) * 1000, (t2 - t1) * 1000, (t3 - t2) * 1000]
    return len(rows)


def ours_count(q: str) -> int:
    """The count of a search (exact up to 10,000), alone."""
    return search.search_articles(selectors.article_list(user=ANONYMOUS), q).count()


def baseline(q: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_QUERY, {"q": q, "page": PAGE})
        return len(cursor.fetchall())


def baseline_count(q: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_COUNT, {"q": q})
        return cursor.fetchone()[0]


_client = Client()


def api(q: str, fields: tuple[str, ...] | None = None) -> int:
    params = {"q": q, "fields": ",".join(fields)} if fields else {"q": q}
    response = _client.get("/api/v1/articles/?" + urlencode(params))
    if response.status_code != 200:
        raise RuntimeError(f"{q!r}: HTTP {response.status_code} {response.content[:200]!r}")
    return response.json()["count"]


#: (key, label in the table, function) of every engine measured; the keys ending in "results" ask
#: for RESULTS_FIELDS only.
ENGINES = (
    ("ours", "**ours**", ours),
    ("ours results", "**ours, results page**", lambda q: ours(q, RESULTS_FIELDS)),
    ("api", "ours via API (with count)", api),
    ("api results", "results page via API (with count)", lambda q: api(q, RESULTS_FIELDS)),
    ("arabic", "arabic, results page", baseline),
    ("ours count", "ours count", ours_count),
    ("arabic count", "arabic count", baseline_count),
)
#: The engines of ours measured without HTTP (with their stages), by the shape they load.
SHAPES = (("ours", "full representation"), ("ours results", "results page"))


def timed(function, q: str) -> tuple[float, int]:
    started = time.perf_counter()
    hits = function(q)
    return (time.perf_counter() - started) * 1000, hits


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p
    f = int(k)
    c = min(f + 1, len(ordered) - 1)
    return ordered[f] + (ordered[c] - ordered[f]) * (k - f)


#: Statements running longer are cancelled (--timeout); the query is then recorded at the time it
#: took, as "timed out", so that one pathological plan cannot stall the benchmark for hours.
TIMEOUT_MS = 5000
#: A query whose warm-up run took longer than this is not run again: it is slow, warm or not.
RERUN_BELOW_MS = 1000


def guarded(function, q: str) -> int:
    """function(q), or -1 when PostgreSQL cancelled a statement at the timeout."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {TIMEOUT_MS}")
            return function(q)
    except OperationalError as error:
        if "statement timeout" not in str(error):
            raise
        return -1


def measure(function, queries: list[tuple[str, str]]) -> list[tuple]:
    """(query, band, ms, matches (-1: timed out), stages) per query; stages only for ours()."""

    def run(q: str) -> tuple[float, int]:
        STAGES[:] = []
        result = timed(lambda text: guarded(function, text), q)
        collector.after_response()  # as a server does between requests
        return result

    out = []
    for q, band in queries:
        ms, hits = run(q)  # warm-up
        if ms < RERUN_BELOW_MS:
            ms, hits = run(q)
        out.append((q, band, ms, hits, list(STAGES)))
    return out


def ensure_baseline(progress) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('bench_arabic_docs') IS NOT NULL")
        if cursor.fetchone()[0]:
            return 0.0
        progress("Building the baseline table bench_arabic_docs (to_tsvector('arabic', …), GIN)…")
        started = time.monotonic()
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute(BASELINE_TABLE)
        for statement in BASELINE_INDEXES:
            cursor.execute(statement)
        cursor.execute("ANALYZE bench_arabic_docs")
        return time.monotonic() - started


def reindex_rate(count: int) -> tuple[int, float]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT min(id), max(id) FROM articles_article")
        low, high = cursor.fetchone()
    start = low + (high - low) // 2
    ids = list(range(start, min(start + count, high + 1)))
    started = time.monotonic()
    done = search.index_articles(ids, batch_size=1000)
    return done, time.monotonic() - started


def parse_generate_log(path: Path) -> dict:
    text = path.read_text("utf-8")
    out = {}
    if m := re.search(r"Wrote ([\d,]+) articles in ([\d.]+) s", text):
        out["written"] = (int(m.group(1).replace(",", "")), float(m.group(2)))
    if m := re.search(r"Indexed ([\d,]+) articles in ([\d.]+) s", text):
        out["indexed"] = (int(m.group(1).replace(",", "")), float(m.group(2)))
    if m := re.search(r"built (\d+) index\(es\) in ([\d.]+) s", text):
        out["gin_build"] = float(m.group(2))
    return out


def explain(q: str) -> str:
    """EXPLAIN ANALYZE of every window statement the search runs (bounded by the timeout, like the
    measurements), each with the settings it runs with."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(f"SET LOCAL statement_timeout = {max(TIMEOUT_MS, 30000)}")
            return _explain(q)
    except OperationalError as error:
        return f"(EXPLAIN ANALYZE cancelled: {error})"


def _explain(q: str) -> str:
    plans = []

    def explaining(execute, sql, params, many, context):
        if sql.startswith(WINDOW_STATEMENT):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explaining):
        search.search_articles(selectors.article_list(user=ANONYMOUS), q)
    return "\n--- next window statement ---\n".join(plans)


# --------------------------------------------------------------------------- report


def stats_row(label: str, engine: str, rows: list) -> str:
    ms = [r[2] for r in rows]
    hits = [r[3] for r in rows if r[3] >= 0]
    timeouts = sum(1 for r in rows if r[3] < 0)

    def cell(value):  # a percentile that lands on a cancelled query is only a lower bound
        return f"≥ {value:,.0f}" if timeouts and value >= TIMEOUT_MS * 0.95 else f"{value:,.1f}"

    return (
        f"| {label} | {engine} | {len(ms)} | {cell(percentile(ms, 0.5))} | {cell(percentile(ms, 0.95))} "
        f"| {cell(percentile(ms, 0.99))} | {cell(max(ms))} | {statistics.median(hits) if hits else 0:.0f} "
        f"| {timeouts} |"
    )


def write_subsection(text: str, title: str) -> None:
    section = "## Search speed"
    current = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Benchmark results\n"
    if section not in current:
        current = (
            current.rstrip("\n") + f"\n\n{section}\n\nProduced by `bench/search_speed.py` (see bench/README.md).\n"
        )
    start = current.index(section)
    end = current.find("\n## ", start + 1)
    end = len(current) if end == -1 else end + 1
    body = current[start:end]
    heading = f"### {title}"
    if heading in body:
        s = body.index(heading)
        e = body.find("\n### ", s + 1)
        body = body[:s] + text.rstrip("\n") + ("\n\n" + body[e + 1 :] if e != -1 else "\n")
    else:
        body = body.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text((current[:start] + body + current[end:]).rstrip("\n") + "\n", "utf-8")


def main() -> None:
    global TIMEOUT_MS
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-type", type=int, default=200, help="Queries per type (default 200).")
    parser.add_argument("--api-subset", type=int, default=40, help="Queries per type also run over HTTP.")
    parser.add_argument("--reindex", type=int, default=20000, help="Articles re-indexed to measure throughput.")
    parser.add_argument("--generate-log", type=Path, help="generate_corpus output, for the bulk indexing rate.")
    parser.add_argument("--seed", type=int, default=7, help="Query sample seed.")
    parser.add_argument("--timeout", type=int, default=TIMEOUT_MS, help="Statement timeout in ms (default 5000).")
    parser.add_argument("--no-write", action="store_true", help="Print only; leave bench/RESULTS.md alone.")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to the PostgreSQL database generate_corpus filled.")
    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    TIMEOUT_MS = args.timeout

    def progress(message):
        print(message, flush=True)

    info = facts()
    progress(f"{info['articles']:,} articles ({info['public']:,} public), database {info['db_size']}")
    baseline_build = ensure_baseline(progress)
    progress(f"Re-indexing {args.reindex:,} articles…")
    reindexed, reindex_seconds = reindex_rate(args.reindex) if args.reindex else (0, 0.0)
    progress("Sampling queries…")
    queries = sample_queries(args.per_type, args.seed)
    # As a server process does (newsroom/wsgi.py): what is loaded by now is out of the collector's
    # sight, and collections run between requests.
    collector.install()
    results = {}
    for kind in TYPES:
        progress(f"Measuring {kind} ({len(queries[kind])} queries)…")
        for engine, _label, function in ENGINES:
            sample = queries[kind][: args.api_subset] if engine.startswith("api") else queries[kind]
            results[(kind, engine)] = measure(function, sample)
    reset_queries()

    size = info["articles"]
    title = f"{size:,} articles"
    lines = [
        f"### {title}",
        "",
        f"{info['date']}, commit {info['commit']}; {info['cores']} cores ({info['cpu']}), {info['memory']}; "
        f"PostgreSQL {info['postgresql']} "
        f"(shared_buffers {info['shared_buffers']}); {size:,} articles ({info['public']:,} public), database "
        f"{info['db_size']}, search GIN index {info['gin_size']}.",
        "",
        "Indexing (`articles.search.index_articles`):",
        "",
    ]
    if args.generate_log and args.generate_log.exists():
        log = parse_generate_log(args.generate_log)
        if "written" in log:
            n, s = log["written"]
            lines.append(
                f"- corpus rows written by generate_corpus (COPY): {n:,} articles in {s:,.0f} s ({n / s:,.0f}/s)"
            )
        if "indexed" in log:
            n, s = log["indexed"]
            gin = f", of which {log['gin_build']:,.0f} s building the GIN index" if "gin_build" in log else ""
            lines.append(
                f"- initial bulk build (generate_corpus, GIN dropped and rebuilt): {n:,} articles in {s:,.0f} s "
                f"({n / s:,.0f}/s{gin})"
            )
    if reindexed:
        lines.append(
            f"- re-indexing {reindexed:,} articles with the GIN index in place, one process: "
            f"{reindex_seconds:,.1f} s ({reindexed / reindex_seconds:,.0f} articles/s)"
        )
    if baseline_build:
        lines.append(
            f"- baseline table `bench_arabic_docs` (to_tsvector('arabic') + GIN) built in {baseline_build:,.0f} s"
        )
    lines += [
        "",
        "Latency in ms, warm cache, first page of 20 with snippets, every match ranked. *ours*: search_articles "
        "ranked as deep as the page + 20 rows with prefetches + article_snippets (what the API view does, "
        "without HTTP and without the count), for the full article representation; *ours, results page*: the "
        "same for `?fields=" + ",".join(RESULTS_FIELDS) + "` (no nested parts, only the captions, where "
        "snippets are looked for too); *via API*: the whole request `/api/v1/articles/?q=` with Django's test "
        "client (count and serialisation included); *arabic, results page*: PostgreSQL's built-in "
        "configuration, every match ranked by ts_rank, top 20 with ts_headline, one SQL statement; *count*: "
        "the count alone (exact up to 10,000; arabic: up to 10,001 too); *matches* is what each returns "
        "(page rows, or the count). "
        "Target: p95 < 50 ms at 1,000,000 articles. Each query runs twice (warm-up, then measured) unless the "
        f"warm-up took over {RERUN_BELOW_MS:,} ms; statements are cancelled after {TIMEOUT_MS:,} ms "
        '("timed out"; such a query counts at the time it took, so percentiles on them are lower bounds).',
        "",
        "| query | engine | n | p50 | p95 | p99 | max | median matches | timed out |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in TYPES:
        for engine, label, _function in ENGINES:
            lines.append(stats_row(kind, label, results[(kind, engine)]))
    lines += [
        "",
        "Where the time of *ours* goes (mean ms per query): ranking (the window of the newest matches, the "
        "matches with a head hit, the words' counts, term statistics: articles/search/results.py), loading "
        "the page's 20 rows and their prefetches, snippets (Python).",
        "",
        "| query | shape | ranking | rows | snippets | total |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for kind in TYPES:
        for engine, shape in SHAPES:
            stages = [r[4] for r in results[(kind, engine)] if r[4]]
            if not stages:
                continue
            means = [statistics.mean(stage[i] for stage in stages) for i in range(3)]
            lines.append(f"| {kind} | {shape} | " + " | ".join(f"{m:.1f}" for m in means) + f" | {sum(means):.1f} |")
    lines += ["", "Single words by frequency band (ours / arabic, p50 and p95 ms):", ""]
    lines += ["| band | ours p50 | ours p95 | arabic p50 | arabic p95 |", "| --- | ---: | ---: | ---: | ---: |"]
    for band in ("frequent", "middle", "rare"):
        o = [r[2] for r in results[("1 word", "ours")] if r[1] == band]
        a = [r[2] for r in results[("1 word", "arabic")] if r[1] == band]
        if o and a:
            lines.append(
                f"| {band} | {percentile(o, 0.5):.1f} | {percentile(o, 0.95):.1f} "
                f"| {percentile(a, 0.5):.1f} | {percentile(a, 0.95):.1f} |"
            )
    lines += ["", "p95 of ours over arabic's in this run (the same matches; below 1: ours is faster):", ""]
    lines += ["| query | results page | count |", "| --- | ---: | ---: |"]
    for kind in TYPES:
        ratios = [
            percentile([r[2] for r in results[(kind, mine)]], 0.95)
            / max(percentile([r[2] for r in results[(kind, theirs)]], 0.95), 0.001)
            for mine, theirs in (("ours results", "arabic"), ("ours count", "arabic count"))
        ]
        lines.append(f"| {kind} | {ratios[0]:.2f} | {ratios[1]:.2f} |")
    lines.append("")
    for engine, label in SHAPES:
        missed = [kind for kind in TYPES if percentile([r[2] for r in results[(kind, engine)]], 0.95) >= 50]
        verdict = "met for every query type." if not missed else f"missed for {', '.join(missed)}."
        lines.append(f"p95 target (< 50 ms), {label}: {verdict}")

    EXPLAIN_DIR.mkdir(exist_ok=True)
    explain_path = EXPLAIN_DIR / f"explain-{size}.txt"
    with explain_path.open("w", encoding="utf-8") as fh:
        for kind in TYPES:
            slowest = sorted(results[(kind, "ours")], key=lambda r: -r[2])[:2]
            for q, band, ms, hits, _stages in slowest:
                fh.write(f"=== {kind} ({band}) {q!r}: {ms:.1f} ms, {hits} matches\n{explain(q)}\n\n")
    lines.append(
        "EXPLAIN ANALYZE of the window statements of the two slowest queries per type: "
        f"`{explain_path.relative_to(ROOT)}`."
    )
    slow = sorted(((r[2], kind, r[0]) for kind in TYPES for r in results[(kind, "ours")]), reverse=True)[:5]
    lines.append("Slowest (ours): " + "; ".join(f"{kind} «{q}» {ms:.0f} ms" for ms, kind, q in slow) + ".")
    text = "\n".join(lines)
    print(text)
    (EXPLAIN_DIR / f"latency-{size}.json").write_text(
        json.dumps({f"{k[0]}|{k[1]}": v for k, v in results.items()}, ensure_ascii=False, indent=0), "utf-8"
    )
    if not args.no_write:
        write_subsection(text, title)
        print(f"Wrote '{title}' into the section 'Search speed' of {RESULTS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
