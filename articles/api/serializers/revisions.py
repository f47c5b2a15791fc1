"""An article's revisions: the list, one revision's snapshot, and (for the schema) the diff's shape."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from articles.history import diffs, revisions
from articles.models import ArticleRevision


class RevisionSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="pk", read_only=True)
    url = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField(source="revision.date_created", read_only=True)
    user = serializers.SerializerMethodField()
    comment = serializers.SerializerMethodField()

    class Meta:
        model = ArticleRevision
        fields = ["id", "url", "version", "created_at", "user", "comment", "reverted_to"]
        read_only_fields = fields

    def get_url(self, row) -> str:
        return reverse(
            "api:article-revision-detail",
            kwargs={"article_uuid": self.context["article"].uuid, "revision_id": row.pk},
            request=self.context.get("request"),
        )

    def get_user(self, row) -> str | None:
        user = row.revision.user
        return user.get_username() if user is not None else None

    def get_comment(self, row) -> str:
        return diffs.revision_comment(row)


class RevisionDetailSerializer(RevisionSerializer):
    snapshot = serializers.SerializerMethodField(
        help_text="The article as stored by this revision: {article: {...fields, paragraphs}, captions: [...], "
        "attributions: [...], mentions: [...], quotes: [...]}; sources and entities as {id, slug, name}."
    )

    class Meta(RevisionSerializer.Meta):
        fields = [*RevisionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_snapshot(self, row) -> dict:
        snapshot = revisions.snapshot_of_revision(row.revision)
        return diffs.snapshot_payload(snapshot, diffs.resolve_references(snapshot))


# Shapes of a diff, for the schema only: the view returns history.diffs.diff_snapshots as it is.


class RevisionRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    version = serializers.IntegerField()


class WordChangeSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["equal", "delete", "insert"])
    text = serializers.CharField()


class ParagraphChangeSerializer(serializers.Serializer):
    op = serializers.ChoiceField(choices=["replace", "delete", "insert"])
    old_start = serializers.IntegerField(help_text="1-based number of the first old paragraph concerned.")
    old = serializers.ListField(child=serializers.CharField())
    new_start = serializers.IntegerField(help_text="1-based number of the first new paragraph concerned.")
    new = serializers.ListField(child=serializers.CharField())
    words = serializers.ListField(
        child=WordChangeSerializer(many=True),
        required=False,
        help_text="For a replace of as many paragraphs as it adds: a word diff per pair of paragraphs.",
    )


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)
    paragraphs = ParagraphChangeSerializer(many=True, required=False, help_text="Only for the body.")


class PartFieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class PartEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    values = serializers.JSONField()


class PartChangedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    label = serializers.CharField()
    changes = PartFieldChangeSerializer(many=True)


class PartChangesSerializer(serializers.Serializer):
    added = PartEntrySerializer(many=True)
    removed = PartEntrySerializer(many=True)
    changed = PartChangedSerializer(many=True)


class PartsDiffSerializer(serializers.Serializer):
    captions = PartChangesSerializer()
    attributions = PartChangesSerializer()
    mentions = PartChangesSerializer()
    quotes = PartChangesSerializer()


class RevisionDiffSerializer(serializers.Serializer):
    article = serializers.UUIDField()
    from_revision = RevisionRefSerializer(allow_null=True, help_text="Null when diffing the first revision.")
    to_revision = RevisionRefSerializer()
    fields = FieldChangeSerializer(many=True)
    parts = PartsDiffSerializer()
