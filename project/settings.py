"""Settings, all read from the environment (12-factor).

Every variable is documented in README.md. With DEBUG off, nothing falls back
to a development value: a missing secret is a start-up error.
"""

from datetime import timedelta
from pathlib import Path

import environ
import limits
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A local .env is convenient in development; the real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)


# The secrets that fell back to their development value (run_banner warns).
DEV_DEFAULTS_USED = []


def dev_default(name, value):
    """Return the variable, or a development value when DEBUG is on."""
    if name in env.ENVIRON and env.str(name):
        return env.str(name)
    if DEBUG:
        DEV_DEFAULTS_USED.append(name)
        return value
    raise ImproperlyConfigured(f"{name} must be set when DEBUG is off")


SECRET_KEY = dev_default("SECRET_KEY", "dev-only-secret-key-not-for-production")
# Both may hold several comma-separated values, all accepted, the first used
# for new submissions, so a secret rotates without a lost callback
# (project/credentials.py, docs/security.md).
SUNO_CALLBACK_TOKEN = dev_default("SUNO_CALLBACK_TOKEN", "dev-callback-token")
SUNO_WEBHOOK_HMAC_KEY = env.str("SUNO_WEBHOOK_HMAC_KEY", default="")
# When set, /metrics needs "Authorization: Bearer <METRICS_TOKEN>".
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
# The OpenAPI schema and Swagger UI need a login unless this is on.
PUBLIC_API_DOCS = env.bool("PUBLIC_API_DOCS", default=False)
# Prompts one user may submit (limits' syntax: "30/hour", "5 per minute").
SUBMIT_RATE_PER_USER = env.str("SUBMIT_RATE_PER_USER", default="30/hour")
try:
    limits.parse(SUBMIT_RATE_PER_USER)
except ValueError as exc:
    raise ImproperlyConfigured(f"SUBMIT_RATE_PER_USER: {exc}") from exc
# Wrong API tokens from one client address before it gets 429 for a while.
API_TOKEN_FAILURE_RATE = "10/minute"  # noqa: S105 (a rate, not a secret)
SUNO_API_BASE_URL = env.str("SUNO_API_BASE_URL", default="https://api.sunoapi.org")
SUNO_API_KEY = env.str("SUNO_API_KEY", default="")
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")
CALLBACK_MAX_BYTES = env.int("CALLBACK_MAX_BYTES", default=1_048_576)
LYRICS_SWEEP_SECONDS = env.int("LYRICS_SWEEP_SECONDS", default=60)

# Talking to the provider (docs/provider.md). Without SUNO_API_KEY, submitting
# and polling are off and the pages say so.
SUNO_HTTP_TIMEOUT = env.float("SUNO_HTTP_TIMEOUT", default=10.0)
SUNO_HTTP_RETRIES = env.int("SUNO_HTTP_RETRIES", default=3)
# A pending task is polled once it is this old (the callback usually comes first).
SUNO_POLL_AFTER_SECONDS = env.int("SUNO_POLL_AFTER_SECONDS", default=180)
# The provider recommends polling one task no more often than every 30 s.
SUNO_POLL_INTERVAL_SECONDS = env.int("SUNO_POLL_INTERVAL_SECONDS", default=30)
# Shared by every process that calls the provider, which allows about 20
# requests per 10 s; a little under it, as requests arrive with some jitter.
SUNO_RATE_LIMIT = env.str("SUNO_RATE_LIMIT", default="18 per 10 seconds")
# After its last callback retry (1 + 5 + 15 minutes) the provider is silent;
# a task still pending past this deadline becomes failed with a timeout reason.
SUNO_PENDING_DEADLINE_SECONDS = env.int("SUNO_PENDING_DEADLINE_SECONDS", default=1800)
# How many times a task that failed with 531 ("credits refunded") is resubmitted.
SUNO_RETRY_REFUNDED = env.int("SUNO_RETRY_REFUNDED", default=1)
# Trust a callback only after the provider's record-info confirms it.
SUNO_CONFIRM_CALLBACKS = env.bool("SUNO_CONFIRM_CALLBACKS", default=False)
if SUNO_CONFIRM_CALLBACKS and not SUNO_API_KEY:
    raise ImproperlyConfigured("SUNO_CONFIRM_CALLBACKS needs SUNO_API_KEY to ask the provider")
