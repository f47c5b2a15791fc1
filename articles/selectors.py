"""Reads: querysets already scoped by who is asking and optimised for the shape they are read in.

Who sees what is decided by articles.policies (can_see_unpublished, public_article_q): a reader
without the `articles.view_article` permission sees an article only when its status is public
(scheduled, published or corrected) and its publication time has come, and sees a caption,
attribution, mention or quote only when its article is visible. A scheduled (embargoed) article
therefore appears at its time with no background job.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils import timezone

from articles.models import (
    Article,
    ArticleRevision,
    Attribution,
    AuditEntry,
    Caption,
    Collection,
    CollectionItem,
    Correction,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    SourceAlias,
)
from articles.policies import can_see_unpublished, public_article_q
from articles.text import normalize


def visible_articles(*, user) -> QuerySet[Article]:
    """The articles `user` may see, without their parts (for lookups by UUID)."""
    articles = Article.objects.all()
    if not can_see_unpublished(user):
        articles = articles.filter(public_article_q())
    return articles


def article_list(*, user, fields: Iterable[str] | None = None) -> QuerySet[Article]:
    """The articles `user` may see, loaded for the API's representation, or for only its `fields`."""
    return with_article_parts(visible_articles(user=user), fields=fields)


def article_detail(*, user, fields: Iterable[str] | None = None) -> QuerySet[Article]:
    """The articles `user` may see, for reading one of them: as article_list, but the entities and
    sources its parts name are joined to the parts (one article names each only a few times)."""
    return with_article_parts(visible_articles(user=user), fields=fields, joined=True)


def article_as_written(*, article: Article) -> Article:
    """The article a write just produced, with its parts, for the writer's response.

    Not scoped by visibility: the writer may have just made it invisible to themselves (a retraction
    by a user who cannot read unpublished articles). The parts the write itself read and left as
    they are (history.revisions: the recording puts them on the written instance) are not read
    again; the public corrections are.
    """
    cache = getattr(article, "_prefetched_objects_cache", {})
    if not all(kind in cache for kind in ("captions", "attributions", "mentions", "quotes")):
        return with_article_parts(Article.objects.filter(pk=article.pk), joined=True).get()
    prefetch_related_objects([article], *ARTICLE_PART_PREFETCHES["corrections"]())
    return article


def with_article_parts(
    articles: QuerySet[Article], *, fields: Iterable[str] | None = None, joined: bool = False
) -> QuerySet[Article]:
    """Prefetch everything the article API nests, so that a list costs at most ten queries (the
    articles, then one per prefetch) whatever its length.

    With `fields` (names of the representation's fields, as `?fields=` gives them), only what those
    fields need: a search results page of headlines and snippets reads the articles and their
    captions (where snippets are also looked for), and nothing else; the body is not read unless a
    field shows it.

    The entities and sources the parts refer to are prefetched on their own (``mentions__entity``
    …), not joined: a page of articles names the same few entities and sources many times over,
    and each is then read and built once, not once per mention (for a page of 20 corpus articles,
    570 objects instead of 760).
    """
    wanted = ARTICLE_PART_PREFETCHES.keys() if fields is None else set(fields)
    if fields is not None and not wanted & BODY_FIELDS:
        articles = articles.defer("body")
    prefetches = {**ARTICLE_PART_PREFETCHES, **JOINED_PART_PREFETCHES} if joined else ARTICLE_PART_PREFETCHES
    lookups = [lookup for name, make in prefetches.items() if name in wanted for lookup in make()]
    return articles.prefetch_related(*dict.fromkeys(lookups))


#: The fields of the article representation that show the body.
BODY_FIELDS = frozenset({"body", "paragraphs", "snippet"})

#: For each field of the article representation that nests related rows: its prefetches (the
#: snippet is also looked for in the captions).
ARTICLE_PART_PREFETCHES = {
    "captions": lambda: [Prefetch("captions", queryset=Caption.objects.order_by("order"))],
    "sources": lambda: [
        Prefetch("attributions", queryset=Attribution.objects.order_by("paragraph", "id")),
        "attributions__source",
    ],
    "entities": lambda: [Prefetch("mentions", queryset=Mention.objects.order_by("-count", "id")), "mentions__entity"],
    "quotes": lambda: [
        Prefetch("quotes", queryset=Quote.objects.order_by("paragraph", "order")),
        "quotes__speaker",
        "quotes__source",
    ],
    "corrections": lambda: [Prefetch("corrections", queryset=public_corrections(), to_attr="public_corrections")],
    "snippet": lambda: ARTICLE_PART_PREFETCHES["captions"](),
}


