"""FilterSets for the API. An invalid value (unknown choice, malformed date) is a 400, never ignored."""

import django_filters
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from articles.models import Article, Attribution, Caption, Entity, Mention, Quote, Source
from articles.search import EmptyQueryError, SearchQueryError, search_articles, search_named


def search_error(error: SearchQueryError, param: str = "q") -> ValidationError:
    return ValidationError({param: [str(error)]}, code=error.code)


def searching(function, queryset, value):
    """Run a search, turning an unusable query into a 400 that names the `q` parameter."""
    try:
        return function(queryset, value)
    except SearchQueryError as error:
        raise search_error(error) from None


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet whose search parameters are refused when given blank (`?q=`) instead of being ignored."""

    search_params: tuple[str, ...] = ("q",)

    def filter_queryset(self, queryset):
        for name in self.search_params:
            if name in self.data and not str(self.data.get(name) or "").strip():
                raise search_error(EmptyQueryError("empty"), name)
        # Searches last: a search fixes its window of matches from the queryset it is given.
        items = sorted(self.form.cleaned_data.items(), key=lambda item: item[0] in self.search_params)
        for name, value in items:
            queryset = self.filters[name].filter(queryset, value)
        return queryset


class ArticleFilter(SearchFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Article.Status.choices)
    language = django_filters.CharFilter()
    source = django_filters.CharFilter(field_name="attributions__source__slug", distinct=True, label=_("source slug"))
    entity = django_filters.CharFilter(field_name="mentions__entity__slug", distinct=True, label=_("entity slug"))
    entity_kind = django_filters.ChoiceFilter(
        field_name="mentions__entity__kind", choices=Entity.Kind.choices, distinct=True, label=_("entity kind")
    )
    published_from = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_to = django_filters.IsoDateTimeFilter(field_name="published_at", lookup_expr="lte")
    q = django_filters.CharFilter(
        method="filter_q",
        label=_("search text"),
        help_text=_(
            'Words (all must match), "exact phrases", -excluded words, and OR between alternatives. '
            "Spelling variants, diacritics, hamza/alef/ya/ta marbuta forms and clitics are matched. "
            "Results are ordered by relevance unless `ordering` says otherwise; at most 1000 "
            "(the most recent matches) are returned."
        ),
    )

    class Meta:
        model = Article
        fields = ["status", "language", "source", "entity", "entity_kind", "published_from", "published_to", "q"]

    def filter_q(self, queryset, name, value):
        return searching(search_articles, queryset, value)


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
        return searching(search_named, queryset, value)


class EntityFilter(NameSearchFilter):
    search_params = ("q", "name")

    kind = django_filters.MultipleChoiceFilter(choices=Entity.Kind.choices)
    name = django_filters.CharFilter(method="filter_name", label=_("name or alias"))

    class Meta:
        model = Entity
        fields = ["kind", "name", "q"]


class SourceFilter(NameSearchFilter):
    kind = django_filters.MultipleChoiceFilter(choices=Source.Kind.choices)

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
