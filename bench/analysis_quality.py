"""Entity linking and quote extraction quality on hand-annotated text that is not the seed.

    .venv/bin/python bench/analysis_quality.py            # writes its section of bench/RESULTS.md
    .venv/bin/python bench/analysis_quality.py --no-write --errors

No database. Reads bench/eval/analysis/gold.json (built by build_gold.py from annotated.txt, the
development part, and heldout.txt, the held-out part: 16 documents, 80 paragraphs in the styles of
agency wires, newspapers, TV and news websites), builds
one Linker from its entities (key: the entity key) and sources (key: ("source", key)), and runs
over each document's body (its paragraphs joined by blank lines, as Article.body):

* Linker.find: the entity matches of the name forms (exact, article; not adjectives) against the
  gold mentions, by key and exact offsets, per entity kind;
* find_quotes: a quote is right when its paragraph and text are the gold's; its speaker when the
  quote is right and the speaker is the gold's entity, or, for a gold speaker unknown to the
  entity list, an unknown speaker with the same words (normalised);
* find_attributions: an attributed source is right when its paragraph and source are the gold's
  (a candidate outlet: its name, normalised).

Precision, recall and F1 in percent, for the whole set and for its held-out part. Also runs the
same over the seed articles against fixtures/seed.json (what tests/text/test_seed_analysis.py
asserts). Writes the section
"Entity linking and quotes (bench/analysis_quality.py)" of bench/RESULTS.md and prints it.
"""

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from articles.text import normalize  # noqa: E402
from articles.text.linking import NAME_FORMS, Linker, counts  # noqa: E402
from articles.text.plaintext import parse_plaintext  # noqa: E402
from articles.text.quotes import find_attributions, find_quotes, paragraph_spans  # noqa: E402
from bench.report import RESULTS, write_section  # noqa: E402

GOLD = ROOT / "bench" / "eval" / "analysis" / "gold.json"
TITLE = "Entity linking and quotes (bench/analysis_quality.py)"
KINDS = ("person", "organisation", "place", "event", "topic")


def split(matches):
    """Entity matches and source matches (keys ("source", key) → key)."""
    entities = [m for m in matches if not isinstance(m.key, tuple)]
    sources = [m._replace(key=m.key[1]) for m in matches if isinstance(m.key, tuple)]
    return entities, sources


def prf(right: int, predicted: int, expected: int) -> tuple[float, float, float]:
    precision = right / predicted if predicted else 1.0
    recall = right / expected if expected else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --------------------------------------------------------------------------- the evaluation set


def evaluate(gold: dict, part: str | None = None) -> dict:
    """Scores on the documents of split ``part`` ("development", "held-out"; None: all)."""
    kinds = {e["key"]: e["kind"] for e in gold["entities"]}
    documents = [d for d in gold["documents"] if part is None or d["split"] == part]
    linker = Linker(
        [(e["key"], e["kind"], e["names"]) for e in gold["entities"]]
        + [(("source", s["key"]), s["kind"], s["names"]) for s in gold["sources"]]
    )
    expected: dict[str, set] = {name: set() for name in ("mentions", "quotes", "speakers", "sources")}
    found: dict[str, set] = {name: set() for name in expected}
    for document in documents:
        ident = document["id"]
        paragraphs = document["paragraphs"]
        body = "\n\n".join(p["text"] for p in paragraphs)
        spans = paragraph_spans(body)
        assert [body[a:b] for a, b in spans] == [p["text"] for p in paragraphs], ident

        def where(offset, spans=spans):
            number = next(n for n, (a, b) in enumerate(spans, 1) if a <= offset <= b)
            return number, spans[number - 1][0]

        for number, p in enumerate(paragraphs, 1):
            for m in p["mentions"]:
                expected["mentions"].add((ident, number, m["key"], m["start"], m["end"], m["text"]))
            for q in p["quotes"]:
                expected["quotes"].add((ident, number, q["text"]))
                who = q["speaker"] or "?" + normalize(q["speaker_text"] or "")
                expected["speakers"].add((ident, number, q["text"], who))
            for s in p["sources"]:
                expected["sources"].add((ident, number, s["source"] or "?" + normalize(s["text"])))

        entities, sources = split(linker.find(body))
        for m in entities:
            if m.form in NAME_FORMS:
                number, base = where(m.start)
                found["mentions"].add((ident, number, m.key, m.start - base, m.end - base, m.text))
        for q in find_quotes(body, mentions=entities, sources=sources):
            found["quotes"].add((ident, q.paragraph, q.text))
            speaker = q.speaker
            who = "-" if speaker is None else speaker.key if speaker.key is not None else "?" + normalize(speaker.text)
            found["speakers"].add((ident, q.paragraph, q.text, who))
        for a in find_attributions(body, mentions=entities, sources=sources):
            found["sources"].add((ident, a.paragraph, a.source if a.source is not None else "?" + normalize(a.name)))

    rows = []
    for kind in KINDS:
        exp = {m for m in expected["mentions"] if kinds[m[2]] == kind}
        got = {m for m in found["mentions"] if kinds[m[2]] == kind}
        rows.append((f"mentions: {kind}", len(exp & got), len(got), len(exp)))
    rows.append(
        (
            "mentions: all kinds",
            len(expected["mentions"] & found["mentions"]),
            len(found["mentions"]),
            len(expected["mentions"]),
        )
    )
    for name in ("quotes", "speakers", "sources"):
        rows.append((name, len(expected[name] & found[name]), len(found[name]), len(expected[name])))
    return {
        "rows": rows,
        "expected": expected,
        "found": found,
        "documents": len(documents),
        "paragraphs": sum(len(d["paragraphs"]) for d in documents),
    }


