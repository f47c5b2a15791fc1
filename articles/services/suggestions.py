"""The machine's suggestions for an article, and an editor's decisions about them.

`refresh_suggestions(article)` runs inside every write of an article's text (create, update,
revert, a part saved or deleted; see services.articles) and on import: it analyses the headline,
summary, body and captions (articles.analysis) and keeps one pending Suggestion per finding that is

* not already an article part (a Mention of the entity, an Attribution of the source in that
  paragraph, a Quote with that text in that paragraph), and
* not rejected before (a rejected suggestion's `key` is never proposed again for that article).

Pending suggestions that are still found keep their row (and id); the others are deleted.

`suggestion_confirm` writes the part a suggestion proposes through article_part_save (a new version
of the article); `suggestion_reject` remembers the rejection; `suggestion_create_name` turns an
unknown speaker or outlet into a new entity or source and confirms the suggestion with it.
"""

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import policies
from articles.analysis import analyze_text, article_texts, names
from articles.errors import ConflictError, ServiceError
from articles.models import Article, Attribution, Entity, Mention, Quote, Source, Suggestion
from articles.text import tokenize

PART_OF_KIND = {"mention": "mention", "source": "attribution", "quote": "quote"}

#: Outlet nouns → the kind of a source created from a candidate outlet.
OUTLET_KINDS = {
    "وكاله": Source.Kind.NEWS_AGENCY,
    "صحيفه": Source.Kind.NEWSPAPER,
    "جريده": Source.Kind.NEWSPAPER,
    "مجله": Source.Kind.NEWSPAPER,
    "موقع": Source.Kind.WEBSITE,
    "قناه": Source.Kind.BROADCASTER,
    "اذاعه": Source.Kind.BROADCASTER,
    "تلفزيون": Source.Kind.BROADCASTER,
}

_SIGNATURE = ("kind", "key", "field", "caption", "start", "end", "entity_id", "source_id", "paragraph", "order")


def _signature(suggestion: Suggestion) -> tuple:
    return (*(getattr(suggestion, name) for name in _SIGNATURE), suggestion.text, suggestion.name)


def findings(article: Article, captions=None):
    """Suggestion rows (unsaved) for everything the analysis finds in the article's texts now."""
    known = names()
    captions = list(article.captions.all()) if captions is None else captions
    out = []
    for field, order, text in article_texts(article, captions):
        for f in analyze_text(text, body=field == "body", known=known):
            out.append(
                Suggestion(
                    article=article,
                    kind=f.kind,
                    field=field,
                    caption=order,
                    start=f.start,
                    end=f.end,
                    text=f.text,
                    paragraph=f.paragraph,
                    order=f.order,
                    entity_id=f.entity,
                    source_id=f.source,
                    name=f.name,
                    phrase=f.phrase,
                    key=f.key[:600],
                )
            )
    return out


def refresh_suggestions(article: Article, parts: dict | None = None) -> None:
    """Bring the article's pending suggestions up to date with its text (see the module docstring).

    `parts`: the article's captions, mentions, attributions and quotes as the write has them
    (`revisions.Recording.current_parts()`), so that they are not read again."""
    if parts is None:
        parts = {
            "captions": article.captions.all(),
            "mentions": Mention.objects.filter(article=article),
            "attributions": Attribution.objects.filter(article=article),
            "quotes": Quote.objects.filter(article=article),
        }
    kept = list(article.suggestions.filter(status__in=(Suggestion.Status.PENDING, Suggestion.Status.REJECTED)))
    rejected = {row.key for row in kept if row.status == Suggestion.Status.REJECTED}
    mentioned = {mention.entity_id for mention in parts["mentions"]}
    attributed = {(attribution.source_id, attribution.paragraph) for attribution in parts["attributions"]}
    quoted = {(quote.paragraph, quote.text) for quote in parts["quotes"]}
    wanted: dict[tuple, Suggestion] = {}
    for s in findings(article, captions=list(parts["captions"])):
        if s.key in rejected:
            continue
        if s.kind == "mention" and s.entity_id in mentioned:
            continue
        if s.kind == "source" and (s.source_id, s.paragraph) in attributed:
            continue
        if s.kind == "quote" and (s.paragraph, s.text) in quoted:
            continue
        wanted.setdefault(_signature(s), s)
    stale = []
    for row in kept:
        if row.status == Suggestion.Status.PENDING and wanted.pop(_signature(row), None) is None:
            stale.append(row.pk)
    if stale:
        Suggestion.objects.filter(pk__in=stale).delete()
    if wanted:
        Suggestion.objects.bulk_create(wanted.values())


@transaction.atomic
def article_analyze(*, actor, article: Article) -> int:
    """Analyse the article again (e.g. after names were added); returns its pending suggestions."""
    policies.require_edit(actor, article)
    refresh_suggestions(article)
    return article.suggestions.filter(status=Suggestion.Status.PENDING).count()


def _decide(actor, rows, status) -> None:
    rows.update(status=status, decided_by=actor.audit_user, decided_at=timezone.now())


def _pending(suggestion: Suggestion) -> None:
    if suggestion.status != Suggestion.Status.PENDING:
        raise ConflictError(
            _("This suggestion was already %(status)s.") % {"status": suggestion.get_status_display().lower()},
            code="already_decided",
        )


