"""Captions, attributions, mentions and quotes on their own lists, across all articles."""

from django.contrib import admin

from articles import policies, search, services
from articles.admin.direction import ContentDirectionFormMixin
from articles.admin.search import EngineSearchMixin
from articles.models import Article, Attribution, Caption, Entity, Mention, Quote
from articles.policies import actor_for_request


class ArticlePartAdmin(admin.ModelAdmin):
    """Standalone lists of captions, attributions, mentions and quotes across all articles.

    The article's edit rule applies: a reporter changes only the parts of their own drafts.
    """

    list_select_related = ["article"]
    autocomplete_fields = ["article"]
    # Parts outnumber articles many times over: "N (M total)" would count the whole table on every
    # page besides the page's own count, as it would for articles.
    show_full_result_count = False

    def get_form(self, request, obj=None, change=False, **kwargs):
        # The part's text reads in its article's language (admin/direction.py).
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (ContentDirectionFormMixin, form), {})

    def get_readonly_fields(self, request, obj=None):
        # A part stays with its article (its history is the article's history).
        return ["article"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or policies.can_edit(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or policies.can_edit(request.user, obj.article))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = policies.editable_articles(request.user, Article.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.article_part_save(actor=actor_for_request(request), part=obj)

    def delete_model(self, request, obj):
        services.article_part_delete(actor=actor_for_request(request), part=obj)

    def delete_queryset(self, request, queryset):
        for part in queryset:
            services.article_part_delete(actor=actor_for_request(request), part=part)


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
