"""Webhooks: dispatch, signed delivery to a real HTTP receiver, retries with backoff, dead letters."""

import json

import pytest
from django.utils import timezone

from articles import services
from articles.errors import NotPermittedError, ServiceError
from articles.models import WebhookDelivery, WebhookSubscription
from articles.policies import SYSTEM
from articles.syndication import dispatch, signing
from tests.support.api import API, client_for
from tests.support.content import published_article, write_article
from tests.support.users import user_with_perms
from tests.syndication.receiver import Receiver

pytestmark = pytest.mark.django_db

SECRET = "whsec_test-secret"


@pytest.fixture
def fast_retries(settings):
    settings.WEBHOOK_BACKOFF_BASE, settings.WEBHOOK_BACKOFF_CAP = 0.2, 1.0
    settings.WEBHOOK_TIMEOUT, settings.WEBHOOK_MAX_ATTEMPTS = 1.0, 3


@pytest.fixture
def receiver():
    receiver = Receiver(secret=SECRET)
    yield receiver
    receiver.stop()


def subscribe(url, **data):
    return services.webhook_save(
        actor=SYSTEM, subscription=WebhookSubscription(), data={"name": "شريك", "url": url, "secret": SECRET, **data}
    )


def due_now():
    WebhookDelivery.objects.update(next_attempt_at=timezone.now())


# --------------------------------------------------------------------------- signing


def test_a_signature_verifies_and_a_tampered_body_or_an_old_timestamp_does_not():
    body = b'{"id":"evt_1"}'
    timestamp, header = signing.signature_header(SECRET, body)

    assert signing.verify(SECRET, body, header) == timestamp
    with pytest.raises(signing.SignatureError, match="no signature matches"):
        signing.verify(SECRET, body + b" ", header)
    with pytest.raises(signing.SignatureError, match="no signature matches"):
        signing.verify("whsec_other", body, header)
    with pytest.raises(signing.SignatureError, match="tolerance"):
        signing.verify(SECRET, body, header, now=timestamp + 301)
    with pytest.raises(signing.SignatureError, match="malformed"):
        signing.verify(SECRET, body, "v1=abc")


def test_the_signature_is_hmac_sha256_of_timestamp_dot_body():
    import hashlib
    import hmac

    expected = hmac.new(b"key", b"1700000000.{}", hashlib.sha256).hexdigest()
    assert signing.signature_header("key", b"{}", timestamp=1700000000) == (1700000000, f"t=1700000000,v1={expected}")


# --------------------------------------------------------------------------- dispatching


def test_the_dispatcher_creates_one_delivery_per_wanted_event_from_the_subscriptions_start():
    published_article("قبل الاشتراك")
    everything = subscribe("http://127.0.0.1:9/a")
    retractions = subscribe("http://127.0.0.1:9/b", event_types=["article.retracted"])
    newsroom = subscribe("http://127.0.0.1:9/c", include_private=True, event_types=["article.*"])
    story = published_article("بعد الاشتراك")
    services.article_transition(actor=SYSTEM, article=story, name="retract", note="خطأ.")

    dispatch.dispatch_events()
    dispatch.dispatch_events()  # idempotent: the cursor has moved on

    rows = WebhookDelivery.objects.order_by("subscription_id", "event_id").values_list("subscription_id", "event_type")
    assert list(rows) == [
        (everything.pk, "article.published"),
        (everything.pk, "article.retracted"),
        (retractions.pk, "article.retracted"),
        (newsroom.pk, "article.created"),
        (newsroom.pk, "article.published"),
        (newsroom.pk, "article.retracted"),
    ]


def test_unknown_event_types_are_refused():
    with pytest.raises(ServiceError, match="Unknown event types: article.exploded"):
        subscribe("http://127.0.0.1:9/a", event_types=["article.exploded"])


def test_managing_webhooks_needs_the_webhook_permissions():
    with pytest.raises(NotPermittedError):
        services.webhook_save(
            actor=user_with_perms("change_article"),
            subscription=WebhookSubscription(),
            data={"name": "x", "url": "http://a.b/"},
        )


# --------------------------------------------------------------------------- delivering


def test_a_delivery_is_signed_and_carries_the_event_and_its_idempotency_key(receiver):
    receiver.start()
    subscribe(receiver.url)
    story = published_article("خبر")

    (delivery_id,) = dispatch.dispatch_events()
    assert dispatch.deliver(delivery_id) is None

    (request,) = receiver.requests
    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    assert (request.signature_ok, request.status, request.key) == (True, 200, f"evt_{delivery.event_id}")
    assert request.body["type"] == "article.published"
    assert request.body["object"] == {
        "type": "article",
        "id": str(story.uuid),
        "url": f"http://127.0.0.1:8000/api/v1/articles/{story.uuid}/",
        "version": 2,
    }
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("delivered", 1, 200)
    assert json.loads(delivery.payload) == request.body


def test_failures_are_retried_with_backoff_and_then_dead_lettered(receiver, fast_retries):
    receiver.script = [500, 503, 500]
    receiver.start()
    subscribe(receiver.url)
    published_article("خبر")
    (delivery_id,) = dispatch.dispatch_events()

    delays = []
    for _ in range(3):
        delays.append(dispatch.deliver(delivery_id))
        due_now()

    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    assert (delivery.state, delivery.attempts, delivery.last_status) == ("dead", 3, 500)
    assert delays[2] is None
    assert 0.1 <= delays[0] <= 0.2
    assert 0.2 <= delays[1] <= 0.4
    assert [(a.number, a.status_code, a.error) for a in delivery.attempt_log.order_by("number")] == [
        (1, 500, "HTTP 500"),
        (2, 503, "HTTP 503"),
        (3, 500, "HTTP 500"),
    ]
    assert dispatch.deliver(delivery_id) is None  # dead: nothing more is sent
    assert len(receiver.requests) == 3


