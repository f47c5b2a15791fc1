"""The workflow: the transitions a user may take, and a request to take one."""

from django.utils.translation import gettext_lazy
from rest_framework import serializers

from articles import services
from articles.api.serializers.common import StrictFieldsMixin
from articles.models import Article


class TransitionRequestSerializer(StrictFieldsMixin, serializers.Serializer):
    transition = serializers.ChoiceField(
        choices=services.USER_TRANSITIONS,
        help_text=gettext_lazy("Name of the transition (see GET …/transitions/)."),
    )
    published_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        help_text=gettext_lazy(
            "publish: optional, now or in the past (default now); schedule: required, in the future."
        ),
    )
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=True,
        help_text=gettext_lazy("Public note for readers; required by correct and retract."),
    )


class TransitionSerializer(serializers.Serializer):
    """One transition the current user may take now."""

    name = serializers.CharField()
    label = serializers.CharField()
    target_status = serializers.ChoiceField(choices=Article.Status.choices, source="target")
    needs_note = serializers.BooleanField()
    published_at = serializers.ChoiceField(
        choices=["none", "optional", "required"],
        help_text=gettext_lazy("Whether the transition takes a publication time."),
    )


class ArticleTransitionsSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    status = serializers.ChoiceField(choices=Article.Status.choices)
    version = serializers.IntegerField()
    transitions = TransitionSerializer(many=True)
