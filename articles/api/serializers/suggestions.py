"""The analysis document (what POST /analyze/ and GET /articles/{uuid}/suggestions/ answer) and the
inputs of the suggestion actions."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from articles.models import Entity, Mention, Source

#: The longest text POST /analyze/ accepts (characters).
MAX_ANALYZE_CHARS = 200_000


class StrictCharField(serializers.CharField):
    """A string, and only a string (DRF's CharField turns 5 into "5")."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class AnalyzeSerializer(serializers.Serializer):
    text = StrictCharField(
        max_length=MAX_ANALYZE_CHARS, allow_blank=True, trim_whitespace=False, help_text=_("Plain text to analyse.")
    )


class MentionFoundSerializer(serializers.Serializer):
    entity = serializers.CharField(help_text=_("The entity's slug."))
    kind = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()


class SourceFoundSerializer(serializers.Serializer):
    source = serializers.CharField(allow_null=True, help_text=_("The source's slug; null for an unknown outlet."))
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField()
    phrase = serializers.CharField()
    paragraph = serializers.IntegerField()


class QuoteFoundSerializer(serializers.Serializer):
    text = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    speaker = serializers.CharField(allow_null=True, help_text=_("The speaker's entity slug; null if unknown."))
    speaker_text = serializers.CharField(allow_blank=True)
    paragraph = serializers.IntegerField()
    source = serializers.CharField(allow_null=True)


class AnalysisSerializer(serializers.Serializer):
    mentions = MentionFoundSerializer(many=True)
    sources = SourceFoundSerializer(many=True)
    quotes = QuoteFoundSerializer(many=True)


class SuggestionConfirmSerializer(serializers.Serializer):
    """Optional corrections an editor makes while confirming."""

    entity = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Entity.objects.all(),
        required=False,
        help_text=_("Another entity (for a mention), or the quote's speaker."),
    )
    source = serializers.SlugRelatedField(slug_field="slug", queryset=Source.objects.all(), required=False)
    role = serializers.ChoiceField(choices=Mention.Role.choices, required=False)


class SuggestionCreateSerializer(serializers.Serializer):
    """A new entity (an unknown speaker) or source (an unknown outlet) from a suggestion."""

    name = serializers.CharField(max_length=200, required=False, help_text=_("Default: the name as written."))
    name_en = serializers.CharField(max_length=200, required=False)
    kind = serializers.CharField(max_length=20, required=False)
