"""The editors' admin: Arabic and right-to-left by default, every write through the services."""

import json
import math

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles import curation, search, selectors, services, workflow
from articles.models import (
    Article,
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
from articles.revision_admin import ArticleHistoryAdminMixin

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
        aliases = formset.save(commit=False)
        # Deletions first, as Django's own formset.save() does: a deleted alias's name may be reused.
        for alias in formset.deleted_objects:
            self.delete_alias(alias, request.user)
        for alias in aliases:
            self.save_alias(alias, request.user)


class EntityMergeForm(forms.Form):
    """Choose which of the entities survives; the others are merged into it."""

    ids = forms.CharField(widget=forms.HiddenInput)
    survivor = forms.ModelChoiceField(
        queryset=Entity.objects.none(),
        widget=forms.RadioSelect,
        label=_("Entity to keep"),
        help_text=_("The others become its aliases; their mentions, quotes and sources move to it."),
    )

    def __init__(self, *args, entities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survivor"].queryset = Entity.objects.filter(pk__in=[entity.pk for entity in entities])
        self.fields["survivor"].label_from_instance = lambda entity: f"{entity.name} ({entity.slug})"


@admin.register(Entity)
class EntityAdmin(NamedAdmin):
    list_display = ["name", "name_en", "kind", "wikidata_id", "alias_count", "mention_count"]
    list_filter = ["kind"]
    inlines = [EntityAliasInline]
    fields = ["name", "name_en", "slug", "kind", "description", "wikidata_id", "iptc_subject"]
    actions = ["merge_selected"]

    def has_merge_permission(self, request):
        return request.user.has_perm(f"{self.opts.app_label}.merge_entity")

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("duplicates/", self.admin_site.admin_view(self.duplicates_view), name=f"{prefix}_duplicates"),
            path("merge/", self.admin_site.admin_view(self.merge_view), name=f"{prefix}_merge"),
            *super().get_urls(),
        ]

    def merge_url(self, ids) -> str:
        return reverse("admin:articles_entity_merge") + "?ids=" + ",".join(str(pk) for pk in ids)

    @admin.action(description=_("Merge the selected entities…"), permissions=["merge"])
    def merge_selected(self, request, queryset):
        ids = sorted(queryset.values_list("pk", flat=True))
        if len(ids) < 2:
            self.message_user(request, _("Select at least two entities to merge."), messages.WARNING)
            return None
        return HttpResponseRedirect(self.merge_url(ids))

    def duplicates_view(self, request):
        """Pairs of likely duplicates (selectors.entity_duplicates), each with a merge button."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        kind = request.GET.get("kind") or None
        if kind not in (None, *Entity.Kind.values):
            kind = None
        pairs = selectors.entity_duplicates(kind=kind)
        reason_labels = {
            selectors.SAME_NAME: _("same name"),
            selectors.NAME_IS_ALIAS: _("name is the other's alias"),
            selectors.SAME_WITHOUT_ARTICLE: _("same name without «ال»"),
        }
        rows = [
            {
                "pair": pair,
                "reasons": [reason_labels[reason] for reason in pair.reasons],
                "merge_url": self.merge_url([pair.suggested_duplicate.pk, pair.suggested_survivor.pk]),
            }
            for pair in pairs
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Likely duplicate entities"),
            "rows": rows,
            "kinds": Entity.Kind.choices,
            "kind": kind,
            "can_merge": self.has_merge_permission(request),
        }
        return TemplateResponse(request, "admin/articles/entity/duplicates.html", context)

    def merge_view(self, request):
        """Choose the survivor among two or more entities and merge the others into it (one transaction)."""
        if not self.has_merge_permission(request):
            raise PermissionDenied
        raw_ids = (request.POST if request.method == "POST" else request.GET).get("ids", "")
        ids = [int(part) for part in raw_ids.split(",") if part.strip().isdigit()]
        entities = list(
            Entity.objects.filter(pk__in=ids)
            .annotate(
                mention_total=Count("mentions", distinct=True),
                quote_total=Count("quotes", distinct=True),
                alias_total=Count("aliases", distinct=True),
            )
            .order_by("pk")
        )
        if len(entities) < 2:
            self.message_user(request, _("Choose at least two existing entities to merge."), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_entity_changelist"))
        suggested = max(entities, key=lambda entity: (entity.mention_total, -entity.pk))
        if request.method == "POST":
            form = EntityMergeForm(request.POST, entities=entities)
            if form.is_valid():
                survivor = form.cleaned_data["survivor"]
                try:
                    with transaction.atomic():
                        for entity in entities:
                            if entity.pk != survivor.pk:
                                services.entity_merge(
                                    source=entity, target=survivor, user=request.user, request=request
                                )
                except services.ServiceError as error:
                    form.add_error(None, error.message)
                else:
                    merged = len(entities) - 1
                    self.message_user(
                        request,
                        ngettext(
                            "%(count)d entity was merged into “%(name)s”.",
                            "%(count)d entities were merged into “%(name)s”.",
                            merged,
                        )
                        % {"count": merged, "name": survivor.name},
                        messages.SUCCESS,
                    )
                    return HttpResponseRedirect(reverse("admin:articles_entity_change", args=[survivor.pk]))
        else:
            form = EntityMergeForm(initial={"ids": raw_ids, "survivor": suggested.pk}, entities=entities)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge entities"),
            "entities": entities,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/entity/merge.html", context)

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
            .order_by(*Entity._meta.ordering)  # Meta.ordering does not apply to a GROUP BY query
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
        return (
            super()
            .get_queryset(request)
            .annotate(attribution_total=Count("attributions", distinct=True))
            .order_by(*Source._meta.ordering)  # Meta.ordering does not apply to a GROUP BY query
        )

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
    """Inline rows of an article; saving them goes through `services.article_part_save`.

    Editing a part is editing the article, so the article's edit rule (workflow.can_edit) applies.
    """

    extra = 0

    def _article_editable(self, request, obj):
        return obj is None or workflow.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._article_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._article_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._article_editable(request, obj)


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


class CorrectionInline(admin.TabularInline):
    """Corrections and retraction notes, read-only: they are written by the `correct`/`retract` transitions."""

    model = Correction
    fields = ["created_at", "kind", "note", "public", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TransitionForm(forms.Form):
    """One transition button on the article page (with its note or publication time, when it takes one)."""

    transition = forms.ChoiceField(
        choices=[(name, name) for name in workflow.USER_TRANSITIONS], widget=forms.HiddenInput
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note for readers"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )
    published_at = forms.DateTimeField(
        label=_("Publication time"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class RetractForm(forms.Form):
    note = forms.CharField(label=_("Retraction note for readers"), widget=forms.Textarea(attrs={"rows": 3, "cols": 80}))


@admin.register(Article)
class ArticleAdmin(ArticleHistoryAdminMixin, EngineSearchMixin, admin.ModelAdmin):
    """Articles with their parts inline. Status and publication time change only through the
    workflow's transition buttons; History lists revisions, diffs and reverts (revision_admin)."""

    search_fields = ["headline"]
    list_display = ["headline", "status", "language", "published_at", "version", "updated_at"]
    list_filter = ["status", "language", "published_at", "mentions__entity__kind", "attributions__source"]
    date_hierarchy = "published_at"
    readonly_fields = ["status", "published_at", "uuid", "version", "created_by", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ("headline",)}
    inlines = [CaptionInline, AttributionInline, MentionInline, QuoteInline, CorrectionInline]
    actions = ["publish_selected", "retract_selected"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "summary", "body", "byline", "expected_version"]}),
        (_("Publication"), {"fields": ["status", "published_at", "language"]}),
        (_("Internal"), {"fields": ["editor_note", "uuid", "version", "created_by", "created_at", "updated_at"]}),
    ]

    # Counting every article for "N total" on each search is a full scan at a million rows.
    show_full_result_count = False

    def engine_search(self, queryset, term):
        return search.search_articles(queryset, term)

    def save_formset(self, request, form, formset, change):
        # Inside the recording opened by ArticleHistoryAdminMixin.changeform_view: the parts join
        # the article's one new version and one revision.
        parts = formset.save(commit=False)
        # Deletions first, as Django's own formset.save() does: a new caption may take the order
        # (or a quote the paragraph and order) of one deleted in the same save.
        for part in formset.deleted_objects:
            services.article_part_delete(part=part, user=request.user)
        for part in parts:
            services.article_part_save(part=part, user=request.user)

    # ------------------------------------------------------------------ who may edit

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or workflow.can_edit(request.user, obj))

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_retract_permission(self, request):
        return request.user.has_perm("articles.retract_article")

    # ------------------------------------------------------------------ transitions

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_transition"
        return [
            path("<path:object_id>/transition/", self.admin_site.admin_view(self.transition_view), name=name),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                "workflow_transitions": [
                    (transition, TransitionForm(initial={"transition": transition.name, "version": article.version}))
                    for transition in workflow.available_transitions(user=request.user, article=article)
                ],
            }
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request, object_id):
        """POST from a transition button: run it through the state machine, report, go back to the page."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[article.pk])
        form = TransitionForm(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                self.message_user(request, f"{field}: {' '.join(errors)}", messages.ERROR)
            return HttpResponseRedirect(change_url)
        data = form.cleaned_data
        try:
            article = workflow.article_transition(
                article=article,
                name=data["transition"],
                user=request.user,
                note=data["note"],
                published_at=data["published_at"],
                expected_version=data["version"],
                request=request,
            )
        except services.ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
        else:
            transition = workflow.get_transition(data["transition"])
            self.message_user(
                request,
                gettext("“%(label)s” done: the article is now “%(status)s” (version %(version)s).")
                % {"label": transition.label, "status": article.get_status_display(), "version": article.version},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(change_url)

    def _run_transition(self, request, queryset, name, done_message, **options):
        done = 0
        for article in queryset:
            try:
                workflow.article_transition(article=article, name=name, user=request.user, request=request, **options)
                done += 1
            except services.ServiceError as error:
                self.message_user(request, f"{article.headline}: {error.message}", messages.ERROR)
            except ValidationError as error:
                self.message_user(request, f"{article.headline}: {'; '.join(error.messages)}", messages.ERROR)
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Publish the selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run_transition(
            request,
            queryset,
            "publish",
            lambda n: ngettext("%(count)d article published.", "%(count)d articles published.", n) % {"count": n},
        )

    @admin.action(description=_("Retract the selected articles"), permissions=["retract"])
    def retract_selected(self, request, queryset):
        """Asks for the (required, public) retraction note on an intermediate page, then retracts."""
        form = RetractForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._run_transition(
                request,
                queryset,
                "retract",
                lambda n: ngettext("%(count)d article retracted.", "%(count)d articles retracted.", n) % {"count": n},
                note=form.cleaned_data["note"],
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Retract articles"),
            "opts": self.opts,
            "articles": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "retract_selected",
        }
        return TemplateResponse(request, "admin/articles/article/retract_selected.html", context)


class ArticlePartAdmin(admin.ModelAdmin):
    """Standalone lists of captions, attributions, mentions and quotes across all articles.

    The article's edit rule applies: a reporter changes only the parts of their own drafts.
    """

    list_select_related = ["article"]
    autocomplete_fields = ["article"]

    def get_readonly_fields(self, request, obj=None):
        # A part stays with its article (its history is the article's history).
        return ["article"] if obj is not None else []

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.article))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or workflow.can_edit(request.user, obj.article))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = workflow.editable_articles(request.user, Article.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.article_part_save(part=obj, user=request.user)

    def delete_model(self, request, obj):
        services.article_part_delete(part=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for part in queryset:
            services.article_part_delete(part=part, user=request.user)


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


# --------------------------------------------------------------------------- collections


class CollectionItemInlineForm(forms.ModelForm):
    """An item row. `place` is the wished-for position, not stored as typed: on save the rows are put
    in that order (ties: a row moved up goes before, one moved down after the rows it meets) and
    renumbered 1..n with pinned items first, by `curation.collection_items_set`."""

    place = forms.IntegerField(
        label=_("position"),
        min_value=1,
        required=False,
        help_text=_("Blank: at the end of the list."),
        widget=forms.NumberInput(attrs={"style": "width: 5em"}),
    )

    class Meta:
        model = CollectionItem
        fields = ["article", "pinned"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["place"].initial = self.instance.position


class CollectionItemInline(admin.TabularInline):
    model = CollectionItem
    form = CollectionItemInlineForm
    fields = ["place", "article", "pinned", "article_status"]
    readonly_fields = ["article_status"]
    autocomplete_fields = ["article"]
    ordering = ["-pinned", "position"]
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")

    @admin.display(description=_("status"))
    def article_status(self, item):
        return item.article.get_status_display() if item.article_id else "—"


class HoldsUnpublishedFilter(admin.SimpleListFilter):
    title = _("holds unpublished articles")
    parameter_name = "unpublished"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        hidden = CollectionItem.objects.filter(collection=OuterRef("pk")).exclude(
            selectors.public_article_q("article__")
        )
        if self.value() == "yes":
            return queryset.filter(Exists(hidden))
        if self.value() == "no":
            return queryset.exclude(Exists(hidden))
        return queryset


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "item_count", "pinned_count", "updated_at", "created_by"]
    list_select_related = ["created_by"]
    list_filter = [HoldsUnpublishedFilter, "updated_at", "created_by"]
    search_fields = ["title", "slug", "description"]
    prepopulated_fields = {"slug": ("title",)}
    readonly_fields = ["created_by", "created_at", "updated_at"]
    fields = ["title", "slug", "description", "created_by", "created_at", "updated_at"]
    inlines = [CollectionItemInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(item_total=Count("items"), pinned_total=Count("items", filter=Q(items__pinned=True)))
        )

    @admin.display(description=_("articles"), ordering="item_total")
    def item_count(self, collection):
        return collection.item_total

    @admin.display(description=_("pinned"), ordering="pinned_total")
    def pinned_count(self, collection):
        return collection.pinned_total

    def save_model(self, request, obj, form, change):
        if change:
            curation.collection_update(collection=obj, data={}, user=request.user)
        else:
            curation.collection_create(collection=obj, data={}, user=request.user)

    def delete_model(self, request, obj):
        curation.collection_delete(collection=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for collection in queryset:
            curation.collection_delete(collection=collection, user=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not CollectionItem:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)  # writes nothing; lists the changes for the admin's history message
        rows = []
        for index, item_form in enumerate(formset.forms):
            data = getattr(item_form, "cleaned_data", None)
            if not data or not data.get("article") or (formset.can_delete and formset._should_delete_form(item_form)):
                continue
            stored = item_form.instance.position if item_form.instance.pk else None
            place = data.get("place")
            if place is None:
                key = (math.inf, 1, index)
            elif stored is None or place < stored:
                key = (place, 0, index)  # new or moved up: before the rows already there
            elif place > stored:
                key = (place, 2, index)  # moved down: after them
            else:
                key = (place, 1, index)
            rows.append((key, curation.Slot(data["article"], bool(data.get("pinned")))))
        rows.sort(key=lambda row: row[0])
        curation.collection_items_set(collection=form.instance, items=[slot for _key, slot in rows], user=request.user)
        return None


# --------------------------------------------------------------------------- audit log


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: entries are only ever added by services.audit_record."""

    list_display = ["at", "actor_name", "action", "target_type", "target_link", "ip_address"]
    list_filter = ["action", ("actor_name", admin.AllValuesFieldListFilter), "at", "target_type"]
    search_fields = ["action", "actor_name", "target_repr", "target_id"]
    date_hierarchy = "at"
    fields = [
        "at",
        "actor",
        "actor_name",
        "action",
        "target_type",
        "target_id",
        "target_link",
        "details_pretty",
        "ip_address",
        "user_agent",
    ]
    readonly_fields = fields
    list_select_related = []

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("target"), ordering="target_repr")
    def target_link(self, entry):
        """A link to the target's admin page, built from the stored ids alone (no query per row)."""
        label = entry.target_repr or entry.target_id or "—"
        if entry.target_type == "articles.article" and entry.target_id:
            return format_html(
                '<a href="{}?uuid={}">{}</a>', reverse("admin:articles_article_changelist"), entry.target_id, label
            )
        app_label, _dot, model_name = entry.target_type.partition(".")
        if entry.target_id.isdigit() and model_name:
            try:
                url = reverse(f"admin:{app_label}_{model_name}_change", args=[entry.target_id])
            except NoReverseMatch:  # a model without an admin page: the text only
                return label
            return format_html('<a href="{}">{}</a>', url, label)
        return label

    @admin.display(description=_("details"))
    def details_pretty(self, entry):
        return format_html(
            '<pre dir="auto" style="white-space: pre-wrap">{}</pre>',
            json.dumps(entry.details, ensure_ascii=False, indent=2, sort_keys=True),
        )
