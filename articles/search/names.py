"""Finding entities and sources by name: any alias, every word, or a similar spelling.

A name matches when it contains every word of the normalised query (so that typing the start of a
name finds it), or when its trigram similarity to the query is at least NAME_SIMILARITY_THRESHOLD
(so that a typo still finds it): pg_trgm's ``%`` operator and GIN indexes on PostgreSQL, a
faithful Python port of pg_trgm's similarity() on SQLite.
"""

from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from articles.models import Entity, EntityAlias, Source, SourceAlias
from articles.search.backends import backend
from articles.search.query import parse_name_query

#: pg_trgm's default similarity threshold (the ``%`` operator), used on both databases.
NAME_SIMILARITY_THRESHOLD = 0.3


def _name_condition(similar, column: str, text: str, words: list[str]) -> Q:
    contains_all = Q()
    for word in words:
        contains_all &= Q(**{f"{column}__contains": word})
    return Q(similar(column, text)) | contains_all


#: Models searchable by name: their alias model and the alias's foreign key, if they have aliases.
_ALIASES = {Entity: (EntityAlias, "entity"), Source: (SourceAlias, "source")}


def search_named(queryset: QuerySet, q: str) -> QuerySet:
    """Entities or sources (or entity/source aliases) whose name or any alias matches `q`, most similar first.

    A name matches when it contains every word of the normalised query (so that typing the start
    of a name finds it) or when its trigram similarity to the query is at least
    NAME_SIMILARITY_THRESHOLD (so that a typo still finds it). Rows are annotated with
    `name_similarity` (the best similarity of the name and its aliases) and ordered by it, then
    by name and id. Raises SearchQueryError for an unusable query.
    """
    text, words = parse_name_query(q)
    model = queryset.model
    engine = backend(queryset.db)

    def similar(column, value):
        return engine.Similar(F(column), value, threshold=NAME_SIMILARITY_THRESHOLD)

    # One id list from two index-backed lookups (names, aliases), so that neither table is scanned.
    matches = model.objects.filter(_name_condition(similar, "name_normalized", text, words)).order_by().values("pk")
    similarity = engine.Similarity(F("name_normalized"), Value(text))
    if model in _ALIASES:
        alias_model, fk = _ALIASES[model]
        matches = matches.union(
            alias_model.objects.filter(_name_condition(similar, "name_normalized", text, words)).order_by().values(fk),
            all=True,
        )
        best_alias = (
            alias_model.objects.filter(**{fk: OuterRef("pk")})
            .order_by()
            .values(fk)
            .annotate(best=Max(engine.Similarity(F("name_normalized"), Value(text))))
            .values("best")
        )
        similarity = Greatest(similarity, Coalesce(Subquery(best_alias), Value(0.0)))
    return (
        queryset.filter(pk__in=matches).annotate(name_similarity=similarity).order_by("-name_similarity", "name", "pk")
    )
