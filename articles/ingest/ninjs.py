"""IPTC ninjs 3.1 documents → imported articles: the inverse of articles/api/ninjs.py.

A file holds one document, a JSON array of documents, or one document per line (NDJSON). Each is
validated against the ninjs 3.1 schema (ninjs-schema-3.1.json beside this module) and keyed by its
`uri`. Mapping: `headlines[0]` → headline; the `text` body (text/plain as it is, HTML reduced to
paragraphs) → body; the `summary` description → summary; `by` → byline; `language`; the `uuid` and
`slug` altIds → the article's UUID and slug; people / organisations / places / events / subjects →
mentions (their `literal` is the entity's slug; unknown entities are created with the item's name,
its Wikidata or IPTC Media Topic `uri`); `infoSources` → attributions (unknown sources are created);
picture associations → captions (caption and alt descriptions, `by` → credit, the archive and
illustrative genres, a `uri` that is not the article's own #caption-N anchor → image URL).
`firstCreated`, `version` and `versionCreated` are kept by a new article, so that exporting it
gives the same document. Corrections (descriptions with role correction/retraction) and
`pubStatus` are the receiving newsroom's: an imported article is a draft.
"""

import json
from datetime import datetime
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _
from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

from articles.ingest.html import html_paragraphs
from articles.ingest.items import ImportedArticle, ImportProblem
from articles.models import Entity, Source

SCHEMA = Path(__file__).with_name("ninjs-schema-3.1.json")
GROUPS = {
    "people": Entity.Kind.PERSON,
    "organisations": Entity.Kind.ORGANISATION,
    "places": Entity.Kind.PLACE,
    "events": Entity.Kind.EVENT,
    "subjects": Entity.Kind.TOPIC,
}
MEDIATOPIC_URI = "http://cv.iptc.org/newscodes/mediatopic/"
WIKIDATA_URI = "http://www.wikidata.org/entity/"


@cache
def validator():
    schema = json.loads(SCHEMA.read_text("utf-8"))
    return validator_for(schema)(schema)


def _documents(text: str) -> list[tuple[int, object]]:
    """(line, document) of a file: one JSON document, an array of them, or one per line."""
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as error:
        lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
        if len(lines) < 2:
            message = _("line %(line)s: not JSON (%(error)s)") % {"line": error.lineno, "error": error.msg}
            raise ValueError(message) from None
        out = []
        for number, line in lines:
            try:
                out.append((number, json.loads(line)))
            except json.JSONDecodeError as inner:
                out.append((number, ValueError(_("not JSON (%(error)s)") % {"error": inner.msg})))
        return out
    return [(1, d) for d in whole] if isinstance(whole, list) else [(1, whole)]


def _time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _described(descriptions, role) -> str:
    return next((d["value"] for d in descriptions or () if d.get("role") == role), "")


def _body(document) -> str:
    for body in document.get("bodies") or ():
        if body.get("role", "text") == "text":
            if "html" in body.get("contentType", "text/plain"):
                return "\n\n".join(html_paragraphs(body["value"]))
            return body["value"]
    return ""


def _entity(item: dict, kind: str) -> dict:
    spec = {"slug": item.get("literal") or "", "name": item.get("name") or item.get("literal") or "", "kind": kind}
    uri = item.get("uri", "")
    if uri.startswith(WIKIDATA_URI):
        spec["wikidata_id"] = uri.removeprefix(WIKIDATA_URI)
    elif uri.startswith(MEDIATOPIC_URI):
        spec["iptc_subject"] = "medtop:" + uri.removeprefix(MEDIATOPIC_URI)
    spec["role"] = item.get("rel") or "mentions"
    return spec


def _caption(association: dict, order: int, uri: str) -> dict:
    genres = {g.get("literal") or g.get("name") for g in association.get("genres") or ()}
    image = association.get("uri", "")
    return {
        "order": order,
        "text": _described(association.get("descriptions"), "caption"),
        "alt_text": _described(association.get("descriptions"), "alt"),
        "credit": association.get("by", ""),
        "is_archival": bool(genres & {"archival", "archive"}),
        "is_illustrative": "illustrative" in genres,
        "image_url": "" if image.startswith(f"{uri}#caption-") else image,
    }


def document_article(document: dict, line: int) -> ImportedArticle:
    """One valid ninjs document as an imported article."""
    uri = document["uri"]
    alt = {a.get("role"): a.get("value") for a in document.get("altIds") or ()}
    fields = {
        "headline": (document.get("headlines") or [{}])[0].get("value", ""),
        "body": _body(document),
        "summary": _described(document.get("descriptions"), "summary"),
        "byline": document.get("by", ""),
        "language": document.get("language") or "ar",
    }
    if alt.get("slug"):
        fields["slug"] = alt["slug"]
    mentions = [_entity(item, kind) for group, kind in GROUPS.items() for item in document.get(group) or ()]
    attributions = [
        {"slug": s.get("literal") or "", "name": s.get("name") or s.get("literal") or "", "kind": Source.Kind.OTHER}
        | ({"homepage": s["uri"]} if s.get("uri") else {})
        for s in document.get("infoSources") or ()
    ]
    pictures = [a for a in document.get("associations") or () if a.get("type", "picture") == "picture"]
    version = document.get("version")
    return ImportedArticle(
        key=f"ninjs:{uri}"[:600],
        format="ninjs",
        line=line,
        fields=fields,
        captions=[_caption(a, order, uri) for order, a in enumerate(pictures, 1)],
        mentions=mentions,
        attributions=attributions,
        uuid=alt.get("uuid"),
        first_created=_time(document.get("firstCreated")),
        version=int(version) if str(version or "").isdigit() else None,
        version_created=_time(document.get("versionCreated")),
    )


def _where(error) -> str:
    return "/".join(str(p) for p in error.absolute_path) or (error.validator or "")


def parse_ninjs(text: str) -> list[ImportedArticle | ImportProblem]:
    try:
        documents = _documents(text)
    except ValueError as error:
        return [ImportProblem(None, "", str(error))]
    out: list[ImportedArticle | ImportProblem] = []
    for number, document in documents:
        if isinstance(document, ValueError):
            out.append(ImportProblem(number, "", str(document)))
            continue
        error = best_match(validator().iter_errors(document))
        if error is not None:
            out.append(ImportProblem(number, _where(error), _("not valid ninjs 3.1: %(e)s") % {"e": error.message}))
            continue
        missing = [
            f"{group}/{i}/literal"
            for group in (*GROUPS, "infoSources")
            for i, item in enumerate(document.get(group) or ())
            if not item.get("literal")
        ]
        if missing:
            out.append(ImportProblem(number, missing[0], _("needs a literal: the slug of the entity or source.")))
            continue
        try:
            out.append(document_article(document, number))
        except (ValueError, TypeError) as error:
            out.append(ImportProblem(number, "", str(error)))
    return out
