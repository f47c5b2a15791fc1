"""Writes of the editors' desk: a user's own preferences and their presence on an article's page.

Both concern only the acting user: a user changes their own preferences and their own presence
(opening a page, taking it over); nobody writes another user's rows.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from articles import policies
from articles.errors import ServiceError
from articles.models import Article, EditPresence, UserPreference
from articles.services.common import only_fields, validated_save

PREFERENCE_FIELDS = ("language", "time_zone")


def _signed_in_user(actor):
    actor = policies.actor_of(actor)
    if not actor.is_authenticated:
        raise ServiceError(_("Only a signed-in user has preferences."), code="not_signed_in")
    return actor.user


@transaction.atomic
def user_preferences_update(*, actor, data) -> UserPreference:
    """Set the acting user's admin language and/or time zone ("" for the newsroom's)."""
    user = _signed_in_user(actor)
    only_fields(data, PREFERENCE_FIELDS)
    if data.get("language") and data["language"] not in dict(settings.LANGUAGES):
        raise ServiceError(
            _("Unknown language “%(language)s”: use one of %(choices)s.")
            % {"language": data["language"], "choices": ", ".join(dict(settings.LANGUAGES))},
            code="invalid_language",
        )
    preference, _created = UserPreference.objects.select_for_update().get_or_create(user=user)
    for name, value in data.items():
        setattr(preference, name, (value or "").strip())
    return validated_save(preference)


#: How long a page that stopped saying it is open still counts as being edited.
PRESENCE_TIMEOUT = timedelta(minutes=2)


def presence_of_others(article: Article, user, *, now=None) -> EditPresence | None:
    """Someone else who has `article` open now (seen within PRESENCE_TIMEOUT), or None."""
    now = now or timezone.now()
    presence = EditPresence.objects.select_related("user").filter(article=article).first()
    if presence is None or presence.user_id == user.pk or presence.seen_at < now - PRESENCE_TIMEOUT:
        return None
    return presence


@transaction.atomic
def edit_presence_mark(*, actor, article: Article, take_over: bool = False) -> EditPresence | None:
    """The acting user has `article`'s page open: record it, unless someone else is there (then
    their presence is returned and nothing changes) or `take_over` says to replace them.
    Returns the other user's presence, or None when the page is now the actor's."""
    user = _signed_in_user(actor)
    now = timezone.now()
    EditPresence.objects.select_for_update().filter(article=article).first()
    other = presence_of_others(article, user, now=now)
    if other is not None and not take_over:
        return other
    presence = EditPresence.objects.filter(article=article).first()
    if presence is None or presence.user_id != user.pk or other is not None:
        EditPresence.objects.update_or_create(article=article, defaults={"user": user, "since": now, "seen_at": now})
    else:
        presence.seen_at = now
        presence.save(update_fields=["seen_at"])
    return None


def edit_presence_leave(*, actor, article: Article) -> None:
    """The acting user closed `article`'s page (their own presence only)."""
    user = _signed_in_user(actor)
    EditPresence.objects.filter(article=article, user=user).delete()
