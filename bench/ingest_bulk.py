"""import_ndjson against loaddata of the same data, measured in the same run (PostgreSQL).

    .venv/bin/python bench/ingest_bulk.py --sizes 1000 4000 --loaddata-max 1000

For each size N: a source database gets N synthetic articles (bench/corpus: entities, sources,
captions, mentions, attributions, quotes; `generate_corpus --no-index`), which are written out both
ways: `export_ndjson` (our dump) and `dumpdata` of the same models with natural keys (loaddata's
input). Each load then runs in a fresh database (a copy of one migrated template) as its own
process under /usr/bin/time, which reports wall time and the process's peak resident memory:
`import_ndjson` (with search indexing, its default, and with --no-index: loaddata indexes
nothing) and, for N up to --loaddata-max, `loaddata`. Writes the section "Bulk import
(bench/ingest_bulk.py)" of bench/RESULTS.md.
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import write_section  # noqa: E402

SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PREFIX = "newsroom_ingest_bench"
TITLE = "Bulk import (bench/ingest_bulk.py)"
MODELS = [
    "articles.entity",
    "articles.entityalias",
    "articles.source",
    "articles.sourcealias",
    "articles.article",
    "articles.caption",
    "articles.attribution",
    "articles.mention",
    "articles.quote",
    "articles.correction",
    "articles.collection",
    "articles.collectionitem",
]
WORK = Path(os.environ.get("BENCH_WORK", "/tmp/newsroom_ingest_bench"))


def psql(sql: str) -> None:
    subprocess.run(["psql", f"{SERVER}/postgres", "-qc", sql], check=True, capture_output=True)


def recreate(name: str, template: str = "template0") -> None:
    psql(f'DROP DATABASE IF EXISTS "{name}"')
    psql(
        f"CREATE DATABASE \"{name}\" TEMPLATE {template} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"
        if template == "template0"
        else f'CREATE DATABASE "{name}" TEMPLATE "{template}"'
    )


def manage(database: str, *args: str, timed: bool = False) -> tuple[float, int]:
    """Run manage.py against `database`; (wall seconds, peak RSS in MB) when timed."""
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{database}"}
    command = [sys.executable, "manage.py", *args]
    if timed:
        command = ["/usr/bin/time", "-f", "%e %M", *command]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    if not timed:
        return 0.0, 0
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    return float(seconds), int(kilobytes) // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 4000])
    parser.add_argument("--loaddata-max", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    template = f"{PREFIX}_template"
    recreate(template)
    manage(template, "migrate", "--noinput", "-v0")
    rows = []
    for size in args.sizes:
        source = f"{PREFIX}_source"
        recreate(source, template)
        manage(source, "generate_corpus", str(size), "--no-index", "-v0")
        dump, fixture = WORK / f"dump_{size}.ndjson", WORK / f"dump_{size}.json"
        manage(source, "export_ndjson", "--no-progress", "-o", str(dump))
        with_loaddata = size <= args.loaddata_max
        if with_loaddata:
            manage(source, "dumpdata", *MODELS, "--natural-foreign", "--natural-primary", "-o", str(fixture))
        json_mb = fixture.stat().st_size / 1e6 if with_loaddata else None
        result = {"size": size, "ndjson_mb": dump.stat().st_size / 1e6, "json_mb": json_mb}
        for label, command in (
            ("import_ndjson", ["import_ndjson", str(dump), "--no-progress"]),
            ("import_ndjson --no-index", ["import_ndjson", str(dump), "--no-progress", "--no-index"]),
            ("loaddata", ["loaddata", str(fixture), "-v0"]),
        ):
            if label == "loaddata" and not with_loaddata:
                continue
            target = f"{PREFIX}_target"
            recreate(target, template)
            result[label] = manage(target, *command, timed=True)
            print(size, label, result[label], flush=True)
        rows.append(result)
    for name in ("source", "target", "template"):
        psql(f'DROP DATABASE IF EXISTS "{PREFIX}_{name}"')
    text = report(rows, args)
    print(text)
    if not args.no_write:
        write_section(text, TITLE)


def report(rows, args) -> str:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    lines = [
        f"## {TITLE}",
        "",
        f"Produced by `bench/ingest_bulk.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit.strip()}; "
        f"2 cores ({platform.processor() or platform.machine()}), shared with other jobs; PostgreSQL on the same "
        "machine. Synthetic articles from bench/corpus (each with captions, mentions, attributions and quotes, "
        "plus the entities and sources they name). Each load runs as its own process into a fresh database; wall "
        "time and peak resident memory of that process from /usr/bin/time. loaddata reads the same rows written "
        "by dumpdata with natural keys, and indexes nothing, so `import_ndjson --no-index` is the like-for-like "
        f"comparison. loaddata was run only up to {args.loaddata_max:,} articles: it writes one row at a time, "
        "and 100,000 articles (the issue's target size) would have taken hours on this shared machine, so the "
        "ratios below are at the sizes measured, not at 100,000.",
        "",
        "| articles | NDJSON / JSON size | import_ndjson | import_ndjson --no-index | loaddata "
        "| speed-up (no-index vs loaddata) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        cells = []
        for label in ("import_ndjson", "import_ndjson --no-index", "loaddata"):
            value = r.get(label)
            cells.append(f"{value[0]:.1f} s, {value[1]} MB" if value else "not run")
        ratio = f"{r['loaddata'][0] / r['import_ndjson --no-index'][0]:.1f}×" if r.get("loaddata") else "–"
        lines.append(
            f"| {r['size']:,} | {r['ndjson_mb']:.1f} / "
            + (f"{r['json_mb']:.1f} MB" if r["json_mb"] else "–")
            + " | "
            + " | ".join(cells)
            + f" | {ratio} |"
        )
    lines += [
        "",
        "Peak memory is the whole process (Python, Django and the batch being written); flat in the number of "
        "articles means it does not grow from one size to the next. Wall time includes starting Django (about "
        "1 s).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    started = time.monotonic()
    main()
    print(f"done in {time.monotonic() - started:.0f} s")
