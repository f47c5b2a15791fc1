"""Every write to the content goes through here: views, the admin and commands stay thin.

Each function is transactional, validates with `full_clean()` before saving, and keeps the derived
state current: an article's `version` grows by one on every write to it or to one of its parts
(captions, attributions, mentions, quotes), its search document is rebuilt, and the write is
recorded as one revision of the article (articles.revisions.recording: who, when, what).
"""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from reversion.models import Revision

from articles import revisions, search
from articles.models import (
    Article,
    ArticlePart,
    ArticleRevision,
    AuditEntry,
    Entity,
    EntityAlias,
    Mention,
    Quote,
    Source,
    SourceAlias,
)
from articles.text import normalize


class ServiceError(Exception):
    """A write that the rules refuse; `code` maps to an HTTP status in the API."""

    status_code = 400

    def __init__(self, message: str, *, code: str = "invalid"):
        super().__init__(message)
        self.message = message
        self.code = code

    @property
    def extra(self) -> dict:
        """More machine-readable facts for the API's error body."""
        return {}


class PreconditionRequiredError(ServiceError):
    """A write to an article that does not say which version it was based on."""

    status_code = 428

    def __init__(self, article: Article):
        super().__init__(
            _('Send the version you edited in an If-Match header (the ETag of the article, e.g. If-Match: "%(v)s").')
            % {"v": article.version},
            code="precondition_required",
        )
        self.article = article

    @property
    def extra(self) -> dict:
        return {"current_version": self.article.version}


class StaleVersionError(ServiceError):
    """The client edited an older version of the article than the one stored."""

    status_code = 412

    def __init__(self, article: Article, expected: int):
        super().__init__(
            _(
                "The article was changed by someone else: you edited version %(expected)s, the current "
                "version is %(current)s."
            )
            % {"expected": expected, "current": article.version},
            code="stale_version",
        )
        self.article = article
        self.expected = expected

    @property
    def extra(self) -> dict:
        return {"current_version": self.article.version}


def _assign(instance: Model, data: Mapping[str, Any]) -> None:
    for field, value in data.items():
        setattr(instance, field, value)


def _validated_save(instance: Model) -> Model:
    instance.full_clean()
    instance.save()
    return instance


def unique_slug(model: type[Model], text: str, *, exclude_pk=None, max_length: int = 200) -> str:
    """A Unicode slug for `text` that no other row of `model` uses (suffixes -2, -3, … on clashes)."""
    base = slugify(text, allow_unicode=True)[: max_length - 8].strip("-") or "item"
    candidate, number = base, 1
    taken = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    while taken.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


# --------------------------------------------------------------------------- articles


def article_reindex(article: Article) -> None:
    """Rebuild the search document of one article (see articles/search.py)."""
    search.index_articles([article.pk])


def _article_bump(article: Article, *, expected_version: int | None = None) -> None:
    """Increase the stored version by one, refusing when the caller edited an older one.

    The compare-and-set runs in the UPDATE itself, so two concurrent writers can never both pass.
    It runs inside the write's revision recording and bumps once per recording: a request that
    changes an article and several of its parts makes one new version, recorded by one revision.
    """
    recording = revisions.active_recording(article)
    if not recording.wrote:
        rows = Article.objects.filter(pk=article.pk)
        if expected_version is not None:
            rows = rows.filter(version=expected_version)
        if not rows.update(version=F("version") + 1, updated_at=timezone.now()):
            current = Article.objects.get(pk=article.pk)
            raise StaleVersionError(current, expected_version)
        recording.wrote = True
    article.refresh_from_db(fields=["version", "updated_at"])


@transaction.atomic
def article_create(*, data: Mapping[str, Any], user=None, article: Article | None = None) -> Article:
    """Create an article from `data` (or save the new, unsaved `article` the admin built)."""
    with revisions.recording(None, user=user) as recording:
        article = article or Article()
        _assign(article, data)
        if user is not None and user.is_authenticated:
            article.created_by = user
        if not article.slug:
            article.slug = unique_slug(Article, article.headline, max_length=300)
        _validated_save(article)
        recording.created(article)
        article_reindex(article)
    return article


@transaction.atomic
def article_update(
    *, article: Article, data: Mapping[str, Any], user=None, expected_version: int | None = None
) -> Article:
    with revisions.recording(article, user=user):
        _assign(article, data)
        if not article.slug:
            article.slug = unique_slug(Article, article.headline, exclude_pk=article.pk, max_length=300)
        article.full_clean()
        _article_bump(article, expected_version=expected_version)
        article.save()
        article_reindex(article)
    return article


