"""The change feed's cost: writes with ids drawn in commit order (the advisory lock of migration
0015) against the same writes with a plain sequence (the baseline, same run), and reading a page.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nr_bench .venv/bin/python bench/feed_order.py

Creates a scratch database `<name>_feed` (UTF-8), migrates it, writes articles through the services
and drops it at the end (`--keep` keeps it). Each round runs THREADS writers, each updating its own
articles (no row lock in common) through `services.article_update`, once with the trigger as
migration 0015 installs it and once with the lock taken out; rounds alternate to spread the
machine's noise. Writes the section "Change feed" of bench/RESULTS.md (`--no-write`: print only).
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

WITH_LOCK = "PERFORM pg_advisory_xact_lock(7262001);"
FUNCTION = """
CREATE OR REPLACE FUNCTION articles_changeevent_in_commit_order() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS NULL THEN
        {lock}
        NEW.id := nextval('articles_changeevent_id_seq');
    END IF;
    RETURN NEW;
END $$
"""


def scratch_database(url: str) -> str:
    parsed = urlparse(url)
    name = parsed.path.lstrip("/") + "_feed"
    admin = parsed._replace(path="/postgres").geturl()
    subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)
    subprocess.run(
        [
            "psql",
            admin,
            "-q",
            "-c",
            f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
        ],
        check=True,
    )
    return parsed._replace(path=f"/{name}").geturl(), admin, name


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--writes", type=int, default=60, help="updates per thread per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each variant")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    url, admin, name = scratch_database(os.environ["DATABASE_URL"])
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    from articles import services
    from articles.models import Article, ChangeEvent
    from articles.policies import SYSTEM

    call_command("migrate", verbosity=0)
    articles = []
    for number in range(args.threads * 5):
        article = services.article_create(actor=SYSTEM, data={"headline": f"خبر {number}", "body": "نص الخبر."})
        articles.append(services.article_transition(actor=SYSTEM, article=article, name="publish"))

    def round_(lock: bool) -> tuple[float, list[float]]:
        with connection.cursor() as cursor:
            cursor.execute(FUNCTION.format(lock=WITH_LOCK if lock else ""))
        latencies: list[float] = []
        guard = threading.Lock()

        def writer(index: int):
            mine = articles[index * 5 : index * 5 + 5]
            local = []
            for number in range(args.writes):
                article = Article.objects.get(pk=mine[number % 5].pk)
                started = time.perf_counter()
                services.article_update(actor=SYSTEM, article=article, data={"summary": f"{index}-{number}"})
                local.append(time.perf_counter() - started)
            with guard:
                latencies.extend(local)
            connections.close_all()

        threads = [threading.Thread(target=writer, args=(index,)) for index in range(args.threads)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started, latencies

    results = {True: [], False: []}
    latencies = {True: [], False: []}
    for _ in range(args.rounds):
        for lock in (False, True):
            elapsed, measured = round_(lock)
            results[lock].append(args.threads * args.writes / elapsed)
            latencies[lock].extend(measured)
    with connection.cursor() as cursor:
        cursor.execute(FUNCTION.format(lock=WITH_LOCK))

    ids = list(ChangeEvent.objects.order_by("id").values_list("id", flat=True))
    client, reads = Client(), []
    from articles.history.changes import encode_cursor

    for position in range(0, len(ids) - 100, max(1, len(ids) // 200)):
        started = time.perf_counter()
        response = client.get("/api/v1/changes/", {"after": encode_cursor(ids[position]), "limit": 100})
        reads.append(time.perf_counter() - started)
        assert response.status_code == 200
    connections.close_all()

    cpu = platform.processor() or ""
    for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
        if line.startswith("Model name"):
            cpu = line.split(":", 1)[1].strip()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    lock_rate, plain_rate = statistics.median(results[True]), statistics.median(results[False])

    def row(label, lock):
        p50, p95 = percentile(latencies[lock], 0.5) * 1000, percentile(latencies[lock], 0.95) * 1000
        rate = lock_rate if lock else plain_rate
        return f"| {label} | {rate:.0f} | {p50:.1f} ms | {p95:.1f} ms |"

    read_p50, read_p95 = percentile(reads, 0.5) * 1000, percentile(reads, 0.95) * 1000
    section = "\n".join(
        [
            "## Change feed (bench/feed_order.py)",
            "",
            f"Produced by `bench/feed_order.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit "
            f"{commit.stdout.strip()}; {os.cpu_count()} cores ({cpu}), PostgreSQL; other work was running on "
            f"the machine. {args.threads} writers, each updating its own 5 published articles through "
            f"`services.article_update` ({args.writes} updates per writer per round, {args.rounds} rounds of "
            "each variant, alternated). The baseline is the same trigger without the advisory lock: ids from a "
            "plain sequence, *not* in commit order.",
            "",
            "| variant | updates/s (median of rounds) | latency p50 | p95 |",
            "| --- | ---: | ---: | ---: |",
            row("ids in commit order (advisory lock until COMMIT)", True),
            row("plain sequence (baseline)", False),
            "",
            f"Throughput with the lock: {lock_rate / plain_rate:.2f} × the baseline. Reading a page of 100 events "
            f"(`GET /api/v1/changes/?after=…&limit=100`, anonymous, Django's test client, {len(reads)} reads over "
            f"{len(ids)} events): p50 {read_p50:.1f} ms, p95 {read_p95:.1f} ms.",
            "",
        ]
    )
    print(section)
    if not args.no_write:
        results_file = ROOT / "bench" / "RESULTS.md"
        text = results_file.read_text("utf-8")
        start = text.find("## Change feed (bench/feed_order.py)")
        if start >= 0:
            end = text.find("\n## ", start + 1)
            text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
        else:
            text = text.rstrip("\n") + "\n\n" + section
        results_file.write_text(text, "utf-8")
    if not args.keep:
        subprocess.run(["psql", admin, "-q", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], check=True)


if __name__ == "__main__":
    main()
