"""Webhook delivery: at least once, signed, retried with backoff and jitter, dead-lettered.

1. The dispatcher (`dispatch_events`) follows the change feed from its own cursor (a FeedReader
   row, locked while it works) and creates one WebhookDelivery per (event, subscription that wants
   it), storing the JSON body. The feed is in commit order, so the cursor never skips an event.
2. `deliver(delivery_id)` leases a due delivery (so two workers never send it at once), POSTs it
   with the signature headers, logs the attempt, and marks it delivered (2xx), schedules the next
   attempt (anything else: an error status, a refused connection, a timeout), or, after
   WEBHOOK_MAX_ATTEMPTS attempts, moves it to the dead letters (state "dead", retried by hand from
   the admin or the API).
3. `sweep()` (a periodic task) runs the dispatcher and re-queues every due delivery, so a lost
   message, a worker killed mid-delivery (its lease runs out) or a broker restart delays a
   delivery but never loses it.

Every attempt of an event sends the same body with the same `Idempotency-Key` (the event id):
receivers deduplicate on it, which turns at-least-once delivery into exactly-once processing.
"""

import logging
import random
import time
import urllib.error
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles.models import ChangeEvent, FeedReader, WebhookAttempt, WebhookDelivery, WebhookSubscription
from articles.syndication.payload import webhook_body
from articles.syndication.signing import SIGNATURE_HEADER, signature_header

logger = logging.getLogger(__name__)

DISPATCHER = "webhooks"
USER_AGENT = "Newsroom-Webhooks/1.0"
INTERRUPTED = "interrupted: the worker stopped before the receiver answered"


def backoff(attempt: int, *, base: float | None = None, cap: float | None = None) -> float:
    """Seconds to wait after the failed attempt number `attempt` (1-based): exponential, capped,
    with "equal jitter" (half fixed, half random) so that failed deliveries do not retry in step."""
    base = settings.WEBHOOK_BACKOFF_BASE if base is None else base
    cap = settings.WEBHOOK_BACKOFF_CAP if cap is None else cap
    delay = min(cap, base * 2 ** (attempt - 1))
    return delay / 2 + random.uniform(0, delay / 2)


# --------------------------------------------------------------------------- dispatching


def dispatch_events(*, batch: int = 500) -> list[int]:
    """Create the deliveries of the events after the dispatcher's cursor; returns their ids."""
    FeedReader.objects.get_or_create(name=DISPATCHER)
    with transaction.atomic():
        reader = FeedReader.objects.select_for_update().get(name=DISPATCHER)
        events = list(ChangeEvent.objects.filter(id__gt=reader.position).order_by("id")[:batch])
        if not events:
            return []
        subscriptions = list(WebhookSubscription.objects.filter(active=True))
        deliveries = [
            WebhookDelivery(subscription=subscription, event_id=event.id, event_type=event.type)
            for event in events
            for subscription in subscriptions
            if subscription.wants(event)
        ]
        bodies = {event.id: webhook_body(event) for event in events}
        for delivery in deliveries:
            delivery.payload = bodies[delivery.event_id]
        WebhookDelivery.objects.bulk_create(deliveries, ignore_conflicts=True)
        reader.position = events[-1].id
        reader.save(update_fields=["position", "updated_at"])
        created = list(
            WebhookDelivery.objects.filter(
                event_id__in=[event.id for event in events], state=WebhookDelivery.State.PENDING
            ).values_list("pk", flat=True)
        )
    return created


# --------------------------------------------------------------------------- delivering