#: For one article (detail, a write's response): the referenced rows joined to their parts.
JOINED_PART_PREFETCHES = {
    "sources": lambda: [
        Prefetch("attributions", queryset=Attribution.objects.select_related("source").order_by("paragraph", "id"))
    ],
    "entities": lambda: [
        Prefetch("mentions", queryset=Mention.objects.select_related("entity").order_by("-count", "id"))
    ],
    "quotes": lambda: [
        Prefetch("quotes", queryset=Quote.objects.select_related("speaker", "source").order_by("paragraph", "order"))
    ],
}


def public_corrections() -> QuerySet[Correction]:
    """Corrections and retraction notes readers see, oldest first."""
    return Correction.objects.filter(public=True).order_by("created_at", "id")


def retracted_article(*, uuid) -> Article | None:
    """A retracted article with its latest public retraction note as `retraction` (None if none).

    For answering readers 410 Gone instead of 404: the article existed and was withdrawn.
    """
    article = (
        Article.objects.filter(uuid=uuid, status=Article.Status.RETRACTED)
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=public_corrections().filter(kind=Correction.Kind.RETRACTION).order_by("-created_at", "-id"),
                to_attr="retractions",
            )
        )
        .first()
    )
    if article is not None:
        article.retraction = article.retractions[0] if article.retractions else None
    return article


#: What each article part's API shape reads besides the part itself.
PART_RELATED = {
    Caption: (),
    Attribution: ("source",),
    Mention: ("entity",),
    Quote: ("speaker", "source"),
}


def article_part_list(model, *, user) -> QuerySet:
    """Captions, attributions, mentions or quotes, limited to visible articles for readers."""
    rows = model.objects.select_related("article", *PART_RELATED[model])
    if not can_see_unpublished(user):
        rows = rows.filter(public_article_q("article__"))
    return rows


def entity_list() -> QuerySet[Entity]:
    return Entity.objects.prefetch_related(Prefetch("aliases", queryset=EntityAlias.objects.order_by("name")))


def source_list() -> QuerySet[Source]:
    return Source.objects.select_related("entity").prefetch_related(
        Prefetch("aliases", queryset=SourceAlias.objects.order_by("name"))
    )


# --------------------------------------------------------------------------- collections


def collection_items(*, user) -> QuerySet[CollectionItem]:
    """Items in reading order (pinned first, then position), only of visible articles for readers."""
    items = CollectionItem.objects.select_related("article").order_by("-pinned", "position")
    if not can_see_unpublished(user):
        items = items.filter(public_article_q("article__"))
    return items


def collection_list(*, user) -> QuerySet[Collection]:
    """Collections with their items prefetched (`visible_items`), in reading order."""
    return Collection.objects.prefetch_related(
        Prefetch("items", queryset=collection_items(user=user), to_attr="visible_items")
    )


# --------------------------------------------------------------------------- likely duplicate entities


#: Why two entities look like duplicates, strongest first.
SAME_NAME = "same_name"
NAME_IS_ALIAS = "name_is_alias"
SAME_WITHOUT_ARTICLE = "same_without_article"
DUPLICATE_REASONS = (SAME_NAME, NAME_IS_ALIAS, SAME_WITHOUT_ARTICLE)


@dataclass
class DuplicatePair:
    """Two entities of one kind that probably name the same thing; `first` has the lower id."""

    first: Entity
    second: Entity
    reasons: list[str]
    key: str

    @property
    def entities(self) -> list[Entity]:
        return [self.first, self.second]

    @property
    def suggested_survivor(self) -> Entity:
        return suggested_survivor((self.first, self.second))

    @property
    def suggested_duplicate(self) -> Entity:
        return self.second if self.suggested_survivor is self.first else self.first


def suggested_survivor(entities: Iterable[Entity]) -> Entity:
    """Of entities annotated with `mention_total`, the one to keep when merging them: the one more
    articles mention (on a tie, the older one), so that merging the others moves the least."""
    return max(entities, key=lambda entity: (entity.mention_total, -entity.pk))


