"""Telling partners and apps about changes: the change feed's documents and webhooks.

- `payload`: an event as the feed and webhooks show it (one shape for both).
- `signing`: HMAC-SHA256 signatures of webhook deliveries, and their verification.
- `dispatch`: the webhook dispatcher (follows the feed, creates deliveries), delivery with retries,
  backoff and dead letters; run by the Celery tasks of articles/tasks.py.

The events themselves are written by articles.history.changes.record_change, in the services.
"""
