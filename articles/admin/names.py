"""Entities and sources, their aliases, likely duplicates and the merge of entities."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles import selectors, services
from articles.admin.search import EngineSearchMixin
from articles.errors import ServiceError
from articles.models import Attribution, Entity, EntityAlias, Mention, Source, SourceAlias
from articles.policies import actor_for_request


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

    def save_model(self, request, obj, form, change):
        services.named_save(actor=actor_for_request(request), instance=obj)

    def delete_model(self, request, obj):
        services.named_delete(actor=actor_for_request(request), instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.named_delete(actor=actor_for_request(request), instance=obj)

    def save_formset(self, request, form, formset, change):
        actor = actor_for_request(request)
        aliases = formset.save(commit=False)
        # Deletions first, as Django's own formset.save() does: a deleted alias's name may be reused.
        for alias in formset.deleted_objects:
            services.alias_delete(actor=actor, alias=alias)
        for alias in aliases:
            services.alias_save(actor=actor, alias=alias)


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
        suggested = selectors.suggested_survivor(entities)
        if request.method == "POST":
            form = EntityMergeForm(request.POST, entities=entities)
            if form.is_valid():
                survivor = form.cleaned_data["survivor"]
                try:
                    services.entities_merge(actor=actor_for_request(request), entities=entities, survivor=survivor)
                except ServiceError as error:
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                alias_total=selectors.rows_pointing_here(EntityAlias, "entity"),
                mention_total=selectors.rows_pointing_here(Mention, "entity"),
            )
            .order_by(*Entity._meta.ordering)  # a list sorted by a count breaks its ties by name
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(attribution_total=selectors.rows_pointing_here(Attribution, "source"))
            .order_by(*Source._meta.ordering)  # a list sorted by a count breaks its ties by name
        )

    @admin.display(description=_("attributions"), ordering="attribution_total")
    def attribution_count(self, source):
        return source.attribution_total


class AliasAdmin(EngineSearchMixin, admin.ModelAdmin):
    """Aliases on their own list, saved through the services (articles naming the owner are re-indexed)."""

    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        services.alias_save(actor=actor_for_request(request), alias=obj)

    def delete_model(self, request, obj):
        services.alias_delete(actor=actor_for_request(request), alias=obj)

    def delete_queryset(self, request, queryset):
        for alias in queryset:
            services.alias_delete(actor=actor_for_request(request), alias=alias)


@admin.register(EntityAlias)
class EntityAliasAdmin(AliasAdmin):
    list_display = ["name", "entity", "language"]
    list_select_related = ["entity"]
    list_filter = ["language", "entity__kind"]
    autocomplete_fields = ["entity"]


@admin.register(SourceAlias)
class SourceAliasAdmin(AliasAdmin):
    list_display = ["name", "source", "language"]
    list_select_related = ["source"]
    list_filter = ["language"]
    autocomplete_fields = ["source"]
