"""Settings for the dialogue portal, read from the environment.

With nothing set, the portal runs on the embedded default: SQLite, a local-memory
cache, Celery in eager mode and e-mail printed to the console. Every setting the
environment can change is listed in the README and in `.env.example`.
"""

import datetime
from pathlib import Path

from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _
from environs import Env

BASE_DIR = Path(__file__).resolve().parent.parent

env = Env()
env.read_env(BASE_DIR / ".env", recurse=False)

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="insecure-key-for-local-development-only")
else:
    # No default: a production process must not start with a guessable key.
    SECRET_KEY = env.str("SECRET_KEY")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

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
    "dialogue",
    "questions",
    "moderation",
    "forum",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
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
            "builtins": ["dialogue.templatetags.canadian_dates"],
        },
    }
]

DATABASES = {
    "default": env.dj_db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="portal"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TIMEZONE = "America/Toronto"
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}

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
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS_ENABLED = env.bool("ACCOUNT_RATE_LIMITS_ENABLED", default=True)
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""

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

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
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

# E-mail: console unless an SMTP host is given.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env.int("EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
    EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
    EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="dialogue@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

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
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The department behind the consultation: a neutral placeholder in the demo.
DEPARTMENT_NAME_EN = env.str("DEPARTMENT_NAME_EN", default="Department of Global Affairs Dialogue")
DEPARTMENT_NAME_FR = env.str(
    "DEPARTMENT_NAME_FR", default="Ministère du Dialogue sur les affaires mondiales"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# The "Date modified" of pages that are not built from a dated record.
SITE_CONTENT_DATE = env.date("SITE_CONTENT_DATE", default=datetime.date(2026, 11, 25))

CELERY_BEAT_SCHEDULE = {
    "worker-heartbeat": {"task": "config.worker_heartbeat", "schedule": 60.0},
}

# The public address of the site, for absolute links in e-mails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

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

# Moderators get a digest e-mail when items have waited longer than this.
MODERATION_DIGEST_AFTER_HOURS = env.int("MODERATION_DIGEST_AFTER_HOURS", default=24)

CELERY_BEAT_SCHEDULE["forum-notifications-flush"] = {
    "task": "forum.notifications_flush",
    "schedule": 15 * 60.0,
}
CELERY_BEAT_SCHEDULE["moderation-digest"] = {
    "task": "moderation.digest_send",
    "schedule": 60 * 60.0,
}

# Final report runs (reports/). A consultation with at least REPORT_FANOUT_MIN_QUESTIONS
# questions is computed as one Celery task per question joined by a chord.
REPORT_FANOUT_MIN_QUESTIONS = env.int("REPORT_FANOUT_MIN_QUESTIONS", default=8)
# A queued or running run silent for this long may be retried by staff (its worker died).
REPORT_STALE_AFTER_SECONDS = env.int("REPORT_STALE_AFTER_SECONDS", default=15 * 60)
# Tests only: a pause per question, so a test can stop a worker in the middle of a run.
REPORT_TEST_DELAY_SECONDS = env.float("REPORT_TEST_DELAY_SECONDS", default=0.0)
CELERY_TASK_ROUTES = {"reports.*": {"queue": "reports"}}
CELERY_BEAT_SCHEDULE["report-nightly-draft"] = {
    "task": "reports.nightly_draft",
    "schedule": crontab(hour=2, minute=30),
}
# A chord joins on the result backend; only the per-question report tasks store a result.
if REDIS_URL:
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_RESULT_EXPIRES = 24 * 3600
# WeasyPrint logs every layout step at INFO; the report job only needs its warnings.
LOGGING["loggers"] = {**LOGGING.get("loggers", {}), "weasyprint": {"level": "WARNING"}}
# Report outputs live outside MEDIA_ROOT, so nothing serves them but the report
# views (staff downloads, and the published run's public files).
REPORTS_ROOT = env.path("REPORTS_ROOT", default=BASE_DIR / "private" / "reports")