# --------------------------------------------------------------------------- the seed


def seed_figures() -> dict:
    rows = json.loads((ROOT / "fixtures" / "seed.json").read_text("utf-8"))
    aliases: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        if row["model"] in ("articles.entityalias", "articles.sourcealias"):
            owner = row["fields"].get("entity") or row["fields"]["source"]
            aliases.setdefault((row["model"], owner[0]), []).append(row["fields"]["name"])
    entries = []
    for row in rows:
        f = row["fields"]
        if row["model"] == "articles.entity":
            entries.append(
                (f["slug"], f["kind"], [f["name"], f["name_en"], *aliases.get(("articles.entityalias", f["slug"]), [])])
            )
        elif row["model"] == "articles.source":
            names = [f["name"], f["name_en"], *aliases.get(("articles.sourcealias", f["slug"]), [])]
            entries.append((("source", f["slug"]), f["kind"], names))
    linker = Linker(entries)
    uuids = [r["fields"]["uuid"] for r in rows if r["model"] == "articles.article"]
    articles = parse_plaintext((ROOT / "fixtures" / "source" / "000_ff2bd479ac8dff35.txt").read_text("utf-8"))

    def gold(model, uuid):
        return [r["fields"] for r in rows if r["model"] == model and r["fields"]["article"][0] == uuid]

    exp_mentions, got_mentions, quotes, attributions = set(), set(), [0, 0, 0, 0], [set(), set(), 0, 0]
    for uuid, article in zip(uuids, articles, strict=True):
        entities, sources = split(linker.find(article.body))
        captions = [m for c in article.captions for m in split(linker.find(c.text))[0]]
        exp_mentions |= {(uuid, m["entity"][0]) for m in gold("articles.mention", uuid)}
        got_mentions |= {(uuid, key) for key in counts(entities + captions)}
        want = {
            (q["paragraph"], q["text"]): (q["speaker"][0], q["source"] and q["source"][0])
            for q in gold("articles.quote", uuid)
        }
        for q in find_quotes(article.body, mentions=entities, sources=sources):
            quotes[1] += 1
            if (q.paragraph, q.text) in want:
                quotes[0] += 1
                speaker, source = want[(q.paragraph, q.text)]
                quotes[2] += q.speaker is not None and q.speaker.key == speaker
                quotes[3] += q.source == source
        found = find_attributions(article.body, mentions=entities, sources=sources)
        attributions[0] |= {(uuid, a["source"][0]) for a in gold("articles.attribution", uuid)}
        attributions[1] |= {(uuid, a.source) for a in found}
        golden = {(a["source"][0], a["paragraph"], a["phrase"]) for a in gold("articles.attribution", uuid)}
        attributions[2] += len(golden)
        attributions[3] += sum((a.source, a.paragraph, a.phrase) in golden for a in found)
    hits = exp_mentions & got_mentions
    return {
        "mentions": (len(hits), len(got_mentions), len(exp_mentions)),
        "missed": sorted(k for _, k in exp_mentions - got_mentions),
        "extra": sorted(k for _, k in got_mentions - exp_mentions),
        "quotes": quotes,
        "expected_quotes": sum(1 for r in rows if r["model"] == "articles.quote"),
        "sources": (len(attributions[0] & attributions[1]), len(attributions[1]), len(attributions[0])),
        "attributions": (attributions[3], attributions[2]),
    }


