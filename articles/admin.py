"""The editors' admin: Arabic and right-to-left by default, every write through the services."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import search, services
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

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Content database")


class EngineSearchMixin:
    """Admin search (changelists and autocomplete) through the same engine as the API's `q`.

    Articles are searched with `search.search_articles` (the query language, ranked by relevance);
    entities, sources and aliases with `search.search_named` (any alias, typo-tolerant, most
    similar first). An explicit column sort (`?o=`) is kept; otherwise results come best first.
    `search_fields` stays set because autocomplete requires it; the search itself runs here.
    """

    def engine_search(self, queryset, term):
        return search.search_named(queryset, term)

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        try:
            results = self.engine_search(queryset, search_term)
        except search.SearchQueryError as error:
            self.message_user(request, str(error), messages.WARNING)
            return queryset.none(), False
        if request.GET.get(ORDER_VAR):
            results = results.order_by(*queryset.query.order_by)
        return results, False


# --------------------------------------------------------------------------- entities and sources


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1


class NamedAdmin(EngineSearchMixin, admin.ModelAdmin):
    """Sources and entities: saved through their services so that derived data stays current."""

    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name_en",)}

    def save_alias(self, alias, user):
        raise NotImplementedError

    def delete_alias(self, alias, user):
        raise NotImplementedError

    def save_formset(self, request, form, formset, change):
        for alias in formset.save(commit=False):
            self.save_alias(alias, request.user)
        for alias in formset.deleted_objects:
            self.delete_alias(alias, request.user)


@admin.register(Entity)
class EntityAdmin(NamedAdmin):
    list_display = ["name", "name_en", "kind", "wikidata_id", "alias_count", "mention_count"]
    list_filter = ["kind"]
    inlines = [EntityAliasInline]
    fields = ["name", "name_en", "slug", "kind", "description", "wikidata_id", "iptc_subject"]

    def save_model(self, request, obj, form, change):
        services.entity_save(entity=obj, user=request.user)

    def save_alias(self, alias, user):
        services.entity_alias_save(alias=alias, user=user)

    def delete_alias(self, alias, user):
        services.entity_alias_delete(alias=alias, user=user)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(alias_total=Count("aliases", distinct=True), mention_total=Count("mentions", distinct=True))
        )

    @admin.display(description=_("aliases"), ordering="alias_total")
    def alias_count(self, entity):
        return entity.alias_total

    @admin.display(description=_("articles"), ordering="mention_total")
    def mention_count(self, entity):
        return entity.mention_total


@admin.register(Source)
class SourceAdmin(NamedAdmin):
    list_display = ["name", "name_en", "kind", "country", "attribution_count"]
    list_filter = ["kind", "country"]
    inlines = [SourceAliasInline]
    autocomplete_fields = ["entity"]
    fields = ["name", "name_en", "slug", "kind", "homepage", "country", "entity"]

    def save_model(self, request, obj, form, change):
        services.source_save(source=obj, user=request.user)

    def save_alias(self, alias, user):
        services.source_alias_save(alias=alias, user=user)

    def delete_alias(self, alias, user):
        services.source_alias_delete(alias=alias, user=user)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(attribution_total=Count("attributions", distinct=True))

    @admin.display(description=_("attributions"), ordering="attribution_total")
    def attribution_count(self, source):
        return source.attribution_total


@admin.register(EntityAlias)
class EntityAliasAdmin(EngineSearchMixin, admin.ModelAdmin):
    list_display = ["name", "entity", "language"]
    list_select_related = ["entity"]
    list_filter = ["language", "entity__kind"]
    autocomplete_fields = ["entity"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        services.entity_alias_save(alias=obj, user=request.user)

    def delete_model(self, request, obj):
        services.entity_alias_delete(alias=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for alias in queryset:
            services.entity_alias_delete(alias=alias, user=request.user)


@admin.register(SourceAlias)
class SourceAliasAdmin(EngineSearchMixin, admin.ModelAdmin):
    list_display = ["name", "source", "language"]
    list_select_related = ["source"]
    list_filter = ["language"]
    autocomplete_fields = ["source"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        services.source_alias_save(alias=obj, user=request.user)

    def delete_model(self, request, obj):
        services.source_alias_delete(alias=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for alias in queryset:
            services.source_alias_delete(alias=alias, user=request.user)


# --------------------------------------------------------------------------- articles


class ArticlePartInline:
    """Inline rows of an article; saving them goes through `services.article_part_save`."""

    extra = 0


class CaptionInline(ArticlePartInline, admin.StackedInline):
    model = Caption
    fields = [("order", "is_archival", "is_illustrative"), "text", "alt_text", ("credit", "image_url")]


class AttributionInline(ArticlePartInline, admin.TabularInline):
    model = Attribution
    autocomplete_fields = ["source"]
    fields = ["source", "phrase", "paragraph"]


class MentionInline(ArticlePartInline, admin.TabularInline):
    model = Mention
    autocomplete_fields = ["entity"]
    fields = ["entity", "count", "role", "origin"]


class QuoteInline(ArticlePartInline, admin.StackedInline):
    model = Quote
    autocomplete_fields = ["speaker", "source"]
    fields = ["text", ("speaker", "source"), ("paragraph", "order")]


@admin.register(Article)
class ArticleAdmin(EngineSearchMixin, admin.ModelAdmin):
    search_fields = ["headline"]
    list_display = ["headline", "status", "language", "published_at", "version", "updated_at"]
    list_filter = ["status", "language", "published_at", "mentions__entity__kind", "attributions__source"]
    date_hierarchy = "published_at"
    readonly_fields = ["uuid", "version", "created_by", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ("headline",)}
    inlines = [CaptionInline, AttributionInline, MentionInline, QuoteInline]
    actions = ["publish_selected", "retract_selected"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "summary", "body", "byline"]}),
        (_("Publication"), {"fields": ["status", "published_at", "language"]}),
        (_("Internal"), {"fields": ["editor_note", "uuid", "version", "created_by", "created_at", "updated_at"]}),
    ]

    # Counting every article for "N total" on each search is a full scan at a million rows.
    show_full_result_count = False

    def engine_search(self, queryset, term):
        return search.search_articles(queryset, term)

    def save_model(self, request, obj, form, change):
        # The form has already put the edited values on `obj`.
        if change:
            services.article_update(article=obj, data={}, user=request.user)
        else:
            services.article_create(article=obj, data={}, user=request.user)

    def save_formset(self, request, form, formset, change):
        for part in formset.save(commit=False):
            services.article_part_save(part=part, user=request.user)
        for part in formset.deleted_objects:
            services.article_part_delete(part=part, user=request.user)

    def _run_action(self, request, queryset, function, done_message):
        done = 0
        for article in queryset:
            try:
                function(article=article, user=request.user)
                done += 1
            except (services.ServiceError, ValidationError) as error:
                message = getattr(error, "message", None) or "; ".join(error.messages)
                self.message_user(request, f"{article.headline}: {message}", messages.ERROR)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Publish the selected articles"), permissions=["change"])
    def publish_selected(self, request, queryset):
        self._run_action(
            request,
            queryset,
            services.article_publish,
            lambda n: ngettext("%(count)d article published.", "%(count)d articles published.", n) % {"count": n},
        )

    @admin.action(description=_("Retract the selected articles"), permissions=["change"])
    def retract_selected(self, request, queryset):
        self._run_action(
            request,
            queryset,
            services.article_retract,
            lambda n: ngettext("%(count)d article retracted.", "%(count)d articles retracted.", n) % {"count": n},
        )


class ArticlePartAdmin(admin.ModelAdmin):
    """Standalone lists of captions, attributions, mentions and quotes across all articles."""

    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    def save_model(self, request, obj, form, change):
        services.article_part_save(part=obj, user=request.user)

    def delete_model(self, request, obj):
        services.article_part_delete(part=obj, user=request.user)


@admin.register(Caption)
class CaptionAdmin(ArticlePartAdmin):
    list_display = ["text", "article", "order", "is_archival", "is_illustrative"]
    list_filter = ["is_archival", "is_illustrative"]
    search_fields = ["text", "alt_text"]


@admin.register(Attribution)
class AttributionAdmin(ArticlePartAdmin):
    list_display = ["source", "phrase", "article", "paragraph"]
    list_select_related = ["article", "source"]
    list_filter = ["source"]
    autocomplete_fields = ["article", "source"]
    search_fields = ["phrase", "source__name"]


@admin.register(Mention)
class MentionAdmin(EngineSearchMixin, ArticlePartAdmin):
    list_display = ["entity", "article", "count", "role", "origin"]
    list_select_related = ["article", "entity"]
    list_filter = ["role", "origin", "entity__kind"]
    autocomplete_fields = ["article", "entity"]
    search_fields = ["entity__name"]

    def engine_search(self, queryset, term):
        return queryset.filter(entity__in=search.search_named(Entity.objects.all(), term).values("pk"))


@admin.register(Quote)
class QuoteAdmin(ArticlePartAdmin):
    list_display = ["text", "speaker", "source", "article", "paragraph"]
    list_select_related = ["article", "speaker", "source"]
    list_filter = ["source"]
    autocomplete_fields = ["article", "speaker", "source"]
    search_fields = ["text", "speaker__name"]
