"""Collections: story packages and home-page slots, with their items inline."""

import math

from django import forms
from django.contrib import admin
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from articles import policies, services
from articles.models import Collection, CollectionItem
from articles.policies import actor_for_request


class CollectionItemInlineForm(forms.ModelForm):
    """An item row. `place` is the wished-for position, not stored as typed: on save the rows are put
    in that order (ties: a row moved up goes before, one moved down after the rows it meets) and
    renumbered 1..n with pinned items first, by `services.collection_items_set`."""

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
            policies.public_article_q("article__")
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
            services.collection_update(actor=actor_for_request(request), collection=obj, data={})
        else:
            services.collection_create(actor=actor_for_request(request), collection=obj, data={})

    def delete_model(self, request, obj):
        services.collection_delete(actor=actor_for_request(request), collection=obj)

    def delete_queryset(self, request, queryset):
        for collection in queryset:
            services.collection_delete(actor=actor_for_request(request), collection=collection)

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
            rows.append((key, services.Slot(data["article"], bool(data.get("pinned")))))
        rows.sort(key=lambda row: row[0])
        services.collection_items_set(
            actor=actor_for_request(request), collection=form.instance, items=[slot for _key, slot in rows]
        )
        return None