# Credits, alerts and outbound events (docs/alerts.md, docs/events.md).
SUNO_MIN_CREDITS = env.int("SUNO_MIN_CREDITS", default=0)
SUNO_CREDITS_CACHE_SECONDS = env.int("SUNO_CREDITS_CACHE_SECONDS", default=300)
ALERT_URLS = env.list("ALERT_URLS", default=[])
ALERT_FAILED_TASKS = env.int("ALERT_FAILED_TASKS", default=10)
ALERT_SILENCE_MINUTES = env.int("ALERT_SILENCE_MINUTES", default=30)
ALERT_BACKLOG_SECONDS = env.int("ALERT_BACKLOG_SECONDS", default=600)
ALERT_PROVIDER_MINUTES = env.int("ALERT_PROVIDER_MINUTES", default=10)
ALERT_CHECK_SECONDS = env.int("ALERT_CHECK_SECONDS", default=60)
EVENTS_ALLOW_PRIVATE = env.bool("EVENTS_ALLOW_PRIVATE", default=False)
EVENTS_TIMEOUT_SECONDS = env.float("EVENTS_TIMEOUT_SECONDS", default=10.0)
# A message is retried with exponential backoff for this long, then its
# endpoint is disabled.
EVENTS_RETRY_WINDOW_SECONDS = env.int("EVENTS_RETRY_WINDOW_SECONDS", default=86400)
EVENTS_RETRY_BASE_SECONDS = env.float("EVENTS_RETRY_BASE_SECONDS", default=5.0)
# How many reverse proxies in front of the app append to X-Forwarded-For.
# 0 (the default) means the header is ignored: a client could forge it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "axes",
    "csp",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    # Date hierarchy links without a SELECT DISTINCT over the whole table.
    "django_admin_lightweight_date_hierarchy",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "taggit",
    "callbacks",
    "lyricsapp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The callback endpoint stops here: everything below is for people.
    "project.middleware.CallbackShortcutMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Accept-Language, then the language cookie; the profile wins below.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A signed-in user's own language and time zone (lyricsapp/library/preferences.py).
    "lyricsapp.library.preferences.PreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "project.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Retry-After of every 503 that asks a client to come back (database down,
# unexpected failure while receiving a callback). Not configurable.
RETRY_AFTER_SECONDS = 30

# Login throttling (django-axes): after LOGIN_FAILURE_LIMIT failed logins for
# one username from one address, that pair is refused for the cool-off
# period, the right password included. Both /accounts/login/ and
# /admin/login/ go through authenticate(), so both are covered; staff unlock
# in the admin (Axes > Access attempts: delete the row).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The same client address as everywhere else (TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "project.client_ip.client_ip"

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

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

DATABASES = {"default": env.db("DATABASE_URL", default="postgres:///lyricsapp")}
DATABASES["default"].setdefault("OPTIONS", {})
# A short connect timeout lets the callback endpoint answer 503 within 5 s
# when PostgreSQL is down, instead of hanging until the provider gives up.
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", env.int("DB_CONNECT_TIMEOUT", 2))
# Prepared statements for the callback's store (its only server-side-bound
# query): planning that statement costs as much as running it. Turn off
# (DB_PREPARED_STATEMENTS=false) behind a transaction-pooling PgBouncer.
if env.bool("DB_PREPARED_STATEMENTS", default=True):
    DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)
# A server-side cursor (QuerySet.iterator()) outside a transaction is held
# open across transactions, which a transaction-pooling PgBouncer cannot do:
# turn off (DB_SERVER_SIDE_CURSORS=false) behind one.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = not env.bool(
    "DB_SERVER_SIDE_CURSORS", default=True
)
# Persistent connections: opening one costs more than a whole callback.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=300)
DATABASES["default"].setdefault("TEST", {})
# A streaming replica for the pages' and the read API's reads (docs/deploy.md):
# GET requests read the library's tables there, everything else the primary.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "OPTIONS": {**DATABASES["default"]["OPTIONS"]},
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "DISABLE_SERVER_SIDE_CURSORS": DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"],
        # Tests read the replica through the primary's test database.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["project.replica.ReplicaRouter"]
    MIDDLEWARE.append("project.replica.ReplicaReadsMiddleware")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English and Simplified Chinese (docs/i18n.md). A browser asking for zh,
