"""System checks for what Django's own checks do not know about this project."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_not_the_development_key(app_configs, **kwargs):
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        return [
            Error(
                "DJANGO_SECRET_KEY is not set: the development key must never be used in production.",
                hint="Set DJANGO_SECRET_KEY to a long random value (python -c 'import secrets; "
                "print(secrets.token_urlsafe(50))').",
                id="newsroom.E001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def redis_client_is_installed(app_configs, **kwargs):
    """REDIS_URL makes Redis the cache (throttle counts shared by every server process): that needs
    the `redis` client package, which requirements.txt pins."""
    backends = [cache.get("BACKEND", "") for cache in settings.CACHES.values()]
    if not any(backend.endswith("RedisCache") for backend in backends):
        return []
    try:
        import redis  # noqa: F401
    except ImportError as error:
        return [
            Error(
                f"REDIS_URL is set but the Redis client cannot be imported ({error}).",
                hint="Install the requirements (pip install -r requirements.txt), which pin the redis package.",
                id="newsroom.E002",
            )
        ]
    return []
