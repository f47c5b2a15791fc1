"""Entity linking speed: a 1,000-word article against 100,000 entities with 3 aliases each.

    .venv/bin/python bench/analysis_speed.py            # writes its section of bench/RESULTS.md
    .venv/bin/python bench/analysis_speed.py --no-write --entities 10000

No database. Builds synthetic entries (deterministic: --seed), Arabic-looking names of every
kind (persons of two or three words, organisations such as «وزارة …» or a one-word name,
places with and without the article, events, topics), each with a name and 3 aliases, plus the
seed fixture's real entities and sources so that real names occur too. Then measures:

* building the Linker (time, resident memory it adds, the process's peak while building), and
  pickling it (size, dump and load times): the Linker is meant to be built once per process or
  loaded from a pickle;
* Linker.find on --articles distinct articles of --words words each, assembled from the
  paragraphs of bench/eval/corpus.json and the seed articles with synthetic names sprinkled in
  (one in --name-every words), each run once after a warm-up on other articles; like a server
  process, what the build loaded is frozen out of the garbage collector and the young
  generations are collected between articles, not timed;
* the same with the tokenizer's chunk cache emptied before each article (a cold worst case);
* find_quotes on the same articles with the matches found (informative).

Target: find p95 < 20 ms on the 2-core benchmark machine. Writes the section
"Entity linking speed (bench/analysis_speed.py)" of bench/RESULTS.md and prints it.
"""

import argparse
import gc
import importlib
import json
import os
import pickle
import platform
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.text.linking import Linker  # noqa: E402
from articles.text.quotes import find_quotes  # noqa: E402
from bench.report import RESULTS, write_section  # noqa: E402

TITLE = "Entity linking speed (bench/analysis_speed.py)"
TARGET_P95_MS = 20
TOKENIZE = importlib.import_module("articles.text.tokenize")  # the module (articles.text exports the function)

CONSONANTS = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"
LONG_VOWELS = "اوي"
ORG_HEADS = ("وزارة", "شركة", "حزب", "جامعة", "هيئة", "مؤسسة", "بنك", "نادي", "مجلس", "حركة")
EVENT_HEADS = ("قمة", "مؤتمر", "معركة", "انتخابات", "مهرجان", "اتفاق")
TOPIC_HEADS = ("أزمة", "سوق", "قطاع", "ملف")


def machine() -> str:
    try:
        cpu = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        cpu = platform.processor() or "unknown CPU"
    try:
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        memory = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        memory = ""
    return f"{os.cpu_count()} cores ({cpu}){memory}"


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --------------------------------------------------------------------------- synthetic entries


def word(rng: random.Random, low: int = 3, high: int = 7) -> str:
    """An Arabic-looking word: consonants with a long vowel now and then."""
    letters = []
    for _ in range(rng.randint(low, high)):
        letters.append(rng.choice(CONSONANTS))
        if rng.random() < 0.35:
            letters.append(rng.choice(LONG_VOWELS))
    return "".join(letters[: high + 1])


def synthetic_entries(count: int, aliases: int, seed: int) -> list[tuple[str, str, list[str]]]:
    rng = random.Random(seed)
    given = [word(rng, 3, 5) for _ in range(3000)]
    entries = []
    for n in range(count):
        roll = rng.random()
        if roll < 0.40:
            kind = "person"
            family = word(rng, 4, 7)
            first = rng.choice(given)
            names = [f"{first} {family}", family, f"{first} {word(rng, 3, 5)} {family}", f"{first[0]}. {family}"]
        elif roll < 0.60:
            kind = "organisation"
            core = word(rng, 4, 7)
            head = rng.choice(ORG_HEADS)
            names = [f"{head} {core}", core, f"{head} ال{core}", f"{core} {word(rng, 3, 5)}"]
        elif roll < 0.85:
            kind = "place"
            core = word(rng, 3, 6)
            names = [("ال" if rng.random() < 0.3 else "") + core, f"مدينة {core}", f"محافظة {core}", core + "ستان"]
        elif roll < 0.90:
            kind = "event"
            core = word(rng, 4, 6)
            names = [f"{rng.choice(EVENT_HEADS)} {core}", f"{rng.choice(EVENT_HEADS)} {core} الكبرى"]
            names += [f"{core} {rng.randint(1990, 2030)}", f"أحداث {core}"]
        else:
            kind = "topic"
            core = word(rng, 4, 7)
            names = [f"{rng.choice(TOPIC_HEADS)} {core}", core, f"ال{core}ية", f"{core} {word(rng, 3, 5)}"]
        entries.append((f"synthetic-{n:06d}", kind, names[: 1 + aliases]))
    return entries


def seed_entries() -> list[tuple[object, str, list[str]]]:
    rows = json.loads((ROOT / "fixtures" / "seed.json").read_text("utf-8"))
    aliases: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        if row["model"] in ("articles.entityalias", "articles.sourcealias"):
            owner = row["fields"].get("entity") or row["fields"]["source"]
            aliases.setdefault((row["model"], owner[0]), []).append(row["fields"]["name"])
    out = []
    for row in rows:
        f = row["fields"]
        if row["model"] == "articles.entity":
            out.append((f["slug"], f["kind"], [f["name"], *aliases.get(("articles.entityalias", f["slug"]), [])]))
        elif row["model"] == "articles.source":
            key = ("source", f["slug"])
            out.append((key, f["kind"], [f["name"], *aliases.get(("articles.sourcealias", f["slug"]), [])]))
    return out


# --------------------------------------------------------------------------- articles


