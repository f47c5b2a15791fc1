"""FilterSets for the API. An invalid value (unknown choice, malformed date) is a 400, never ignored."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField, MultipleChoiceField
from rest_framework.exceptions import ValidationError

from articles import selectors
from articles.models import Article, Attribution, AuditEntry, Caption, Collection, Entity, Mention, Quote, Source
from articles.search import EmptyQueryError, SearchQueryError, search_articles, search_named


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
        # Searches last: a search fixes its window of matches from the queryset it is given.
        items = sorted(self.form.cleaned_data.items(), key=lambda item: item[0] in self.search_params)
        for name, value in items:
            queryset = self.filters[name].filter(queryset, value)
        return queryset


class NonEmptyMultipleChoiceField(MultipleChoiceField):
    def clean(self, value):
        return super().clean([item for item in value or [] if item != ""])


class ChoicesFilter(django_filters.MultipleChoiceFilter):
    """One or more choices (`?kind=place&kind=person`); an empty one (`?kind=`) is no filter, as for
    every other filter, instead of "Select a valid choice.  is not one of the available choices."."""

    field_class = NonEmptyMultipleChoiceField


class StorableIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 time the database can compare: one whose UTC time falls outside years 1–9999
    (9999-12-31T23:59-12:00) is invalid input, not an OverflowError in the database adapter."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is not None:
            try:
                value.astimezone(datetime.UTC)
            except OverflowError:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return value


class StorableIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = StorableIsoDateTimeField


class ArticleFilter(SearchFilterSet):
    status = ChoicesFilter(choices=Article.Status.choices)
    language = django_filters.CharFilter()
    source = django_filters.CharFilter(field_name="attributions__source__slug", distinct=True, label=_("source slug"))
    entity = django_filters.CharFilter(field_name="mentions__entity__slug", distinct=True, label=_("entity slug"))
    entity_kind = django_filters.ChoiceFilter(
        field_name="mentions__entity__kind", choices=Entity.Kind.choices, distinct=True, label=_("entity kind")
    )
    published_from = StorableIsoDateTimeFilter(field_name="published_at", lookup_expr="gte")
    published_to = StorableIsoDateTimeFilter(field_name="published_at", lookup_expr="lte")
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
    vars()["from"] = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="gte", label=_("at or after"))
    vars()["to"] = django_filters.IsoDateTimeFilter(field_name="at", lookup_expr="lte", label=_("at or before"))

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
