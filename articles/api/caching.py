"""HTTP caching of the API's reads: validators, conditional requests, and who may cache what.

On every successful GET/HEAD under /api/:
- `ETag`: the view's (an article's is its version, so that If-Match and If-None-Match name the
  same thing), or else a hash of the body; `Last-Modified` where the view sets it (details of
  articles, entities, sources and collections: their `updated_at`).
- `If-None-Match` / `If-Modified-Since` that still match answer `304 Not Modified` (no body).
- `Cache-Control`: anonymous reads are `public, max-age=API_CACHE_MAX_AGE` (a CDN may keep them);
  a request with a user (session cookie) or an `Authorization` header is `private, no-cache`
  (never stored by a shared cache, revalidated by the browser). `Vary: Accept, Accept-Language,
  Authorization, Cookie` keeps the variants apart. A view may set its own Cache-Control (the
  change feed's full pages never change and are cacheable for longer).
Answers `201 Created` get an ETag too (the view adds `Location`).
"""

from django.conf import settings
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe

VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")


def is_private(request) -> bool:
    user = getattr(request, "user", None)
    return bool((user is not None and user.is_authenticated) or request.META.get("HTTP_AUTHORIZATION"))


class HttpCachingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/api/") or getattr(response, "streaming", False):
            return response
        if request.method == "POST" and response.status_code == 201:
            if not response.has_header("ETag"):
                set_response_etag(response)
            return response
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        patch_vary_headers(response, VARY)
        if is_private(request):
            patch_cache_control(response, private=True, no_cache=True)
        elif not response.has_header("Cache-Control"):
            patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = (
            parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
        )
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified, response=response)