def strip_definite_article(key: str) -> str:
    """A normalised name with «ال» taken off each word that keeps at least two letters without it."""
    return " ".join(word[2:] if word.startswith("ال") and len(word) >= 4 else word for word in key.split())


def entity_duplicates(*, kind: str | None = None) -> list[DuplicatePair]:
    """Pairs of entities of the same kind that are likely duplicates, found by normalised name.

    Two entities pair up when a name of one (its name or English name, normalised) equals a name
    of the other (`same_name`) or one of its aliases (`name_is_alias`), or when the two are equal
    once «ال» is taken off each word (`same_without_article`: البنتاغون and بنتاغون). Two
    aliases alone do not pair entities (two people may share a nickname). Reads two narrow
    projections and matches in memory, then counts the mentions of the paired entities only: a
    constant number of queries for any number of entities (counting every entity's mentions in
    the first read grouped the whole mention table; README "The admin's lists at scale").
    """
    entities = Entity.objects.only("id", "slug", "name", "name_en", "name_normalized", "kind", "wikidata_id")
    aliases = EntityAlias.objects.values_list("entity_id", "name", "name_normalized")
    if kind:
        entities = entities.filter(kind=kind)
        aliases = aliases.filter(entity__kind=kind)
    by_id = {entity.pk: entity for entity in entities.order_by("pk")}

    exact: dict[tuple[str, str], dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))
    stripped: dict[tuple[str, str], dict[int, set[str]]] = defaultdict(lambda: defaultdict(set))

    def index(entity_id: int, key: str, role: str) -> None:
        if key:
            entity_kind = by_id[entity_id].kind
            exact[(entity_kind, key)][entity_id].add(role)
            stripped[(entity_kind, strip_definite_article(key))][entity_id].add(role)

    for entity in by_id.values():
        index(entity.pk, entity.name_normalized or normalize(entity.name), "name")
        if entity.name_en:
            index(entity.pk, normalize(entity.name_en), "name")
    for entity_id, name, name_normalized in aliases:
        if entity_id in by_id:
            index(entity_id, name_normalized or normalize(name), "alias")

    found: dict[tuple[int, int], DuplicatePair] = {}

    def pair_up(buckets, reason_for, *, skip=frozenset()) -> None:
        for (_kind, key), members in buckets.items():
            for first_id, second_id in combinations(sorted(members), 2):
                reason = reason_for(members[first_id], members[second_id])
                if reason is None or (first_id, second_id) in skip:
                    continue
                pair = found.get((first_id, second_id))
                if pair is None:
                    found[(first_id, second_id)] = DuplicatePair(by_id[first_id], by_id[second_id], [reason], key)
                elif reason not in pair.reasons:
                    pair.reasons.append(reason)

    def exact_reason(first_roles, second_roles):
        if "name" in first_roles and "name" in second_roles:
            return SAME_NAME
        if "name" in first_roles or "name" in second_roles:
            return NAME_IS_ALIAS
        return None

    def stripped_reason(first_roles, second_roles):
        return SAME_WITHOUT_ARTICLE if "name" in first_roles or "name" in second_roles else None

    pair_up(exact, exact_reason)
    # Without «ال» only counts for pairs the exact forms did not already find.
    pair_up(stripped, stripped_reason, skip=frozenset(found))
    pairs = list(found.values())
    paired = {entity.pk: entity for pair in pairs for entity in pair.entities}
    counts = dict(
        Mention.objects.filter(entity_id__in=paired)
        .values("entity_id")
        .annotate(n=Count("*"))
        .values_list("entity_id", "n")
    )
    for entity_id, entity in paired.items():
        entity.mention_total = counts.get(entity_id, 0)
    for pair in pairs:
        pair.reasons.sort(key=DUPLICATE_REASONS.index)
    pairs.sort(key=lambda pair: (pair.first.kind, pair.key, pair.first.pk, pair.second.pk))
    return pairs


# --------------------------------------------------------------------------- audit


def audit_list() -> QuerySet[AuditEntry]:
    """The audit log, newest first. Rows carry the actor's name, so no join is needed to show it."""
    return AuditEntry.objects.order_by("-at", "-id")


