"""Articles in the admin: the form, its parts inline, saving through the services, and the
workflow's transition buttons and bulk actions."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from articles import policies, search, selectors, services
from articles.admin.bulk import BulkWorkflowActionsMixin
from articles.admin.direction import ContentDirectionFormMixin, article_language_of, language_name, text_direction
from articles.admin.history import ArticleHistoryAdminMixin, newer_changes
from articles.admin.presence import EditPresenceAdminMixin
from articles.admin.search import EngineSearchMixin
from articles.admin.suggestions import ArticleSuggestionsAdminMixin, suggestions_context
from articles.admin.widgets import BodyTextarea, CountedTextarea, HeadlineInput, ParagraphSelect, paragraph_choices
from articles.errors import NotPermittedError, ServiceError
from articles.history import revisions
from articles.models import Article, Attribution, Caption, Correction, Mention, Quote, paragraphs
from articles.policies import actor_for_request

HISTORY_PAGE_SIZE = 50

#: The name of the change form's transition buttons (their value is the transition's name).
TRANSITION_BUTTON = "_transition"


class ArticleAdminForm(ContentDirectionFormMixin, forms.ModelForm):
    """The article form, carrying the version it was opened at."""

    expected_version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        label=gettext_lazy("version you edited"),
    )

    class Meta:
        widgets = {
            "headline": HeadlineInput,
            "summary": CountedTextarea(rows=3),
            "body": BodyTextarea,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def _clean_line_ends(self, name):
        # Browsers send a textarea's lines with CRLF; the body is stored with the LF it was written
        # with, so that paragraphs split and diffs compare as they should.
        return self.cleaned_data[name].replace("\r\n", "\n")

    def clean_body(self):
        return self._clean_line_ends("body")

    def clean_summary(self):
        return self._clean_line_ends("summary")

    def clean_editor_note(self):
        return self._clean_line_ends("editor_note")

    #: Why the transition asked for with this form was refused (set by ArticleAdmin.get_form).
    workflow_refusal = None

    def clean(self):
        cleaned = super().clean()
        if self.workflow_refusal:
            raise ValidationError(
                _("Not saved: %(reason)s Your input is kept below.") % {"reason": self.workflow_refusal},
                code="transition_refused",
            )
        if self.instance.pk:
            self._check_version(cleaned.get("expected_version"))
        return cleaned

    def _check_version(self, expected):
        # The article row is locked by the recording that wraps the POST, so this answer stays true
        # until the save commits.
        current = Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True).first()
        if current is None or expected == current:
            return
        # From now on the form carries the current version: after reading whose changes they would
        # replace, the editor can save again (deliberately) or reload to start from those changes.
        self.data = self.data.copy()
        self.data[self.add_prefix("expected_version")] = current
        if expected is None:
            raise ValidationError(
                _("This form does not say which version of the article it edits. Reload the page."),
                code="no_version",
            )
        raise ValidationError(
            [
                ValidationError(
                    _(
                        "Someone else saved this article after you opened it (you opened version %(expected)s, "
                        "it is now version %(current)s):"
                    ),
                    code="stale_version",
                    params={"expected": expected, "current": current},
                ),
                *(ValidationError(line, code="stale_version") for line in newer_changes(self.instance, expected)),
                ValidationError(
                    _(
                        "Your input is kept below. Save again to replace their changes with yours, or reload the "
                        "page to start from their version."
                    ),
                    code="stale_version",
                ),
            ]
        )


class ArticlePartInline:
    """Inline rows of an article; saving them goes through `services.article_part_save`.

    Editing a part is editing the article, so the article's edit rule (policies.can_edit) applies.
    """

    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        # The parts' text reads in the article's language (admin/direction.py).
        if "paragraph" in flatten_fieldsets(self.get_fieldsets(request, obj)):
            # A quote or attribution picks its paragraph by seeing its text.
            choices = [("", "---------"), *paragraph_choices(obj.body if obj is not None else "")]
            kwargs.setdefault("widgets", {})["paragraph"] = ParagraphSelect(choices)
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = type(
            formset.form.__name__,
            (ContentDirectionFormMixin, formset.form),
            {"article_language": article_language_of(obj)},
        )
        return formset

    def _article_editable(self, request, obj):
        return obj is None or policies.can_edit(request.user, obj)

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
        choices=[(name, name) for name in services.USER_TRANSITIONS], widget=forms.HiddenInput
    )
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    note = forms.CharField(
        label=gettext_lazy("Note for readers"), required=False, widget=forms.Textarea(attrs={"rows": 2, "cols": 60})
    )
    published_at = forms.DateTimeField(
        label=gettext_lazy("Publication time"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


def transition_input_name(name: str, field: str) -> str:
    """The change form's input for a transition's note or publication time (one per button)."""
    return f"workflow-{name}-{field}"


def transition_inputs(data, name: str) -> dict:
    """The note and publication time typed beside transition `name` of the change form, checked by
    TransitionForm (a bad time is a ValidationError)."""
    form = TransitionForm(
        {
            "transition": name,
            "note": data.get(transition_input_name(name, "note"), ""),
            "published_at": data.get(transition_input_name(name, "published_at"), ""),
        }
    )
    if not form.is_valid():
        raise ValidationError(
            [f"{form.fields[name].label}: {' '.join(errors)}" for name, errors in form.errors.items()]
        )
    return {"note": form.cleaned_data["note"], "published_at": form.cleaned_data["published_at"]}


#: Transitions offered as “Save and …” buttons beside Save, with their labels.
SAVE_AND_TRANSITIONS = {
    "submit": gettext_lazy("Save and submit for review"),
    "publish": gettext_lazy("Save and publish"),
}


def save_and_buttons(names) -> list[tuple[str, str]]:
    return [(name, label) for name, label in SAVE_AND_TRANSITIONS.items() if name in names]


def transition_done_message(name: str, article: Article) -> str:
    transition = services.get_transition(name)
    return gettext("“%(label)s” done: the article is now “%(status)s” (version %(version)s).") % {
        "label": transition.label,
        "status": article.get_status_display(),
        "version": article.version,
    }


class LanguageFilter(admin.SimpleListFilter):
    """The articles' languages by name (the admin's language), not as BCP 47 tags."""

    title = gettext_lazy("language")
    parameter_name = "language"

    def lookups(self, request, model_admin):
        tags = Article.objects.order_by("language").values_list("language", flat=True).distinct()
        return [(tag, language_name(tag)) for tag in tags]

    def queryset(self, request, queryset):
        return queryset.filter(language=self.value()) if self.value() else queryset


class MentionedKindFilter(admin.ChoicesFieldListFilter):
    """The kinds of entity an article mentions (not a kind of article)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext_lazy("kind of entity mentioned")


