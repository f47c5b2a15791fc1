"""Domain errors: what the rules refuse, in words for people and a stable `code` for programs.

They say nothing about HTTP. The API maps them to statuses in one table
(articles/api/errors.py: ERROR_STATUSES); the admin shows their message. Raise the most specific
class; a plain `ServiceError` is "this input is not acceptable" (400 in the API).
"""

from django.utils.translation import gettext as _


class ServiceError(Exception):
    """A write (or read) that the rules refuse."""

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    @property
    def extra(self) -> dict:
        """More machine-readable facts for the API's error body."""
        return {}


# --------------------------------------------------------------------------- who may


class NotPermittedError(ServiceError):
    """The actor's role does not allow this write (on this article)."""

    def __init__(self, message: str):
        super().__init__(message, code="permission_denied")


# --------------------------------------------------------------------------- versions


class VersionRequiredError(ServiceError):
    """A write to an article that does not say which version it was based on."""

    def __init__(self, article):
        super().__init__(
            _('Send the version you edited in an If-Match header (the ETag of the article, e.g. If-Match: "%(v)s").')
            % {"v": article.version},
            code="precondition_required",
        )
        self.article = article

    @property
    def extra(self) -> dict:
        return {"current_version": self.article.version}


class StaleVersionError(ServiceError):
    """The client edited an older version of the article than the one stored."""

    def __init__(self, article, expected: int):
        super().__init__(
            _(
                "The article was changed by someone else: you edited version %(expected)s, the current "
                "version is %(current)s."
            )
            % {"expected": expected, "current": article.version},
            code="stale_version",
        )
        self.article = article
        self.expected = expected

    @property
    def extra(self) -> dict:
        return {"current_version": self.article.version}


# --------------------------------------------------------------------------- state


class ConflictError(ServiceError):
    """The write contradicts the stored state (it would break it, or it is already so)."""


class NotFoundError(ServiceError):
    """The write names something that does not exist (any more)."""

    def __init__(self, message: str, *, code: str = "not_found"):
        super().__init__(message, code=code)


class RevertConflictError(ConflictError):
    """The revision cannot be restored as it is (e.g. it names an entity that was deleted since)."""


class EntityKindMismatchError(ConflictError):
    """Merging a person into a place is almost always a slip; the editor fixes the kind first."""

    def __init__(self, duplicate, survivor):
        super().__init__(
            _(
                "“%(duplicate)s” is a %(duplicate_kind)s and “%(survivor)s” is a %(survivor_kind)s: only entities "
                "of the same kind can be merged. Change the kind of one of them first."
            )
            % {
                "duplicate": duplicate.name,
                "duplicate_kind": duplicate.get_kind_display(),
                "survivor": survivor.name,
                "survivor_kind": survivor.get_kind_display(),
            },
            code="kind_mismatch",
        )


class ArticleAlreadyInCollectionError(ConflictError):
    def __init__(self, article):
        super().__init__(
            _("The article “%(headline)s” is already in this collection.") % {"headline": article.headline},
            code="already_in_collection",
        )


class ArticleNotInCollectionError(NotFoundError):
    def __init__(self):
        super().__init__(_("The article is not in this collection."), code="not_in_collection")


# --------------------------------------------------------------------------- workflow


class UnknownTransitionError(ServiceError):
    def __init__(self, name: str, names):
        super().__init__(
            _("Unknown transition “%(name)s”. Choose one of: %(names)s.") % {"name": name, "names": ", ".join(names)},
            code="unknown_transition",
        )


class IllegalTransitionError(ConflictError):
    """The transition exists and the actor may take it, but not from the article's current state."""

    def __init__(self, article, transition, reason: str | None = None):
        status = type(article).Status
        labels = ", ".join(str(status(state).label) for state in transition.from_states)
        message = reason or _(
            "“%(label)s” is not possible for an article that is %(status)s; it is allowed only from: %(states)s."
        ) % {"label": transition.label, "status": status(article.status).label, "states": labels}
        super().__init__(message, code="illegal_transition")
        self.article = article
        self.transition = transition

    @property
    def extra(self) -> dict:
        return {
            "status": self.article.status,
            "transition": self.transition.name,
            "allowed_from": list(self.transition.from_states),
        }