@transaction.atomic
def article_delete(*, article: Article, user=None, request=None) -> None:
    """Delete an article with its parts, its history and its search document; the audit log keeps
    the deletion."""
    audit_record(
        action="article.delete",
        user=user,
        target=article,
        details={"version": article.version, "headline": article.headline},
        request=request,
    )
    Revision.objects.filter(article_revision__article=article).delete()
    pk = article.pk
    article.delete()
    search.article_unindex([pk])


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
def article_part_save(*, part: ArticlePart, data: Mapping[str, Any] | None = None, user=None) -> ArticlePart:
    """Create or update a caption, attribution, mention or quote: a new version of its article."""
    data = data or {}
    article = _part_article(part, data)
    if article is None:
        _assign(part, data)
        part.full_clean()  # names the missing article
    with revisions.recording(article, user=user):
        _assign(part, data)
        _validated_save(part)
        _article_bump(article)
        article_reindex(article)
    return part


@transaction.atomic
def article_part_delete(*, part: ArticlePart, user=None) -> None:
    article = part.article
    with revisions.recording(article, user=user):
        part.delete()
        _article_bump(article)
        article_reindex(article)


# --------------------------------------------------------------------------- revisions


class RevertConflictError(ServiceError):
    """The revision cannot be restored as it is (e.g. it names an entity that was deleted since)."""

    status_code = 409


#: What a revert restores. Status and publication time are left alone: they change only through
#: the workflow's transitions (with their role checks), never as a side effect of a revert.
REVERTED_FIELDS = ("headline", "slug", "summary", "body", "language", "byline", "editor_note")


@transaction.atomic
def article_revert(
    *,
    article: Article,
    revision: ArticleRevision,
    user=None,
    expected_version: int | None = None,
    request=None,
) -> Article:
    """Restore the content and the parts of `revision`, as a new version and a new revision.

    Parts are restored with their original primary keys, so that history and diffs follow them
    across the revert; the current parts that the revision did not have are deleted.
    """
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
    with revisions.recording(article, user=user, reverted_to=revision.version):
        _article_bump(article, expected_version=expected_version)
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
                    reasons = [
                        f"{part._meta.get_field(name).verbose_name}: {' '.join(messages)}"
                        if name in {f.name for f in part._meta.fields}
                        else " ".join(messages)
                        for name, messages in error.message_dict.items()
                    ]
                    raise RevertConflictError(
                        _("Version %(v)s cannot be restored: one of its %(parts)s is no longer valid (%(why)s).")
                        % {"v": revision.version, "parts": part._meta.verbose_name_plural, "why": "; ".join(reasons)},
                        code="revert_conflict",
                    ) from error
                part.save(force_insert=True)
        article_reindex(article)
    audit_record(
        action="article.revert",
        user=user,
        target=article,
        details={
            "revision": revision.pk,
            "reverted_to": revision.version,
            "from_version": previous_version,
            "version": article.version,
        },
        request=request,
    )
    return article


@transaction.atomic
def article_history_sync(*, article: Article, user=None) -> bool:
    """Record the article's current state if its history does not show it (e.g. loaded by fixtures).

    Returns whether a revision was recorded. Idempotent: a second run finds nothing to record.
    When the stored version is not above the last recorded one (fixtures reset it), the version is
    raised above it, so versions keep growing and each has one revision.
    """
    latest = ArticleRevision.objects.filter(article=article).select_related("revision").order_by("-version").first()
    with revisions.recording(article, user=user) as recording:
        if latest is not None:
            recorded = revisions.snapshot_of_revision(latest.revision)
            current = recording.before
            same = revisions.diff_is_empty(revisions.diff_snapshots(recorded, current))
            if same and latest.version == article.version:
                return False
            recording.before = recorded
            if article.version <= latest.version:
                Article.objects.filter(pk=article.pk).update(version=latest.version + 1)
        else:
            recording.before = None
        recording.wrote = True
    return True


# --------------------------------------------------------------------------- sources and entities


def _named_save(instance: Model, data: Mapping[str, Any] | None) -> Model:
    _assign(instance, data or {})
    if not instance.slug:
        instance.slug = unique_slug(type(instance), instance.name_en or instance.name, exclude_pk=instance.pk)
    return _validated_save(instance)


def _reindex_articles_naming(articles) -> None:
    """Re-index, in bulk, the articles whose search documents carry a changed name."""
    search.index_articles(list(articles.values_list("pk", flat=True).distinct().order_by("pk")))


@transaction.atomic
def entity_save(*, entity: Entity, data: Mapping[str, Any] | None = None, user=None) -> Entity:
    _named_save(entity, data)
    _reindex_articles_naming(Article.objects.filter(mentions__entity=entity))
    return entity


