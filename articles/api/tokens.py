"""The lifecycle of API tokens (DRF's own Token model: one per user, see README "Hardening and limits").

- A token expires API_TOKEN_TTL_HOURS after it was issued: it is refused (401 "Token has expired.")
  and the token endpoint issues a new one in its place.
- A user's token is revoked (deleted) when their password changes or their account is deactivated.
- Tokens are listed, with their expiry, and revoked (deleted) in the admin (articles/admin/tokens.py).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def expires_at(token: Token):
    return token.created + timedelta(hours=settings.API_TOKEN_TTL_HOURS)


def is_expired(token: Token) -> bool:
    return expires_at(token) <= timezone.now()


def current_token(user) -> Token:
    """The user's token, a new one if they had none or theirs has expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and is_expired(token):
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            raise exceptions.AuthenticationFailed(_("Token has expired."))
        return user, token


def revoke_on_credential_change(sender, instance, update_fields=None, **kwargs) -> None:
    """`pre_save` of the user model: a new password or a deactivation revokes the user's token."""
    if instance.pk is None or (update_fields is not None and not {"password", "is_active"} & set(update_fields)):
        return
    stored = get_user_model().objects.filter(pk=instance.pk).values("password", "is_active").first()
    if stored and (stored["password"] != instance.password or (stored["is_active"] and not instance.is_active)):
        Token.objects.filter(user_id=instance.pk).delete()
