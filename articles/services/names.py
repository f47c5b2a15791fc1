"""Writes to entities, sources and their aliases.

A change of a name (or of an alias) changes the search documents of the articles that name it:
they are re-indexed in bulk in the same transaction.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from articles import policies, search
from articles.analysis import names_changed
from articles.history.changes import record_change
from articles.models import Alias, Article, Entity, EntityAlias, NamedModel, Source
from articles.services.common import assign, unique_slug, validated_save


def reindex_articles_naming(articles) -> None:
    """Re-index, in bulk, the articles whose search documents carry a changed name."""
    search.index_articles(list(articles.values_list("pk", flat=True).distinct().order_by("pk")))


def names_written() -> None:
    """After the write commits, this process's next analysis reads the changed names."""
    transaction.on_commit(names_changed)


def _articles_naming(model: type[Model], pk) -> object:
    """The articles whose search documents hold the names of the entity or source `pk`."""
    if model is Entity:
        return Article.objects.filter(mentions__entity=pk)
    return Article.objects.filter(attributions__source=pk)


def _operation(instance: Model, action: str | None = None) -> str:
    return f"{instance._meta.model_name}.{action or ('update' if instance.pk else 'create')}"


@transaction.atomic
def named_save(*, actor, instance: NamedModel, data: Mapping[str, Any] | None = None) -> NamedModel:
    """Create or change an entity or a source (a slug is made from its name when it has none)."""
    operation, previous_slug = _operation(instance), instance.slug
    policies.require(actor, operation)
    assign(instance, data or {})
    if not instance.slug:
        instance.slug = unique_slug(type(instance), instance.name_en or instance.name, exclude_pk=instance.pk)
    validated_save(instance)
    names_written()
    reindex_articles_naming(_articles_naming(type(instance), instance.pk))
    renamed = operation.endswith(".update") and previous_slug != instance.slug
    record_change(actor, f"{operation}d", instance, previous_slug=previous_slug if renamed else None)
    return instance


@transaction.atomic
def named_delete(*, actor, instance: NamedModel) -> None:
    """Delete an entity or a source; refused (ProtectedError) while articles still use it."""
    policies.require(actor, _operation(instance, "delete"))
    instance.delete()
    names_written()
    record_change(actor, f"{instance._meta.model_name}.deleted", instance)


def _owner(alias: Alias) -> tuple[type[Model], Any]:
    return (Entity, alias.entity_id) if isinstance(alias, EntityAlias) else (Source, alias.source_id)


def _owner_instance(alias: Alias) -> NamedModel:
    return alias.entity if isinstance(alias, EntityAlias) else alias.source


@transaction.atomic
def alias_save(*, actor, alias: Alias, data: Mapping[str, Any] | None = None) -> Alias:
    """Create or change an alias of an entity or a source."""
    policies.require(actor, _operation(alias))
    assign(alias, data or {})
    validated_save(alias)
    names_written()
    # The owner's updated_at tells articles.analysis that the stored names changed.
    _owner(alias)[0].objects.filter(pk=_owner(alias)[1]).update(updated_at=timezone.now())
    reindex_articles_naming(_articles_naming(*_owner(alias)))
    record_change(actor, f"{_owner(alias)[0]._meta.model_name}.updated", _owner_instance(alias))
    return alias


@transaction.atomic
def alias_delete(*, actor, alias: Alias) -> None:
    policies.require(actor, _operation(alias, "delete"))
    owner, owner_instance = _owner(alias), _owner_instance(alias)
    alias.delete()
    names_written()
    reindex_articles_naming(_articles_naming(*owner))
    record_change(actor, f"{owner[0]._meta.model_name}.updated", owner_instance)
