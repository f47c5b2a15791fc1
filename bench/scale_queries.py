"""The main reads and writes of the API at scale: the application's p95 beside the p95 of the same
SQL replayed with psycopg in the same run, and the number of statements.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_bench .venv/bin/python bench/scale_queries.py

Needs a corpus (`manage.py generate_corpus N`, see bench/README.md). Each request runs in-process
through Django's test client (`--runs` times after `--warmup`), capturing its statements; the
"raw SQL" figure replays exactly those statements, one after another on one psycopg connection, as
the application sent them (writes inside a transaction that is rolled back). Writes change the
corpus a little (a headline edited; articles created: they are deleted at the end). Writes the
section "Reads and writes at N articles" of bench/RESULTS.md and, per list shape, the EXPLAIN ANALYZE
of its page and its count to bench/results/explain-lists-<N>.txt (`--no-write`: print only).
"""

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("Model name"):
            cpu = line.split(":", 1)[1].strip()
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({cpu}), shared with other jobs (load average {load:.1f} at the end)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from articles.api.pagination import encode_cursor
    from articles.models import Article, Entity, Mention, Source
    from articles.syndication import dispatch
    from tests.support.api import ALL_PERMISSIONS
    from tests.support.users import user_with_perms

    settings.ALLOWED_HOSTS = ["*"]
    total = Article.objects.count()
    if total < 1000:
        raise SystemExit("No corpus here: run manage.py generate_corpus N first (bench/README.md).")
    raw = psycopg.connect(os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1), autocommit=True)
    # As autovacuum would have by now: statistics and visibility maps of the tables the lists read.
    for table in ("articles_article", "articles_mention", "articles_attribution", "articles_caption", "articles_quote"):
        raw.execute(f"VACUUM (ANALYZE) {table}")

    counts = list(
        Mention.objects.values("entity_id").annotate(n=Count("id")).order_by("-n").values_list("entity_id", "n")
    )
    frequent_entity, frequent_n = counts[0]
    median_entity, median_n = counts[len(counts) // 2]
    entity_slugs = dict(Entity.objects.filter(pk__in=[frequent_entity, median_entity]).values_list("pk", "slug"))
    source = Source.objects.annotate(n=Count("attributions")).order_by("-n").values_list("slug", "n").first()
    public = Article.objects.filter(status__in=Article.PUBLIC_STATUSES, published_at__lte=datetime.now(UTC))
    deep = public.order_by("-published_at", "-id").values_list("published_at", "pk")[39_999]
    newest = public.order_by("-published_at").values_list("published_at", flat=True).first()
    month = (newest - timedelta(days=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    detail = public.order_by("-published_at").values_list("uuid", flat=True)[100]

    user = user_with_perms(*ALL_PERMISSIONS, "publish_article", username="bench-scale-editor", is_staff=True)
    token = Token.objects.get_or_create(user=user)[0].key
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    writer = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_ACCEPT_LANGUAGE="en")
    target = Article.objects.filter(status=Article.Status.PUBLISHED).order_by("-published_at")[5]
    version = {"value": target.version}
    created: list[str] = []
    names = list(Entity.objects.order_by("-id").values_list("slug", flat=True)[:3])
    nested = {
        "headline": "خبر تجريبي بأجزائه",
        "body": "الفقرة الأولى من الخبر.\n\nوقال المتحدث إن الوضع مستقر.",
        "captions": [{"order": 1, "text": "صورة أولى"}, {"order": 2, "text": "صورة ثانية"}],
        "mentions": [{"entity": slug} for slug in names],
        "quotes": [{"text": "الوضع مستقر", "speaker": names[0], "paragraph": 2}],
    }

    def patch():
        response = writer.patch(
            f"/api/v1/articles/{target.uuid}/",
            json.dumps({"headline": f"عنوان معدل {time.perf_counter_ns()}"}),
            content_type="application/json",
            HTTP_IF_MATCH=f'"{version["value"]}"',
        )
        version["value"] = response.json()["version"]
        return response

    def create_nested():
        response = writer.post("/api/v1/articles/", json.dumps(nested), content_type="application/json")
        created.append(response.json()["uuid"])
        return response

    def create_then_parts():
        body = {key: nested[key] for key in ("headline", "body")}
        response = writer.post("/api/v1/articles/", json.dumps(body), content_type="application/json")
        uuid = response.json()["uuid"]
        created.append(uuid)
        parts = [("captions", {**row, "article": uuid}) for row in nested["captions"]]
        parts += [("mentions", {**row, "article": uuid}) for row in nested["mentions"]]
        parts += [("quotes", {**row, "article": uuid}) for row in nested["quotes"]]
        for kind, row in parts:
            response = writer.post(f"/api/v1/{kind}/", json.dumps(row), content_type="application/json")
        return response

    frequent_url = f"/api/v1/articles/?entity={entity_slugs[frequent_entity]}"
    median_url = f"/api/v1/articles/?entity={entity_slugs[median_entity]}"
    reads = {
        f"articles about a frequent entity ({frequent_n:,} mentions)": frequent_url,
        f"articles about a median entity ({median_n} mentions)": median_url,
        f"articles attributed to a frequent source ({source[1]:,})": f"/api/v1/articles/?source={source[0]}",
        "list, page 1, full representation": "/api/v1/articles/",
        "list, page 500 (OFFSET 9,980: the deepest page number)": "/api/v1/articles/?page=500",
        "list, cursor at row 40,000 (where page 2,000 was)": f"/api/v1/articles/?cursor={encode_cursor(*deep)}",
        "one month's articles (date range)": f"/api/v1/articles/?published_from={month}",
        "article detail": f"/api/v1/articles/{detail}/",
    }
    requests = {name: (lambda url=url: client.get(url)) for name, url in reads.items()}
    requests["one-field PATCH (token)"] = patch
    requests["create an article with 2 captions, 3 mentions, 1 quote (1 request)"] = create_nested
    requests["the same as 7 requests (create, then each part)"] = create_then_parts

    rows, explains = [], []
    for name, send in requests.items():
        app, sql, queries = [], [], 0
        for run in range(args.warmup + args.runs):
            dispatch.wake()
            gc.collect()  # untimed, between requests, as a server process does (newsroom/collector.py)
            connection.queries_log.clear()  # it keeps 9,000 statements: a full log captures none
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = send()
                elapsed = time.perf_counter() - started
            assert response.status_code < 300, (name, response.status_code, response.content[:300])
            statements = [q["sql"] for q in captured.captured_queries]
            replay = replay_time(raw, statements, write=name not in reads)
            if run >= args.warmup:
                app.append(elapsed)
                sql.append(replay)
                queries = len(statements)
        if name in reads:
            explains.append(explain(raw, name, statements))
        p_app, p_sql = percentile(app, 0.95) * 1000, percentile(sql, 0.95) * 1000
        rows.append(f"| {name} | {p_app:,.1f} ms | {p_sql:,.1f} ms | {p_app / p_sql:.1f} | {queries} |")
        print(rows[-1], flush=True)

    Article.objects.filter(uuid__in=created).delete()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    size = raw.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()[0]
    section = "\n".join(
        [
            f"## Reads and writes at {total:,} articles (bench/scale_queries.py)",
            "",
            f"Produced by `bench/scale_queries.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit "
            f"{commit.stdout.strip()}; {machine()}; PostgreSQL; {total:,} articles (database {size}). "
            f"Each request {args.runs} times after {args.warmup} warm-up runs, in-process through Django's test "
            "client; *raw SQL* replays the statements the same request sent, one after another on one psycopg "
            "connection, in the same run (writes in a transaction rolled back). Anonymous reads, full "
            "representation; writes with an editor's token. *queries*: statements sent, transaction control "
            "included. EXPLAIN ANALYZE of each list's page and count: "
            f"`bench/results/explain-lists-{total}.txt`.",
            "",
            "| request | app p95 | raw SQL p95 | ratio | queries |",
            "| --- | ---: | ---: | ---: | ---: |",
            *rows,
            "",
        ]
    )
    print(section)
    if not args.no_write:
        (ROOT / "bench" / "results" / f"explain-lists-{total}.txt").write_text("\n".join(explains), "utf-8")
        write_section(section, f"Reads and writes at {total:,} articles (bench/scale_queries.py)")


def replay_time(raw, statements: list[str], *, write: bool) -> float:
    """Seconds to run `statements` on the psycopg connection (in a rolled-back transaction for writes)."""
    wanted = [sql for sql in statements if not sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO"))]
    started = time.perf_counter()
    if write:
        raw.execute("BEGIN")
    try:
        for sql in wanted:
            # An INSERT may name a key the application's run took (a revision's): it may fail here,
            # so it runs in a savepoint of its own.
            guarded = write and sql.startswith("INSERT")
            if guarded:
                raw.execute("SAVEPOINT replay")
            try:
                cursor = raw.execute(sql)  # no parameters: psycopg leaves every % as it is
                if cursor.description is not None:
                    cursor.fetchall()
            except psycopg.errors.IntegrityError:
                raw.execute("ROLLBACK TO SAVEPOINT replay")
    finally:
        if write:
            raw.execute("ROLLBACK")
    return time.perf_counter() - started


def explain(raw, name: str, statements: list[str]) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of a list's count and page (the SELECT of articles)."""
    out = [f"=== {name}"]
    count = next((sql for sql in statements if sql.startswith("SELECT COUNT(*)")), None)
    page = next((sql for sql in statements if sql.startswith('SELECT "articles_article"."id"')), None)
    for sql in (count, page):
        if sql is not None:
            plan = raw.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql).fetchall()
            out += ["", sql[:3000], "", *(row[0] for row in plan), ""]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
