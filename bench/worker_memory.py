"""A gunicorn worker's memory through the read mix, for each garbage-collector setting.

    DATABASE_URL=postgres://…/nr_bench_100k .venv/bin/python bench/worker_memory.py [--requests 10000]

For each setting (newsroom/collector.py): the project's (a full collection after every response),
Python's defaults (NEWSROOM_GC=python) and the previous one (a full collection every 1,000th
response, NEWSROOM_GC_FULL_EVERY=1000), it starts gunicorn with ONE sync worker (response cache
off, request log off), sends the same `--requests` paths of the read mix (bench/serving.py) from
`--clients` threads, and samples the worker's RSS every 0.2 s. Reports the peak RSS (VmHWM), the
RSS after each tenth of the requests, latency percentiles and throughput, and writes the section
"Worker memory" of RESULTS.md.
"""

import argparse
import http.client
import statistics
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import serving
from bench.report import write_section

SETTINGS = {
    "project (full collection after every response)": {},
    "Python's defaults (NEWSROOM_GC=python)": {"NEWSROOM_GC": "python"},
    "previous (full collection every 1,000th response)": {"NEWSROOM_GC_FULL_EVERY": "1000"},
}


def run(paths, port: int, clients: int, worker: int, samples: list):
    """Send every path once (clients threads, keep-alive off as sync workers do); (latencies, errors, seconds)."""
    latencies, errors, lock = [], [0], threading.Lock()
    queue = iter(range(len(paths)))
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            samples.append(serving.rss_mb(worker)[0])
            stop.wait(0.2)

    def client():
        while True:
            with lock:
                index = next(queue, None)
            if index is None:
                return
            start = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", paths[index][1])
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                conn.close()
            except OSError:
                ok = False
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)
                errors[0] += not ok

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    return latencies, errors[0], seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--previous-requests", type=int, default=3_000, help="requests for the previous setting")
    parser.add_argument("--clients", type=int, default=2)
    parser.add_argument("--port", type=int, default=8621)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()

    facts = serving.corpus_facts(serving.database_url())
    rows = []
    for number, (name, env) in enumerate(SETTINGS.items()):
        count = args.previous_requests if "previous" in name else args.requests
        paths = serving.read_paths(facts, count)
        env = {**env, "GUNICORN_WORKERS": "1", "GUNICORN_THREADS": "1", "RESPONSE_CACHE": "0", "REQUEST_LOG": "0"}
        with serving.Gunicorn(
            args.port + number, env, serving.ROOT / "bench/logs/worker_memory-gunicorn.log"
        ) as server:
            (worker,) = server.workers()
            start_rss = serving.rss_mb(worker)[0]
            samples = []
            latencies, errors, seconds = run(paths, server.port, args.clients, worker, samples)
            final, peak = serving.rss_mb(worker)
        tenths = [samples[min(len(samples) - 1, i * len(samples) // 10)] for i in range(1, 11)]
        row = {
            "setting": name,
            "requests": count,
            "start": start_rss,
            "peak": peak,
            "final": final,
            "tenths": tenths,
            "p50": serving.percentile(latencies, 0.50),
            "p95": serving.percentile(latencies, 0.95),
            "p99": serving.percentile(latencies, 0.99),
            "rps": count / seconds,
            "errors": errors,
            "mean": statistics.fmean(latencies),
        }
        rows.append(row)
        print(row, flush=True)

    lines = [
        f"Produced by `bench/worker_memory.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {serving.machine()}; "
        f"{facts['articles']:,} articles on PostgreSQL. One gunicorn sync worker (response cache off), "
        f"{args.clients} client threads sending the same read mix (bench/serving.py: detail, lists, filters, "
        "search) to each setting; RSS sampled every 0.2 s; latency in ms.",
        "",
        "| collector setting | requests | RSS at start MB | peak RSS MB | RSS at the end MB "
        "| p50 | p95 | p99 | req/s | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['setting']} | {r['requests']:,} | {r['start']:.0f} | {r['peak']:.0f} | {r['final']:.0f} | "
            f"{r['p50']:.0f} | {r['p95']:.0f} | {r['p99']:.0f} | {r['rps']:.1f} | {r['errors']} |"
        )
    lines += ["", "RSS (MB) after each tenth of the requests:", ""]
    for r in rows:
        lines.append(f"- {r['setting']}: " + ", ".join(f"{value:.0f}" for value in r["tenths"]))
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(f"## Worker memory\n\n{text.strip()}\n", "Worker memory")


if __name__ == "__main__":
    main()
