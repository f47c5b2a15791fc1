"""The role × transition table the workflow tests run over (service, API and admin).

For each transition: the state a test article starts in, the input the transition needs, the state
it ends in, and which roles may take it on an article the reporter wrote.
"""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from tests.support.factories import ArticleFactory

S = Article.Status

ROLES = ("reporter", "editor", "chief")

#: transition → (start status, end status, roles allowed)
TABLE = {
    "submit": (S.DRAFT, S.IN_REVIEW, {"reporter", "editor", "chief"}),
    "return_to_draft": (S.IN_REVIEW, S.DRAFT, {"reporter", "editor", "chief"}),
    "publish": (S.IN_REVIEW, S.PUBLISHED, {"editor", "chief"}),
    "schedule": (S.DRAFT, S.SCHEDULED, {"editor", "chief"}),
    "unschedule": (S.SCHEDULED, S.DRAFT, {"editor", "chief"}),
    "correct": (S.PUBLISHED, S.CORRECTED, {"editor", "chief"}),
    "retract": (S.PUBLISHED, S.RETRACTED, {"editor", "chief"}),
    "restore": (S.RETRACTED, S.DRAFT, {"chief"}),
}

#: transition → the source states it is allowed from (everything else is a 409).
SOURCES = {
    "submit": {S.DRAFT},
    "return_to_draft": {S.IN_REVIEW},
    "publish": {S.DRAFT, S.IN_REVIEW, S.SCHEDULED},
    "schedule": {S.DRAFT, S.IN_REVIEW, S.SCHEDULED},
    "unschedule": {S.SCHEDULED},
    "correct": {S.PUBLISHED, S.CORRECTED},
    "retract": {S.PUBLISHED, S.CORRECTED},
    "restore": {S.RETRACTED},
}

ROLE_CASES = [(name, role, role in TABLE[name][2]) for name in TABLE for role in ROLES]
ROLE_CASE_IDS = [f"{name}-{role}-{'allowed' if allowed else 'refused'}" for name, role, allowed in ROLE_CASES]

ILLEGAL_CASES = [(name, status) for name in TABLE for status in S.values if status not in SOURCES[name]]
ILLEGAL_CASE_IDS = [f"{name}-from-{status}" for name, status in ILLEGAL_CASES]


def article_in(status, **fields):
    """An article in `status`, with the publication time that status needs."""
    now = timezone.now()
    times = {
        S.SCHEDULED: now + timedelta(days=1),
        S.PUBLISHED: now - timedelta(hours=1),
        S.CORRECTED: now - timedelta(hours=1),
        S.RETRACTED: now - timedelta(hours=1),
    }
    fields.setdefault("published_at", times.get(status))
    return ArticleFactory(status=status, **fields)


def transition_input(name) -> dict:
    """What the transition needs besides its name (a note, a future time)."""
    if name in ("correct", "retract"):
        return {"note": "صُحّح اسم المتحدث في الفقرة الثانية."}
    if name == "schedule":
        return {"published_at": timezone.now() + timedelta(days=2)}
    return {}
