"""The article admin's history pages and its protection against lost updates.

- History (the change form's "History" button): the article's revisions, newest first; pick two
  to compare, or revert to one (a confirmation page shows what the revert will change).
- No lost updates: the change form carries the version it was opened at. A POST runs in one
  transaction that starts by locking the article row (revisions.recording); the form is refused
  if the stored version has moved on, naming who changed what since, and is re-rendered with the
  editor's input. Otherwise the save (article and inlines together) is one compare-and-set
  (services._article_bump with the form's version), one new version and one revision.
"""

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles import revisions, selectors, services
from articles.models import Article

#: How many revisions the history page lists at once.
HISTORY_PAGE_SIZE = 50


class ArticleAdminForm(forms.ModelForm):
    """The article form, carrying the version it was opened at."""

    expected_version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=1,
        label=gettext_lazy("version you edited"),
    )

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

    def clean(self):
        cleaned = super().clean()
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


def newer_changes(article: Article, since_version: int) -> list[str]:
    """“version 5 by sara (time): Changed headline.” for each revision after `since_version`."""
    newer = selectors.article_revisions(article).filter(version__gt=since_version).order_by("version")
    lines = []
    for meta in newer:
        user = meta.revision.user.get_username() if meta.revision.user else _("unknown user")
        lines.append(
            _("version %(version)s by %(user)s (%(time)s): %(comment)s")
            % {
                "version": meta.version,
                "user": user,
                "time": date_format(meta.revision.date_created, "DATETIME_FORMAT"),
                "comment": revisions.revision_comment(meta),
            }
        )
    return lines


def _display(value) -> str:
    """A diff value as an editor reads it."""
    if isinstance(value, dict):
        return value.get("name") or f"#{value.get('id')}"
    if value is None or value == "":
        return "—"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    return str(value)


def _field_label(model, name) -> str:
    return str(model._meta.get_field(name).verbose_name)


def diff_for_display(diff: dict) -> dict:
    """The output of revisions.diff_snapshots with labels and values ready for the template."""
    fields = [
        {
            "name": change["field"],
            "label": _field_label(Article, change["field"]),
            "old": _display(change["old"]),
            "new": _display(change["new"]),
            "paragraphs": change.get("paragraphs"),
        }
        for change in diff["fields"]
    ]
    parts = []
    for kind, model in revisions.PART_MODELS.items():
        changes = diff["parts"][kind]

        def entry(item, model=model):
            return {
                "label": item["label"],
                "values": [(_field_label(model, name), _display(value)) for name, value in item["values"].items()],
            }

        parts.append(
            {
                "title": str(model._meta.verbose_name_plural),
                "added": [entry(item) for item in changes["added"]],
                "removed": [entry(item) for item in changes["removed"]],
                "changed": [
                    {
                        "label": item["label"],
                        "changes": [
                            (_field_label(model, c["field"]), _display(c["old"]), _display(c["new"]))
                            for c in item["changes"]
                        ],
                    }
                    for item in changes["changed"]
                ],
            }
        )
    return {
        "fields": fields,
        "parts": [part for part in parts if part["added"] or part["removed"] or part["changed"]],
        "empty": revisions.diff_is_empty(diff),
    }


