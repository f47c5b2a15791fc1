from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.routers import DefaultRouter

from articles import revision_api, views
from articles.parsers import JSONParser

app_name = "api"

router = DefaultRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register(
    r"articles/(?P<article_uuid>[^/.]+)/revisions", revision_api.ArticleRevisionViewSet, basename="article-revision"
)
router.register("captions", views.CaptionViewSet, basename="caption")
router.register("attributions", views.AttributionViewSet, basename="attribution")
router.register("mentions", views.MentionViewSet, basename="mention")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("entities", views.EntityViewSet, basename="entity")
router.register("sources", views.SourceViewSet, basename="source")
router.register("collections", views.CollectionViewSet, basename="collection")
router.register("audit", views.AuditEntryViewSet, basename="audit")

urlpatterns = [
    # DRF's view with our JSON parser (forms stay accepted, as DRF documents for this endpoint).
    path(
        "auth/token/", ObtainAuthToken.as_view(parser_classes=[JSONParser, FormParser, MultiPartParser]), name="token"
    ),
    *router.urls,
]
