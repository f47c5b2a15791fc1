"""The seed through the product: import the raw seed file and compare its suggestions with the fixture.

    .venv/bin/python bench/ingest_seed.py            # a throwaway SQLite database; writes its section

Loads the seed (`manage.py seed`: the entities, sources and the two curated articles), then imports
fixtures/source/000_ff2bd479ac8dff35.txt with `import_text` (two new drafts, analysed on import as
every write is) and compares each new draft's pending suggestions with the fixture's curated parts
of the same article: mentions by entity per article, quotes by paragraph and text with their
speakers, attributed sources by source. tests/bench/test_seed_import_analysis.py asserts the same
figures. Writes the section "Seed through import_text (bench/ingest_seed.py)" of bench/RESULTS.md.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TITLE = "Seed through import_text (bench/ingest_seed.py)"


def add(scores: dict, name: str, *values: int) -> None:
    scores[name] = [a + b for a, b in zip(scores[name], values, strict=True)]


def seed_scores() -> dict:
    """Import the raw seed into the current database (which holds the seed) and score it."""
    from io import StringIO

    from django.core.management import call_command

    from articles.models import Article, Suggestion

    out = StringIO()
    call_command("import_text", str(ROOT / "fixtures" / "source" / "000_ff2bd479ac8dff35.txt"), stdout=out)
    imported = [Article.objects.get(uuid=line.split()[1]) for line in out.getvalue().splitlines()]
    fixture = json.loads((ROOT / "fixtures" / "seed.json").read_text("utf-8"))
    curated = [r["fields"]["uuid"] for r in fixture if r["model"] == "articles.article"]

    def gold(model, uuid):
        return [r["fields"] for r in fixture if r["model"] == model and r["fields"]["article"] == [uuid]]

    scores = {"mentions": [0, 0, 0], "quotes": [0, 0, 0, 0], "sources": [0, 0, 0], "missed": [], "extra": []}
    for article, uuid in zip(imported, curated, strict=True):
        pending = article.suggestions.filter(status=Suggestion.Status.PENDING).select_related("entity", "source")
        want = {m["entity"][0] for m in gold("articles.mention", uuid)}
        got = {s.entity.slug for s in pending if s.kind == "mention"}
        scores["mentions"] = [
            a + b for a, b in zip(scores["mentions"], (len(want & got), len(got), len(want)), strict=False)
        ]
        scores["missed"] += sorted(want - got)
        scores["extra"] += sorted(got - want)
        quotes = {(q["paragraph"], q["text"]): q["speaker"][0] for q in gold("articles.quote", uuid)}
        found = [s for s in pending if s.kind == "quote"]
        right = [s for s in found if (s.paragraph, s.text) in quotes]
        speakers = sum(s.entity_id is not None and s.entity.slug == quotes[(s.paragraph, s.text)] for s in right)
        scores["quotes"] = [
            a + b for a, b in zip(scores["quotes"], (len(right), speakers, len(found), len(quotes)), strict=False)
        ]
        want = {a["source"][0] for a in gold("articles.attribution", uuid)}
        got = {s.source.slug for s in pending if s.kind == "source" and s.source_id}
        scores["sources"] = [
            a + b for a, b in zip(scores["sources"], (len(want & got), len(got), len(want)), strict=False)
        ]
    return scores


def report(s: dict) -> str:
    hits, found, expected = s["mentions"]
    right, speakers, quotes_found, quotes = s["quotes"]
    src_hits, src_found, src_expected = s["sources"]
    return "\n".join(
        [
            f"## {TITLE}",
            "",
            "The raw seed file imported with `import_text` into a database holding the seed's entities and "
            "sources; the two new drafts' pending suggestions against the fixture's curated parts of the same "
            "articles (the targets: mentions recall and precision ≥ 0.95, the 5 quotes with their speakers, the 3 "
            "attributed sources).",
            "",
            "| what | right | suggested | in the fixture | precision | recall |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
            f"| mentions (entity per article) | {hits} | {found} | {expected} | {hits / found:.3f} | "
            f"{hits / expected:.3f} |",
            f"| quotes (paragraph and text) | {right} | {quotes_found} | {quotes} | {right / quotes_found:.3f} | "
            f"{right / quotes:.3f} |",
            f"| quotes with the fixture's speaker | {speakers} | {quotes_found} | {quotes} | "
            f"{speakers / quotes_found:.3f} | {speakers / quotes:.3f} |",
            f"| attributed sources | {src_hits} | {src_found} | {src_expected} | {src_hits / src_found:.3f} | "
            f"{src_hits / src_expected:.3f} |",
            "",
            f"Missed mentions: {', '.join(s['missed']) or 'none'} (events the text names by a description, not by "
            f"a name); extra: {', '.join(s['extra']) or 'none'}.",
            "",
        ]
    )


def main() -> None:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/seed.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        import django

        django.setup()
        from io import StringIO

        from django.core.management import call_command

        from bench.report import write_section

        call_command("migrate", verbosity=0)
        call_command("seed", stdout=StringIO())
        text = report(seed_scores())
    print(text)
    if "--no-write" not in sys.argv:
        write_section(text, TITLE)


if __name__ == "__main__":
    main()
