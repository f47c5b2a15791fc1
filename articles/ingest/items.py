"""What an importer reads (ImportedArticle), what goes wrong (ImportProblem, naming line and field)
and what an import did (ImportReport). Data only: services/ingest.py writes them."""

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _


@dataclass
class ImportedArticle:
    """An article as an importer read it, before it is written."""

    key: str  # stable in the source: "ninjs:<uri>", "feed:<entry id>", "text:<digest>"
    format: str
    line: int | None  # where it starts in the file (1-based), for messages
    fields: dict[str, Any]  # Article content fields
    captions: list[dict[str, Any]] = field(default_factory=list)  # Caption fields, in order
    #: Entities named: {"slug", "name", "kind", "role", "wikidata_id"?, "iptc_subject"?}
    mentions: list[dict[str, Any]] = field(default_factory=list)
    #: Sources attributed to: {"slug", "name", "homepage"?, "paragraph"}
    attributions: list[dict[str, Any]] = field(default_factory=list)
    uuid: str | None = None
    #: A new article keeps the source's identity and life: first creation, version and its time.
    first_created: datetime | None = None
    version: int | None = None
    version_created: datetime | None = None

    def digest(self) -> str:
        content = [self.fields, self.captions, self.mentions, self.attributions]
        return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


@dataclass
class ImportProblem:
    """Why an article (or a line) could not be imported."""

    line: int | None
    field: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "message": self.message}

    def __str__(self) -> str:
        where = _("line %(line)s") % {"line": self.line} if self.line else _("the file")
        return f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


@dataclass
class ImportReport:
    articles: list[dict] = field(default_factory=list)  # {"line", "uuid", "outcome"}
    problems: list[ImportProblem] = field(default_factory=list)
    #: False when all-or-nothing refused the file: nothing was written.
    written: bool = True

    def as_dict(self) -> dict:
        return {
            "written": self.written,
            "articles": self.articles,
            "problems": [p.as_dict() for p in self.problems],
        }
