"""HTTP preconditions for articles: ETag from the version number, If-Match required on writes."""

from django.utils.translation import gettext as _

from articles.models import Article
from articles.services import PreconditionRequiredError, ServiceError, StaleVersionError


def etag_for_version(version: int) -> str:
    return f'"{version}"'


def expected_version(request, article: Article) -> int:
    """The version the client based its write on, from `If-Match`.

    Missing header: 428. A header naming another version (or `*` is not accepted, since it would
    overwrite blindly): 412 with the current version. Weak validators (W/"3") are accepted.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequiredError(article)
    versions = []
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        if tag.isdecimal():  # not isdigit: int() refuses digits such as "²"
            versions.append(int(tag))
    if article.version in versions:
        return article.version
    if not versions:
        raise ServiceError(_('If-Match must name an ETag of the article, e.g. If-Match: "3".'), code="invalid_if_match")
    raise StaleVersionError(article, versions[0])