def article_revisions(article: Article) -> QuerySet[ArticleRevision]:
    """An article's history, newest first, with each revision's user (no query per row)."""
    return ArticleRevision.objects.filter(article=article).select_related("revision__user").order_by("-version")


# --------------------------------------------------------------------------- the desk (admin home)

#: How many articles each list of the desk shows.
DESK_LIST_SIZE = 8
#: The states of articles that reach readers once their publication time has come.
PUBLIC_STATUSES = (Article.Status.PUBLISHED, Article.Status.CORRECTED, Article.Status.SCHEDULED)


def desk_lists(*, user, now) -> dict[str, QuerySet]:
    """The desk's lists for `user`: their drafts, what awaits review (a reporter: their own), what is
    scheduled (soonest first), recently published, and recent corrections and retractions."""
    from django.db.models import Q

    Status = Article.Status
    articles = Article.objects.only(
        "id", "uuid", "headline", "language", "status", "published_at", "updated_at", "created_by_id"
    )
    reviewing = articles.filter(status=Status.IN_REVIEW)
    if not user.has_perm("articles.change_any_article"):
        reviewing = reviewing.filter(created_by=user)
    return {
        "drafts": articles.filter(status=Status.DRAFT, created_by=user).order_by("-updated_at")[:DESK_LIST_SIZE],
        "review": reviewing.order_by("updated_at")[:DESK_LIST_SIZE],
        "scheduled": articles.filter(status=Status.SCHEDULED, published_at__gt=now).order_by("published_at")[
            :DESK_LIST_SIZE
        ],
        "published": articles.filter(
            Q(status__in=(Status.PUBLISHED, Status.CORRECTED)) | Q(status=Status.SCHEDULED, published_at__lte=now)
        )
        .filter(published_at__lte=now)
        .order_by("-published_at")[:DESK_LIST_SIZE],
        "corrections": Correction.objects.select_related("article")
        .only("id", "kind", "note", "created_at", "article__id", "article__headline", "article__language")
        .order_by("-created_at")[:DESK_LIST_SIZE],
    }


def published_per_day(*, start, end, time_zone) -> dict:
    """{date: number of articles published that day (in `time_zone`)} for start <= published_at < end."""
    from django.db.models.functions import TruncDate

    rows = (
        Article.objects.filter(
            status__in=(Article.Status.PUBLISHED, Article.Status.CORRECTED, Article.Status.SCHEDULED),
            published_at__gte=start,
            published_at__lt=end,
        )
        .annotate(day=TruncDate("published_at", tzinfo=time_zone))
        .values("day")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {row["day"]: row["n"] for row in rows}


def status_counts() -> dict[str, int]:
    """{status: number of articles} (the workflow funnel). COUNT(*), not COUNT(id): PostgreSQL then
    reads the (status, published_at) index alone instead of every article row."""
    rows = Article.objects.values("status").annotate(n=Count("*")).order_by()
    return {row["status"]: row["n"] for row in rows}


def most_mentioned_entities(*, since, limit: int = 10) -> list[tuple[str, int]]:
    """[(entity name, mentions)] in articles published since `since`, most first."""
    from django.db.models import Sum

    rows = (
        Mention.objects.filter(
            article__published_at__gte=since,
            article__published_at__lte=timezone.now(),
            article__status__in=PUBLIC_STATUSES,
        )
        .values("entity__name")
        .annotate(n=Sum("count"))
        .order_by("-n", "entity__name")[:limit]
    )
    return [(row["entity__name"], row["n"]) for row in rows]


def sources_by_attributions(*, limit: int = 10) -> list[tuple[str, int]]:
    """[(source name, attributions)], most attributed first."""
    rows = Attribution.objects.values("source__name").annotate(n=Count("id")).order_by("-n", "source__name")[:limit]
    return [(row["source__name"], row["n"]) for row in rows]


def rows_pointing_here(model, field: str) -> Coalesce:
    """An annotation: how many rows of `model` point at the annotated row through `field` (e.g.
    `rows_pointing_here(Mention, "entity")` on entities). A correlated subquery on the foreign
    key's index, computed for the rows a page shows, where a `Count` over a join groups the whole
    table first, and a count of the list stays a plain count (README "The admin's lists at scale")."""
    rows = model.objects.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
