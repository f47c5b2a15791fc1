"""IPTC ninjs 3.1 (the news industry's JSON format) for an article, for partners' systems.

Mapping: captions → `associations` (pictures with caption and alt-text
`descriptions`; archive/illustrative flags as `genres`), sources → `infoSources`, entities →
`people` / `organisations` / `places` / `events` / `subjects` with `rel` (about, mentions),
Wikidata ids and IPTC Media Topic codes as `uri`s. Quotes have no ninjs field and are left out.
Expects an article from `selectors.article_list` (parts prefetched): no queries of its own.

The whole life of a story: `version` is the article's version and `versionCreated` the time of
that version (every write, part and transition makes a new one); public corrections are
`descriptions` with the role "correction" (and a retraction's note the role "retraction"), oldest
first, each "<ISO time> <note>"; a retracted article is `pubStatus: "canceled"`. Readers who may
not see unpublished articles get a retracted article as a *kill notice*: the item's identity,
version, headline and retraction note, without its body, pictures or metadata (`canceled_item`).
"""

from django.utils import timezone

from articles.models import Article, Entity

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "3.1",
    "schema": "https://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#",
}
ENTITY_GROUPS = {
    Entity.Kind.PERSON: "people",
    Entity.Kind.ORGANISATION: "organisations",
    Entity.Kind.PLACE: "places",
    Entity.Kind.EVENT: "events",
    Entity.Kind.TOPIC: "subjects",
}
MEDIATOPIC_URI = "http://cv.iptc.org/newscodes/mediatopic/"
WIKIDATA_URI = "http://www.wikidata.org/entity/"


def _pub_status(article: Article) -> str:
    if article.status in Article.PUBLIC_STATUSES:
        return "usable"
    if article.status == Article.Status.RETRACTED:
        return "canceled"
    return "withheld"


def _entity_item(mention) -> dict:
    entity = mention.entity
    item = {"name": entity.name, "rel": mention.role, "literal": entity.slug}
    if entity.kind == Entity.Kind.TOPIC and entity.iptc_subject:
        item["uri"] = MEDIATOPIC_URI + entity.iptc_subject.removeprefix("medtop:")
    elif entity.wikidata_id:
        item["uri"] = WIKIDATA_URI + entity.wikidata_id
    return item


def _picture(caption, article_uri: str) -> dict:
    picture = {
        "uri": caption.image_url or f"{article_uri}#caption-{caption.order}",
        "name": f"picture{caption.order}",
        "rel": "picture",
        "type": "picture",
        "descriptions": [{"role": "caption", "contentType": "text/plain", "value": caption.text}],
    }
    if caption.alt_text:
        picture["descriptions"].append({"role": "alt", "contentType": "text/plain", "value": caption.alt_text})
    if caption.credit:
        picture["by"] = caption.credit
    genres = [{"name": "archive", "literal": "archival"}] if caption.is_archival else []
    genres += [{"name": "illustrative", "literal": "illustrative"}] if caption.is_illustrative else []
    if genres:
        picture["genres"] = genres
    return picture


def article_to_ninjs(article: Article, *, uri: str) -> dict:
    """The ninjs document of `article`, identified by `uri` (its API address)."""
    captions = list(article.captions.all())
    document = {
        "standard": NINJS_STANDARD,
        "uri": uri,
        "type": "composite" if captions else "text",
        "version": str(article.version),
        "firstCreated": article.created_at.isoformat(),
        "versionCreated": article.updated_at.isoformat(),
        "pubStatus": _pub_status(article),
        "language": article.language,
        "headlines": [{"value": article.headline}],
        "bodies": [
            {
                "role": "text",
                "contentType": "text/plain",
                "value": article.body,
                "charCount": len(article.body),
                "wordCount": len(article.body.split()),
            }
        ],
        "altIds": [{"role": "uuid", "value": str(article.uuid)}, {"role": "slug", "value": article.slug}],
    }
    if article.published_at and article.published_at > timezone.now():
        document["embargoedUntil"] = article.published_at.isoformat()
    if article.summary:
        document["descriptions"] = [{"role": "summary", "contentType": "text/plain", "value": article.summary}]
    if notes := _correction_descriptions(article):
        document.setdefault("descriptions", []).extend(notes)
    if article.byline:
        document["by"] = article.byline
    for mention in article.mentions.all():
        document.setdefault(ENTITY_GROUPS[mention.entity.kind], []).append(_entity_item(mention))
    sources = {}
    for attribution in article.attributions.all():
        source = attribution.source
        sources.setdefault(source.slug, {"name": source.name, "role": "source", "literal": source.slug})
        if source.homepage:
            sources[source.slug]["uri"] = source.homepage
    if sources:
        document["infoSources"] = list(sources.values())
    if captions:
        document["associations"] = [_picture(caption, uri) for caption in captions]
    return document


def _correction_descriptions(article: Article) -> list[dict]:
    """Public corrections and retraction notes, oldest first (prefetched as `public_corrections`)."""
    rows = getattr(article, "public_corrections", None)
    if rows is None:
        rows = getattr(article, "retractions", [])
    return [
        {"role": row.kind, "contentType": "text/plain", "value": f"{row.created_at.isoformat()} {row.note}"}
        for row in sorted(rows, key=lambda row: (row.created_at, row.pk))
    ]


def canceled_item(article: Article, *, uri: str) -> dict:
    """A retracted article for readers: what identifies it and why it was withdrawn, not its content."""
    document = {
        "standard": NINJS_STANDARD,
        "uri": uri,
        "type": "text",
        "version": str(article.version),
        "firstCreated": article.created_at.isoformat(),
        "versionCreated": article.updated_at.isoformat(),
        "pubStatus": "canceled",
        "language": article.language,
        "headlines": [{"value": article.headline}],
        "altIds": [{"role": "uuid", "value": str(article.uuid)}, {"role": "slug", "value": article.slug}],
    }
    if notes := _correction_descriptions(article):
        document["descriptions"] = notes
    return document