def paragraphs() -> list[str]:
    corpus = json.loads((ROOT / "bench" / "eval" / "corpus.json").read_text("utf-8"))
    out = [p for a in corpus["articles"] for p in a["body"].split("\n\n") if p.strip()]
    seed = json.loads((ROOT / "fixtures" / "seed.json").read_text("utf-8"))
    out += [p for r in seed if r["model"] == "articles.article" for p in r["fields"]["body"].split("\n\n")]
    return out


def articles(count: int, words: int, name_every: int, names: list[str], seed: int) -> list[str]:
    rng = random.Random(seed + 1)
    pool = paragraphs()
    out = []
    for _ in range(count):
        body, total = [], 0
        while total < words:
            tokens = rng.choice(pool).split()
            tokens = tokens[: words - total]
            for i in range(len(tokens)):
                if rng.randrange(name_every) == 0:
                    tokens[i] = rng.choice(("", "و", "ب", "ل", "وال")) + rng.choice(names)
            body.append(" ".join(tokens))
            total += len(tokens)
        out.append("\n\n".join(body))
    return out


# --------------------------------------------------------------------------- measuring


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(function, texts: list[str], cold: bool = False) -> tuple[list[float], list]:
    """Milliseconds of function(text) for each text, collecting young garbage between them."""
    times, results = [], []
    for text in texts:
        if cold:
            TOKENIZE._chunk_tokens.clear()
        gc.collect(1)
        started = time.perf_counter()
        result = function(text)
        times.append((time.perf_counter() - started) * 1000)
        results.append(result)
    return times, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entities", type=int, default=100_000)
    parser.add_argument("--aliases", type=int, default=3, help="aliases per entity besides its name")
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--name-every", type=int, default=40, help="one synthetic name per this many words")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-write", action="store_true", help="Print only; leave bench/RESULTS.md alone.")
    args = parser.parse_args()

    entries = synthetic_entries(args.entities, args.aliases, args.seed) + seed_entries()
    names = [name for _, _, ns in entries[: args.entities : 7] for name in ns[:2]]
    texts = articles(args.articles + 20, args.words, args.name_every, names, args.seed)
    names_total = sum(len(ns) for _, _, ns in entries)

    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    linker = Linker(entries)
    build_s = time.perf_counter() - started
    gc.collect()
    after = rss_mb()
    build_peak = rss_mb("VmHWM")
    started = time.perf_counter()
    blob = pickle.dumps(linker, protocol=pickle.HIGHEST_PROTOCOL)
    dump_s = time.perf_counter() - started
    started = time.perf_counter()
    pickle.loads(blob)
    load_s = time.perf_counter() - started
    gc.collect()
    gc.freeze()  # like newsroom.collector.install(): what is loaded lives as long as the process
    gc.set_threshold(100_000, *gc.get_threshold()[1:])

    timed(linker.find, texts[:20])  # warm-up on other articles
    measured = texts[20:]
    find_ms, found = timed(linker.find, measured)
    cold_ms, _ = timed(linker.find, measured, cold=True)
    pairs = iter(found)

    def quotes(text):
        matches = next(pairs)
        return find_quotes(text, mentions=[m for m in matches if not isinstance(m.key, tuple)])

    quote_ms, _ = timed(quotes, measured)
    peak = rss_mb("VmHWM")
    matches_per_article = statistics.median(len(m) for m in found)

    rows = [
        ("Linker.find", find_ms),
        ("Linker.find, tokenizer cache emptied before each", cold_ms),
        ("find_quotes (with the matches)", quote_ms),
    ]
    verdict = "met" if percentile(find_ms, 0.95) < TARGET_P95_MS else "NOT met"
    lines = [
        f"## {TITLE}",
        "",
        f"Produced by `bench/analysis_speed.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit()}; "
        f"{machine()}; Python {platform.python_version()}, pyahocorasick {version('pyahocorasick')}. "
        f"{args.entities:,} synthetic entities with {args.aliases} aliases each plus the seed's "
        f"{len(entries) - args.entities} entities and sources: {len(entries):,} entries, {names_total:,} names, "
        f"{linker.patterns:,} automaton patterns (names, names without their article, place adjectives). "
        f"{len(measured)} distinct articles of {args.words:,} words (paragraphs of bench/eval/corpus.json and "
        f"the seed, one synthetic name per {args.name_every} words), each measured once after a warm-up; "
        f"median {matches_per_article:.0f} matches per article. Young garbage is collected between articles, "
        "not timed, as in a server process.",
        "",
        "| build | value |",
        "| --- | ---: |",
        f"| Linker built from the entries | {build_s:.1f} s |",
        f"| resident memory added by the Linker | {after - before:,.0f} MB |",
        f"| resident memory of the process before building / peak while building | {before:,.0f} MB / "
        f"{build_peak:,.0f} MB |",
        f"| peak resident memory of the process, after a pickle round trip and the measurements | {peak:,.0f} MB |",
        f"| pickled size | {len(blob) / 1e6:,.0f} MB |",
        f"| pickle.dumps / pickle.loads | {dump_s:.1f} s / {load_s:.1f} s |",
        "",
        f"Latency in ms per {args.words:,}-word article (target for Linker.find: p95 < {TARGET_P95_MS} ms, {verdict}).",
        "",
        "| operation | n | p50 | p95 | p99 | max |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, values in rows:
        lines.append(
            f"| {label} | {len(values)} | {percentile(values, 0.5):.1f} | {percentile(values, 0.95):.1f} "
            f"| {percentile(values, 0.99):.1f} | {max(values):.1f} |"
        )
    lines.append("")
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        write_section(text, TITLE)
        print(f"Wrote the section '{TITLE}' of {RESULTS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
