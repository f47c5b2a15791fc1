"""Load benchmark: gunicorn + PostgreSQL + Redis under wrk, with and without the cache and a replica.

    DATABASE_URL=postgres://…/nr_bench_100k .venv/bin/python bench/load.py [--seconds 20]

Needs Debian's `wrk` (apt-get install wrk), Redis on 6379 and, for the replica scenarios, the
streaming replica of `.ci/replica.sh` on 5433 (scenarios with a replica are left out when it does
not answer). For each scenario it starts gunicorn (`--workers` processes × `--threads` threads,
newsroom/gunicorn.conf.py), warms it for 3 s, then runs wrk (`--connections` connections, bounded
by `--seconds`) with bench/load.lua:

* read mix: the paths of bench/serving.py's mix (detail, lists, filters, search), `--paths` (300)
  of them — what readers ask for concentrates on a front page's worth of stories —, each
  connection taking them in its own random order: with and without the response cache
  (Redis database 12, emptied first), with and without the replica;
* detail only (`--paths` recent articles) and list page 1 only (the issue's baseline figures),
  with and without the cache; detail also with a warm cache ("cache, warm": each path read once
  before the warm-up, as on a site whose stories have each been read since the last write; the
  cold row pays a miss, a full database read, for each of the paths within its run);
* write mix: a token user PATCHes its own article's headline with If-Match, and creates a draft
  every fourth request (one connection per wrk thread; writes always go to the primary).

Reports req/s, req/s per core, p50/p95/p99 (ms), errors and the cache's hit ratio (from /readyz),
and writes the section "Load" of RESULTS.md. The machine is shared: compare rows of the same run.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import serving
from bench.report import write_section

CACHE_URL = "redis://127.0.0.1:6379/12"
REPLICA_PORT = 5433


def replica_url(url: str) -> str | None:
    name = url.rsplit("/", 1)[1]
    candidate = f"postgres://postgres@127.0.0.1:{REPLICA_PORT}/{name}"
    try:
        with psycopg.connect(candidate, connect_timeout=2) as conn:
            return candidate if conn.execute("SELECT pg_is_in_recovery()").fetchone()[0] else None
    except psycopg.Error:
        return None


def writer_token(url: str, count: int) -> tuple[str, list[tuple[str, int]]]:
    """A token of a superuser `bench-writer`, and `count` draft articles for it to edit."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from articles import services
    from articles.policies import actor_of

    user, _ = get_user_model().objects.get_or_create(
        username="bench-writer", defaults={"is_staff": True, "is_superuser": True}
    )
    token, _ = Token.objects.get_or_create(user=user)
    remove_writes()
    actor = actor_of(user)
    articles = [
        services.article_create(actor=actor, data={"headline": f"مسودة اختبار الحمل {n}", "body": "نص."})
        for n in range(count)
    ]
    return token.key, [(str(article.uuid), article.version) for article in articles]


def wrk(port: int, seconds: int, connections: int, threads: int, env: dict) -> dict:
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(serving.ROOT / "bench/load.lua"),
        f"http://127.0.0.1:{port}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env}, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def cache_stats(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=10) as response:
        return json.load(response)["checks"]["cache"]


