"""HTTP preconditions for articles: the ETag is the version; writes say which version they edited."""

from django.utils.translation import gettext as _

from articles.errors import ServiceError
from articles.models import Article


def etag_for_version(version: int) -> str:
    return f'"{version}"'


def if_match_version(request, article: Article) -> int | None:
    """The version the client based its write on, from `If-Match`, or None when the header is missing.

    The services refuse a missing one (428, after checking who may write) and a stale one (412).
    A header naming the current version among others is that version; `*` is not accepted (it
    would overwrite blindly); weak validators (W/"3") are accepted. A header naming no version
    at all is a 400.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        return None
    versions = []
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        if tag.isdecimal():  # not isdigit: int() refuses digits such as "²"
            versions.append(int(tag))
    if not versions:
        raise ServiceError(_('If-Match must name an ETag of the article, e.g. If-Match: "3".'), code="invalid_if_match")
    return article.version if article.version in versions else versions[0]
