"""The integrity rules of the syndication models, for tests/test_models.py's table of rules."""

from django.core.exceptions import NON_FIELD_ERRORS

from articles.models import ChangeEvent, WebhookDelivery, WebhookSubscription


def _event(**fields):
    return ChangeEvent(
        **{"type": "article.created", "object_type": "article", "object_key": "x", "public": False, **fields}
    )


def _subscription(**fields):
    return WebhookSubscription(**{"name": "شريك", "url": "https://partner.example/hooks", **fields})


def _delivery(**fields):
    subscription = _subscription()
    subscription.save()
    return WebhookDelivery(
        **{"subscription": subscription, "event_id": 1, "event_type": "article.created", "payload": "{}", **fields}
    )


def _duplicate_delivery():
    first = _delivery()
    first.save()
    return WebhookDelivery(subscription=first.subscription, event_id=1, event_type="article.created", payload="{}")


def syndication_rules(Rule, blank: str) -> list:
    return [
        Rule("changeevent_type_not_empty_check", lambda: _event(type=""), "type", blank),
        Rule("changeevent_object_key_not_empty_check", lambda: _event(object_key=""), "object_key", blank),
        Rule("webhooksubscription_name_not_empty_check", lambda: _subscription(name=""), "name", blank),
        Rule("webhooksubscription_url_not_empty_check", lambda: _subscription(url=""), "url", blank),
        Rule("webhooksubscription_secret_not_empty_check", lambda: _subscription(secret=""), "secret", blank),
        Rule(
            "webhookdelivery_state_valid_check",
            lambda: _delivery(state="lost"),
            "state",
            "Value 'lost' is not a valid choice.",
        ),
        Rule(
            "webhookdelivery_subscription_event_unique",
            _duplicate_delivery,
            NON_FIELD_ERRORS,
            "Webhook delivery with this Subscription and Event id already exists.",
            "articles_webhookdelivery.subscription_id, articles_webhookdelivery.event_id",
        ),
    ]
