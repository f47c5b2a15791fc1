"""Filtering, ordering and searching lists. An invalid value (unknown choice, malformed date, unknown
ordering field, empty search) is a 400, never ignored.

- FilterSets (django-filter), one per resource;
- StrictOrderingFilter: DRF's ordering, refusing unknown fields (the default filter backend);
- SearchOrderingFilter: ordering that knows `relevance` (names searched with `q`);
- ArticleSearchFilter: `q` and `ordering` of the article list: a search over the filtered articles
  (articles.search.search_articles), whose SearchResults the list paginates.
"""

import datetime

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField, MultipleChoiceField
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from articles import selectors
from articles.models import Article, Attribution, AuditEntry, Caption, Collection, Entity, Mention, Quote, Source
from articles.search import (
    RELEVANCE,
    EmptyQueryError,
    SearchQueryError,
    parse_search_query,
    search_articles,
    search_named,
)


def search_error(error: SearchQueryError, param: str = "q") -> ValidationError:
    return ValidationError({param: [str(error)]}, code=error.code)


def searching(function, queryset, value, name="q"):
    """Run a search, turning an unusable query into a 400 that names the parameter."""
    try:
        return function(queryset, value)
    except SearchQueryError as error:
        raise search_error(error, name) from None


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet whose search parameters are refused when given blank (`?q=`) instead of being ignored."""

    search_params: tuple[str, ...] = ("q",)

    def filter_queryset(self, queryset):
        for name in self.search_params:
            if name in self.data and not str(self.data.get(name) or "").strip():
                raise search_error(EmptyQueryError("empty"), name)
        return super().filter_queryset(queryset)


class NonEmptyMultipleChoiceField(MultipleChoiceField):
    def clean(self, value):
        return super().clean([item for item in value or [] if item != ""])


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """One or more choices (`?kind=place&kind=person`); an empty one (`?kind=`) is no filter, as for
    every other filter, instead of "Select a valid choice.  is not one of the available choices."."""

    field_class = NonEmptyMultipleChoiceField


class StorableIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time the database can compare, handed to it in UTC: any offset Python reads
    (up to ±23:59:59) names the same instant, where PostgreSQL refuses offsets beyond ±15:59; one
    whose UTC time falls outside years 1–9999 (9999-12-31T23:59-12:00) is invalid input, not an
    OverflowError in the database adapter. Every date/time filter of the API uses it."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None:
            try:
                value = value.astimezone(datetime.UTC)
            except OverflowError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return value


class StorableIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = StorableIsoDateTimeField


class ArticleFilter(django_filters.FilterSet):
    """Filters of the article list; `q` is the search (ArticleSearchFilter), applied after these."""

    status = ChoicesFilter(choices=Article.Status.choices)
    language = django_filters.CharFilter()
    # Each as EXISTS (a semi-join), not a DISTINCT join: the list's order and LIMIT, and its count,
    # need no de-duplication, and the planner can walk the articles by date probing the part's
    # (article, …) index, or read the few parts of a rare entity by its (entity, article) index.
    source = django_filters.CharFilter(method="filter_exists", label=_("source slug"))
    entity = django_filters.CharFilter(method="filter_exists", label=_("entity slug"))
    entity_kind = django_filters.ChoiceFilter(
        method="filter_exists", choices=Entity.Kind.choices, label=_("entity kind")
    )
    published_from = StorableIsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_to = StorableIsoDateTimeFilter(field_name="published_at", lookup_expr="lte")

    class Meta:
        model = Article
        fields = ["status", "language", "source", "entity", "entity_kind", "published_from", "published_to"]

    #: For each filter on parts: the part rows that must exist for an article, given the value.
    EXISTS_FILTERS = {
        "source": lambda value: Attribution.objects.filter(source__slug=value),
        "entity": lambda value: Mention.objects.filter(entity__slug=value),
        "entity_kind": lambda value: Mention.objects.filter(entity__kind=value),
    }

    def filter_exists(self, queryset, name, value):
        return queryset.filter(Exists(self.EXISTS_FILTERS[name](value).filter(article_id=OuterRef("pk"))))


class NameSearchFilter(SearchFilterSet):
    """`q` finds rows by their name or any alias, ignoring diacritics and letter variants, tolerating a typo."""

    q = django_filters.CharFilter(
        method="filter_name",
        label=_("name or alias"),
        help_text=_(
            "Finds by name or any alias: a name containing every word, or a name similar to the query "
            "(a typo is tolerated). Ordered by similarity unless `ordering` says otherwise."
        ),
    )

    def filter_name(self, queryset, name, value):
        return searching(search_named, queryset, value, name)


class EntityFilter(NameSearchFilter):
    search_params = ("q", "name")

    kind = ChoicesFilter(choices=Entity.Kind.choices)
    name = django_filters.CharFilter(method="filter_name", label=_("name or alias"))

    class Meta:
        model = Entity
        fields = ["kind", "name", "q"]


class SourceFilter(NameSearchFilter):
    kind = ChoicesFilter(choices=Source.Kind.choices)

    class Meta:
        model = Source
        fields = ["kind", "q"]


class ArticlePartFilter(django_filters.FilterSet):
    article = django_filters.UUIDFilter(field_name="article__uuid")


class CaptionFilter(ArticlePartFilter):
    class Meta:
        model = Caption
        fields = ["article"]


class QuoteFilter(ArticlePartFilter):
    speaker = django_filters.CharFilter(field_name="speaker__slug")
    source = django_filters.CharFilter(field_name="source__slug")

    class Meta:
        model = Quote
        fields = ["article", "speaker", "source"]


class MentionFilter(ArticlePartFilter):
    entity = django_filters.CharFilter(field_name="entity__slug")
    role = django_filters.ChoiceFilter(choices=Mention.Role.choices)

    class Meta:
        model = Mention
        fields = ["article", "entity", "role"]


class AttributionFilter(ArticlePartFilter):
    source = django_filters.CharFilter(field_name="source__slug")

    class Meta:
        model = Attribution
        fields = ["article", "source"]


class CollectionFilter(django_filters.FilterSet):
    article = django_filters.UUIDFilter(method="filter_article", label=_("collections holding this article (UUID)"))

    class Meta:
        model = Collection
        fields = ["article"]

    def filter_article(self, queryset, name, value):
        # Only articles the client may see: asking about a draft's UUID must not tell a reader anything.
        visible = selectors.visible_articles(user=getattr(self.request, "user", None))
        return queryset.filter(items__article__in=visible.filter(uuid=value)).distinct()


class AuditEntryFilter(django_filters.FilterSet):
    action = django_filters.CharFilter(
        method="filter_action",
        label=_("action, or several separated by commas; a trailing * matches a prefix (entity.*)"),
    )
    actor = django_filters.CharFilter(method="filter_actor", label=_("username of the actor"))
    target_type = django_filters.CharFilter(label=_("target type, e.g. articles.article"))
    target_id = django_filters.CharFilter(label=_("target id (article UUID or row id)"))
    # `from` and `to` are Python keywords, hence the namespace assignment.
    vars()["from"] = StorableIsoDateTimeFilter(field_name="at", lookup_expr="gte", label=_("at or after"))
    vars()["to"] = StorableIsoDateTimeFilter(field_name="at", lookup_expr="lte", label=_("at or before"))

    class Meta:
        model = AuditEntry
        fields = ["action", "actor", "target_type", "target_id"]

    def filter_action(self, queryset, name, value):
        condition = Q()
        for action in (part.strip() for part in value.split(",")):
            if action.endswith("*"):
                condition |= Q(action__startswith=action[:-1])
            elif action:
                condition |= Q(action=action)
        return queryset.filter(condition) if condition else queryset

    def filter_actor(self, queryset, name, value):
        # The stored name survives the user's deletion; the current username follows a rename.
        return queryset.filter(Q(actor_name=value) | Q(actor__username=value))


# --------------------------------------------------------------------------- ordering and search


class StrictOrderingFilter(filters.OrderingFilter):
    """Like DRF's, but an unknown ordering field is a 400 instead of being silently ignored."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if params:
            fields = [param.strip() for param in params.split(",") if param.strip()]
            allowed = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
            unknown = [field for field in fields if field.lstrip("-") not in allowed]
            if unknown or not fields:
                raise ValidationError(
                    {self.ordering_param: [_("Order by one of: %(fields)s.") % {"fields": ", ".join(sorted(allowed))}]}
                )
        return super().get_ordering(request, queryset, view)


