"""Throttling (issue 17, class 3): failed logins per username and per address on the token endpoint
and the admin login; anonymous and per-user (per-token) request rates; 429 with Retry-After. Token
lifecycle: expiry, revocation on a password change or a deactivation, tokens in the admin. Client
addresses behind TRUSTED_PROXIES reverse proxies."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from articles.models import AuditEntry
from tests.support.api import API, client_for
from tests.support.content import write_article
from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def token_for(username, password=PASSWORD, client=None, **extra):
    client = client or APIClient()
    return client.post(f"{API}/auth/token/", {"username": username, "password": password}, format="json", **extra)


@pytest.fixture
def rates(settings):
    def set_rates(**rates):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], **rates},
        }

    return set_rates


def test_the_eleventh_wrong_password_for_a_user_is_a_429_and_so_is_then_the_right_one():
    UserFactory(username="reporter")
    failures = [token_for("reporter", "wrong", REMOTE_ADDR=f"10.0.0.{n}").status_code for n in range(10)]

    refused = token_for("reporter", REMOTE_ADDR="10.0.1.1")

    assert failures == [400] * 10
    assert refused.status_code == 429
    assert 3500 <= int(refused["Retry-After"]) <= 3600
    assert refused.json()["code"] == "throttled"
    assert token_for("someone-else", "wrong", REMOTE_ADDR="10.0.1.1").status_code == 400


def test_thirty_failed_logins_from_one_address_block_that_address_for_every_username():
    UserFactory(username="reporter")
    failures = {token_for(f"guess-{n}", "wrong").status_code for n in range(30)}

    refused = token_for("reporter")

    assert failures == {400}
    assert refused.status_code == 429
    assert token_for("reporter", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_successful_logins_are_not_counted():
    UserFactory(username="reporter")

    statuses = {token_for("reporter").status_code for _ in range(15)}

    assert statuses == {200}


def test_the_admin_login_is_throttled_by_the_same_counts(client):
    UserFactory(username="editor", is_staff=True)
    for _ in range(5):
        token_for("editor", "wrong")
    failures = [client.post("/admin/login/", {"username": "editor", "password": "wrong"}).status_code for _ in range(5)]

    refused = client.post("/admin/login/", {"username": "editor", "password": PASSWORD})

    assert failures == [200] * 5  # the login form again, with its error
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session


def test_anonymous_requests_over_the_rate_are_a_429_with_retry_after(rates):
    rates(anon="3/minute")
    client = client_for()

    statuses = [client.get(f"{API}/articles/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = client.get(f"{API}/articles/")
    assert 0 < int(response["Retry-After"]) <= 60
    assert client.get(f"{API}/articles/", REMOTE_ADDR="10.1.1.1").status_code == 200


def test_a_token_over_the_user_rate_is_a_429(rates):
    rates(user="2/minute")
    UserFactory(username="reporter")
    client = APIClient(HTTP_AUTHORIZATION=f"Token {token_for('reporter').json()['token']}")

    statuses = [client.get(f"{API}/articles/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_a_token_expires_and_the_endpoint_then_issues_a_new_one(settings):
    UserFactory(username="reporter")
    old = token_for("reporter").json()
    Token.objects.filter(key=old["token"]).update(created=timezone.now() - timedelta(hours=30 * 24, seconds=1))

    refused = APIClient(HTTP_AUTHORIZATION=f"Token {old['token']}").get(f"{API}/articles/")
    new = token_for("reporter").json()

    assert refused.status_code == 401
    assert refused.json() == {"detail": "Token has expired.", "code": "authentication_failed"}
    assert new["token"] != old["token"]
    assert APIClient(HTTP_AUTHORIZATION=f"Token {new['token']}").get(f"{API}/articles/").status_code == 200


def test_the_token_endpoint_says_when_the_token_expires():
    UserFactory(username="reporter")

    body = token_for("reporter").json()

    issued = Token.objects.get(key=body["token"]).created
    assert body["expires"] == (issued + timedelta(days=30)).isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize(
    "change",
    [
        lambda user: (user.set_password("another long passphrase"), user.save()),
        lambda user: (setattr(user, "is_active", False), user.save()),
        lambda user: (setattr(user, "is_active", False), user.save(update_fields=["is_active"])),
    ],
    ids=["password", "deactivation", "deactivation-update-fields"],
)
def test_a_password_change_or_a_deactivation_revokes_the_token(change):
    user = UserFactory(username="reporter")
    key = token_for("reporter").json()["token"]

    change(user)

    assert not Token.objects.filter(key=key).exists()
    assert APIClient(HTTP_AUTHORIZATION=f"Token {key}").get(f"{API}/articles/").status_code == 401


def test_other_saves_of_a_user_keep_the_token():
    user = UserFactory(username="reporter")
    key = token_for("reporter").json()["token"]

    user.first_name = "سارة"
    user.save()

    assert Token.objects.filter(key=key).exists()


def test_tokens_are_listed_without_their_keys_and_revoked_in_the_admin(staff_client):
    UserFactory(username="reporter")
    key = token_for("reporter").json()["token"]
    reporter = Token.objects.get(key=key).user

    listing = staff_client.get("/admin/authtoken/tokenproxy/", HTTP_ACCEPT_LANGUAGE="en")
    deleted = staff_client.post(f"/admin/authtoken/tokenproxy/{reporter.pk}/delete/", {"post": "yes"})

    assert listing.status_code == 200
    assert "reporter" in listing.content.decode()
    assert key not in listing.content.decode()
    assert deleted.status_code == 302
    assert not Token.objects.exists()


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no trusted proxy: the header is the client's claim
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # one proxy: what it saw
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.2", "203.0.113.9"),
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_the_audit_log_records_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    client = client_for(UserFactory(is_staff=True, is_superuser=True))
    article = write_article(headline="خبر", body="نص.")

    response = client.post(
        f"{API}/articles/{article.uuid}/transitions/",
        {"transition": "submit"},
        format="json",
        HTTP_IF_MATCH=f'"{article.version}"',
        HTTP_X_FORWARDED_FOR=forwarded,
    )

    assert response.status_code == 200
    assert AuditEntry.objects.get(action="article.submit").ip_address == expected


def test_anonymous_throttling_counts_the_forwarded_address_behind_a_trusted_proxy(settings, rates):
    settings.TRUSTED_PROXIES = 1
    rates(anon="1/minute")
    client = client_for()

    first = client.get(f"{API}/articles/", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code
    same = client.get(f"{API}/articles/", HTTP_X_FORWARDED_FOR="203.0.113.9").status_code
    other = client.get(f"{API}/articles/", HTTP_X_FORWARDED_FOR="203.0.113.10").status_code

    assert (first, same, other) == (200, 429, 200)
