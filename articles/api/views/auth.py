"""The token endpoint: DRF's, throttled against password guessing, issuing expiring tokens."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from articles.api.parsers import JSONParser
from articles.api.throttling import AnonRateThrottle, LoginThrottle
from articles.api.tokens import current_token, expires_at


class TokenView(ObtainAuthToken):
    """Username and password for the user's API token (a new one once it has expired). Refused with
    429 and Retry-After while the username or the client's address has failed too often."""

    # Forms stay accepted, as DRF documents for this endpoint.
    parser_classes = [JSONParser, FormParser, MultiPartParser]
    throttle_classes = [LoginThrottle, AnonRateThrottle]

    @extend_schema(
        responses=inline_serializer(
            "AuthToken", {"token": serializers.CharField(), "expires": serializers.DateTimeField()}
        )
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token = current_token(serializer.validated_data["user"])
        return Response({"token": token.key, "expires": expires_at(token)})
