"""The committed evaluation set of entity linking and quotes (bench/eval/analysis) is consistent."""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "bench" / "eval" / "analysis"


def build_gold():
    spec = importlib.util.spec_from_file_location("build_gold", HERE / "build_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_json_is_built_from_the_annotated_files():
    names = json.loads((HERE / "names.json").read_text("utf-8"))
    entities = {e["key"] for e in names["entities"]}
    sources = {s["key"] for s in names["sources"]}
    module = build_gold()
    documents = []
    for name, split in (("annotated.txt", "development"), ("heldout.txt", "held-out")):
        documents += module.parse((HERE / name).read_text("utf-8"), entities, sources, name, split)
    assert json.loads((HERE / "gold.json").read_text("utf-8"))["documents"] == documents


def test_the_evaluation_set_has_at_least_50_paragraphs_of_every_kind_of_annotation():
    gold = json.loads((HERE / "gold.json").read_text("utf-8"))
    paragraphs = [p for d in gold["documents"] for p in d["paragraphs"]]
    assert len(paragraphs) >= 50
    assert {d["style"] for d in gold["documents"]} >= {"agency wire", "newspaper", "TV website"}
    assert {d["topic"] for d in gold["documents"]} >= {"politics", "economy", "sport", "culture"}
    for p in paragraphs:
        for m in p["mentions"]:
            assert p["text"][m["start"] : m["end"]] == m["text"]
        for q in p["quotes"]:
            assert p["text"][q["start"] : q["end"]] == q["text"]
    kinds = {e["kind"] for e in gold["entities"]}
    assert kinds == {"person", "organisation", "place", "event", "topic"}
