"""The desk's services: a user's own preferences and their presence on an article's page."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles import services
from articles.errors import ServiceError
from articles.models import EditPresence, UserPreference
from articles.policies import SYSTEM
from tests.support.content import write_article
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_preferences_are_the_acting_users_own():
    user = UserFactory()

    services.user_preferences_update(actor=user, data={"language": "en", "time_zone": "Asia/Riyadh"})

    assert UserPreference.objects.filter(user=user).values_list("language", "time_zone").get() == ("en", "Asia/Riyadh")


@pytest.mark.parametrize(
    ("actor", "data", "error"),
    [
        (SYSTEM, {"language": "en"}, ServiceError),
        ("user", {"language": "fr"}, ServiceError),
        ("user", {"time_zone": "Mars/Olympus"}, ValidationError),
        ("user", {"user": 1}, ServiceError),
    ],
)
def test_bad_preferences_are_refused_and_change_nothing(actor, data, error):
    actor = UserFactory() if actor == "user" else actor

    with pytest.raises(error):
        services.user_preferences_update(actor=actor, data=data)

    assert not UserPreference.objects.exclude(language="", time_zone="").exists()


def test_presence_tells_the_second_editor_who_is_there_until_they_take_over():
    article = write_article(headline="خبر", body="نص.")
    first, second = UserFactory(username="first"), UserFactory(username="second")

    assert services.edit_presence_mark(actor=first, article=article) is None
    other = services.edit_presence_mark(actor=second, article=article)
    assert other.user == first
    assert services.edit_presence_mark(actor=second, article=article, take_over=True) is None
    assert EditPresence.objects.get(article=article).user == second
    assert services.presence_of_others(article, first).user == second


def test_a_presence_not_renewed_for_two_minutes_no_longer_counts():
    article = write_article(headline="خبر", body="نص.")
    first, second = UserFactory(), UserFactory()
    services.edit_presence_mark(actor=first, article=article)
    EditPresence.objects.update(
        seen_at=timezone.now() - timedelta(minutes=3), since=timezone.now() - timedelta(hours=1)
    )

    assert services.edit_presence_mark(actor=second, article=article) is None
    assert EditPresence.objects.get(article=article).user == second


def test_leaving_removes_only_ones_own_presence():
    article = write_article(headline="خبر", body="نص.")
    first, second = UserFactory(), UserFactory()
    services.edit_presence_mark(actor=first, article=article)

    services.edit_presence_leave(actor=second, article=article)

    assert EditPresence.objects.get(article=article).user == first