# zh-CN or zh-TW gets zh-hans: Django falls back to the one "zh-" language
# it has until a Traditional catalogue is added here.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and number formats per language (project/formats/<locale>/formats.py).
FORMAT_MODULE_PATH = ["project.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Serve straight from the finders when collectstatic has not run (tests, dev).
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("TRUST_X_FORWARDED_PROTO", False) else None
)
SESSION_COOKIE_SECURE = SECURE_SSL_REDIRECT
CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts, styles, fonts and images
# from this app only; no inline script or style attribute anywhere (htmx's
# indicator styles are off, Swagger UI runs its split script). Pages may not
# be framed, and forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
# HSTS: turn on only once HTTPS works for good (browsers remember it).
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "lyricsapp.api.authentication.ThrottledTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Lyrics library API",
    "DESCRIPTION": "Receives Suno lyrics callbacks and serves the stored lyrics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The outbound events (docs/events.md).
    "WEBHOOKS": [
        f"lyricsapp.api.event_schema.{name}"
        for name in (
            "TASK_COMPLETED",
            "TASK_FAILED",
            "LYRIC_PROCESSED",
            "LYRIC_EDITED",
            "EXPORT_READY",
        )
    ],
    "ENUM_NAME_OVERRIDES": {
        "ArchiveJobStatusEnum": "lyricsapp.models.ArchiveJob.Status",
        "TaskStatusEnum": "lyricsapp.models.Task.Status",
    },
}

# Celery: the follow-up work after a callback is stored (see docs/processing.md).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_TASK_IGNORE_RESULT = True
BROKER_IS_REDIS = CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
if BROKER_IS_REDIS:
    # Redis with one publishing client per channel (see project/broker.py).
    CELERY_BROKER_TRANSPORT = "project.broker:Transport"
# The provider's shared rate limit lives in Redis (a moving window updated
# atomically by every process); it shares the broker's Redis unless told
# otherwise, and needs one even when RabbitMQ is the broker.
REDIS_URL = env.str(
    "REDIS_URL", default=CELERY_BROKER_URL if BROKER_IS_REDIS else "redis://127.0.0.1:6379/0"
)
CELERY_RESULT_BACKEND = None
# Acknowledge after the work is done, so a killed worker's message comes back.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Tasks are short (milliseconds): with too few messages in hand a worker
# process waits on the broker between tasks (4 gave half the throughput of 16).
CELERY_WORKER_PREFETCH_MULTIPLIER = env.int("CELERY_PREFETCH_MULTIPLIER", default=16)
# Celery closes the database connection around every task unless told to
# reuse it; a task here takes milliseconds and a new connection costs more
# than that. The tasks drop broken or old connections themselves, as Django
# does per request (lyricsapp/processing/tasks.py).
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
# Publishing happens on the callback's hot path: never retry there, the
# sweeper picks up whatever could not be published.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_PUBLISH_TIMEOUT", default=0.25)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unacknowledged message is handed out again after this long (Redis has
# no real acknowledgements), so every retry countdown must stay below it.
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    # A broker that accepts TCP but never answers (stopped, overloaded) must
    # cost a callback a fraction of a second, not the provider's patience.
    "socket_connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
    "socket_timeout": env.float("CELERY_SOCKET_TIMEOUT", default=0.5),
    # Connect once when publishing; the worker's consumer has its own retries.
    "max_retries": 0,
    # Look for the messages of dead workers often enough for the timeout above.
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 6)),
    "unacked_restore_throttle": 1,
}
if not BROKER_IS_REDIS:
    # RabbitMQ (amqp://), for deployments that need a clustered broker. Quorum
    # queues are replicated over the cluster's nodes; publisher confirms make a
    # publish return only once the broker holds the message, so the publisher
    # (lyricsapp/processing/publish.py) knows a failed publish and keeps its ids.
    CELERY_TASK_DEFAULT_QUEUE_TYPE = "quorum"
    CELERY_WORKER_DETECT_QUORUM_QUEUES = True
    # Retries wait in the broker (native delayed delivery), not in a worker's
    # memory; that needs a topic exchange.
    CELERY_TASK_DEFAULT_EXCHANGE_TYPE = "topic"
    # The events' queue (below) is made the same way.
    CELERY_TASK_CREATE_MISSING_QUEUE_TYPE = "quorum"
    CELERY_TASK_CREATE_MISSING_QUEUE_EXCHANGE_TYPE = "topic"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "confirm_publish": True,
        "connect_timeout": CELERY_BROKER_CONNECTION_TIMEOUT,
        "read_timeout": env.float("CELERY_SOCKET_TIMEOUT", default=0.5),
        "write_timeout": env.float("CELERY_SOCKET_TIMEOUT", default=0.5),
        "max_retries": 0,
    }