def remove_writes() -> None:
    """Delete the articles `bench-writer` made (the write mix's drafts): the corpus keeps its size from
    run to run (bench/scale_queries.py names its section after it)."""
    from articles.models import Article

    Article.objects.filter(created_by__username="bench-writer").delete()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8631)
    parser.add_argument("--paths", type=int, default=300, help="distinct paths of the read mix and of detail")
    parser.add_argument("--only", help="run only the scenarios whose name contains this")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    url = serving.database_url()
    facts = serving.corpus_facts(url)
    replica = replica_url(url)
    work = Path(tempfile.mkdtemp(prefix="newsroom-load-"))
    mix = work / "mix.txt"
    mix.write_text("\n".join(path for _, path in serving.read_paths(facts, args.paths)) + "\n")
    detail = work / "detail.txt"
    detail.write_text("\n".join(f"/api/v1/articles/{uuid}/" for uuid in facts["uuids"][: args.paths]) + "\n")
    first_page = work / "list.txt"
    first_page.write_text("/api/v1/articles/\n")

    cache = {"RESPONSE_CACHE": "1", "RESPONSE_CACHE_URL": CACHE_URL}
    no_cache = {"RESPONSE_CACHE": "0"}
    with_replica = {"DATABASE_REPLICA_URLS": replica or ""}
    scenarios = [
        ("read mix", "database", mix, no_cache),
        ("read mix", "cache", mix, cache),
        ("read mix", "replica", mix, {**no_cache, **with_replica}),
        ("read mix", "cache + replica", mix, {**cache, **with_replica}),
        ("detail", "database", detail, no_cache),
        ("detail", "cache", detail, cache),
        ("detail", "cache, warm", detail, cache),
        ("list page 1", "database", first_page, no_cache),
        ("list page 1", "cache", first_page, cache),
        ("write mix", "database", None, no_cache),
    ]
    if not replica:
        scenarios = [s for s in scenarios if "replica" not in s[1]]
    if args.only:
        scenarios = [s for s in scenarios if args.only in f"{s[0]} {s[1]}"]

    rows = []
    for number, (load, setup, paths, env) in enumerate(scenarios):
        redis.Redis.from_url(CACHE_URL).flushdb()
        server_env = {
            **env,
            "GUNICORN_WORKERS": str(args.workers),
            "GUNICORN_THREADS": str(args.threads),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        }
        wrk_env, threads, connections = {}, 2, args.connections
        if paths is None:
            token, articles = writer_token(url, 2)
            (work / "articles.txt").write_text("".join(f"{uuid} {version}\n" for uuid, version in articles))
            wrk_env = {"LOAD_WRITE": "1", "LOAD_TOKEN": token, "LOAD_ARTICLES": str(work / "articles.txt")}
            connections = threads
        else:
            wrk_env = {"LOAD_PATHS": str(paths)}
        port = args.port + number
        log = serving.ROOT / "bench/logs/load-gunicorn.log"
        with serving.Gunicorn(port, server_env, log):
            if setup.endswith("warm"):
                for path in paths.read_text().split():
                    urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30).read()
            if paths is not None:
                wrk(port, 3, connections, threads, wrk_env)  # warm-up (connections, caches)
            result = wrk(port, args.seconds, connections, threads, wrk_env)
            stats = cache_stats(port) if "cache" in setup else {}
        if paths is None:
            remove_writes()
        rps = result["requests"] / result["seconds"]
        logged = [json.loads(line) for line in log.read_text().splitlines() if line.startswith('{"ts"')]
        logged = [line for line in logged if line.get("event") == "request" and line["path"].startswith("/api/")]
        total_ms = sum(line["ms"] for line in logged) or 1
        row = {
            "load": load,
            "setup": setup,
            **result,
            "rps": rps,
            "per_core": rps / (os.cpu_count() or 1),
            "hit_ratio": stats.get("hit_ratio"),
            "sql_share": sum(line["db_ms"] for line in logged) / total_ms,
            "queries": sum(line["db_queries"] for line in logged) / max(1, len(logged)),
            "server_ms": total_ms / max(1, len(logged)),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
        time.sleep(1)

    lines = [
        f"Produced by `bench/load.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {serving.machine()} "
        "(wrk, PostgreSQL, Redis and gunicorn all on this machine, so the server had less than its "
        f"{os.cpu_count()} cores); {facts['articles']:,} articles on PostgreSQL 15. gunicorn "
        f"{args.workers} workers × {args.threads} threads; wrk {args.connections} connections "
        f"(the write mix: 2), {args.seconds} s per row after a 3 s warm-up; {args.paths} distinct paths "
        "in the read mix and in detail. Latency in ms. Errors: "
        "answers other than 2xx/3xx, and socket errors. Hit ratio: the response cache's, over warm-up "
        "and run. Server ms, SQL share and queries: per API request, from the JSON request logs "
        "(time in the server, the share of it spent in SQL, SQL statements). Replica: the streaming "
        "replica of `.ci/replica.sh` on the same machine (same disks, same cores): "
        "it shows the routing's cost, not added capacity.",
        "",
        "| load | setup | requests | req/s | req/s per core | p50 | p95 | p99 | errors | cache hit ratio "
        "| server ms | SQL share | queries |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        ratio = "" if r["hit_ratio"] is None else f"{r['hit_ratio']:.1%}"
        errors = r["http_errors"] + r["socket_errors"]
        lines.append(
            f"| {r['load']} | {r['setup']} | {r['requests']:,} | {r['rps']:.1f} | {r['per_core']:.1f} | "
            f"{r['p50']:.1f} | {r['p95']:.1f} | {r['p99']:.1f} | {errors} | {ratio} | "
            f"{r['server_ms']:.1f} | {r['sql_share']:.0%} | {r['queries']:.1f} |"
        )
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(f"## Load\n\n{text.strip()}\n", "Load")


if __name__ == "__main__":
    main()
