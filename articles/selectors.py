"""Reads: querysets already scoped by who is asking and optimised for the shape they are read in.

Visibility rule (one place only): a reader without the `articles.view_article` permission sees an
article only when its status is public (published or corrected) and its publication time has come,
and sees a caption, attribution, mention or quote only when its article is visible.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from articles.models import (
    Article,
    Attribution,
    Caption,
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


def visible_articles(*, user) -> QuerySet[Article]:
    """The articles `user` may read, without the prefetching of a list (for lookups by UUID)."""
    articles = Article.objects.all()
    if not can_see_unpublished(user):
        articles = articles.filter(public_article_q())
    return articles


def article_list(*, user) -> QuerySet[Article]:
    return visible_articles(user=user).prefetch_related(
        Prefetch("captions", queryset=Caption.objects.order_by("order")),
        Prefetch("attributions", queryset=Attribution.objects.select_related("source").order_by("paragraph", "id")),
        Prefetch("mentions", queryset=Mention.objects.select_related("entity").order_by("-count", "id")),
        Prefetch(
            "quotes",
            queryset=Quote.objects.select_related("speaker", "source").order_by("paragraph", "order"),
        ),
    )


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
