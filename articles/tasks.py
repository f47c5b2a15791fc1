"""Celery tasks: webhook delivery, scheduled publishing, re-indexing, change-feed and revision retention.

Each task is idempotent and safe to run twice (messages are acknowledged after the task ran, so a
worker that dies mid-task has it redelivered): deliveries are leased, publishing a scheduled
article is a transition that only applies once, re-indexing depends only on the content.
"""

from celery import shared_task

from articles import search, services
from articles.history import changes, retention
from articles.syndication import dispatch


@shared_task(name="articles.dispatch_webhooks", ignore_result=True)
def dispatch_webhooks() -> int:
    """Create the deliveries of new feed events and send them."""
    created = dispatch.dispatch_events()
    dispatch.enqueue_deliveries(created)
    return len(created)


@shared_task(name="articles.deliver_webhook", ignore_result=True)
def deliver_webhook(delivery_id: int) -> None:
    """One attempt of one delivery; a failure queues the next attempt after its backoff."""
    delay = dispatch.deliver(delivery_id)
    if delay is not None:
        deliver_webhook.apply_async((delivery_id,), countdown=delay)


@shared_task(name="articles.sweep_webhooks", ignore_result=True)
def sweep_webhooks() -> int:
    """The safety net (every few seconds): dispatch new events and queue every due delivery."""
    return dispatch.sweep()


@shared_task(name="articles.publish_scheduled", ignore_result=True)
def publish_scheduled() -> list[str]:
    """`manage.py publish_scheduled` as a task: record `published` for scheduled articles that are due."""
    return [str(article.uuid) for article in services.article_release_due()]


@shared_task(name="articles.reindex_articles", ignore_result=True)
def reindex_articles(article_ids: list[int] | None = None, batch_size: int = 1000) -> int:
    """Rebuild the search documents of the given articles, or of all (`manage.py reindex --queue`)."""
    if article_ids is None:
        return search.index_all_articles(batch_size=batch_size)
    search.index_articles(list(article_ids))
    return len(article_ids)


@shared_task(name="articles.prune_changes", ignore_result=True)
def prune_changes() -> dict:
    """The change feed's retention (`manage.py changes_prune`), and old delivered webhook deliveries."""
    run = changes.prune()
    return {"compacted": run.compacted, "expired": run.expired, "deliveries": dispatch.prune_deliveries()}


@shared_task(name="articles.prune_revisions", ignore_result=True)
def prune_revisions() -> dict:
    """The retention of article revisions (`manage.py revisions_prune`)."""
    run = retention.prune_revisions()
    return {"articles": run.articles, "dropped": run.dropped}