class SearchOrderingFilter(StrictOrderingFilter):
    """Ordering that knows `relevance`: the default when the list is searched with `q`.

    `ordering=relevance` is best match first (`-relevance` the reverse) and needs `q`; the view's
    `relevance_ordering` says what it means (ties broken deterministically). Any other ordering
    gets the view's `ordering_tiebreak` appended so that pages never overlap.
    """

    search_param = "q"

    def searching(self, request) -> bool:
        return bool(request.query_params.get(self.search_param, "").strip())

    def get_ordering(self, request, queryset, view):
        searching = self.searching(request)
        ordering = super().get_ordering(request, queryset, view)
        if not request.query_params.get(self.ordering_param):
            return self.relevance(view) if searching else ordering
        out = []
        for field in ordering:
            if field.lstrip("-") != RELEVANCE:
                out.append(field)
            elif not searching:
                raise ValidationError(
                    {self.ordering_param: [_("Ordering by relevance needs a search: give the q parameter.")]}
                )
            else:
                out += self.relevance(view, reverse=field.startswith("-"))
        if not any(isinstance(field, str) and field.lstrip("-") in ("id", "pk") for field in out):
            out.append(view.ordering_tiebreak)
        return out

    def relevance(self, view, *, reverse=False) -> list:
        ordering = [expression.copy() for expression in view.relevance_ordering]
        if reverse:
            for expression in ordering:
                expression.reverse_ordering()
        return ordering


class ArticleSearchFilter(SearchOrderingFilter):
    """`q` and `ordering` on the article list; a single article ignores both. The last filter
    backend: a search finds its window of matches among the articles the other filters left.

    Without `q`, the ordering (relevance refused). With `q`, the articles that match it as
    articles.search.SearchResults, in the requested order (default: relevance), which the
    paginator counts and slices without re-running the search.
    """

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset  # a single article is neither searched nor ordered
        if self.search_param not in request.query_params:
            return super().filter_queryset(request, queryset, view)
        try:
            query = parse_search_query(request.query_params[self.search_param])
        except SearchQueryError as error:
            raise search_error(error, self.search_param) from None
        ordering = self.get_ordering(request, queryset, view)
        return search_articles(queryset, query).order_by(*ordering)

    def relevance(self, view, *, reverse=False) -> list:
        return [f"-{RELEVANCE}" if reverse else RELEVANCE]

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": str(
                    _(
                        'Words (all must match), "exact phrases", -excluded words, and OR between alternatives. '
                        "Spelling variants, diacritics, hamza/alef/ya/ta marbuta forms and clitics are matched. "
                        "Results are ordered by relevance unless `ordering` says otherwise; at most 1000 "
                        "(the most recent matches) are returned."
                    )
                ),
                "schema": {"type": "string"},
            },
            *super().get_schema_operation_parameters(view),
        ]
