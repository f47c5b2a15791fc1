"""The article admin's history pages: the revisions, newest first; compare any two; revert to one
(a confirmation page shows what the revert will change)."""

from datetime import UTC

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import DateTimeField
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from articles import selectors, services
from articles.errors import ServiceError, StaleVersionError
from articles.history import diffs, revisions
from articles.models import Article
from articles.policies import actor_for_request

#: How many revisions the history page lists at once.
HISTORY_PAGE_SIZE = 50


def newer_changes(article: Article, since_version: int) -> list[str]:
    """“version 5 by sara (time): Changed headline.” for each revision after `since_version`."""
    newer = selectors.article_revisions(article).filter(version__gt=since_version).order_by("version")
    lines = []
    for row in newer:
        user = row.revision.user.get_username() if row.revision.user else _("unknown user")
        lines.append(
            _("version %(version)s by %(user)s (%(time)s): %(comment)s")
            % {
                "version": row.version,
                "user": user,
                "time": date_format(row.revision.date_created, "DATETIME_FORMAT"),
                "comment": diffs.revision_comment(row),
            }
        )
    return lines


def _display(value, model=None, name=None) -> str:
    """A diff value as an editor reads it: a choice by its label, a time in the reader's zone."""
    field = model._meta.get_field(name) if model is not None and name else None
    if field is not None and field.choices and value not in (None, ""):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, DateTimeField) and isinstance(value, str) and value:
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment, UTC)
            return date_format(timezone.localtime(moment), "DATETIME_FORMAT")
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
    """The output of diffs.diff_snapshots with labels and values ready for the template."""
    fields = [
        {
            "name": change["field"],
            "label": _field_label(Article, change["field"]),
            "old": _display(change["old"], Article, change["field"]),
            "new": _display(change["new"], Article, change["field"]),
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
                "values": [
                    (_field_label(model, name), _display(value, model, name)) for name, value in item["values"].items()
                ],
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
                            (
                                _field_label(model, c["field"]),
                                _display(c["old"], model, c["field"]),
                                _display(c["new"], model, c["field"]),
                            )
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
        "empty": diffs.diff_is_empty(diff),
    }


class ArticleHistoryAdminMixin:
    """For ArticleAdmin: the history, diff and revert pages."""

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
        rows = [{"meta": meta, "comment": diffs.revision_comment(meta)} for meta in page]
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
        diff = diffs.diff_between(old, new)
        context = self._context(
            request,
            article,
            _("Changes to “%(article)s”") % {"article": article},
            old=old,
            new=new,
            old_comment=diffs.revision_comment(old) if old else "",
            new_comment=diffs.revision_comment(new),
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
                    actor=actor_for_request(request),
                    article=article,
                    revision=target,
                    expected_version=int(expected) if expected.isdigit() else None,
                )
            except StaleVersionError:
                messages.error(
                    request,
                    _("The article changed while you were looking at it: %(changes)s Nothing was reverted.")
                    % {"changes": " ".join(newer_changes(article, int(expected)))},
                )
                return HttpResponseRedirect(history_url)
            except (ServiceError, ValidationError) as error:
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
        # What the revert will do: the fields it does not restore stay as they are (services.REVERTED_FIELDS).
        kept = {
            name: current_snapshot.article.get(name)
            for name in diffs.ARTICLE_DIFF_FIELDS
            if name not in services.REVERTED_FIELDS
        }
        target_snapshot.article = {**target_snapshot.article, **kept}
        diff = diffs.diff_snapshots(
            current_snapshot, target_snapshot, diffs.resolve_references(current_snapshot, target_snapshot)
        )
        context = self._context(
            request,
            article,
            _("Revert “%(article)s” to version %(version)s") % {"article": article, "version": target.version},
            target=target,
            target_comment=diffs.revision_comment(target),
            diff=diff_for_display(diff),
            expected_version=article.version,
            is_current=target.version == article.version,
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/articles/article/revision_revert.html", context)
