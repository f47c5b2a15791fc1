"""Reads: querysets already scoped by who is asking and optimised for the shape they are read in.

Visibility rule (one place only): a reader without the `articles.view_article` permission sees an
article only when its status is public (scheduled, published or corrected) and its publication time
has come, and sees a caption, attribution, mention or quote only when its article is visible. A
scheduled (embargoed) article therefore appears at its time with no background job.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from articles.models import (
    Article,
    Attribution,
    Caption,
    Correction,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    SourceAlias,
)


def can_see_unpublished(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm("articles.view_article"))


def public_article_q(prefix: str = "") -> Q:
    """Q for articles readers may see now; `prefix` reaches them from a related model."""
    return Q(**{f"{prefix}status__in": Article.PUBLIC_STATUSES, f"{prefix}published_at__lte": timezone.now()})


def article_list(*, user) -> QuerySet[Article]:
    articles = Article.objects.all()
    if not can_see_unpublished(user):
        articles = articles.filter(public_article_q())
    return with_article_parts(articles)


def article_as_written(*, pk) -> Article:
    """The article a write just produced, with its parts, for the writer's response.

    Not scoped by visibility: the writer may have just made it invisible to themselves (a retraction
    by a user who cannot read unpublished articles).
    """
    return with_article_parts(Article.objects.filter(pk=pk)).get()


def with_article_parts(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Prefetch everything the article API nests, so that a list costs the same queries for any length."""
    return articles.prefetch_related(
        Prefetch("captions", queryset=Caption.objects.order_by("order")),
        Prefetch("attributions", queryset=Attribution.objects.select_related("source").order_by("paragraph", "id")),
        Prefetch("mentions", queryset=Mention.objects.select_related("entity").order_by("-count", "id")),
        Prefetch(
            "quotes",
            queryset=Quote.objects.select_related("speaker", "source").order_by("paragraph", "order"),
        ),
        Prefetch("corrections", queryset=public_corrections(), to_attr="public_corrections"),
    )


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
