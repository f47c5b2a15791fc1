"""REST API for an article's history: list, stored snapshot, diff between any two, revert.

    GET  /api/v1/articles/{uuid}/revisions/                       newest first, paginated
    GET  /api/v1/articles/{uuid}/revisions/{id}/                  the stored snapshot
    GET  /api/v1/articles/{uuid}/revisions/{id}/diff/?against=ID  changes from revision ID (default:
                                                                  the previous one) to {id}
    POST /api/v1/articles/{uuid}/revisions/{id}/revert/           If-Match required, like every write

History is editorial material (it holds drafts and internal notes), so reading it needs the
`articles.view_article` permission and reverting also `articles.change_article`. Everyone else gets
403 before the article is looked up, so the answer says nothing about which drafts exist.
"""

import uuid

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.reverse import reverse

from articles import revisions, selectors, services
from articles.concurrency import etag_for_version, expected_version
from articles.models import ArticleRevision
from articles.serializers import ArticleSerializer

# --------------------------------------------------------------------------- serializers


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

    def get_url(self, meta) -> str:
        return reverse(
            "api:article-revision-detail",
            kwargs={"article_uuid": self.context["article"].uuid, "revision_id": meta.pk},
            request=self.context.get("request"),
        )

    def get_user(self, meta) -> str | None:
        user = meta.revision.user
        return user.get_username() if user is not None else None

    def get_comment(self, meta) -> str:
        return revisions.revision_comment(meta)


class RevisionDetailSerializer(RevisionSerializer):
    snapshot = serializers.SerializerMethodField(
        help_text="The article as stored by this revision: {article: {...fields, paragraphs}, captions: [...], "
        "attributions: [...], mentions: [...], quotes: [...]}; sources and entities as {id, slug, name}."
    )

    class Meta(RevisionSerializer.Meta):
        fields = [*RevisionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_snapshot(self, meta) -> dict:
        snapshot = revisions.snapshot_of_revision(meta.revision)
        return revisions.snapshot_payload(snapshot, revisions.resolve_references(snapshot))


# Shapes of a diff, for the schema (the view returns revisions.diff_snapshots as it is).


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


# --------------------------------------------------------------------------- views


class CanReadHistory(BasePermission):
    """Reading history needs view_article; reverting also change_article."""

    def has_permission(self, request, view):
        if not selectors.can_see_unpublished(request.user):
            return False
        if getattr(view, "action", None) == "revert":
            return request.user.has_perm("articles.change_article")
        return True


ARTICLE_UUID = OpenApiParameter("article_uuid", str, OpenApiParameter.PATH, description="Article UUID")
REVISION_ID = OpenApiParameter("revision_id", int, OpenApiParameter.PATH, description="Revision id")


@extend_schema_view(
    list=extend_schema(parameters=[ARTICLE_UUID], summary="An article's revisions, newest first"),
    retrieve=extend_schema(parameters=[ARTICLE_UUID, REVISION_ID], summary="One revision with its stored snapshot"),
)
class ArticleRevisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [CanReadHistory]
    serializer_class = RevisionSerializer
    lookup_url_kwarg = "revision_id"
    lookup_value_regex = r"[0-9]+"
    queryset = ArticleRevision.objects.none()  # for the schema; get_queryset scopes to the article

    def get_serializer_class(self):
        return RevisionDetailSerializer if self.action == "retrieve" else RevisionSerializer

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False):
            context["article"] = self.article
        return context

    @property
    def article(self):
        if not hasattr(self, "_article"):
            value = self.kwargs["article_uuid"]
            try:
                uuid.UUID(value)
            except ValueError:
                raise ValidationError({"uuid": [_("“%(value)s” is not a valid UUID.") % {"value": value}]}) from None
            self._article = get_object_or_404(selectors.visible_articles(user=self.request.user), uuid=value)
        return self._article

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ArticleRevision.objects.none()
        return selectors.article_revisions(self.article)

    def _revision(self, revision_id: str, *, param: str) -> ArticleRevision:
        if not revision_id.isdigit():
            raise ValidationError({param: [_("Enter a revision id (a whole number).")]})
        found = self.get_queryset().filter(pk=int(revision_id)).first()
        if found is None:
            raise ValidationError({param: [_("This article has no revision %(id)s.") % {"id": revision_id}]})
        return found

    @extend_schema(
        parameters=[
            ARTICLE_UUID,
            REVISION_ID,
            OpenApiParameter(
                "against",
                int,
                description="Id of the revision to compare with (default: the previous revision of the article).",
            ),
        ],
        responses=RevisionDiffSerializer,
        summary="What changed from another revision (default: the previous one) to this one",
    )
    @action(detail=True, methods=["get"])
    def diff(self, request, *args, **kwargs):
        target = self.get_object()
        against = request.query_params.get("against")
        if against is not None:
            base = self._revision(against, param="against")
        else:
            base = self.get_queryset().filter(version__lt=target.version).first()
        old = revisions.snapshot_of_revision(base.revision) if base is not None else None
        new = revisions.snapshot_of_revision(target.revision)
        diff = revisions.diff_snapshots(old, new, revisions.resolve_references(old, new))
        return Response(
            {
                "article": str(self.article.uuid),
                "from_revision": {"id": base.pk, "version": base.version} if base is not None else None,
                "to_revision": {"id": target.pk, "version": target.version},
                **diff,
            }
        )

    @extend_schema(
        request=None,
        parameters=[
            ARTICLE_UUID,
            REVISION_ID,
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                required=True,
                description='The ETag of the article you are reverting, e.g. "7".',
            ),
        ],
        responses={
            200: ArticleSerializer,
            409: OpenApiResponse(description="The revision cannot be restored (e.g. a deleted entity)."),
            412: OpenApiResponse(description="Stale If-Match: the body carries current_version."),
            428: OpenApiResponse(description="If-Match missing."),
        },
        summary="Restore this revision's content and parts as a new version (and a new revision)",
    )
    @action(detail=True, methods=["post"])
    def revert(self, request, *args, **kwargs):
        target = self.get_object()
        article = self.article
        version = expected_version(request, article)
        services.article_revert(
            article=article, revision=target, user=request.user, expected_version=version, request=request
        )
        fresh = selectors.article_list(user=request.user).get(pk=article.pk)
        response = Response(ArticleSerializer(fresh, context={"request": request}).data)
        response["ETag"] = etag_for_version(fresh.version)
        return response