def _lease(delivery_id: int, now) -> tuple[WebhookDelivery, WebhookAttempt] | None:
    """Take a due delivery for one attempt (None if it is not due, taken, or finished)."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True)
            .select_related("subscription")
            .filter(pk=delivery_id, state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now)
            .filter(subscription__active=True)
            .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
            .first()
        )
        if delivery is None:
            return None
        delivery.attempts += 1
        delivery.leased_until = now + timedelta(seconds=settings.WEBHOOK_TIMEOUT + 30)
        delivery.save(update_fields=["attempts", "leased_until"])
        attempt = WebhookAttempt.objects.create(
            delivery=delivery, number=delivery.attempts, started_at=now, error=INTERRUPTED
        )
    return delivery, attempt


def _post(delivery: WebhookDelivery) -> tuple[int | None, str, str]:
    """POST the delivery once: (HTTP status or None, error, start of the response body)."""
    body = delivery.payload.encode()
    timestamp, signature = signature_header(delivery.subscription.secret, body)
    request = urllib.request.Request(
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            "Idempotency-Key": delivery.idempotency_key,
            "Newsroom-Event-Id": delivery.idempotency_key,
            "Newsroom-Event-Type": delivery.event_type,
            "Newsroom-Timestamp": str(timestamp),
            SIGNATURE_HEADER: signature,
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT) as response:
            return response.status, "", response.read(500).decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, f"HTTP {error.code}", error.read(500).decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        kind = type(reason if isinstance(reason, BaseException) else error).__name__
        return None, f"{kind}: {reason}"[:500], ""


def deliver(delivery_id: int) -> float | None:
    """One attempt of a delivery, if it is due. Returns the seconds until the next attempt when it
    failed and will be retried, else None (delivered, dead, not due, or taken by another worker)."""
    leased = _lease(delivery_id, timezone.now())
    if leased is None:
        return None
    delivery, attempt = leased
    started = time.monotonic()
    status, error, excerpt = _post(delivery)
    finished = timezone.now()
    with transaction.atomic():
        attempt.duration_ms = int((time.monotonic() - started) * 1000)
        attempt.status_code, attempt.error, attempt.response_excerpt = status, error, excerpt
        attempt.save(update_fields=["duration_ms", "status_code", "error", "response_excerpt"])
        delivery.leased_until = None
        delivery.last_status, delivery.last_error = status, error
        delay = None
        if attempt.succeeded:
            delivery.state, delivery.delivered_at = WebhookDelivery.State.DELIVERED, finished
        elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.state = WebhookDelivery.State.DEAD
            logger.warning("Webhook delivery %s is dead after %s attempts: %s", delivery.pk, delivery.attempts, error)
        else:
            delay = backoff(delivery.attempts)
            delivery.next_attempt_at = finished + timedelta(seconds=delay)
        delivery.save(
            update_fields=["leased_until", "last_status", "last_error", "state", "delivered_at", "next_attempt_at"]
        )
    return delay


def due_deliveries(*, limit: int = 1000, now=None) -> list[int]:
    """Pending deliveries whose time has come, that no worker holds, of active subscriptions (a
    paused subscription's deliveries wait for it to be active again)."""
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now)
        .filter(subscription__active=True)
        .filter(Q(leased_until__isnull=True) | Q(leased_until__lt=now))
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def redeliver(delivery: WebhookDelivery) -> None:
    """Send a delivered or dead delivery again, from a fresh count of attempts (same body and key)."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=WebhookDelivery.State.PENDING, attempts=0, next_attempt_at=timezone.now(), leased_until=None
    )
    transaction.on_commit(lambda: enqueue_deliveries([delivery.pk]))


def prune_deliveries(*, keep_days: int | None = None, now=None) -> int:
    """Delete delivered deliveries (with their attempts) older than WEBHOOK_KEEP_DAYS; dead letters
    stay until they are sent again or their subscription is deleted. Returns how many went."""
    keep_days = settings.WEBHOOK_KEEP_DAYS if keep_days is None else keep_days
    cutoff = (now or timezone.now()) - timedelta(days=keep_days)
    old = WebhookDelivery.objects.filter(state=WebhookDelivery.State.DELIVERED, delivered_at__lt=cutoff)
    WebhookAttempt.objects.filter(delivery__in=old.values("pk")).delete()
    return old.delete()[0]


# --------------------------------------------------------------------------- the task queue


def enqueue_deliveries(ids, *, countdown: float | None = None) -> None:
    from articles.tasks import deliver_webhook

    for pk in ids:
        deliver_webhook.apply_async((pk,), countdown=countdown)


def sweep() -> int:
    """Dispatch new events and queue every due delivery (the periodic safety net); returns how many."""
    dispatch_events()
    due = due_deliveries()
    enqueue_deliveries(due)
    return len(due)


_wake_failed_at = 0.0
_subscribers_checked_at = -1e9
_has_subscribers = False


def wake() -> None:
    """After a change commits: ask a worker to dispatch now (the periodic sweep would anyway).

    Does nothing while no webhook is active (checked at most every few seconds per process), and
    never fails the write: an unreachable broker is logged and retried after a pause.
    """
    global _wake_failed_at, _subscribers_checked_at, _has_subscribers
    now = time.monotonic()
    if now - _subscribers_checked_at > settings.WEBHOOK_SUBSCRIBERS_CHECK_SECONDS:
        _has_subscribers = WebhookSubscription.objects.filter(active=True).exists()
        _subscribers_checked_at = now
    if not _has_subscribers or now - _wake_failed_at < 30:
        return
    from articles.tasks import dispatch_webhooks

    try:
        dispatch_webhooks.apply_async(retry=False)
    except Exception:  # the broker is down: the sweep delivers later
        _wake_failed_at = now
        logger.warning("Could not reach the task queue to dispatch webhooks; the periodic sweep will.", exc_info=True)
