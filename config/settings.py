"""Settings for the dialogue portal, read from the environment.

Every setting is built here once, in order: core, apps and middleware, data
(database, cache, files), background work (Celery and its beat schedule),
accounts, languages, e-mail, security, logging, then the portal's own settings.
Every variable the environment can change is listed in the README and in
`.env.example`.

Nothing has an unsafe default: `DEBUG` is off and `SECRET_KEY` has no value unless
the environment (or an ignored `.env`, which `make run` writes for development)
gives one. With no service configured, the portal runs on the embedded default:
SQLite, a local-memory cache, Celery in eager mode and e-mail printed to the console.
"""

import datetime
import os
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from environs import Env

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()
# Variables already in the environment win over the file (`ENV_FILE`, default `.env`).
env.read_env(os.environ.get("ENV_FILE") or BASE_DIR / ".env", recurse=False)

# ---------------------------------------------------------------- core

DEBUG = env.bool("DEBUG", default=False)

# Keys that were published with the portal's source: anyone could sign with them.
PUBLISHED_SECRET_KEYS = frozenset(
    {
        "insecure-key-for-local-development-only",
        "change-me-to-50-random-characters",
    }
)
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. It signs sessions, e-mail confirmation links and "
        "unsubscribe links, so it has no default. For development, `make run` writes "
        "an ignored .env with DEBUG=true and a random key; in production set it in the "
        "environment to 50 random characters, e.g. the output of "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )
if SECRET_KEY in PUBLISHED_SECRET_KEYS:
    raise ImproperlyConfigured(
        "SECRET_KEY is a value published with the portal's source code (an old default "
        "or the .env.example placeholder): anyone could forge signed links with it. "
        "Set it to 50 random characters."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public address of the site, for absolute links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

# ---------------------------------------------------------------- apps and middleware

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "csp",
    "accounts",
    "outbox",
    "dialogue",
    "questions",
    "moderation",
    "forum",
    "sitepages",
    "analysis",
    "reports",
]

MIDDLEWARE = [
    # First, so that every response (redirects and errors included) is logged
    # with its request id.
    "config.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.NullByteMiddleware",
    # Outside the session: a stored page is served without reading the session
    # (config/pagecache.py).
    "config.pagecache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.rendering.InvalidFormStatusMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "dialogue.context_processors.site_frame",
                "moderation.context_processors.moderation_status",
            ],
        },
    }
]

# ---------------------------------------------------------------- data