def test_a_receiver_that_is_down_or_too_slow_is_retried(receiver, fast_retries):
    subscribe(receiver.url)
    published_article("خبر")
    (delivery_id,) = dispatch.dispatch_events()

    assert dispatch.deliver(delivery_id) is not None  # nobody listens
    receiver.script = [("slow", 1.5)]
    receiver.start()
    due_now()
    assert dispatch.deliver(delivery_id) is not None  # times out
    due_now()
    assert dispatch.deliver(delivery_id) is None

    delivery = WebhookDelivery.objects.get(pk=delivery_id)
    errors = [attempt.error for attempt in delivery.attempt_log.order_by("number")]
    assert errors[0].startswith("ConnectionRefusedError")
    assert "timed out" in errors[1]
    assert errors[2] == ""
    assert delivery.state == "delivered"
    assert list(receiver.processed()) == [delivery.idempotency_key]
    assert [r.key for r in receiver.requests] == [delivery.idempotency_key] * 2  # the slow one arrived too


def test_a_delivery_that_is_not_due_or_taken_is_not_sent(receiver):
    receiver.start()
    subscribe(receiver.url)
    published_article("خبر")
    (delivery_id,) = dispatch.dispatch_events()
    WebhookDelivery.objects.filter(pk=delivery_id).update(leased_until=timezone.now() + timezone.timedelta(minutes=1))

    assert dispatch.deliver(delivery_id) is None
    assert receiver.requests == []
    assert dispatch.due_deliveries() == []


def test_a_dead_letter_can_be_sent_again_through_the_api(receiver, fast_retries):
    receiver.script = [500, 500, 500]
    receiver.start()
    subscription = subscribe(receiver.url)
    published_article("خبر")
    (delivery_id,) = dispatch.dispatch_events()
    for _ in range(3):
        dispatch.deliver(delivery_id)
        due_now()
    admin = user_with_perms("view_webhooksubscription", "change_webhooksubscription")
    client = client_for(admin)

    dead = client.get(f"{API}/webhooks/{subscription.pk}/deliveries/", {"state": "dead"}).json()["results"]
    response = client.post(f"{API}/webhooks/{subscription.pk}/deliveries/{delivery_id}/redeliver/")
    dispatch.deliver(delivery_id)

    assert [(d["id"], d["attempts"], len(d["attempt_log"])) for d in dead] == [(delivery_id, 3, 3)]
    assert (response.status_code, response.json()["state"], response.json()["attempts"]) == (200, "pending", 0)
    assert WebhookDelivery.objects.get(pk=delivery_id).state == "delivered"
    assert len(receiver.processed()) == 1


# --------------------------------------------------------------------------- the API


def test_webhooks_are_managed_through_the_api_by_permitted_users_only():
    admin = user_with_perms(
        "view_webhooksubscription",
        "add_webhooksubscription",
        "change_webhooksubscription",
        "delete_webhooksubscription",
    )
    client = client_for(admin)

    created = client.post(
        f"{API}/webhooks/",
        {"name": "وكالة", "url": "https://partner.example/hooks", "event_types": ["article.*"]},
        format="json",
    )
    hook = created.json()
    changed = client.patch(f"{API}/webhooks/{hook['id']}/", {"active": False}, format="json")

    assert created.status_code == 201
    assert created["Location"] == f"http://testserver/api/v1/webhooks/{hook['id']}/"
    assert hook["secret"].startswith("whsec_")
    assert (changed.status_code, changed.json()["active"]) == (200, False)
    assert client_for(None).get(f"{API}/webhooks/").status_code == 401
    assert client_for(user_with_perms("view_article")).get(f"{API}/webhooks/").status_code == 403
    assert client.delete(f"{API}/webhooks/{hook['id']}/").status_code == 204


def test_a_draft_only_subscription_gets_nothing_about_drafts():
    subscribe("http://127.0.0.1:9/a")
    write_article(headline="مسودة", body="نص.")

    assert dispatch.dispatch_events() == []


def test_a_paused_subscription_keeps_its_deliveries_until_it_is_active_again(receiver):
    receiver.start()
    subscription = subscribe(receiver.url)
    published_article("خبر")
    (delivery_id,) = dispatch.dispatch_events()
    services.webhook_save(actor=SYSTEM, subscription=subscription, data={"active": False})

    assert dispatch.due_deliveries() == []
    assert dispatch.deliver(delivery_id) is None
    services.webhook_save(actor=SYSTEM, subscription=subscription, data={"active": True})
    assert dispatch.deliver(delivery_id) is None
    assert [request.key for request in receiver.requests] == [f"evt_{WebhookDelivery.objects.get().event_id}"]


def test_old_delivered_deliveries_are_pruned_and_dead_letters_kept(receiver, fast_retries):
    receiver.script = [200, 500, 500, 500]
    receiver.start()
    subscribe(receiver.url)
    published_article("الأول")
    published_article("الثاني")
    first, second = dispatch.dispatch_events()
    dispatch.deliver(first)
    for _ in range(3):
        dispatch.deliver(second)
        due_now()
    WebhookDelivery.objects.update(delivered_at=timezone.now() - timezone.timedelta(days=31))

    assert dispatch.prune_deliveries() == 1
    assert list(WebhookDelivery.objects.values_list("pk", "state")) == [(second, "dead")]