# --------------------------------------------------------------------------- report


def pct(value: float) -> str:
    return f"{100 * value:.1f}"


def table(result: dict) -> list[str]:
    lines = [
        "| what | right | found | gold | precision | recall | F1 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for label, right, predicted, expected in result["rows"]:
        p, r, f = prf(right, predicted, expected)
        lines.append(f"| {label} | {right} | {predicted} | {expected} | {pct(p)} | {pct(r)} | {pct(f)} |")
    return lines


def report(result: dict, heldout: dict, seed: dict, errors: int) -> str:
    lines = [
        f"## {TITLE}",
        "",
        f"Produced by `bench/analysis_quality.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
        f"Evaluation set: bench/eval/analysis/ ({result['documents']} hand-written documents, "
        f"{result['paragraphs']} paragraphs: agency wires, newspapers, TV and news websites on politics, "
        "economy, sport, culture, health, technology, climate; see its README). Mentions are right when key "
        "and offsets are the gold's (name forms only: adjectives such as الإيرانية are not counted); quotes "
        "when paragraph and text are; speakers when the quote is right and the speaker is the gold's "
        "entity or, for a speaker the entity list does not know, the same words; attributed sources when "
        "paragraph and source (or candidate outlet name) are. Percentages.",
        "",
        "The whole set:",
        "",
        *table(result),
        "",
        f"Its held-out part alone ({heldout['documents']} documents, {heldout['paragraphs']} paragraphs written "
        "after the rules were last changed; the development part was used to find rules after its first "
        "measurement, so its figures are optimistic: see bench/eval/analysis/README.md):",
        "",
        *table(heldout),
    ]
    hits, found, expected = seed["mentions"]
    p, r, _ = prf(hits, found, expected)
    q = seed["quotes"]
    s = seed["sources"]
    lines += [
        "",
        f"Seed articles against fixtures/seed.json (tests/text/test_seed_analysis.py): mentions by entity per "
        f"article {hits} of {expected} found, {found} suggested: precision {pct(p)}, recall {pct(r)} "
        f"(missed: {', '.join(seed['missed']) or 'none'}; extra: {', '.join(seed['extra']) or 'none'}); "
        f"quotes {q[0]} of {seed['expected_quotes']} found ({q[1]} found in all), {q[2]} with the right speaker, "
        f"{q[3]} with the right source; attributed sources {s[0]} of {s[2]} ({s[1]} found), attributions with "
        f"source, paragraph and phrase exactly the fixture's: {seed['attributions'][0]} of {seed['attributions'][1]}.",
        "",
    ]
    if errors:
        lines += ["Disagreements with the gold (first of each kind):", ""]
        for name in ("mentions", "quotes", "speakers", "sources"):
            missed = sorted(result["expected"][name] - result["found"][name])
            extra = sorted(result["found"][name] - result["expected"][name])
            for label, items in (("missed", missed), ("extra", extra)):
                for item in items[:errors]:
                    lines.append(f"- {name} {label}: " + " · ".join(str(x) for x in item))
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="Print only; leave bench/RESULTS.md alone.")
    parser.add_argument("--errors", type=int, default=50, help="List up to this many disagreements of each kind.")
    args = parser.parse_args()
    gold = json.loads(GOLD.read_text("utf-8"))
    text = report(evaluate(gold), evaluate(gold, "held-out"), seed_figures(), args.errors)
    print(text)
    if not args.no_write:
        write_section(text, TITLE)
        print(f"Wrote the section '{TITLE}' of {RESULTS.relative_to(ROOT)}.")


if __name__ == "__main__":
    main()
