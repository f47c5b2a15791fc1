"""Throttling, on the shared cache (Redis when REDIS_URL is set, so that every worker process and
server counts together; local memory otherwise), with DRF's rate syntax ("10/hour").

- request rates (REST_FRAMEWORK's DEFAULT_THROTTLE_CLASSES): anonymous clients per address
  (`anon`), authenticated ones per user (`user`: a DRF token belongs to one user, so this is also
  the rate of each token);
- failed logins, on the token endpoint and the admin login alike: every failure Django's
  `authenticate()` reports (the `user_login_failed` signal) counts against the username tried
  (`login_user`) and the client's address (`login_address`); while either is over its rate, logins
  are refused with 429 and Retry-After before the password is even checked.

Every 429 carries Retry-After (seconds). Client addresses come from `policies.client_address`
(TRUSTED_PROXIES).
"""

import hashlib
import time

from django.core.cache import cache
from rest_framework import throttling
from rest_framework.settings import api_settings

from articles.policies import client_address

DURATIONS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class RatesFromSettings:
    """DRF reads the rates once, at import; these read them when a request comes (settings may change)."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        return client_address(request) or "unknown"


class AnonRateThrottle(RatesFromSettings, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(RatesFromSettings, throttling.UserRateThrottle):
    pass


def _rate(scope: str) -> tuple[int, int]:
    count, period = api_settings.DEFAULT_THROTTLE_RATES[scope].split("/")
    return int(count), DURATIONS[period[0]]


def _login_keys(request, username) -> list[tuple[str, str]]:
    keys = []
    if username:
        digest = hashlib.sha256(str(username).casefold().encode()).hexdigest()[:32]
        keys.append(("login_user", f"throttle_login_user_{digest}"))
    address = client_address(request) if request is not None else None
    if address:
        keys.append(("login_address", f"throttle_login_address_{address}"))
    return keys


def login_wait(request, username) -> float | None:
    """Seconds until a login for `username` from `request`'s address may be tried again, or None."""
    now, waits = time.time(), []
    for scope, key in _login_keys(request, username):
        count, duration = _rate(scope)
        history = [at for at in cache.get(key, []) if at > now - duration]
        if len(history) >= count:
            waits.append(min(history) + duration - now)
    return max(waits) if waits else None


def record_failed_login(sender, credentials=None, request=None, **kwargs) -> None:
    """`user_login_failed` receiver: count the failure against the username and the address."""
    now = time.time()
    for scope, key in _login_keys(request, (credentials or {}).get("username")):
        _count, duration = _rate(scope)
        history = [at for at in cache.get(key, []) if at > now - duration]
        cache.set(key, [*history, now], duration)


class LoginThrottle(throttling.BaseThrottle):
    """Refuses a login while its username or its address has failed too often (no password check)."""

    def allow_request(self, request, view):
        if request.method != "POST":
            return True
        data = request.data
        username = data.get("username") if hasattr(data, "get") else None
        self._wait = login_wait(request, username if isinstance(username, str) else None)
        return self._wait is None

    def wait(self):
        return self._wait
