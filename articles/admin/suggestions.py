"""The machine's suggestions on the article page: the texts with what it found highlighted, and a
button per suggestion to confirm it, reject it, or turn an unknown speaker or outlet into a new
entity or source (all through services.suggestions, as the API does)."""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from articles import policies, services
from articles.errors import NotPermittedError, ServiceError
from articles.models import Suggestion
from articles.policies import actor_for_request

ACTIONS = ("confirm", "reject", "create")


def highlighted(text: str, rows) -> str:
    """`text` as HTML with each suggestion's span marked (spans nest or are disjoint: a mention
    inside a quote; a span that crosses another is left unmarked)."""
    spans = sorted(
        ((row.start, row.end, row) for row in rows if 0 <= row.start <= row.end <= len(text)),
        key=lambda s: (s[0], -s[1]),
    )
    out, stack, position = [], [], 0
    for start, end, row in spans:
        while stack and stack[-1] <= start:
            close = stack.pop()
            out.append(escape(text[position:close]) + "</mark>")
            position = close
        if stack and end > stack[-1]:
            continue  # crosses the enclosing span
        out.append(escape(text[position:start]))
        title = escape(_label(row))
        out.append(f'<mark class="suggestion suggestion-{row.kind}" data-suggestion="{row.pk}" title="{title}">')
        position = start
        stack.append(end)
    while stack:
        close = stack.pop()
        out.append(escape(text[position:close]) + "</mark>")
        position = close
    out.append(escape(text[position:]))
    return mark_safe("".join(out))


def _label(row: Suggestion) -> str:
    if row.kind == Suggestion.Kind.MENTION:
        return f"{row.entity} ({row.entity.get_kind_display()})"
    if row.kind == Suggestion.Kind.SOURCE:
        return str(row.source) if row.source_id else _("unknown outlet: %(name)s") % {"name": row.name}
    speaker = str(row.entity) if row.entity_id else _("unknown speaker: %(name)s") % {"name": row.name}
    return _("quote of %(speaker)s") % {"speaker": speaker}


def suggestions_context(request, article) -> dict:
    """What the article page shows of the suggestions (nothing for users who may not read drafts)."""
    if not policies.can_see_unpublished(request.user):
        return {}
    rows = list(
        article.suggestions.filter(status=Suggestion.Status.PENDING)
        .select_related("entity", "source")
        .order_by("field", "caption", "start", "id")
    )
    captions = {c.order: c.text for c in article.captions.all()}
    texts = []
    for field, label, text, order in (
        ("headline", _("Headline"), article.headline, None),
        ("summary", _("Summary"), article.summary, None),
        ("body", _("Body"), article.body, None),
        *(("caption", _("Caption %(order)s") % {"order": o}, t, o) for o, t in sorted(captions.items())),
    ):
        found = [r for r in rows if r.field == field and r.caption == order]
        if found:
            texts.append({"label": label, "html": highlighted(text, found)})
    for row in rows:
        row.label = _label(row)
    return {
        "suggestion_rows": rows,
        "suggestion_texts": texts,
        "suggestions_editable": policies.can_edit(request.user, article),
        "suggestion_language": article.language,
    }


class ArticleSuggestionsAdminMixin:
    """The suggestion buttons' URL: POST …/<article>/suggestions/<id>/<confirm|reject|create>/."""

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_suggestion"
        return [
            path(
                "<path:object_id>/suggestions/<int:suggestion_id>/<str:verb>/",
                self.admin_site.admin_view(self.suggestion_view),
                name=name,
            ),
            *super().get_urls(),
        ]

    def suggestion_view(self, request, object_id, suggestion_id, verb):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None or verb not in ACTIONS:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        row = article.suggestions.filter(pk=suggestion_id).select_related("entity", "source").first()
        if row is None:
            raise Http404
        change_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[article.pk])
        actor = actor_for_request(request)
        try:
            if verb == "confirm":
                services.suggestion_confirm(actor=actor, suggestion=row)
                done = _("Confirmed: %(what)s.")
            elif verb == "reject":
                services.suggestion_reject(actor=actor, suggestion=row)
                done = _("Rejected: %(what)s. It will not be proposed again for this article.")
            else:
                created, _part = services.suggestion_create_name(actor=actor, suggestion=row)
                done = _("Created “%(name)s” and confirmed: %(what)s.") % {"name": created.name, "what": "%(what)s"}
        except NotPermittedError as error:
            raise PermissionDenied(error.message) from error
        except ServiceError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            self.message_user(request, done % {"what": row.text[:80]}, messages.SUCCESS)
        return HttpResponseRedirect(change_url + "#suggestions")