class AttributedSourceFilter(admin.RelatedFieldListFilter):
    """The sources an article attributes statements to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.title = gettext_lazy("source attributed to")


@admin.register(Article)
class ArticleAdmin(
    ArticleSuggestionsAdminMixin,
    BulkWorkflowActionsMixin,
    EditPresenceAdminMixin,
    ArticleHistoryAdminMixin,
    EngineSearchMixin,
    admin.ModelAdmin,
):
    """Articles with their parts inline. Status and publication time change only through the
    workflow's transition buttons; History lists revisions, diffs and reverts (admin/history.py).

    Saving: the change form carries the version it was opened at (ArticleAdminForm). A POST runs
    in one transaction that starts by locking the article row (a revision recording); the form is
    refused if the stored version has moved on, naming who changed what since, and is re-rendered
    with the editor's input. Otherwise the save (article and inlines together) is one
    compare-and-set, one new version and one revision.
    """

    form = ArticleAdminForm

    search_fields = ["headline"]
    list_display = ["headline_in_its_direction", "status", "language_label", "published_at", "version", "updated_at"]
    list_filter = [
        "status",
        LanguageFilter,
        "published_at",
        ("mentions__entity__kind", MentionedKindFilter),
        ("attributions__source", AttributedSourceFilter),
    ]
    date_hierarchy = "published_at"
    readonly_fields = ["status", "published_at", "uuid", "version", "created_by", "created_at", "updated_at"]
    prepopulated_fields = {"slug": ("headline",)}
    inlines = [CaptionInline, AttributionInline, MentionInline, QuoteInline, CorrectionInline]
    actions = ["submit_selected", "publish_selected", "schedule_selected", "retract_selected"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "summary", "body", "byline", "expected_version"]}),
        (gettext_lazy("Publication"), {"fields": ["status", "published_at", "language"]}),
        (
            gettext_lazy("Internal"),
            {"fields": ["editor_note", "uuid", "version", "created_by", "created_at", "updated_at"]},
        ),
    ]

    @admin.display(description=gettext_lazy("language"), ordering="language")
    def language_label(self, obj):
        return language_name(obj.language)

    @admin.display(description=gettext_lazy("headline"), ordering="headline")
    def headline_in_its_direction(self, obj):
        return format_html(
            '<span dir="{}" lang="{}">{}</span>', text_direction(obj.language), obj.language, obj.headline
        )

    class Media:
        js = ["articles/admin/desk.js"]
        css = {"all": ["articles/admin/desk.css"]}

    # Counting every article for "N total" on each search is a full scan at a million rows.
    show_full_result_count = False

    def engine_search(self, queryset, term):
        return search.search_articles(queryset, term).as_queryset()

    # ------------------------------------------------------------------ saving

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        if request.POST.get(TRANSITION_BUTTON):
            return self._save_then_transition(request, object_id, form_url, extra_context)
        return self._recorded_changeform(request, object_id, form_url, extra_context)

    def _recorded_changeform(self, request, object_id, form_url, extra_context):
        article = self.get_object(request, unquote(object_id)) if object_id else None
        # One transaction and one revision for the article and all its inlines; the recording locks
        # the row first, so the form's version check and the save see the same version.
        with revisions.recording(article, user=actor_for_request(request).audit_user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def _save_then_transition(self, request, object_id, form_url, extra_context):
        """A transition button of the change form: save what the editor typed, then take the
        transition, in one transaction. If the transition is refused, nothing is saved and the form
        comes back with the typed text and the reason; a refusal of permission is a 403."""
        name = request.POST[TRANSITION_BUTTON]
        try:
            inputs = transition_inputs(request.POST, name)
            with transaction.atomic():
                response = self._recorded_changeform(request, object_id, form_url, extra_context)
                if response.status_code != 302:  # the form was not valid: it is shown again, unsaved
                    return response
                article = self.get_object(request, unquote(object_id)) if object_id else request.created_article
                with revisions.recording(article, user=actor_for_request(request).audit_user):
                    article = services.article_transition(
                        actor=actor_for_request(request), article=article, name=name, **inputs
                    )
        except NotPermittedError as error:
            raise PermissionDenied(error.message) from error
        except (ServiceError, ValidationError) as error:
            # Everything above was rolled back (the save's messages with it): show the form again,
            # with the editor's input and why the transition was refused.
            list(messages.get_messages(request))
            request.workflow_refusal = error.message if isinstance(error, ServiceError) else "; ".join(error.messages)
            return self._recorded_changeform(request, object_id, form_url, extra_context)
        list(messages.get_messages(request))
        self.message_user(request, transition_done_message(name, article), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def response_add(self, request, obj, post_url_continue=None):
        request.created_article = obj  # for a “save and …” button of the add page
        return super().response_add(request, obj, post_url_continue)

    def add_view(self, request, form_url="", extra_context=None):
        # “Save and submit” / “Save and publish” for a new article, where the user's role allows.
        offered = [
            name for name in SAVE_AND_TRANSITIONS if request.user.has_perm(services.TRANSITIONS[name].permission)
        ]
        extra_context = {**(extra_context or {}), "save_and_transitions": save_and_buttons(offered)}
        return super().add_view(request, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "workflow_refusal", None)
        if refusal:
            return type(form.__name__, (form,), {"workflow_refusal": refusal})
        return form

    def save_model(self, request, obj, form, change):
        # The form has already put the edited values on `obj`. An unchanged form writes nothing (its
        # inlines, if changed, make the new version); its version was checked under the row lock.
        actor = actor_for_request(request)
        if change and form.has_changed():
            services.article_update(
                actor=actor, article=obj, data={}, expected_version=form.cleaned_data.get("expected_version")
            )
        elif not change:
            services.article_create(actor=actor, article=obj, data={})

    def save_formset(self, request, form, formset, change):
        # Inside the recording opened by changeform_view: the parts join the article's one new
        # version and one revision.
        actor = actor_for_request(request)
        parts = formset.save(commit=False)
        # Deletions first, as Django's own formset.save() does: a new caption may take the order
        # (or a quote the paragraph and order) of one deleted in the same save.
        for part in formset.deleted_objects:
            services.article_part_delete(actor=actor, part=part)
        for part in parts:
            services.article_part_save(actor=actor, part=part)

    def delete_model(self, request, obj):
        services.article_delete(actor=actor_for_request(request), article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(actor=actor_for_request(request), article=article)

    # ------------------------------------------------------------------ who may edit

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or policies.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or policies.can_edit(request.user, obj))

    # ------------------------------------------------------------------ transitions

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_transition"
        return [
            path("<path:object_id>/transition/", self.admin_site.admin_view(self.transition_view), name=name),
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{self.opts.app_label}_{self.opts.model_name}_preview",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None:
            extra_context = {
                **(extra_context or {}),
                "workflow_transitions": [
                    (transition, self._transition_form(request, transition, article))
                    for transition in services.available_transitions(actor=request.user, article=article)
                ],
                # The buttons submit the change form (saving what was typed first) where the user may edit.
                "workflow_in_form": self.has_change_permission(request, article),
                "save_and_transitions": save_and_buttons(
                    [t.name for t in services.available_transitions(actor=request.user, article=article)]
                )
                if self.has_change_permission(request, article)
                else [],
                **self.presence_context(request, article),
                **suggestions_context(request, article),
            }
        return super().change_view(request, object_id, form_url, extra_context)

    @staticmethod
    def _transition_form(request, transition, article):
        typed = request.POST if request.method == "POST" else {}
        form = TransitionForm(initial={"transition": transition.name, "version": article.version})
        form.typed_note = typed.get(transition_input_name(transition.name, "note"), "")
        form.typed_published_at = typed.get(transition_input_name(transition.name, "published_at"), "")
        return form

    def preview_view(self, request, object_id):
        """How readers will see the article (drafts too), marked as a preview; staff only (the admin
        sends anyone else to its login page)."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        article = selectors.with_article_parts(Article.objects.filter(pk=article.pk)).get()
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Preview"),
            "opts": self.opts,
            "article": article,
            "paragraphs": paragraphs(article.body),
            "is_public": Article.objects.filter(policies.public_article_q(), pk=article.pk).exists(),
        }
        return TemplateResponse(request, "admin/articles/article/preview.html", context)

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
            article = services.article_transition(
                actor=actor_for_request(request),
                article=article,
                name=data["transition"],
                note=data["note"],
                published_at=data["published_at"],
                expected_version=data["version"],
            )
        except NotPermittedError as error:
            raise PermissionDenied(error.message) from error
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
        except ValidationError as error:
            self.message_user(request, "; ".join(error.messages), messages.ERROR)
        else:
            self.message_user(request, transition_done_message(data["transition"], article), messages.SUCCESS)
        return HttpResponseRedirect(change_url)
