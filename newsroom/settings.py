"""Newsroom settings: one module, configured entirely from the environment.

Variables (see README.md "Configuration"):
  DATABASE_URL          default sqlite:///<project>/db.sqlite3 (the embedded default);
                        postgres://user:pass@host:5432/name uses PostgreSQL through psycopg 3.
  DJANGO_SECRET_KEY     required in production (`check --deploy` refuses the development key).
  DJANGO_DEBUG          "1"/"true" to enable debug mode (default off).
  DJANGO_ALLOWED_HOSTS  comma-separated host names (default: localhost,127.0.0.1 and testserver).
  DJANGO_CSRF_TRUSTED_ORIGINS  comma-separated origins, for HTTPS deployments behind a proxy.
  DJANGO_SECURE         "1" to turn on HTTPS-only cookies, HSTS and the SSL redirect (production
                        behind TLS; default off so that the local site works over plain HTTP).
  REDIS_URL             redis://host:6379/0 to use Redis as the cache (default: local memory).
  DB_CONN_MAX_AGE       seconds a PostgreSQL connection is kept (default 60).
  Syndication (README "Change feed, webhooks and background tasks"): CELERY_BROKER_URL,
  NEWSROOM_SITE_URL, WEBHOOK_*, CHANGES_*, API_CACHE_MAX_AGE, DJANGO_CORS_*.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The development key is refused by `manage.py check --deploy` (see articles/checks.py).
DEVELOPMENT_SECRET_KEY = "django-insecure-newsroom-development-only"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or DEVELOPMENT_SECRET_KEY
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
IS_POSTGRESQL = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if IS_POSTGRESQL:
    # Arabic needs a UTF-8 LC_CTYPE (pg_trgm makes no trigrams for Arabic under "C");
    # template0 lets the test database take its own locale.
    DATABASES["default"].setdefault("TEST", {}).update({"TEMPLATE": "template0", "CHARSET": "UTF8"})
else:
    # SQLite: take the write lock at BEGIN so that concurrent writers queue instead of failing
    # half-way, and wait for it rather than erroring at once.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

INSTALLED_APPS = [
    "newsroom.admin.NewsroomAdminConfig",  # django.contrib.admin with the desk's site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI and Redoc assets, served from our static files
    "corsheaders",
    "reversion",
    "articles",
    # Development tools (the benchmarks' `generate_corpus` command); no model, no URL.
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "articles.api.limits.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "articles.admin.preferences.AdminPreferencesMiddleware",
    "articles.history.middleware.CurrentRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "articles.api.caching.HttpCachingMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# ModelBackend reading a user's permissions with one query instead of two (newsroom/auth.py).
AUTHENTICATION_BACKENDS = ["newsroom.auth.ModelBackendOneQuery"]

# Arabic first: the admin is right-to-left by default; English is one click away.
# NEWSROOM_LANGUAGE is the newsroom's language: the admin opens in it until a user chooses another.
LANGUAGE_CODE = os.environ.get("NEWSROOM_LANGUAGE", "ar")
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The newsroom's time zone (IANA name): admin times are shown and typed in it (or in a user's own);
# the API gives ISO 8601 times with their offset.
TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "UTC")
# Date-time formats that always name the time zone (newsroom/formats/<language>/formats.py).
FORMAT_MODULE_PATH = ["newsroom.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # No manifest: the site (and the tests) work before `collectstatic`; production runs collectstatic
    # and WhiteNoise serves the compressed files.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

REST_FRAMEWORK = {
    # Token first: DRF answers an unauthenticated request with the first class's challenge, and only
    # TokenAuthentication has one (401 + WWW-Authenticate: Token; with Session first it would be 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "articles.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.BoundedPageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "articles.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "articles.api.errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["articles.api.parsers.JSONParser"],
    "UNICODE_JSON": True,
    "STRICT_JSON": True,
    "COERCE_DECIMAL_TO_STRING": False,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": "Arabic-first newsroom content: articles, captions, sources, entities and quotes.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs pages load pinned assets from our own static files (drf-spectacular-sidecar), never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.json_request_bodies",
    ],
    "ENUM_NAME_OVERRIDES": {
        "EntityKindEnum": "articles.models.EntityKind",
        "SourceKindEnum": "articles.models.SourceKind",
        "ArticleStatusEnum": "articles.models.ArticleStatus",
        "MentionRoleEnum": "articles.models.MentionRole",
        "MentionOriginEnum": "articles.models.MentionOrigin",
    },
}

# --------------------------------------------------------------------------- syndication
# The change feed, webhooks, the task queue, HTTP caching and CORS (README "Change feed, webhooks
# and background tasks").

#: The public address of this site, for the links in webhook payloads (no request to build them from).
SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_QUEUE", "celery")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_ACKS_LATE = True  # a task is acknowledged after it ran: a worker that dies mid-task loses nothing
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "sweep-webhooks": {
        "task": "articles.sweep_webhooks",
        "schedule": float(os.environ.get("WEBHOOK_SWEEP_SECONDS", "10")),
    },
    "publish-scheduled": {"task": "articles.publish_scheduled", "schedule": 60.0},
    "prune-changes": {"task": "articles.prune_changes", "schedule": 24 * 3600.0},
}

WEBHOOK_MAX_ATTEMPTS = int(os.environ.get("WEBHOOK_MAX_ATTEMPTS", "20"))
WEBHOOK_BACKOFF_BASE = float(os.environ.get("WEBHOOK_BACKOFF_BASE", "10"))  # seconds before the 2nd attempt
WEBHOOK_BACKOFF_CAP = float(os.environ.get("WEBHOOK_BACKOFF_CAP", "21600"))  # at most 6 hours between attempts
WEBHOOK_TIMEOUT = float(os.environ.get("WEBHOOK_TIMEOUT", "10"))
WEBHOOK_KEEP_DAYS = int(os.environ.get("WEBHOOK_KEEP_DAYS", "30"))  # delivered deliveries and their attempts
WEBHOOK_SUBSCRIBERS_CHECK_SECONDS = 5.0
# How often a process looks whether entities, sources or aliases changed (articles/analysis.py); a
# name changed through the services of the same process is seen at once.
NAMES_CHECK_SECONDS = float(os.environ.get("NAMES_CHECK_SECONDS", "5"))

CHANGES_COMPACT_AFTER_DAYS = int(os.environ.get("CHANGES_COMPACT_AFTER_DAYS", "30"))
CHANGES_KEEP_DELETIONS_DAYS = int(os.environ.get("CHANGES_KEEP_DELETIONS_DAYS", "90"))

#: max-age of anonymous API reads, which shared caches (a CDN) may keep; authenticated reads are private.
API_CACHE_MAX_AGE = int(os.environ.get("API_CACHE_MAX_AGE", "60"))

# CORS for browser apps (django-cors-headers), on the API only.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOWED_ORIGINS = env_list("DJANGO_CORS_ALLOWED_ORIGINS", "")
CORS_ALLOW_ALL_ORIGINS = env_bool("DJANGO_CORS_ALLOW_ALL_ORIGINS")
CORS_ALLOW_CREDENTIALS = env_bool("DJANGO_CORS_ALLOW_CREDENTIALS")
CORS_ALLOW_HEADERS = (
    "accept",
    "accept-language",
    "authorization",
    "content-type",
    "if-match",
    "if-none-match",
    "if-modified-since",
    "x-csrftoken",
    "x-requested-with",
)
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Location", "Cache-Control")
CORS_PREFLIGHT_MAX_AGE = 86400

SECURE = env_bool("DJANGO_SECURE")
if SECURE:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --------------------------------------------------------------------------- hardening
# Limits on what a client sends, throttling, tokens, CSP and client addresses (README "Hardening and
# limits").

#: The largest request body accepted (413 above it, answered before the body is read).
MAX_REQUEST_BODY_BYTES = int(os.environ.get("MAX_REQUEST_BODY_BYTES", str(2 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
#: JSON bodies: the deepest nesting and the longest list accepted (400 beyond).
MAX_JSON_DEPTH = int(os.environ.get("MAX_JSON_DEPTH", "20"))
MAX_JSON_LIST_ITEMS = int(os.environ.get("MAX_JSON_LIST_ITEMS", "1000"))

#: Reverse proxies in front of the site that append to X-Forwarded-For (0: none; clients connect
#: directly). The client's address (audit log, throttles) is the one the outermost of them saw.
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))

#: Hours an API token is valid after it was issued (the token endpoint then issues a new one).
API_TOKEN_TTL_HOURS = int(os.environ.get("API_TOKEN_TTL_HOURS", str(30 * 24)))

REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "articles.api.tokens.ExpiringTokenAuthentication",
    "rest_framework.authentication.SessionAuthentication",
]
REST_FRAMEWORK["NUM_PROXIES"] = TRUSTED_PROXIES
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = [
    "articles.api.throttling.AnonRateThrottle",
    "articles.api.throttling.UserRateThrottle",
]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {
    "anon": os.environ.get("THROTTLE_ANON_RATE", "300/minute"),  # per client address
    "user": os.environ.get("THROTTLE_USER_RATE", "1200/minute"),  # per user (and so per token)
    "login_user": os.environ.get("THROTTLE_LOGIN_USER_RATE", "10/hour"),  # failed logins per username
    "login_address": os.environ.get("THROTTLE_LOGIN_ADDRESS_RATE", "30/hour"),  # failed logins per address
}

# --------------------------------------------------------------------------- serving
# gunicorn (newsroom/gunicorn.conf.py, `make serve`), health endpoints, request logs, the response
# cache and read replicas (README "Serving in production", deploy/README.md).

# Structured request logs: one JSON line per request on stdout (newsroom/request_log.py).
REQUEST_LOG = env_bool("REQUEST_LOG", True)
LOGGING["formatters"] = {"json": {"()": "newsroom.request_log.JsonFormatter"}}
LOGGING["handlers"]["requests"] = {
    "class": "logging.StreamHandler",
    "formatter": "json",
    "stream": "ext://sys.stdout",
}
LOGGING["loggers"] = {
    "newsroom.requests": {"handlers": ["requests"], "level": "INFO" if REQUEST_LOG else "WARNING", "propagate": False}
}
MIDDLEWARE.insert(0, "newsroom.request_log.RequestLogMiddleware")  # outermost: its time covers the rest

# Read replicas (newsroom/db_router.py): reads of GET requests go to a replica that is no more than
# DATABASE_REPLICA_MAX_LAG seconds behind; writes, and a client's reads for
# DATABASE_REPLICA_STICKY_SECONDS after its own write, go to the primary.
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", "")
for _number, _url in enumerate(DATABASE_REPLICA_URLS):
    DATABASES[f"replica_{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True),
        # Tests: the replica is the test database's streaming copy, not a database of its own.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_REPLICA_MAX_LAG = float(os.environ.get("DATABASE_REPLICA_MAX_LAG", "5"))
DATABASE_REPLICA_STICKY_SECONDS = int(os.environ.get("DATABASE_REPLICA_STICKY_SECONDS", "15"))
DATABASE_REPLICA_CHECK_SECONDS = float(os.environ.get("DATABASE_REPLICA_CHECK_SECONDS", "2"))
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["newsroom.db_router.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"),
        "newsroom.db_router.ReplicaRoutingMiddleware",
    )

# The response cache (newsroom/response_cache.py): anonymous API reads in Redis, keyed by the
# content version that every committed write increments.
RESPONSE_CACHE_URL = os.environ.get("RESPONSE_CACHE_URL") or os.environ.get("REDIS_URL", "")
RESPONSE_CACHE = env_bool("RESPONSE_CACHE", bool(RESPONSE_CACHE_URL))
RESPONSE_CACHE_SECONDS = int(os.environ.get("RESPONSE_CACHE_SECONDS", "300"))
RESPONSE_CACHE_LOCK = int(os.environ.get("RESPONSE_CACHE_LOCK", "10"))  # seconds one request may compute a key
RESPONSE_CACHE_WAIT = float(os.environ.get("RESPONSE_CACHE_WAIT", "2"))  # seconds others wait for it
MIDDLEWARE.insert(
    MIDDLEWARE.index("articles.api.caching.HttpCachingMiddleware") + 1,
    "newsroom.response_cache.ResponseCacheMiddleware",
)