@transaction.atomic
def entity_alias_save(*, alias: EntityAlias, data: Mapping[str, Any] | None = None, user=None) -> EntityAlias:
    _assign(alias, data or {})
    _validated_save(alias)
    _reindex_articles_naming(Article.objects.filter(mentions__entity=alias.entity_id))
    return alias


@transaction.atomic
def entity_alias_delete(*, alias: EntityAlias, user=None) -> None:
    entity_id = alias.entity_id
    alias.delete()
    _reindex_articles_naming(Article.objects.filter(mentions__entity=entity_id))


@transaction.atomic
def source_save(*, source: Source, data: Mapping[str, Any] | None = None, user=None) -> Source:
    _named_save(source, data)
    _reindex_articles_naming(Article.objects.filter(attributions__source=source))
    return source


@transaction.atomic
def source_alias_save(*, alias: SourceAlias, data: Mapping[str, Any] | None = None, user=None) -> SourceAlias:
    _assign(alias, data or {})
    _validated_save(alias)
    _reindex_articles_naming(Article.objects.filter(attributions__source=alias.source_id))
    return alias


@transaction.atomic
def source_alias_delete(*, alias: SourceAlias, user=None) -> None:
    source_id = alias.source_id
    alias.delete()
    _reindex_articles_naming(Article.objects.filter(attributions__source=source_id))


@transaction.atomic
def entity_delete(*, entity: Entity, user=None) -> None:
    """Refused (ProtectedError) while articles still mention or quote the entity."""
    entity.delete()


@transaction.atomic
def source_delete(*, source: Source, user=None) -> None:
    """Refused (ProtectedError) while articles still attribute to the source."""
    source.delete()


# --------------------------------------------------------------------------- entity merge


class EntityKindMismatchError(ServiceError):
    """Merging a person into a place is almost always a slip; the editor fixes the kind first."""

    status_code = 409

    def __init__(self, source: Entity, target: Entity):
        super().__init__(
            _(
                "“%(source)s” is a %(source_kind)s and “%(target)s” is a %(target_kind)s: only entities of the "
                "same kind can be merged. Change the kind of one of them first."
            )
            % {
                "source": source.name,
                "source_kind": source.get_kind_display(),
                "target": target.name,
                "target_kind": target.get_kind_display(),
            },
            code="kind_mismatch",
        )


#: Fields the survivor takes from the duplicate when it has no value of its own.
MERGE_FILLED_FIELDS = ("name_en", "description", "wikidata_id", "iptc_subject")


def _entity_snapshot(entity: Entity) -> dict[str, Any]:
    return {
        "id": entity.pk,
        "slug": entity.slug,
        "name": entity.name,
        "name_en": entity.name_en,
        "kind": entity.kind,
        "description": entity.description,
        "wikidata_id": entity.wikidata_id,
        "iptc_subject": entity.iptc_subject,
    }


