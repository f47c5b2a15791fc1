from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from articles.api.views.articles import ArticleViewSet
from articles.api.views.audit import AuditEntryViewSet
from articles.api.views.auth import TokenView
from articles.api.views.base import UnknownEndpointView
from articles.api.views.changes import ChangeFeedView
from articles.api.views.collections import CollectionViewSet
from articles.api.views.imports import ImportViewSet
from articles.api.views.names import EntityViewSet, SourceViewSet
from articles.api.views.parts import AttributionViewSet, CaptionViewSet, MentionViewSet, QuoteViewSet
from articles.api.views.revisions import ArticleRevisionViewSet
from articles.api.views.suggestions import AnalyzeView, ArticleSuggestionsView, SuggestionViewSet
from articles.api.views.webhooks import WebhookViewSet

app_name = "api"

router = DefaultRouter()
router.register("articles", ArticleViewSet, basename="article")
router.register(r"articles/(?P<article_uuid>[^/.]+)/revisions", ArticleRevisionViewSet, basename="article-revision")
router.register("captions", CaptionViewSet, basename="caption")
router.register("attributions", AttributionViewSet, basename="attribution")
router.register("mentions", MentionViewSet, basename="mention")
router.register("quotes", QuoteViewSet, basename="quote")
router.register("entities", EntityViewSet, basename="entity")
router.register("sources", SourceViewSet, basename="source")
router.register("collections", CollectionViewSet, basename="collection")
router.register("audit", AuditEntryViewSet, basename="audit")
router.register("webhooks", WebhookViewSet, basename="webhook")
router.register("suggestions", SuggestionViewSet, basename="suggestion")
router.register("imports", ImportViewSet, basename="import")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("changes/", ChangeFeedView.as_view(), name="changes"),
    path("analyze/", AnalyzeView.as_view(), name="analyze"),
    path("articles/<uuid:uuid>/suggestions/", ArticleSuggestionsView.as_view(), name="article-suggestions"),
    *router.urls,
    # Last: any other path ending in "/" (CommonMiddleware's APPEND_SLASH adds one to the others).
    re_path(r"^.*/$", UnknownEndpointView.as_view(), name="unknown-endpoint"),
]