DATABASES = {
    "default": env.dj_db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections: opening one costs more than most pages' queries. The health
# check at the start of each request replaces a connection the database dropped
# (a restart, a failover), so a worker recovers by itself.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

REDIS_URL = env.str("REDIS_URL", default="")
# Redis is a broker and a cache: when it is down or hung, a request waits at most
# this long per attempt (cache and task publishing alike), then goes on without it.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.5)
if REDIS_URL:
    CACHES = {
        "default": {
            # Misses instead of errors when Redis is unavailable (config/cache.py).
            "BACKEND": "config.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
            "OPTIONS": {
                "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
                "socket_timeout": REDIS_SOCKET_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages kept for readers without a session, at most this many seconds
# (config/pagecache.py); 0 turns the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60)
# Sessions live in the database, never in the cache: a Redis outage signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Report outputs live outside MEDIA_ROOT, so nothing serves them but the report
# views (staff downloads, and the published run's public files).
REPORTS_ROOT = env.path("REPORTS_ROOT", default=BASE_DIR / "private" / "reports")
# Analysts' exports: private too, served only through the workbench to analysts.
ANALYSIS_ROOT = env.path("ANALYSIS_ROOT", default=BASE_DIR / "private" / "analysis")
# Beat's sweep of analysis jobs: queued again when still queued after this long (a
# message lost while the broker was down); failed when running for longer than the
# longest job takes (suggestions at 100,000 answers take minutes), its worker silent.
ANALYSIS_JOB_REQUEUE_SECONDS = env.int("ANALYSIS_JOB_REQUEUE_SECONDS", default=5 * 60)
ANALYSIS_JOB_SILENT_SECONDS = env.int("ANALYSIS_JOB_SILENT_SECONDS", default=60 * 60)
ANALYSIS_JOB_SWEEP_SECONDS = env.float("ANALYSIS_JOB_SWEEP_SECONDS", default=120.0)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Oversized submissions are refused with a page saying what was too large
# (config.errors.bad_request); these are Django's defaults, named here on purpose.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=1000)

# ---------------------------------------------------------------- background work (Celery)

# Eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
# The report watchdog is quick and must not wait behind long runs on the reports queue.
CELERY_TASK_ROUTES = {
    "reports.watchdog": {"queue": "default"},
    "reports.*": {"queue": "reports"},
    # Detection, suggestions and exports take minutes on large consultations.
    "analysis.*": {"queue": "reports"},
}
CELERY_TIMEZONE = "America/Toronto"
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    # A publish to a dead or hung broker gives up quickly; config/queueing.py logs it
    # and the periodic jobs pick the work up from the database later.
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}
# A request tries the broker once: a hung broker costs it one socket timeout (a retry
# would cost three: the publish, a PING and a reconnection). A dropped connection
# needs no retry, redis-py's pool replaces it before use; a failed publish is the
# periodic jobs' to redo.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 0,
    "interval_start": 0,
    "interval_step": 0,
    "interval_max": 0,
}
# A chord joins on the result backend; only the per-question report tasks store a result.
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_RESULT_EXPIRES = 24 * 3600
# Our own JSON log lines replace Celery's formatting of the root logger.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A running report attempt writes a heartbeat this often, also during long steps (PDF).
REPORT_HEARTBEAT_SECONDS = env.float("REPORT_HEARTBEAT_SECONDS", default=10.0)
# An attempt silent for this long is dead (its worker was killed): the watchdog retries
# the run, and a run still queued this long (the broker was down) is queued again.
REPORT_HEARTBEAT_TIMEOUT_SECONDS = env.float("REPORT_HEARTBEAT_TIMEOUT_SECONDS", default=60.0)
# Attempts a run gets (since it was started or retried by staff) before it is failed.
REPORT_MAX_ATTEMPTS = env.int("REPORT_MAX_ATTEMPTS", default=3)
# How often beat runs the watchdog over report runs.
REPORT_WATCHDOG_SECONDS = env.float("REPORT_WATCHDOG_SECONDS", default=30.0)
CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "config.worker_heartbeat", "schedule": 60.0},
    "outbox-pending-requeue": {"task": "outbox.pending_requeue", "schedule": 60.0},
    "report-watchdog": {"task": "reports.watchdog", "schedule": REPORT_WATCHDOG_SECONDS},
    "analysis-jobs-sweep": {"task": "analysis.jobs_sweep", "schedule": ANALYSIS_JOB_SWEEP_SECONDS},
    "forum-notifications-flush": {"task": "forum.notifications_flush", "schedule": 15 * 60.0},
    "moderation-digest": {"task": "moderation.digest_send", "schedule": 60 * 60.0},
    "report-nightly-draft": {
        "task": "reports.nightly_draft",
        "schedule": crontab(hour=2, minute=30),
    },
}

# ---------------------------------------------------------------- accounts

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env.bool("FAST_PASSWORD_HASHER", default=False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A URL name, reversed in the language of the page that needs the sign-in.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dialogue:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "dialogue:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Sign-up and password reset answer alike whether or not the address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# allauth's limits (sign-in, sign-up, password reset, e-mail), counted in the cache.
# Failed sign-ins count per address (10 a minute) and per account *and* address
# (5 a minute, see accounts.adapter): nobody can lock a person out from elsewhere.
ACCOUNT_RATE_LIMITS_ENABLED = env.bool("ACCOUNT_RATE_LIMITS_ENABLED", default=True)
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/m/key"} if ACCOUNT_RATE_LIMITS_ENABLED else False
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

# ---------------------------------------------------------------- languages and formats

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "America/Toronto"
FORMAT_MODULE_PATH = ["config.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en",), "en": ("fr",), "fr": ("en",)}

# ---------------------------------------------------------------- e-mail

# Console unless an SMTP host is given.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
    # Bounds every SMTP exchange, so a hung mail server cannot outlast the outbox lease.
    EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="dialogue@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The outbox (outbox/): every e-mail is a row, sent after commit and retried.
# Attempts before an e-mail is marked failed (about 4 hours of trying with the backoff below).
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=10)
# Wait after the first failed attempt; doubled after each further one, up to the maximum.
OUTBOX_BACKOFF_SECONDS = env.int("OUTBOX_BACKOFF_SECONDS", default=60)
OUTBOX_BACKOFF_MAX_SECONDS = env.int("OUTBOX_BACKOFF_MAX_SECONDS", default=3600)
# How long a worker holds an e-mail it is sending; after that it is presumed dead.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=300)
# A new e-mail that no worker claimed within this time is queued again.
OUTBOX_REQUEUE_AFTER_SECONDS = env.int("OUTBOX_REQUEUE_AFTER_SECONDS", default=60)
# At most this many e-mails are queued again per minute.
OUTBOX_REQUEUE_BATCH = env.int("OUTBOX_REQUEUE_BATCH", default=1000)

