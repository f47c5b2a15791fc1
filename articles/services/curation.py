"""Writes for collections: curated, ordered lists of articles (story packages, home-page slots).

Ordering rule (the one place it is decided): the reading order of a collection is its pinned items
first, then the others; within each group, the order the editors chose. After every write the
positions are dense (1..n) and equal to that reading order, so `ORDER BY position` and
`ORDER BY pinned DESC, position` give the same list. A requested position is clamped to the item's
group: an unpinned item asked to go to position 1 lands right after the last pinned item.

Every function locks the collection row first (SELECT … FOR UPDATE on PostgreSQL; SQLite takes its
write lock at BEGIN), so concurrent edits of one collection queue instead of interleaving.

Renumbering under the (collection, position) unique constraint is done in two UPDATEs: first every
remaining item is lifted above both the current highest position and the final count n (position +
that number collides with nothing), then one UPDATE with a CASE sets the final positions 1..n. No
intermediate state breaks the constraint on either database, so the constraint stays immediate
(not DEFERRABLE, which SQLite does not support).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import BooleanField, Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import policies
from articles.errors import ArticleAlreadyInCollectionError, ArticleNotInCollectionError, ServiceError
from articles.history.changes import record_change
from articles.models import Article, Collection, CollectionItem
from articles.services.common import assign, only_fields, unique_slug, validated_save

#: The collection fields a client writes (the items are written with the item functions).
COLLECTION_FIELDS = ("title", "slug", "description")


@dataclass(frozen=True)
class Slot:
    """One entry of a collection's desired order: which article, and whether it is pinned."""

    article: Article
    pinned: bool = False


# --------------------------------------------------------------------------- collections


@transaction.atomic
def collection_create(
    *,
    actor,
    data: Mapping[str, Any],
    items: Sequence[Slot] | None = None,
    collection: Collection | None = None,
) -> Collection:
    """Create a collection from `data` (or save the unsaved `collection` the admin built)."""
    actor = policies.require(actor, "collection.create")
    only_fields(data, COLLECTION_FIELDS)
    collection = collection or Collection()
    assign(collection, data)
    if actor.audit_user is not None:
        collection.created_by = actor.audit_user
    if not collection.slug:
        collection.slug = unique_slug(Collection, collection.title)
    validated_save(collection)
    if items:
        _set_items(actor, collection, items)
    record_change(actor, "collection.created", collection)
    return collection


@transaction.atomic
def collection_update(
    *, actor, collection: Collection, data: Mapping[str, Any], items: Sequence[Slot] | None = None
) -> Collection:
    """Change the fields in `data`; when `items` is given, it replaces the whole list of items."""
    policies.require(actor, "collection.update")
    only_fields(data, COLLECTION_FIELDS)
    _lock(collection)
    assign(collection, data)
    if not collection.slug:
        collection.slug = unique_slug(Collection, collection.title, exclude_pk=collection.pk)
    validated_save(collection)
    if items is not None:
        _set_items(actor, collection, items)
    record_change(actor, "collection.updated", collection)
    return collection


@transaction.atomic
def collection_delete(*, actor, collection: Collection) -> None:
    """Delete the collection and its items; the articles themselves stay."""
    policies.require(actor, "collection.delete")
    collection.delete()
    record_change(actor, "collection.deleted", collection)


# --------------------------------------------------------------------------- items


@transaction.atomic
def collection_items_set(*, actor, collection: Collection, items: Sequence[Slot]) -> list[CollectionItem]:
    """Make `items` (in the given order) the collection's whole list: add, keep, drop and renumber."""
    items = _set_items(actor, collection, items)
    record_change(actor, "collection.updated", collection)
    return items


def _set_items(actor, collection: Collection, items: Sequence[Slot]) -> list[CollectionItem]:
    policies.require(actor, "collection.items")
    _lock(collection)
    seen: set[int] = set()
    for slot in items:
        if slot.article.pk in seen:
            raise ServiceError(
                _("The article “%(headline)s” appears twice in the list.") % {"headline": slot.article.headline},
                code="duplicate_article",
            )
        seen.add(slot.article.pk)
    collection.items.exclude(article_id__in=seen).delete()
    return _apply(collection, list(items))