class ArticleHistoryAdminMixin:
    """For ArticleAdmin: history, diff and revert pages; the version check on save."""

    form = ArticleAdminForm

    # ----------------------------------------------------------------------- saving

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        article = self.get_object(request, unquote(object_id)) if object_id else None
        # One transaction and one revision for the article and all its inlines; the recording locks
        # the row first, so the form's version check and the save see the same version.
        with revisions.recording(article, user=request.user):
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        # The form has already put the edited values on `obj`. An unchanged form writes nothing (its
        # inlines, if changed, make the new version); its version was checked under the row lock.
        if change and form.has_changed():
            services.article_update(
                article=obj, data={}, user=request.user, expected_version=form.cleaned_data.get("expected_version")
            )
        elif not change:
            services.article_create(article=obj, data={}, user=request.user)

    def delete_model(self, request, obj):
        services.article_delete(article=obj, user=request.user, request=request)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(article=article, user=request.user, request=request)

    # ----------------------------------------------------------------------- pages

    def get_urls(self):
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/history/diff/", wrap(self.revision_diff_view), name=f"{prefix}_revision_diff"),
            path(
                "<path:object_id>/history/<int:revision_id>/revert/",
                wrap(self.revision_revert_view),
                name=f"{prefix}_revision_revert",
            ),
            *super().get_urls(),
        ]

    def _article_for(self, request, object_id, *, change=False) -> Article:
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404(_("No such article."))
        allowed = (
            self.has_change_permission(request, article)
            if change
            else self.has_view_or_change_permission(request, article)
        )
        if not allowed:
            raise PermissionDenied
        return article

    def _context(self, request, article, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "original": article,
            "object": article,
            "history_url": reverse("admin:articles_article_history", args=[article.pk]),
            "change_url": reverse("admin:articles_article_change", args=[article.pk]),
            **extra,
        }

    def history_view(self, request, object_id, extra_context=None):
        """The article's revisions (this replaces the admin's log-entry history for articles)."""
        article = self._article_for(request, object_id)
        page = Paginator(selectors.article_revisions(article), HISTORY_PAGE_SIZE).get_page(request.GET.get("p"))
        rows = [{"meta": meta, "comment": revisions.revision_comment(meta)} for meta in page]
        context = self._context(
            request,
            article,
            _("History of “%(article)s”") % {"article": article},
            rows=rows,
            page_obj=page,
            can_revert=self.has_change_permission(request, article),
            current_version=article.version,
            **(extra_context or {}),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revisions.html", context)

    def revision_diff_view(self, request, object_id):
        """Compare two revisions (`?revision=A&revision=B`), or one with the revision before it."""
        article = self._article_for(request, object_id)
        history = selectors.article_revisions(article)
        chosen = request.GET.getlist("revision")
        if not 1 <= len(chosen) <= 2 or not all(value.isdigit() for value in chosen):
            messages.warning(request, _("Select one or two revisions to compare."))
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
        found = sorted(history.filter(pk__in=[int(value) for value in chosen]), key=lambda meta: meta.version)
        if len(found) != len(set(chosen)):
            messages.warning(request, _("This article has no such revision."))
            return HttpResponseRedirect(reverse("admin:articles_article_history", args=[article.pk]))
        new = found[-1]
        old = found[0] if len(found) == 2 else history.filter(version__lt=new.version).first()
        old_snapshot = revisions.snapshot_of_revision(old.revision) if old else None
        new_snapshot = revisions.snapshot_of_revision(new.revision)
        diff = revisions.diff_snapshots(
            old_snapshot, new_snapshot, revisions.resolve_references(old_snapshot, new_snapshot)
        )
        context = self._context(
            request,
            article,
            _("Changes to “%(article)s”") % {"article": article},
            old=old,
            new=new,
            old_comment=revisions.revision_comment(old) if old else "",
            new_comment=revisions.revision_comment(new),
            diff=diff_for_display(diff),
            can_revert=self.has_change_permission(request, article),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revision_diff.html", context)

    def revision_revert_view(self, request, object_id, revision_id):
        """GET: what reverting to this revision would change. POST: revert (through the service)."""
        article = self._article_for(request, object_id, change=True)
        target = get_object_or_404(selectors.article_revisions(article), pk=revision_id)
        history_url = reverse("admin:articles_article_history", args=[article.pk])
        if request.method == "POST":
            expected = request.POST.get("expected_version", "")
            try:
                services.article_revert(
                    article=article,
                    revision=target,
                    user=request.user,
                    expected_version=int(expected) if expected.isdigit() else None,
                    request=request,
                )
            except services.StaleVersionError:
                messages.error(
                    request,
                    _("The article changed while you were looking at it: %(changes)s Nothing was reverted.")
                    % {"changes": " ".join(newer_changes(article, int(expected)))},
                )
                return HttpResponseRedirect(history_url)
            except (services.ServiceError, ValidationError) as error:
                message = getattr(error, "message", None) or "; ".join(error.messages)
                messages.error(request, message)
                return HttpResponseRedirect(history_url)
            messages.success(
                request,
                _("Reverted to version %(old)s: the article is now at version %(new)s.")
                % {"old": target.version, "new": article.version},
            )
            return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))
        current = selectors.article_revisions(article).first()
        current_snapshot = (
            revisions.snapshot_of_revision(current.revision)
            if current
            else revisions.snapshot_of(revisions.article_with_parts(article.pk))
        )
        target_snapshot = revisions.snapshot_of_revision(target.revision)
        # What the revert will do: the workflow fields stay as they are (see services.REVERTED_FIELDS).
        kept = {name: current_snapshot.article.get(name) for name in ("status", "published_at")}
        target_snapshot.article = {**target_snapshot.article, **kept}
        diff = revisions.diff_snapshots(
            current_snapshot, target_snapshot, revisions.resolve_references(current_snapshot, target_snapshot)
        )
        context = self._context(
            request,
            article,
            _("Revert “%(article)s” to version %(version)s") % {"article": article, "version": target.version},
            target=target,
            target_comment=revisions.revision_comment(target),
            diff=diff_for_display(diff),
            expected_version=article.version,
            is_current=target.version == article.version,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revision_revert.html", context)