# Outbound events have a queue of their own, served by a worker of their own
# (Procfile "events", deploy/systemd/lyrics-events.service, threads for the
# waiting on receivers): a slow receiver never holds up the follow-up work,
# nor a backlog of follow-up work an event (docs/events.md).
CELERY_TASK_DEFAULT_QUEUE = "celery"
EVENTS_QUEUE = "events"
CELERY_TASK_ROUTES = {"lyricsapp.events.tasks.*": {"queue": EVENTS_QUEUE}}
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / ".celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE = {
    "lyrics-sweep": {
        "task": "lyricsapp.tasks.sweep_unprocessed",
        "schedule": float(LYRICS_SWEEP_SECONDS),
        # A sweep that waited longer than its own period is superseded by the next.
        "options": {"expires": float(LYRICS_SWEEP_SECONDS)},
    },
    # Provider polling
    "trash-purge": {
        "task": "lyricsapp.workspace.tasks.purge_trash",
        "schedule": 3600.0,
        "options": {"expires": 3600.0},
    },
    "archive-exports-expire": {
        "task": "lyricsapp.archive.tasks.exports_expire",
        "schedule": 600.0,
        "options": {"expires": 600.0},
    },
    "deliveries-prune": {
        "task": "lyricsapp.archive.tasks.deliveries_prune",
        "schedule": 3600.0,
        "options": {"expires": 3600.0},
    },
    "provider-reconcile": {
        "task": "lyricsapp.provider_tasks.provider_reconcile",
        "schedule": float(LYRICS_SWEEP_SECONDS),
        "options": {"expires": float(LYRICS_SWEEP_SECONDS)},
    },
    # Events left undispatched or undelivered (a lost message, a crash).
    "events-sweep": {
        "task": "lyricsapp.events.tasks.events_sweep",
        "schedule": float(LYRICS_SWEEP_SECONDS),
        "options": {"expires": float(LYRICS_SWEEP_SECONDS)},
    },
    "alerts-check": {
        "task": "lyricsapp.alerts.tasks.alerts_check",
        "schedule": float(ALERT_CHECK_SECONDS),
        "options": {"expires": float(ALERT_CHECK_SECONDS)},
    },
}

# The follow-up work itself.
LYRICS_SWEEP_GRACE_SECONDS = env.int("LYRICS_SWEEP_GRACE_SECONDS", default=120)
LYRICS_SWEEP_BATCH = env.int("LYRICS_SWEEP_BATCH", default=1000)
LYRICS_PROCESSING_MAX_ATTEMPTS = env.int("LYRICS_PROCESSING_MAX_ATTEMPTS", default=5)
LYRICS_RETRY_BACKOFF_SECONDS = env.int("LYRICS_RETRY_BACKOFF_SECONDS", default=5)
LYRICS_RETRY_BACKOFF_MAX_SECONDS = env.int("LYRICS_RETRY_BACKOFF_MAX_SECONDS", default=300)
if LYRICS_RETRY_BACKOFF_MAX_SECONDS >= CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured(
        "LYRICS_RETRY_BACKOFF_MAX_SECONDS must be below CELERY_VISIBILITY_TIMEOUT, "
        "or a retry waiting for its countdown is handed out twice"
    )