# ---------------------------------------------------------------- security

# Security headers. The content security policy allows nothing inline.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, "https:"],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
# Browser features the portal never uses, turned off for every page
# (config.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "interest-cohort",
    "magnetometer",
    "microphone",
    "payment",
    "usb",
)
# Load balancers probe liveness and readiness over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Proxies of our own in front of the web processes (load balancer, TLS proxy): the
# client's address is the entry this many places from the right of X-Forwarded-For.
# 0 trusts no header and takes the address of the connection.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# ---------------------------------------------------------------- logging

# JSON lines for log collectors in production, readable text while developing.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'json' or 'text'.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "config.logging.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint logs every layout step at INFO; the report job only needs its warnings.
        "weasyprint": {"level": "WARNING"},
        # One line per request comes from config.middleware; gunicorn's access log
        # and Django's 4xx warnings would repeat it.
        "django.request": {"level": "ERROR"},
    },
}

# ---------------------------------------------------------------- the portal

# The department behind the consultation: a neutral placeholder in the demo.
DEPARTMENT_NAME_EN = env.str("DEPARTMENT_NAME_EN", default="Department of Global Affairs Dialogue")
DEPARTMENT_NAME_FR = env.str(
    "DEPARTMENT_NAME_FR", default="Ministère du Dialogue sur les affaires mondiales"
)

# The "Date modified" of pages that are not built from a dated record.
SITE_CONTENT_DATE = env.date("SITE_CONTENT_DATE", default=datetime.date(2026, 11, 25))

# Discussion forum.
# A participant with fewer published posts than this is pre-moderated.
FORUM_TRUST_THRESHOLD = env.int("FORUM_TRUST_THRESHOLD", default=2)
# How long an author may edit a post after writing it.
FORUM_EDIT_WINDOW_MINUTES = env.int("FORUM_EDIT_WINDOW_MINUTES", default=15)
# Unresolved flags that hide a published post until a moderator decides.
FORUM_FLAGS_TO_HIDE = env.int("FORUM_FLAGS_TO_HIDE", default=3)
# At most this many posts per account in a window: "posts/seconds".
FORUM_POST_RATE = env.str("FORUM_POST_RATE", default="5/600")
# The same text from the same author within this many hours is refused as a duplicate.
FORUM_DUPLICATE_HOURS = env.int("FORUM_DUPLICATE_HOURS", default=24)
# Subscribers get at most one e-mail per thread in this many minutes.
FORUM_NOTIFY_INTERVAL_MINUTES = env.int("FORUM_NOTIFY_INTERVAL_MINUTES", default=60)
# Unsubscribe links in notification e-mails stop working after this many days.
FORUM_UNSUBSCRIBE_MAX_AGE_DAYS = env.int("FORUM_UNSUBSCRIBE_MAX_AGE_DAYS", default=60)

# Rate limits of the portal's own pages, "count/seconds" (accounts/ratelimit.py).
# Feedback messages per account, or per client address when signed out.
FEEDBACK_RATE = env.str("FEEDBACK_RATE", default="5/3600")
# Submissions of an answer to one question by one account (each edit resubmits).
ANSWER_SUBMIT_RATE = env.str("ANSWER_SUBMIT_RATE", default="10/3600")
# Searches per client address.
SEARCH_RATE = env.str("SEARCH_RATE", default="30/60")

# Moderators get a digest e-mail when items have waited longer than this.
MODERATION_DIGEST_AFTER_HOURS = env.int("MODERATION_DIGEST_AFTER_HOURS", default=24)

# Final report runs (reports/). A consultation with at least REPORT_FANOUT_MIN_QUESTIONS
# questions is computed as one Celery task per question joined by a chord.
REPORT_FANOUT_MIN_QUESTIONS = env.int("REPORT_FANOUT_MIN_QUESTIONS", default=8)
# A process that computes every question itself (fewer questions, or `report_run`) does
# this many at a time on PostgreSQL, each on its own connection.
REPORT_PART_THREADS = env.int("REPORT_PART_THREADS", default=2)

# Readiness (/readyz): how long each dependency check may take, in seconds.
READINESS_CHECK_TIMEOUT = env.float("READINESS_CHECK_TIMEOUT", default=1.0)
