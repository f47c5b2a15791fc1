"""Every write to the content goes through here: views, the admin and commands stay thin.

Each function is transactional, validates with `full_clean()` before saving, and keeps the derived
state current: an article's `version` grows by one on every write to it or to one of its parts
(captions, attributions, mentions, quotes), and its search document is rebuilt.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import search
from articles.models import (
    Article,
    ArticlePart,
    AuditEntry,
    Entity,
    EntityAlias,
    Source,
    SourceAlias,
)


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
    """
    rows = Article.objects.filter(pk=article.pk)
    if expected_version is not None:
        rows = rows.filter(version=expected_version)
    if not rows.update(version=F("version") + 1, updated_at=timezone.now()):
        current = Article.objects.get(pk=article.pk)
        raise StaleVersionError(current, expected_version)
    article.refresh_from_db(fields=["version", "updated_at"])


@transaction.atomic
def article_create(*, data: Mapping[str, Any], user=None, article: Article | None = None) -> Article:
    """Create an article from `data` (or save the new, unsaved `article` the admin built)."""
    article = article or Article()
    _assign(article, data)
    if user is not None and user.is_authenticated:
        article.created_by = user
    if not article.slug:
        article.slug = unique_slug(Article, article.headline, max_length=300)
    _validated_save(article)
    article_reindex(article)
    return article


@transaction.atomic
def article_update(
    *, article: Article, data: Mapping[str, Any], user=None, expected_version: int | None = None
) -> Article:
    _assign(article, data)
    if not article.slug:
        article.slug = unique_slug(Article, article.headline, exclude_pk=article.pk, max_length=300)
    article.full_clean()
    _article_bump(article, expected_version=expected_version)
    article.save()
    article_reindex(article)
    return article


@transaction.atomic
def article_delete(*, article: Article, user=None) -> None:
    pk = article.pk
    article.delete()
    search.article_unindex([pk])


@transaction.atomic
def article_publish(*, article: Article, user=None, published_at=None) -> Article:
    if article.status == Article.Status.RETRACTED:
        raise ServiceError(_("A retracted article cannot be published again."), code="illegal_transition")
    article.status = Article.Status.PUBLISHED
    article.published_at = published_at or article.published_at or timezone.now()
    return article_update(article=article, data={}, user=user)


@transaction.atomic
def article_retract(*, article: Article, user=None) -> Article:
    if article.status not in Article.PUBLIC_STATUSES:
        raise ServiceError(_("Only a published article can be retracted."), code="illegal_transition")
    return article_update(article=article, data={"status": Article.Status.RETRACTED}, user=user)


# --------------------------------------------------------------------------- article parts


@transaction.atomic
def article_part_save(*, part: ArticlePart, data: Mapping[str, Any] | None = None, user=None) -> ArticlePart:
    """Create or update a caption, attribution, mention or quote: a new version of its article."""
    previous_article_id = part.article_id if part.pk else None
    _assign(part, data or {})
    _validated_save(part)
    for article_id in {previous_article_id, part.article_id} - {None}:
        article = Article.objects.get(pk=article_id)
        _article_bump(article)
        article_reindex(article)
    return part


@transaction.atomic
def article_part_delete(*, part: ArticlePart, user=None) -> None:
    article = part.article
    part.delete()
    _article_bump(article)
    article_reindex(article)


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
