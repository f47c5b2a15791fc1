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

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from articles import selectors, services
from articles.api.concurrency import etag_for_version, if_match_version
from articles.api.fields import uuid_or_400
from articles.api.permissions import CanReadHistory
from articles.api.schema import IF_MATCH, PRECONDITION_RESPONSES
from articles.api.serializers.articles import ArticleSerializer
from articles.api.serializers.revisions import RevisionDetailSerializer, RevisionDiffSerializer, RevisionSerializer
from articles.history import diffs
from articles.models import ArticleRevision
from articles.policies import actor_for_request

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
            value = uuid_or_400(self.kwargs["article_uuid"])
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
        diff = diffs.diff_between(base, target)
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
        parameters=[ARTICLE_UUID, REVISION_ID, IF_MATCH],
        responses={
            200: ArticleSerializer,
            409: OpenApiResponse(description="The revision cannot be restored (e.g. a deleted entity)."),
            **PRECONDITION_RESPONSES,
        },
        summary="Restore this revision's content and parts as a new version (and a new revision)",
    )
    @action(detail=True, methods=["post"])
    def revert(self, request, *args, **kwargs):
        target = self.get_object()
        article = self.article
        services.article_revert(
            actor=actor_for_request(request),
            article=article,
            revision=target,
            expected_version=if_match_version(request, article),
            version_required=True,
        )
        fresh = selectors.article_as_written(article=article)
        response = Response(ArticleSerializer(fresh, context={"request": request}).data)
        response["ETag"] = etag_for_version(fresh.version)
        return response
