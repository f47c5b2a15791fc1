"""Builds gold.json from annotated.txt, heldout.txt and names.json (deterministic; run it after editing them).

    .venv/bin/python bench/eval/analysis/build_gold.py

annotated.txt (the development part) and heldout.txt (the held-out part), see README.md:
documents start with ``=== id | style | topic``; each paragraph is one line, mentions marked
``[[text as written|entity key]]``; the lines after a paragraph that start with ``>`` annotate
it: ``> quote: <text> || speaker: <key | ?unknown speaker | ->`` and ``> source: <key |
?candidate outlet>``. Lines starting with ``#`` are comments. The markup is removed from the
text and the mentions become offsets into the paragraph; every quote must be in its paragraph
and every key in names.json, or the build fails.
"""

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MENTION_RE = re.compile(r"\[\[([^\]|]+)\|([^\]]+)\]\]")


def parse(text: str, entities: set[str], sources: set[str], name: str, split: str) -> list[dict]:
    documents: list[dict] = []
    paragraph = None
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{name}:{number}"
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("==="):
            ident, style, topic = (part.strip() for part in line[3:].split("|"))
            documents.append({"id": ident, "split": split, "style": style, "topic": topic, "paragraphs": []})
            paragraph = None
        elif line.startswith(">"):
            if paragraph is None:
                raise SystemExit(f"{where}: an annotation before any paragraph")
            kind, _, value = line[1:].strip().partition(":")
            value = value.strip()
            if kind == "quote":
                quoted, _, speaker = value.partition("|| speaker:")
                quoted, speaker = quoted.strip(), speaker.strip()
                start = paragraph["text"].find(quoted)
                if start == -1:
                    raise SystemExit(f"{where}: quote not in its paragraph: {quoted}")
                gold = {"text": quoted, "start": start, "end": start + len(quoted)}
                if speaker.startswith("?"):
                    gold.update(speaker=None, speaker_text=speaker[1:].strip())
                elif speaker == "-":
                    gold.update(speaker=None, speaker_text=None)
                elif speaker in entities:
                    gold.update(speaker=speaker, speaker_text=None)
                else:
                    raise SystemExit(f"{where}: unknown speaker key {speaker!r}")
                paragraph["quotes"].append(gold)
            elif kind == "source":
                if value.startswith("?"):
                    paragraph["sources"].append({"source": None, "text": value[1:].strip()})
                elif value in sources:
                    paragraph["sources"].append({"source": value, "text": None})
                else:
                    raise SystemExit(f"{where}: unknown source key {value!r}")
            else:
                raise SystemExit(f"{where}: unknown annotation {kind!r}")
        else:
            if not documents:
                raise SystemExit(f"{where}: a paragraph before any document")
            plain, mentions, last = [], [], 0
            for match in MENTION_RE.finditer(line):
                plain.append(line[last : match.start()])
                start = sum(map(len, plain))
                surface, key = match.group(1), match.group(2).strip()
                if key not in entities:
                    raise SystemExit(f"{where}: unknown entity key {key!r}")
                mentions.append({"key": key, "start": start, "end": start + len(surface), "text": surface})
                plain.append(surface)
                last = match.end()
            plain.append(line[last:])
            text = "".join(plain)
            if "[[" in text or "]]" in text:
                raise SystemExit(f"{where}: malformed mention markup")
            paragraph = {"text": text, "mentions": mentions, "quotes": [], "sources": []}
            documents[-1]["paragraphs"].append(paragraph)
    return documents


def main() -> None:
    names = json.loads((HERE / "names.json").read_text("utf-8"))
    entities = {e["key"] for e in names["entities"]}
    sources = {s["key"] for s in names["sources"]}
    documents = []
    for name, split in (("annotated.txt", "development"), ("heldout.txt", "held-out")):
        documents += parse((HERE / name).read_text("utf-8"), entities, sources, name, split)
    gold = {
        "about": "Gold annotations for bench/analysis_quality.py, built by bench/eval/analysis/build_gold.py "
        "from annotated.txt (split: development), heldout.txt (split: held-out) and names.json. "
        "Offsets index each paragraph's text.",
        "entities": names["entities"],
        "sources": names["sources"],
        "documents": documents,
    }
    (HERE / "gold.json").write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", "utf-8")
    paragraphs = [p for d in documents for p in d["paragraphs"]]
    print(
        f"{len(documents)} documents, {len(paragraphs)} paragraphs, "
        f"{sum(len(p['mentions']) for p in paragraphs)} mentions, {sum(len(p['quotes']) for p in paragraphs)} quotes, "
        f"{sum(len(p['sources']) for p in paragraphs)} attributed sources",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