@transaction.atomic
def collection_item_add(
    *, actor, collection: Collection, article: Article, position: int | None = None, pinned: bool = False
) -> CollectionItem:
    """Insert `article` at `position` (1-based; default: the end of its group), shifting the rest down."""
    policies.require(actor, "collection.items")
    _lock(collection)
    slots = _current_slots(collection)
    if any(slot.article.pk == article.pk for slot in slots):
        raise ArticleAlreadyInCollectionError(article)
    _check_position(position)
    new = Slot(article=article, pinned=pinned)
    index = len(slots) if position is None else min(position - 1, len(slots))
    if position is None and pinned:
        index = sum(1 for slot in slots if slot.pinned)
    slots.insert(index, new)
    item = _item_of(_apply(collection, slots), article)
    record_change(actor, "collection.updated", collection)
    return item


@transaction.atomic
def collection_item_update(
    *,
    actor,
    collection: Collection,
    article: Article,
    position: int | None = None,
    pinned: bool | None = None,
) -> CollectionItem:
    """Move an item to `position` and/or pin or unpin it; the other items close up around it."""
    policies.require(actor, "collection.items")
    _lock(collection)
    _check_position(position)
    slots = _current_slots(collection)
    index = _index_of(slots, article)
    slot = slots.pop(index)
    if pinned is not None and pinned != slot.pinned:
        slot = Slot(article=slot.article, pinned=pinned)
        if position is None:
            # Pinning puts the item at the bottom of the pinned group; unpinning at the top of the rest.
            index = sum(1 for other in slots if other.pinned)
    if position is not None:
        index = min(position - 1, len(slots))
    slots.insert(index, slot)
    item = _item_of(_apply(collection, slots), article)
    record_change(actor, "collection.updated", collection)
    return item


@transaction.atomic
def collection_item_remove(*, actor, collection: Collection, article: Article) -> None:
    """Take `article` out of the collection; the items after it move up."""
    policies.require(actor, "collection.items")
    _lock(collection)
    slots = _current_slots(collection)
    slots.pop(_index_of(slots, article))
    collection.items.filter(article=article).delete()
    _apply(collection, slots)
    record_change(actor, "collection.updated", collection)


# --------------------------------------------------------------------------- internals


def _lock(collection: Collection) -> None:
    Collection.objects.select_for_update().filter(pk=collection.pk).values_list("pk", flat=True).first()


def _check_position(position: int | None) -> None:
    if position is not None and (isinstance(position, bool) or not isinstance(position, int) or position < 1):
        raise ServiceError(_("A position is a whole number from 1."), code="invalid_position")


def _current_slots(collection: Collection) -> list[Slot]:
    items = collection.items.select_related("article").order_by("-pinned", "position")
    return [Slot(article=item.article, pinned=item.pinned) for item in items]


def _index_of(slots: Sequence[Slot], article: Article) -> int:
    for index, slot in enumerate(slots):
        if slot.article.pk == article.pk:
            return index
    raise ArticleNotInCollectionError()


def _item_of(items: Iterable[CollectionItem], article: Article) -> CollectionItem:
    return next(item for item in items if item.article_id == article.pk)


def _apply(collection: Collection, slots: list[Slot]) -> list[CollectionItem]:
    """Store `slots` as the collection's items, in reading order (pinned first, stable otherwise).

    Expects every stored item of the collection to be named in `slots` (callers delete the others).
    """
    ordered = sorted(slots, key=lambda slot: not slot.pinned)  # stable: keeps the order within groups
    wanted = {slot.article.pk: (number, slot.pinned) for number, slot in enumerate(ordered, start=1)}
    existing = {item.article_id: item for item in collection.items.all()}

    if existing:
        # Phase 1: lift every item above both the current and the final highest position, where
        # nothing is taken now and nothing will be asked for in phase 2.
        lift = max(max(item.position for item in existing.values()), len(ordered))
        collection.items.update(position=F("position") + lift)
        # Phase 2: one UPDATE puts each kept item at its final place.
        whens_position = [When(pk=item.pk, then=Value(wanted[article_id][0])) for article_id, item in existing.items()]
        whens_pinned = [When(pk=item.pk, then=Value(wanted[article_id][1])) for article_id, item in existing.items()]
        collection.items.update(
            position=Case(*whens_position, output_field=IntegerField()),
            pinned=Case(*whens_pinned, output_field=BooleanField()),
        )

    for slot in ordered:
        if slot.article.pk not in existing:
            number, pinned = wanted[slot.article.pk]
            validated_save(CollectionItem(collection=collection, article=slot.article, position=number, pinned=pinned))

    Collection.objects.filter(pk=collection.pk).update(updated_at=timezone.now())
    collection.refresh_from_db(fields=["updated_at"])
    return list(collection.items.select_related("article").order_by("position"))