@transaction.atomic
def entity_merge(*, source: Entity, target: Entity, user=None, request=None) -> Entity:
    """Merge the duplicate `source` into `target` (the survivor) and delete `source`.

    Moves to the survivor: aliases (dropping those it already has by normalised form), mentions
    (where an article already mentions the survivor the counts are added, and the stronger role
    (`about`) and origin (`confirmed`) win), quotes (speaker) and sources linked to the duplicate.
    The duplicate's name and English name become aliases of the survivor, and the survivor takes
    the duplicate's English name, description, Wikidata id and IPTC code where it has none.
    Every article whose mentions or quotes changed gets a new version; the articles naming the
    survivor are reindexed. One audit entry (`entity.merge`) lists everything that moved, with a
    full snapshot of the deleted entity. Different kinds are refused (409), as is merging an
    entity into itself (400). The duplicate is deleted last, under PROTECT foreign keys: anything
    still pointing at it makes the whole merge roll back rather than lose a row.
    """
    if source.pk == target.pk:
        raise ServiceError(_("An entity cannot be merged into itself."), code="merge_into_self")
    # Lock both rows (in id order, so two merges of the same pair cannot deadlock) and work on fresh copies.
    locked = {
        entity.pk: entity
        for entity in Entity.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")
    }
    if len(locked) != 2:
        raise ServiceError(_("One of the entities no longer exists."), code="not_found")
    source, target = locked[source.pk], locked[target.pk]
    if source.kind != target.kind:
        raise EntityKindMismatchError(source, target)

    # Each changed article gets a revision whose comment compares it with its state before the merge.
    before = {
        article.pk: revisions.snapshot_of(article)
        for article in (
            revisions.article_with_parts(pk)
            for pk in Article.objects.filter(Q(mentions__entity=source) | Q(quotes__speaker=source))
            .values_list("pk", flat=True)
            .distinct()
        )
    }
    details: dict[str, Any] = {
        "merged": _entity_snapshot(source),
        "into": {"id": target.pk, "slug": target.slug, "name": target.name},
    }

    # 1. Fields the survivor lacks. The duplicate's Wikidata id is unique: free it before the survivor takes it.
    filled = {
        field: getattr(source, field)
        for field in MERGE_FILLED_FIELDS
        if getattr(source, field) and not getattr(target, field)
    }
    if "wikidata_id" in filled:
        Entity.objects.filter(pk=source.pk).update(wikidata_id="")
    _assign(target, filled)
    _validated_save(target)
    details["fields_filled"] = filled

    # 2. Aliases: move the new ones, drop those the survivor already has; add the duplicate's names.
    known = {normalize(target.name)} | ({normalize(target.name_en)} if target.name_en else set())
    known |= {alias.name_normalized or normalize(alias.name) for alias in target.aliases.all()}
    moved_aliases, dropped_aliases, added_aliases = [], [], []
    for alias in source.aliases.order_by("name", "pk"):
        key = alias.name_normalized or normalize(alias.name)
        if key in known:
            dropped_aliases.append(alias.name)
            alias.delete()
            continue
        alias.entity = target
        _validated_save(alias)
        known.add(key)
        moved_aliases.append(alias.name)
    for name, language in ((source.name, "ar"), (source.name_en, "en")):
        if name and normalize(name) not in known:
            _validated_save(EntityAlias(entity=target, name=name, language=language))
            known.add(normalize(name))
            added_aliases.append(name)
    details.update(aliases_moved=moved_aliases, aliases_dropped=dropped_aliases, aliases_added=added_aliases)

    # 3. Mentions: combine where the article already mentions the survivor, move the rest.
    changed_articles: set[int] = set()
    survivor_mentions = {
        mention.article_id: mention for mention in Mention.objects.select_for_update().filter(entity=target)
    }
    combined, moved = [], []
    for mention in Mention.objects.select_for_update().filter(entity=source).select_related("article").order_by("pk"):
        changed_articles.add(mention.article_id)
        kept = survivor_mentions.get(mention.article_id)
        if kept is None:
            moved.append(mention)
            continue
        kept.count += mention.count
        if mention.role == Mention.Role.ABOUT:
            kept.role = Mention.Role.ABOUT
        if mention.origin == Mention.Origin.CONFIRMED:
            kept.origin = Mention.Origin.CONFIRMED
        mention.delete()
        _validated_save(kept)
        combined.append({"article": str(mention.article.uuid), "count": mention.count, "total": kept.count})
    Mention.objects.filter(pk__in=[mention.pk for mention in moved]).update(entity=target)
    details["mentions_moved"] = [str(mention.article.uuid) for mention in moved]
    details["mentions_combined"] = combined

    # 4. Quotes and the sources that are this entity.
    quotes = list(Quote.objects.filter(speaker=source).values_list("pk", "article_id").order_by("pk"))
    Quote.objects.filter(pk__in=[pk for pk, _article in quotes]).update(speaker=target)
    changed_articles |= {article_id for _pk, article_id in quotes}
    details["quotes_moved"] = [pk for pk, _article in quotes]
    sources = list(Source.objects.filter(entity=source).order_by("slug").values_list("slug", flat=True))
    Source.objects.filter(entity=source).update(entity=target)
    details["sources_relinked"] = sources

    # 5. The duplicate goes; PROTECT refuses (and rolls everything back) if anything still points at it.
    source.delete()

    # 6. A new version of every article that changed; fresh search text for every article naming the survivor.
    bumped = []
    for article in Article.objects.filter(pk__in=changed_articles).order_by("pk"):
        with revisions.recording(article, user=user) as recording:
            recording.before = before[article.pk]
            _article_bump(article)
        bumped.append(str(article.uuid))
    details["articles_changed"] = bumped
    _reindex_articles_naming(Article.objects.filter(mentions__entity=target))

    audit_record(action="entity.merge", user=user, target=target, details=details, request=request)
    return target


# --------------------------------------------------------------------------- audit


def audit_record(*, action: str, user=None, target: Model | None = None, details=None, request=None) -> AuditEntry:
    """Append one entry to the audit log; `request` (when given) tells where the action came from."""
    entry = AuditEntry(action=action, details=details or {})
    if user is not None and user.is_authenticated:
        entry.actor, entry.actor_name = user, user.get_username()
    if target is not None:
        entry.target_type = target._meta.label_lower
        entry.target_id = str(getattr(target, "uuid", None) or target.pk)
        entry.target_repr = str(target)[:300]
    if request is not None:
        entry.ip_address = request.META.get("REMOTE_ADDR") or None
        entry.user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return _validated_save(entry)