# The longest wait between two attempts of an event message: below the
# visibility timeout too, for the same reason.
EVENTS_RETRY_MAX_SECONDS = env.float(
    "EVENTS_RETRY_MAX_SECONDS", default=min(1800.0, CELERY_VISIBILITY_TIMEOUT / 2)
)
if EVENTS_RETRY_MAX_SECONDS >= CELERY_VISIBILITY_TIMEOUT:
    raise ImproperlyConfigured("EVENTS_RETRY_MAX_SECONDS must be below CELERY_VISIBILITY_TIMEOUT")
# After a failed publish the web process stops trying for this long, so a
# down broker costs one timeout, not one per callback.
LYRICS_PUBLISH_PAUSE_SECONDS = env.float("LYRICS_PUBLISH_PAUSE_SECONDS", default=5.0)
# Languages the detector chooses from (ISO 639-1). Fewer languages: less
# memory and fewer confusions between close ones on short lines.
_LANGUAGES = "en zh ja ko es pt fr de it ru id vi"
LYRICS_LANGUAGES = env.list("LYRICS_LANGUAGES", default=[]) or _LANGUAGES.split()
# Test knob: hold each claimed task this long before finishing it, so a test
# can kill a worker in the middle of one. Zero in any real deployment.
LYRICS_PROCESSING_DELAY_SECONDS = env.float("LYRICS_PROCESSING_DELAY_SECONDS", default=0.0)

# The workspace (docs/workspace.md).
# Lyrics in the trash are deleted for good after this many days (by beat).
TRASH_RETENTION_DAYS = env.int("TRASH_RETENTION_DAYS", default=30)
# The group a new user joins: "Editors" (may edit), "Readers" (may only read) or "".
WORKSPACE_DEFAULT_GROUP = env.str("WORKSPACE_DEFAULT_GROUP", default="Editors")
# Public share pages, per client address.
SHARE_RATE_LIMIT = env.str("SHARE_RATE_LIMIT", default="60 per minute")
# Tag names match whatever their case ("Demo" is "demo").
TAGGIT_CASE_INSENSITIVE = True

# Archives and retention (docs/archive.md, docs/operations.md).
# Raw callback deliveries older than this are pruned by beat (0 keeps all).
DELIVERY_RETENTION_DAYS = env.int("DELIVERY_RETENTION_DAYS", default=90)
# Rows deleted per short transaction while pruning.
DELIVERY_PRUNE_BATCH = env.int("DELIVERY_PRUNE_BATCH", default=1000)
# The least pause between batches (the prune rests 3x as long as a batch took).
DELIVERY_PRUNE_PAUSE_SECONDS = env.float("DELIVERY_PRUNE_PAUSE_SECONDS", default=0.02)
# Finished export files are deleted this long after they are done.
EXPORT_RETENTION_HOURS = env.int("EXPORT_RETENTION_HOURS", default=24)
# Where export and uploaded import archives are kept (not served directly).
ARCHIVE_ROOT = env.path("ARCHIVE_ROOT", default=BASE_DIR / "archives")
# Library selections of at most this many lyrics download at once; larger
# ones run as a job with a progress bar.
ARCHIVE_DIRECT_MAX_LYRICS = env.int("ARCHIVE_DIRECT_MAX_LYRICS", default=2000)
# Largest archive staff may upload for import (refused before it is stored).
ARCHIVE_UPLOAD_MAX_BYTES = env.int("ARCHIVE_UPLOAD_MAX_BYTES", default=2 << 30)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every line is redacted: no callback token, key or URL password is ever logged.
    "formatters": {
        "plain": {
            "()": "project.log_redaction.RedactingFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # httpx logs every request at INFO: too loud for a poller.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
        # django-axes announces itself on every start; its login records stay on.
        "axes.apps": {"level": "WARNING"},
        # Django's own handlers (runserver's request lines hold the query
        # string) are replaced by the redacting one.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # WeasyPrint logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
