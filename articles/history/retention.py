"""How long revisions are kept: the retention of article history (`manage.py revisions_prune`, the
daily `articles.prune_revisions` task).

Kept, whatever their age:

- the latest `keep_last` revisions of every article and every revision younger than `keep_days`;
- the first (the creation: who wrote the article, and when);
- every revision the audit log names for the article (`version`, `from_version`, `reverted_to` in
  a transition's, a revert's or a merge's details) and, for a transition, the revision before it:
  the text a publication, correction or retraction applied to, which a correction is read against;
- every revert and the revision it restored.

The others (intermediate edits, older than `keep_days`) are dropped. What they changed is folded
into the next revision kept (history/revision_store.merge), so every kept revision still shows the
article exactly as it was, diffs between kept revisions are unchanged, and reverting to a kept
revision restores the same text and parts.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from reversion.models import Revision

from articles.history import revision_store
from articles.models import Article, ArticleRevision, AuditEntry

#: Keys of an audit entry's details that name versions of its article.
AUDITED_VERSION_KEYS = ("version", "from_version", "reverted_to")


@dataclass
class PruneRun:
    articles: int = 0
    dropped: int = 0


def audited_versions(article: Article) -> tuple[set[int], set[int]]:
    """(versions the audit log names, versions its transitions made) for one article."""
    named, transitions = set(), set()
    entries = AuditEntry.objects.filter(target_type=Article._meta.label_lower, target_id=str(article.uuid))
    for details in entries.values_list("details", flat=True):
        for key in AUDITED_VERSION_KEYS:
            value = (details or {}).get(key)
            if isinstance(value, int):
                named.add(value)
        if isinstance((details or {}).get("transition"), str) and isinstance(details.get("version"), int):
            transitions.add(details["version"])
    return named, transitions


def kept_versions(article: Article, rows: list[tuple], *, keep_days: int, keep_last: int, now) -> set[int]:
    """The versions of `rows` ((revision id, version, reverted_to, created) in version order) to keep."""
    versions = [version for _id, version, _reverted, _created in rows]
    keep = set(versions[:1]) | set(versions[-keep_last:] if keep_last > 0 else versions[-1:])
    keep |= {version for _id, version, _reverted, created in rows if created >= now - timedelta(days=keep_days)}
    named, transitions = audited_versions(article)
    keep |= named
    keep |= {version - 1 for version in transitions}
    for _id, version, reverted_to, _created in rows:
        if reverted_to is not None:
            keep |= {version, reverted_to}
    return keep & set(versions)


def prune_article(article: Article, *, keep_days: int, keep_last: int, now) -> int:
    """Drop the revisions of one article that retention does not keep; returns how many."""
    rows = list(
        ArticleRevision.objects.filter(article=article)
        .order_by("version")
        .values_list("revision_id", "version", "reverted_to", "revision__date_created")
    )
    keep = kept_versions(article, rows, keep_days=keep_days, keep_last=keep_last, now=now)
    if len(keep) == len(rows):
        return 0
    changes = dict(ArticleRevision.objects.filter(article=article).values_list("revision_id", "changes"))
    pending, dropped = None, []
    for revision_id, version, _reverted, _created in rows:
        entry = changes[revision_id]
        if entry is None:  # recorded before revision_store: its Version rows hold the whole article
            entry = revision_store.full_entry(revision_store.versions_snapshot(revision_id))
        if version not in keep:
            pending = entry if pending is None else revision_store.merge(pending, entry)
            dropped.append(revision_id)
            continue
        if pending is not None:
            ArticleRevision.objects.filter(revision_id=revision_id).update(changes=revision_store.merge(pending, entry))
            pending = None
    Revision.objects.filter(pk__in=dropped).delete()
    return len(dropped)


def prune_revisions(*, keep_days: int | None = None, keep_last: int | None = None, now=None) -> PruneRun:
    """Apply retention to every article with revisions older than `keep_days` beyond its last
    `keep_last` (each article in a transaction of its own, under its row lock)."""
    keep_days = settings.REVISIONS_KEEP_DAYS if keep_days is None else keep_days
    keep_last = settings.REVISIONS_KEEP_LAST if keep_last is None else keep_last
    now = now or timezone.now()
    run = PruneRun()
    old = ArticleRevision.objects.filter(revision__date_created__lt=now - timedelta(days=keep_days))
    candidates = old.values_list("article_id", flat=True).distinct().order_by("article_id")
    for article_id in candidates.iterator():
        with transaction.atomic():
            article = Article.objects.select_for_update().filter(pk=article_id).first()
            if article is None:
                continue
            dropped = prune_article(article, keep_days=keep_days, keep_last=keep_last, now=now)
        run.articles += bool(dropped)
        run.dropped += dropped
    return run
