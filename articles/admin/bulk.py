"""Bulk workflow actions on the article list: submit, publish, schedule and retract the selected
articles. Each article goes through the same workflow service as its page's buttons, in its own
transaction (an article is never half-changed; one refusal does not undo the others), and the
result is reported article by article."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy, ngettext

from articles import services
from articles.errors import ServiceError
from articles.policies import actor_for_request


class RetractForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Retraction note for readers"), widget=forms.Textarea(attrs={"rows": 3, "cols": 80})
    )


class ScheduleForm(forms.Form):
    published_at = forms.DateTimeField(
        label=gettext_lazy("Publication time"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class BulkWorkflowActionsMixin:
    """For ArticleAdmin: the bulk actions, each a workflow transition run per article."""

    def has_submit_permission(self, request):
        return request.user.has_perm("articles.submit_article")

    def has_publish_permission(self, request):
        return request.user.has_perm("articles.publish_article")

    def has_retract_permission(self, request):
        return request.user.has_perm("articles.retract_article")

    def _run_transition(self, request, queryset, name, done_message, **options):
        """Take transition `name` on each selected article; one message per article, then the count."""
        actor, done = actor_for_request(request), 0
        for article in queryset.order_by("pk"):
            try:
                changed = services.article_transition(actor=actor, article=article, name=name, **options)
            except ServiceError as error:
                self.message_user(request, f"{article.headline}: {error.message}", messages.ERROR)
            except ValidationError as error:
                self.message_user(request, f"{article.headline}: {'; '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
                self.message_user(
                    request,
                    gettext("%(headline)s: now “%(status)s”.")
                    % {"headline": changed.headline, "status": changed.get_status_display()},
                    messages.INFO,
                )
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    def _with_form(self, request, queryset, *, form_class, action, title, intro, button, run):
        """An intermediate page asking for what the transition needs (a note, a time), then `run`."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            run(form.cleaned_data)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": intro,
            "button": button,
            "opts": self.opts,
            "articles": queryset,
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": action,
        }
        return TemplateResponse(request, "admin/articles/article/bulk_form.html", context)

    @admin.action(description=gettext_lazy("Submit the selected articles for review"), permissions=["submit"])
    def submit_selected(self, request, queryset):
        self._run_transition(
            request,
            queryset,
            "submit",
            lambda n: ngettext("%(count)d article submitted.", "%(count)d articles submitted.", n) % {"count": n},
        )

    @admin.action(description=gettext_lazy("Publish the selected articles"), permissions=["publish"])
    def publish_selected(self, request, queryset):
        self._run_transition(
            request,
            queryset,
            "publish",
            lambda n: ngettext("%(count)d article published.", "%(count)d articles published.", n) % {"count": n},
        )

    @admin.action(description=gettext_lazy("Schedule the selected articles"), permissions=["publish"])
    def schedule_selected(self, request, queryset):
        """Asks for the publication time (in the user's time zone), then schedules each article."""
        return self._with_form(
            request,
            queryset,
            form_class=ScheduleForm,
            action="schedule_selected",
            title=gettext("Schedule articles"),
            intro=gettext("These articles will reach readers at the time you give."),
            button=gettext("Schedule"),
            run=lambda data: self._run_transition(
                request,
                queryset,
                "schedule",
                lambda n: ngettext("%(count)d article scheduled.", "%(count)d articles scheduled.", n) % {"count": n},
                published_at=data["published_at"],
            ),
        )

    @admin.action(description=gettext_lazy("Retract the selected articles"), permissions=["retract"])
    def retract_selected(self, request, queryset):
        """Asks for the (required, public) retraction note, the same for every article, then retracts."""
        return self._with_form(
            request,
            queryset,
            form_class=RetractForm,
            action="retract_selected",
            title=gettext("Retract articles"),
            intro=gettext(
                "These articles will disappear from readers; their address will show the retraction note instead."
            ),
            button=gettext("Retract"),
            run=lambda data: self._run_transition(
                request,
                queryset,
                "retract",
                lambda n: ngettext("%(count)d article retracted.", "%(count)d articles retracted.", n) % {"count": n},
                note=data["note"],
            ),
        )
