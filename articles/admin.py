"""The editors' admin: Arabic and right-to-left by default, every write through the services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from articles import services, workflow
from articles.models import (
    Article,
    Attribution,
    Caption,
    Correction,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    SourceAlias,
)
from articles.search import NAME_PATHS, EmptyQueryError, names_q, search_articles

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Content database")


class NormalizedSearchMixin:
    """Admin search on the normalised shadow text: ignores diacritics and alef/ya/ta-marbuta forms.

    `search_fields` stays set because autocomplete requires it; the search itself runs here.
    """

    normalized_search_paths = NAME_PATHS

    def normalized_search(self, queryset, term):
        return queryset.filter(names_q(term, *self.normalized_search_paths)).distinct()

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        try:
            return self.normalized_search(queryset, search_term), True
        except EmptyQueryError:
            return queryset.none(), False


# --------------------------------------------------------------------------- entities and sources


class EntityAliasInline(admin.TabularInline):
    model = EntityAlias
    extra = 1


class SourceAliasInline(admin.TabularInline):
    model = SourceAlias
    extra = 1


class NamedAdmin(NormalizedSearchMixin, admin.ModelAdmin):
    """Sources and entities: saved through their services so that derived data stays current."""

    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name_en",)}

    def save_alias(self, alias, user):
        raise NotImplementedError

    def save_formset(self, request, form, formset, change):
        for alias in formset.save(commit=False):
            self.save_alias(alias, request.user)
        for alias in formset.deleted_objects:
            alias.delete()


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

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(attribution_total=Count("attributions", distinct=True))

    @admin.display(description=_("attributions"), ordering="attribution_total")
    def attribution_count(self, source):
        return source.attribution_total


@admin.register(EntityAlias)
class EntityAliasAdmin(NormalizedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "entity", "language"]
    list_select_related = ["entity"]
    list_filter = ["language", "entity__kind"]
    autocomplete_fields = ["entity"]
    search_fields = ["name"]
    normalized_search_paths = ("name_normalized",)

    def save_model(self, request, obj, form, change):
        services.entity_alias_save(alias=obj, user=request.user)


@admin.register(SourceAlias)
class SourceAliasAdmin(NormalizedSearchMixin, admin.ModelAdmin):
    list_display = ["name", "source", "language"]
    list_select_related = ["source"]
    list_filter = ["language"]
    autocomplete_fields = ["source"]
    search_fields = ["name"]
    normalized_search_paths = ("name_normalized",)

    def save_model(self, request, obj, form, change):
        services.source_alias_save(alias=obj, user=request.user)


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
class ArticleAdmin(NormalizedSearchMixin, admin.ModelAdmin):
    """Articles. Status and publication time change only through the workflow's transition buttons."""

    search_fields = ["headline"]
    list_display = ["headline", "status", "language", "published_at", "version", "updated_at"]
    list_filter = ["status", "language", "published_at", "mentions__entity__kind", "attributions__source"]
    date_hierarchy = "published_at"
    readonly_fields = ["status", "published_at", "uuid", "version", "created_by", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ("headline",)}
    inlines = [CaptionInline, AttributionInline, MentionInline, QuoteInline, CorrectionInline]
    actions = ["publish_selected", "retract_selected"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "summary", "body", "byline"]}),
        (_("Publication"), {"fields": ["status", "published_at", "language"]}),
        (_("Internal"), {"fields": ["editor_note", "uuid", "version", "created_by", "created_at", "updated_at"]}),
    ]

    def normalized_search(self, queryset, term):
        return search_articles(queryset, term)

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
class MentionAdmin(NormalizedSearchMixin, ArticlePartAdmin):
    list_display = ["entity", "article", "count", "role", "origin"]
    list_select_related = ["article", "entity"]
    list_filter = ["role", "origin", "entity__kind"]
    autocomplete_fields = ["article", "entity"]
    search_fields = ["entity__name"]
    normalized_search_paths = ("entity__name_normalized", "entity__aliases__name_normalized")


@admin.register(Quote)
class QuoteAdmin(ArticlePartAdmin):
    list_display = ["text", "speaker", "source", "article", "paragraph"]
    list_select_related = ["article", "speaker", "source"]
    list_filter = ["source"]
    autocomplete_fields = ["article", "speaker", "source"]
    search_fields = ["text", "speaker__name"]
