"""Writes to articles and their parts (captions, attributions, mentions, quotes), and reverts.

Each function checks the actor against articles.policies, is transactional, validates with
`full_clean()` before saving, and keeps the derived state current: an article's `version` grows by
one on every write to it or to one of its parts, its search document is rebuilt, its suggestions
are brought up to date with its text (services.suggestions), and the write is recorded as one
revision of the article (articles.history.revisions.recording: who, when, what).

Status and publication time are not content: they change only through the workflow's transitions
(services.workflow), never through these functions, whatever the caller puts in `data` or on the
instance.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from reversion.models import Revision

from articles import policies, search
from articles.errors import RevertConflictError, ServiceError, StaleVersionError, VersionRequiredError
from articles.history import diffs, revisions
from articles.history.audit import audit_record
from articles.history.changes import record_change
from articles.models import Article, ArticlePart, ArticleRevision
from articles.services.common import assign, only_fields, unique_slug, validate
from articles.services.suggestions import refresh_suggestions

#: The article fields a client or an editor writes; the others are derived or belong to the workflow.
CONTENT_FIELDS = ("headline", "slug", "summary", "body", "language", "byline", "editor_note")
#: Fields only the workflow's transitions change.
WORKFLOW_FIELDS = ("status", "published_at")
#: What a revert restores (the content; the workflow's fields are left to its transitions).
REVERTED_FIELDS = CONTENT_FIELDS


def article_reindex(article: Article) -> None:
    """Rebuild the search document of one article (see articles/search). Inside a recording, from
    the parts it holds (read once for the revision, the document and the writer's response)."""
    recording = revisions.current_recording()
    if recording is not None and recording.article_id == article.pk:
        search.index_loaded_article(article, recording.current_parts())
    else:
        search.index_articles([article.pk])


def _check_version(article: Article, expected_version: int | None, version_required: bool) -> None:
    if expected_version is None and version_required:
        raise VersionRequiredError(article)


#: Article fields a write may change (the others are the key, timestamps and the version).
_STORED_FIELDS = tuple(
    f.name for f in Article._meta.concrete_fields if f.name not in ("id", "version", "created_at", "updated_at")
)


def _changed_fields(article: Article, stored: Article | None) -> list[str]:
    if stored is None:
        return list(_STORED_FIELDS)
    return [
        name
        for name in _STORED_FIELDS
        if Article._meta.get_field(name).value_from_object(article)
        != Article._meta.get_field(name).value_from_object(stored)
    ]


def article_bump(article: Article, *, expected_version: int | None = None, fields: tuple[str, ...] = ()) -> None:
    """Increase the stored version by one, refusing when the caller edited an older one, and store
    `fields` of `article` in the same UPDATE.

    The compare-and-set runs in the UPDATE itself, so two concurrent writers can never both pass.
    It runs inside the write's revision recording and bumps once per recording: a request that
    changes an article and several of its parts makes one new version, recorded by one revision.
    """
    recording = revisions.active_recording(article)
    values = {name: getattr(article, name) for name in fields}
    if not recording.wrote:
        base = recording.stored.version if recording.stored is not None else article.version
        if expected_version is not None and expected_version != base:
            current = Article.objects.get(pk=article.pk) if recording.parts_pending else recording.stored
            raise StaleVersionError(current, expected_version)
        now = timezone.now()
        if not Article.objects.filter(pk=article.pk, version=base).update(**values, version=base + 1, updated_at=now):
            raise StaleVersionError(Article.objects.get(pk=article.pk), expected_version)
        recording.wrote, recording.version, recording.updated_at = True, base + 1, now
    elif values:
        Article.objects.filter(pk=article.pk).update(**values)
    article.version, article.updated_at = recording.version, recording.updated_at


def _refuse_workflow_changes(article: Article, recording) -> None:
    """Status and publication time change only through transitions: refuse an instance that differs
    from the stored row in them (an admin form or a caller that set them directly)."""
    stored = recording.stored
    if stored is not None and (article.status, article.published_at) != (stored.status, stored.published_at):
        raise ServiceError(
            _("Status and publication time change only through the workflow's transitions."),
            code="workflow_field",
        )


#: The kinds of parts an article has, as article_create's `parts` names them.
ARTICLE_PART_KINDS = tuple(revisions.PART_MODELS)


@transaction.atomic
def article_create(
    *,
    actor,
    data: Mapping[str, Any],
    article: Article | None = None,
    parts: Mapping[str, Iterable[Mapping[str, Any]]] | None = None,
) -> Article:
    """Create a draft from `data` (or save the new, unsaved `article` the admin built).

    `parts`: its captions, attributions, mentions and quotes ({kind: [fields of one part, …]}),
    written with it: one transaction, one version, one revision.
    """
    actor = policies.require(actor, "article.create")
    only_fields(data, CONTENT_FIELDS)
    parts = {kind: list(rows) for kind, rows in (parts or {}).items() if rows}
    unknown = sorted(set(parts) - set(ARTICLE_PART_KINDS))
    if unknown:
        raise ServiceError(_("Unknown kinds of parts: %(kinds)s.") % {"kinds": ", ".join(unknown)}, code="unknown_part")
    for kind in parts:
        policies.require(actor, "part.create", part=revisions.PART_MODELS[kind]._meta.model_name)
    article = article or Article()
    assign(article, data)
    if article.status != Article.Status.DRAFT or article.published_at is not None:
        raise ServiceError(
            _("A new article starts as a draft; publish it with the workflow's transitions."), code="workflow_field"
        )
    with revisions.recording(None, user=actor.audit_user, savepoint=False) as recording:
        known = []  # what the service itself set is not asked of the database again
        if actor.audit_user is not None:
            article.created_by = actor.audit_user
            known.append("created_by")
        if not article.slug:
            article.slug = unique_slug(Article, article.headline, max_length=300)
            known.append("slug")
        known.append("uuid")  # a fresh uuid4 (not editable)
        # Uniqueness of what the service chose, and the existence of the acting user, are known.
        validate(article, unchanged=known, exclude=[name for name in known if name == "created_by"])
        article.save()
        recording.created(article)
        if parts:
            _create_parts(article, parts)
            recording.mark_parts_written()
        article_reindex(article)
        refresh_suggestions(article, recording.current_parts())
    record_change(actor, "article.created", article)
    return article


def _create_parts(article: Article, parts: Mapping[str, list[Mapping[str, Any]]]) -> None:
    """Validate and insert the parts of a new article (one INSERT per kind).

    The article is new, so its parts can clash (article, order), (article, entity), … only with
    each other: that is checked here, not asked of the database; entities and sources are rows
    the caller has read (an unsaved or unknown one is refused by its foreign key check).
    """
    errors: dict[str, list[str]] = {}
    rows = {}
    for kind, items in parts.items():
        model = revisions.PART_MODELS[kind]
        unique = [c.fields for c in model._meta.constraints if getattr(c, "fields", None) and "article" in c.fields]
        seen: dict[tuple, int] = {}
        rows[kind] = []
        for index, item in enumerate(items, start=1):
            only_fields(item, [f.name for f in model._meta.concrete_fields if f.name not in ("id", "article")])
            part = model(article=article)
            assign(part, item)
            trusted = [
                f.name
                for f in model._meta.concrete_fields
                if f.is_relation and getattr(part, f.name, None) is not None and getattr(part, f.name).pk is not None
            ]
            try:
                validate(part, trusted=trusted, unchanged=[name for fields in unique for name in fields])
                for fields in unique:
                    key = (fields, *(getattr(part, f"{name}_id", None) or getattr(part, name) for name in fields))
                    if key in seen:
                        raise ValidationError(part.unique_error_message(model, fields))
                    seen[key] = index
            except ValidationError as error:
                for message in error.messages:
                    errors.setdefault(kind, []).append(f"{index}: {message}")
            rows[kind].append(part)
    if errors:
        raise ValidationError(errors)
    for kind, items in rows.items():
        revisions.PART_MODELS[kind].objects.bulk_create(items)


@transaction.atomic
def article_update(
    *,
    actor,
    article: Article,
    data: Mapping[str, Any],
    expected_version: int | None = None,
    version_required: bool = False,
    pristine: bool = False,
) -> Article:
    """Change the content fields in `data` (the admin passes the instance its form changed, data={}).

    `expected_version` is the version the client edited (a stale one: StaleVersionError); with
    `version_required` (the API), a write that names none is refused (VersionRequiredError).
    `pristine`: `article` is exactly as just read from the database (the API's PATCH): it is not
    read again, the version's compare-and-set vouches for it.
    """
    actor = policies.require_edit(actor, article)
    only_fields(data, CONTENT_FIELDS)
    _check_version(article, expected_version, version_required)
    pristine = pristine and expected_version is not None
    with revisions.recording(article, user=actor.audit_user, pristine=pristine, savepoint=False) as recording:
        assign(article, data)
        _refuse_workflow_changes(article, recording)
        _write(article, expected_version=expected_version)
        refresh_suggestions(article, recording.current_parts())
    record_change(actor, "article.updated", article)
    return article


def _write(article: Article, *, expected_version: int | None) -> None:
    """Validate and store the article's fields as a new version (inside a recording)."""
    recording = revisions.active_recording(article)
    if not article.slug:
        article.slug = unique_slug(Article, article.headline, exclude_pk=article.pk, max_length=300)
    changed = _changed_fields(article, recording.stored)
    validate(article, unchanged=[name for name in _STORED_FIELDS if name not in changed])
    article_bump(article, expected_version=expected_version, fields=tuple(changed))
    recording.load_parts()
    article_reindex(article)


def article_set_workflow_state(
    *, actor, article: Article, status: str, published_at, expected_version: int, event: dict | None = None
) -> None:
    """For services.workflow only: store a transition's new status and publication time as a new
    version (the transition has checked who may take it and from which state); `event` describes
    the transition for the revision's comment."""
    with revisions.recording(article, user=policies.actor_of(actor).audit_user, savepoint=False) as recording:
        recording.transition = event
        article.status, article.published_at = status, published_at
        _write(article, expected_version=expected_version)


@transaction.atomic
def article_delete(*, actor, article: Article) -> None:
    """Delete an article with its parts, its history and its search document; the audit log keeps
    the deletion."""
    actor = policies.require_edit(actor, article, "article.delete")
    audit_record(
        actor=actor,
        action="article.delete",
        target=article,
        details={"version": article.version, "headline": article.headline},
    )
    Revision.objects.filter(article_revision__article=article).delete()
    pk = article.pk
    article.delete()
    search.article_unindex([pk])
    record_change(actor, "article.deleted", article)


# --------------------------------------------------------------------------- article parts


def _part_article(part: ArticlePart, data: Mapping[str, Any]) -> Article | None:
    """The article a part belongs to; moving an existing part to another article is refused."""
    target = data.get("article") or (part.article if part.article_id else None)
    stored = type(part).objects.filter(pk=part.pk).values_list("article_id", flat=True).first() if part.pk else None
    if stored is not None and target is not None and stored != target.pk:
        raise ServiceError(
            _("A %(part)s belongs to its article and cannot be moved to another one: delete it and add a new one.")
            % {"part": part._meta.verbose_name},
            code="part_move_refused",
        )
    return target


@transaction.atomic
def article_part_save(*, actor, part: ArticlePart, data: Mapping[str, Any] | None = None) -> ArticlePart:
    """Create or update a caption, attribution, mention or quote: a new version of its article."""
    data = data or {}
    article = _part_article(part, data)
    operation = "part.update" if part.pk else "part.create"
    if article is None:
        policies.require(actor, operation, part=part._meta.model_name)
        assign(part, data)
        part.full_clean()  # names the missing article
    actor = policies.require_edit(actor, article, operation, part=part._meta.model_name)
    with revisions.recording(article, user=actor.audit_user, savepoint=False) as recording:
        assign(part, data)
        validate(part, trusted=["article"])  # the recording has just read (and locked) the article
        part.save()
        recording.mark_parts_written()
        article_bump(article)
        article_reindex(article)
        refresh_suggestions(article, recording.current_parts())
    record_change(actor, "article.updated", article)
    return part


@transaction.atomic
def article_part_delete(*, actor, part: ArticlePart) -> None:
    article = part.article
    actor = policies.require_edit(actor, article, "part.delete", part=part._meta.model_name)
    with revisions.recording(article, user=actor.audit_user, savepoint=False) as recording:
        part.delete()
        recording.mark_parts_written()
        article_bump(article)
        article_reindex(article)
        refresh_suggestions(article, recording.current_parts())
    record_change(actor, "article.updated", article)


# --------------------------------------------------------------------------- revisions


@transaction.atomic
def article_revert(
    *,
    actor,
    article: Article,
    revision: ArticleRevision,
    expected_version: int | None = None,
    version_required: bool = False,
) -> Article:
    """Restore the content and the parts of `revision`, as a new version and a new revision.

    The actor needs the same rights as for editing the article (a reporter reverts only their own
    draft). Parts are restored with their original primary keys, so that history and diffs follow
    them across the revert; the current parts that the revision did not have are deleted.
    """
    actor = policies.require_edit(actor, article, "article.revert")
    _check_version(article, expected_version, version_required)
    if revision.article_id != article.pk:
        raise ServiceError(_("That revision belongs to another article."), code="wrong_article")
    if revision.version == article.version:
        raise RevertConflictError(
            _("The article is already at version %(v)s.") % {"v": revision.version}, code="no_change"
        )
    stored = revisions.stored_objects(revision.revision)
    if len(stored[Article]) != 1:
        raise RevertConflictError(_("This revision holds no copy of the article."), code="revision_incomplete")
    (old,) = stored[Article]
    previous_version = article.version
    with revisions.recording(
        article, user=actor.audit_user, reverted_to=revision.version, savepoint=False
    ) as recording:
        recording.mark_parts_written()
        article_bump(article, expected_version=expected_version)
        # Start from the stored row, not the caller's copy: only the content fields are reverted,
        # and a stale in-memory status must not overwrite the workflow's.
        article.refresh_from_db()
        for name in REVERTED_FIELDS:
            setattr(article, name, getattr(old, name))
        article.full_clean()
        article.save()
        for model in revisions.PART_MODELS.values():
            model.objects.filter(article=article).delete()
        for model in revisions.PART_MODELS.values():
            for part in stored[model]:
                part.article = article
                try:
                    part.full_clean()
                except ValidationError as error:
                    raise RevertConflictError(
                        _("Version %(v)s cannot be restored: one of its %(parts)s is no longer valid (%(why)s).")
                        % {
                            "v": revision.version,
                            "parts": part._meta.verbose_name_plural,
                            "why": "; ".join(_reasons(part, error)),
                        },
                        code="revert_conflict",
                    ) from error
                part.save(force_insert=True)
        article_reindex(article)
        refresh_suggestions(article, recording.current_parts())
    audit_record(
        actor=actor,
        action="article.revert",
        target=article,
        details={
            "revision": revision.pk,
            "reverted_to": revision.version,
            "from_version": previous_version,
            "version": article.version,
        },
    )
    record_change(actor, "article.updated", article, reverted_to=revision.version)
    return article


def _reasons(part, error: ValidationError) -> list[str]:
    fields = {f.name for f in part._meta.fields}
    return [
        f"{part._meta.get_field(name).verbose_name}: {' '.join(messages)}" if name in fields else " ".join(messages)
        for name, messages in error.message_dict.items()
    ]


@transaction.atomic
def article_history_sync(*, actor, article: Article) -> bool:
    """Record the article's current state if its history does not show it (e.g. loaded by fixtures).

    Returns whether a revision was recorded. Idempotent: a second run finds nothing to record.
    When the stored version is not above the last recorded one (fixtures reset it), the version is
    raised above it, so versions keep growing and each has one revision.
    """
    actor = policies.require_edit(actor, article)
    latest = ArticleRevision.objects.filter(article=article).select_related("revision").order_by("-version").first()
    with revisions.recording(article, user=actor.audit_user, savepoint=False) as recording:
        if latest is not None:
            recorded = revisions.snapshot_of_revision(latest.revision)
            current = recording.before
            same = diffs.diff_is_empty(diffs.diff_snapshots(recorded, current))
            if same and latest.version == article.version:
                return False
            recording.compare_with(recorded)
            if article.version <= latest.version:
                Article.objects.filter(pk=article.pk).update(version=latest.version + 1)
        else:
            recording.compare_with(None)
        recording.wrote = True
    record_change(actor, "article.updated", article)
    return True
