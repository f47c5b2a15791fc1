from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from articles import revision_api, views

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
    path("auth/token/", obtain_auth_token, name="token"),
    *router.urls,
]
