"""Entity merge: fold a duplicate entity into the one that survives, in one transaction."""

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from articles import policies
from articles.errors import EntityKindMismatchError, NotFoundError, ServiceError
from articles.history import revisions
from articles.history.audit import audit_record
from articles.history.changes import record_change
from articles.models import Article, Entity, EntityAlias, Mention, Quote, Source
from articles.services.articles import article_bump
from articles.services.common import assign, validated_save
from articles.services.names import names_written, reindex_articles_naming
from articles.text import normalize

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
def entity_merge(*, actor, duplicate: Entity, survivor: Entity) -> Entity:
    """Merge `duplicate` into `survivor` and delete `duplicate`.

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
    actor = policies.require(actor, "entity.merge")
    if duplicate.pk == survivor.pk:
        raise ServiceError(_("An entity cannot be merged into itself."), code="merge_into_self")
    # Lock both rows (in id order, so two merges of the same pair cannot deadlock) and work on fresh copies.
    locked = {
        entity.pk: entity
        for entity in Entity.objects.select_for_update().filter(pk__in=[duplicate.pk, survivor.pk]).order_by("pk")
    }
    if len(locked) != 2:
        raise NotFoundError(_("One of the entities no longer exists."))
    duplicate, survivor = locked[duplicate.pk], locked[survivor.pk]
    if duplicate.kind != survivor.kind:
        raise EntityKindMismatchError(duplicate, survivor)

    # Each changed article gets a revision whose comment compares it with its state before the merge.
    before = {
        article.pk: revisions.snapshot_of(article)
        for article in (
            revisions.article_with_parts(pk)
            for pk in Article.objects.filter(Q(mentions__entity=duplicate) | Q(quotes__speaker=duplicate))
            .values_list("pk", flat=True)
            .distinct()
        )
    }
    details: dict[str, Any] = {
        "merged": _entity_snapshot(duplicate),
        "into": {"id": survivor.pk, "slug": survivor.slug, "name": survivor.name},
    }

    # 1. Fields the survivor lacks. The duplicate's Wikidata id is unique: free it before the survivor takes it.
    filled = {
        field: getattr(duplicate, field)
        for field in MERGE_FILLED_FIELDS
        if getattr(duplicate, field) and not getattr(survivor, field)
    }
    if "wikidata_id" in filled:
        Entity.objects.filter(pk=duplicate.pk).update(wikidata_id="")
    assign(survivor, filled)
    validated_save(survivor)
    details["fields_filled"] = filled

    # 2. Aliases: move the new ones, drop those the survivor already has; add the duplicate's names.
    known = {normalize(survivor.name)} | ({normalize(survivor.name_en)} if survivor.name_en else set())
    known |= {alias.name_normalized or normalize(alias.name) for alias in survivor.aliases.all()}
    moved_aliases, dropped_aliases, added_aliases = [], [], []
    for alias in duplicate.aliases.order_by("name", "pk"):
        key = alias.name_normalized or normalize(alias.name)
        if key in known:
            dropped_aliases.append(alias.name)
            alias.delete()
            continue
        alias.entity = survivor
        validated_save(alias)
        known.add(key)
        moved_aliases.append(alias.name)
    for name, language in ((duplicate.name, "ar"), (duplicate.name_en, "en")):
        if name and normalize(name) not in known:
            validated_save(EntityAlias(entity=survivor, name=name, language=language))
            known.add(normalize(name))
            added_aliases.append(name)
    details.update(aliases_moved=moved_aliases, aliases_dropped=dropped_aliases, aliases_added=added_aliases)

    # 3. Mentions: combine where the article already mentions the survivor, move the rest.
    changed_articles: set[int] = set()
    survivor_mentions = {
        mention.article_id: mention for mention in Mention.objects.select_for_update().filter(entity=survivor)
    }
    combined, moved = [], []
    duplicate_mentions = Mention.objects.select_for_update().filter(entity=duplicate).select_related("article")
    for mention in duplicate_mentions.order_by("pk"):
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
        validated_save(kept)
        combined.append({"article": str(mention.article.uuid), "count": mention.count, "total": kept.count})
    Mention.objects.filter(pk__in=[mention.pk for mention in moved]).update(entity=survivor)
    details["mentions_moved"] = [str(mention.article.uuid) for mention in moved]
    details["mentions_combined"] = combined

    # 4. Quotes and the sources that are this entity.
    quotes = list(Quote.objects.filter(speaker=duplicate).values_list("pk", "article_id").order_by("pk"))
    Quote.objects.filter(pk__in=[pk for pk, _article in quotes]).update(speaker=survivor)
    changed_articles |= {article_id for _pk, article_id in quotes}
    details["quotes_moved"] = [pk for pk, _article in quotes]
    sources = list(Source.objects.filter(entity=duplicate).order_by("slug").values_list("slug", flat=True))
    Source.objects.filter(entity=duplicate).update(entity=survivor)
    details["sources_relinked"] = sources

    # 5. The duplicate goes; PROTECT refuses (and rolls everything back) if anything still points at it.
    duplicate.delete()
    names_written()

    # 6. A new version of every article that changed; fresh search text for every article naming the survivor.
    bumped = []
    for article in Article.objects.filter(pk__in=changed_articles).order_by("pk"):
        with revisions.recording(article, user=actor.audit_user, savepoint=False) as recording:
            recording.compare_with(before[article.pk])
            article_bump(article)
        bumped.append(article)
    details["articles_changed"] = [str(article.uuid) for article in bumped]
    reindex_articles_naming(Article.objects.filter(mentions__entity=survivor))

    audit_record(actor=actor, action="entity.merge", target=survivor, details=details)
    changed = [("entity.updated", survivor), *(("article.updated", article) for article in bumped)]
    record_change(actor, "entity.merged", duplicate, into=survivor.slug, also=changed)
    return survivor


@transaction.atomic
def entities_merge(*, actor, entities, survivor: Entity) -> Entity:
    """Merge every entity of `entities` but `survivor` into it (the admin's N-way merge): all or none."""
    for entity in entities:
        if entity.pk != survivor.pk:
            survivor = entity_merge(actor=actor, duplicate=entity, survivor=survivor)
    return survivor