@transaction.atomic
def suggestion_confirm(
    *,
    actor,
    suggestion: Suggestion,
    entity: Entity | None = None,
    source: Source | None = None,
    role: str | None = None,
):
    """Write the part the suggestion proposes (a new version of the article); returns the part.

    `entity` names a quote's speaker (or another entity for a mention) and `source` another source,
    when the editor corrects the machine; a quote needs a known speaker.
    """
    article = Article.objects.select_for_update().get(pk=suggestion.article_id)
    actor = policies.require_edit(actor, article, "suggestion.confirm", part=PART_OF_KIND[suggestion.kind])
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    _pending(suggestion)
    from articles.services.articles import article_part_save

    entity = entity or suggestion.entity
    source = source or suggestion.source
    # What the editor chose is what the suggestion now says.
    Suggestion.objects.filter(pk=suggestion.pk).update(entity=entity, source=source)
    pending = article.suggestions.filter(status=Suggestion.Status.PENDING)
    if suggestion.kind == Suggestion.Kind.MENTION:
        same = pending.filter(kind=Suggestion.Kind.MENTION, entity=entity) | pending.filter(pk=suggestion.pk)
        count = same.count()
        _decide(actor, same, Suggestion.Status.CONFIRMED)
        part = Mention.objects.filter(article=article, entity=entity).first() or Mention(article=article, entity=entity)
        data = {"count": max(count, 1), "origin": Mention.Origin.CONFIRMED}
        if role:
            data["role"] = role
        return article_part_save(actor=actor, part=part, data=data)
    if suggestion.kind == Suggestion.Kind.SOURCE:
        if source is None:
            raise ServiceError(
                _("This outlet is not a known source: create it first (or choose a source)."), code="source_unknown"
            )
        _decide(actor, pending.filter(pk=suggestion.pk), Suggestion.Status.CONFIRMED)
        part = Attribution.objects.filter(article=article, source=source, paragraph=suggestion.paragraph).first()
        if part is not None:
            return part
        part = Attribution(article=article, source=source, paragraph=suggestion.paragraph, phrase=suggestion.phrase)
        return article_part_save(actor=actor, part=part)
    if entity is None:
        raise ServiceError(
            _("The speaker of this quote is not a known entity: create it first (or choose an entity)."),
            code="speaker_unknown",
        )
    _decide(actor, pending.filter(pk=suggestion.pk), Suggestion.Status.CONFIRMED)
    taken = Quote.objects.filter(article=article, paragraph=suggestion.paragraph)
    order = suggestion.order or 1
    if taken.filter(order=order).exists():
        order = (taken.aggregate(m=Max("order"))["m"] or 0) + 1
    part = Quote(
        article=article,
        text=suggestion.text,
        speaker=entity,
        source=source,
        paragraph=suggestion.paragraph,
        order=order,
    )
    return article_part_save(actor=actor, part=part)


@transaction.atomic
def suggestion_reject(*, actor, suggestion: Suggestion) -> int:
    """Reject the suggestion and every pending one proposing the same thing (its key) in the
    article; analysing the article again will not propose it. Returns how many were rejected."""
    article = Article.objects.get(pk=suggestion.article_id)
    actor = policies.require_edit(actor, article, "suggestion.reject")
    _pending(suggestion)
    rows = article.suggestions.filter(status=Suggestion.Status.PENDING, key=suggestion.key)
    count = rows.count()
    _decide(actor, rows, Suggestion.Status.REJECTED)
    return count


def outlet_kind(name: str, before: str = "") -> str:
    """The kind of a source named like a candidate outlet, from its outlet noun: in its name
    (وكالة الأنباء … → news agency) or the word before it (صحيفة "الأيام" → newspaper)."""
    words = [t.text for t in tokenize(before)][-1:] + [t.text for t in tokenize(name)][:2]
    for word in words:
        for noun, kind in OUTLET_KINDS.items():
            if word.endswith(noun):
                return kind
    return Source.Kind.OTHER


def _text_before(suggestion: Suggestion) -> str:
    article = suggestion.article
    if suggestion.field == Suggestion.Field.CAPTION:
        text = article.captions.filter(order=suggestion.caption).values_list("text", flat=True).first() or ""
    else:
        text = getattr(article, suggestion.field)
    return text[max(0, suggestion.start - 40) : suggestion.start]


@transaction.atomic
def suggestion_create_name(*, actor, suggestion: Suggestion, data: dict | None = None):
    """One click: a new entity (an unknown speaker, a person unless `data` says otherwise) or a new
    source (an unknown outlet, its kind from its outlet noun) named as the text writes it, then
    the suggestion confirmed with it. Returns (the new entity or source, the part written)."""
    from articles.services.names import named_save

    data = dict(data or {})
    kind = suggestion.kind
    if not suggestion.unknown:
        raise ConflictError(_("This suggestion already names a known entity or source."), code="already_known")
    model = Entity if kind == Suggestion.Kind.QUOTE else Source
    article = Article.objects.get(pk=suggestion.article_id)
    policies.require_edit(
        actor, article, "suggestion.create_name", model=model._meta.model_name, part=PART_OF_KIND[kind]
    )
    _pending(suggestion)
    name = (data.pop("name", "") or suggestion.name).strip()
    if model is Entity:
        data.setdefault("kind", Entity.Kind.PERSON)
    else:
        data.setdefault("kind", outlet_kind(name, _text_before(suggestion)))
    created = named_save(actor=actor, instance=model(), data={"name": name, **data})
    part = suggestion_confirm(
        actor=actor,
        suggestion=suggestion,
        entity=created if model is Entity else None,
        source=created if model is Source else None,
    )
    return created, part
