"""The whole database as NDJSON (one JSON object per line, UTF-8 without escapes): reading it back.

Lines, in the order export writes them (every reference points to an earlier line):

    {"type": "header", "format": "newsroom-ndjson", "version": 1, "counts": {...}}
    {"type": "entity", "slug", "name", "name_en", "kind", "description", "wikidata_id", "iptc_subject",
     "aliases": [{"name", "language"}]}
    {"type": "source", "slug", "name", "name_en", "kind", "homepage", "country", "entity": slug|null, "aliases"}
    {"type": "article", "uuid", "headline", "slug", "summary", "body", "language", "status", "published_at",
     "byline", "editor_note", "version", "created_at", "updated_at",
     "captions": [...], "attributions": [...], "mentions": [...], "quotes": [...], "corrections": [...]}
    {"type": "collection", "slug", "title", "description", "items": [{"article": uuid, "position", "pinned"}]}

`read_batches` yields the file a batch of lines at a time, parsed and checked (a line that is not
JSON, of an unknown type or without its key is an error naming the line and the field), so that a
file of any size is read in constant memory; services/bulk.py writes each batch.
"""

import json
from collections.abc import Iterator
from dataclasses import dataclass

FORMAT, VERSION = "newsroom-ndjson", 1
KEYS = {"entity": "slug", "source": "slug", "article": "uuid", "collection": "slug"}


class BulkError(ValueError):
    """A line of a dump that cannot be loaded: `line` (1-based) and `field` name where."""

    def __init__(self, line: int, field: str, message: str):
        super().__init__(f"line {line}" + (f", {field}" if field else "") + f": {message}")
        self.line, self.field, self.message = line, field, message


@dataclass
class Batch:
    first: int  # line number of its first line
    last: int
    rows: list[tuple[int, dict]]  # (line, object)


def dumps(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False, separators=(",", ":"), default=str)


def parse_line(number: int, line: str) -> dict | None:
    """One line as an object (None for a blank line or the header)."""
    if not line.strip():
        return None
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise BulkError(number, "", f"not JSON ({error.msg}, column {error.colno})") from None
    if not isinstance(row, dict):
        raise BulkError(number, "", "each line must be a JSON object")
    kind = row.get("type")
    if kind == "header":
        if row.get("format") != FORMAT or row.get("version") != VERSION:
            raise BulkError(number, "format", f"not a {FORMAT} version {VERSION} file")
        return None
    if kind not in KEYS:
        raise BulkError(number, "type", f"unknown type {kind!r} (expected one of {', '.join(KEYS)})")
    if not row.get(KEYS[kind]):
        raise BulkError(number, KEYS[kind], "missing")
    return row


def read_batches(lines, *, size: int, start_after: int = 0) -> Iterator[Batch]:
    """Batches of `size` objects from an iterable of lines, skipping the first `start_after`
    lines (a resumed import)."""
    rows: list[tuple[int, dict]] = []
    first = None
    number = 0
    for number, line in enumerate(lines, 1):
        if number <= start_after:
            continue
        first = first or number
        row = parse_line(number, line)
        if row is not None:
            rows.append((number, row))
        if len(rows) >= size:
            yield Batch(first, number, rows)
            rows, first = [], None
    if rows or first:
        yield Batch(first or number, number, rows)
