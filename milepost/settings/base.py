"""Settings shared by every environment; everything that differs is read from the environment."""

import logging
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("MILEPOST_DATA_DIR", "var")).resolve()
MEDIA_ROOT = DATA_DIR / "media"
PRIVATE_ROOT = DATA_DIR / "private"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


# Serve user-uploaded media from Django itself (fine for one small server; use S3 or a web
# server in front for more).
MILEPOST_SERVE_MEDIA = env_bool("MILEPOST_SERVE_MEDIA", True)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Milepost's own apps, bottom layer first (docs/architecture.md).
    "milepost.core",
    "milepost.photos",
    "milepost.callouts",
    "milepost.submissions",
    "milepost.intake",
    "milepost.stories",
    "milepost.desk",
    "milepost.anthology",
    "milepost.privacy",
    "milepost.site",
    "milepost.demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    # Not offered to editors, but Wagtail's admin cannot start without it.
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "milepost.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above GZip: a cached page is kept compressed, and a hit skips everything below.
    "milepost.core.pagecache.PageCacheMiddleware",
    # Below the page cache: a hit needs no site and no memo.
    "milepost.core.middleware.GenerationMemoMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Below GZip: the ETag is taken from the uncompressed page (GZip then marks it weak).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An editor limited to some callouts finds nothing of another in Wagtail's own views.
    "milepost.desk.middleware.CalloutReachMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user or address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "milepost.urls"
WSGI_APPLICATION = "milepost.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "milepost.core.context_processors.publication",
            ],
        },
    },
]


def database_from_environment() -> dict:
    """PostgreSQL (or any dj-database-url URL) when DATABASE_URL is set, else SQLite in WAL mode."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "milepost.sqlite3",
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
                # Erased rows are overwritten with zeros, not left in free pages.
                " PRAGMA secure_delete=ON;"
            ),
        },
    }


DATABASES = {"default": database_from_environment()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Raw mail and unpublished photos: never under MEDIA_ROOT, never given a public URL.
    "private": {"BACKEND": "milepost.core.storage.PrivateStorage"},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible media (AWS, MinIO, R2...): django-storages reads the AWS_* variables itself.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "page_cache": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "milepost",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Files, not process memory: every web process must see the same pages and generation.
        "page_cache": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "page-cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }

# The page cache for anonymous readers (milepost.core.pagecache).
MILEPOST_PAGE_CACHE = env_bool("MILEPOST_PAGE_CACHE", True)
MILEPOST_PAGE_CACHE_SECONDS = int(os.environ.get("MILEPOST_PAGE_CACHE_SECONDS", "600"))
# Never cached: the admin, the submitter's status pages, webhooks, documents, search.
MILEPOST_PAGE_CACHE_SKIP_PATHS = [
    "/admin/",
    "/your-story/",
    "/webhooks/",
    "/documents/",
    "/search/",
    "/media/",
    "/static/",
]


def required_env(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set {name} in the environment.")
    return value


def frontend_cache_from_environment() -> dict | None:
    """wagtail.contrib.frontend_cache's backend, from MILEPOST_FRONTEND_CACHE; None when unset."""
    kind = os.environ.get("MILEPOST_FRONTEND_CACHE", "").strip().lower()
    if not kind:
        return None
    if kind == "varnish":
        backend = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ.get("MILEPOST_VARNISH_URL", "http://127.0.0.1:6081"),
        }
    elif kind == "cloudflare":
        backend = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": required_env("CLOUDFLARE_BEARER_TOKEN"),
            "ZONEID": required_env("CLOUDFLARE_ZONE_ID"),
        }
    elif kind == "cloudfront":
        # boto3 reads the AWS_* credentials from the environment itself.
        backend = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": required_env("CLOUDFRONT_DISTRIBUTION_ID"),
        }
    else:
        raise ImproperlyConfigured(
            f"MILEPOST_FRONTEND_CACHE={kind!r}: use varnish, cloudflare or cloudfront, or unset it."
        )
    hostnames = env_list("MILEPOST_FRONTEND_CACHE_HOSTNAMES")
    if hostnames:
        backend["HOSTNAMES"] = hostnames
    return {"default": backend}


WAGTAILFRONTENDCACHE = frontend_cache_from_environment()
if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

TASKS = {"default": {"BACKEND": "milepost.core.taskbackend.MilepostDatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds before a mail server that does not answer counts as a failed attempt, so a worker
# never hangs on one (Django's default is to wait for ever).
EMAIL_TIMEOUT = float(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Milepost <stories@milepost.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every email is kept and sent by a task (core.outbox). One that the mail server refuses is tried
# again after this many seconds, then twice as long each time, until this many attempts failed.
MILEPOST_EMAIL_RETRY_SECONDS = float(os.environ.get("MILEPOST_EMAIL_RETRY_SECONDS", "60"))
MILEPOST_EMAIL_ATTEMPTS = int(os.environ.get("MILEPOST_EMAIL_ATTEMPTS", "8"))
# Days an email that went (or failed) is kept, unless a record such as a submission keeps it.
MILEPOST_OUTGOING_EMAIL_DAYS = int(os.environ.get("MILEPOST_OUTGOING_EMAIL_DAYS", "30"))

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("MILEPOST_SITE_NAME", "Milepost")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# What photo masters accept (milepost.photos.masters); AVIF is made for renditions, not uploaded.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "heic", "heif"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"heic": "jpeg", "heif": "jpeg", "avif": "avif"}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
# Every upload or replacement is stored as a privacy-safe master (no EXIF, GPS, XMP...).
WAGTAILIMAGES_IMAGE_FORM_BASE = "milepost.photos.forms.MasterImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would learn who edits here, and the admin's CSP refuses it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
TAGGIT_CASE_INSENSITIVE = True
# Documents, if any, only through Wagtail's view (which checks collection privacy), as downloads.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# Nothing a browser would render as a page (HTML, SVG, XML): those could run scripts.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx"]

# Sign-in throttling (django-axes): after this many failures for one username, or from one
# address, sign-in is refused for the cool-off time. `milepost axes_reset` unlocks everyone.
AXES_FAILURE_LIMIT = int(os.environ.get("MILEPOST_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MILEPOST_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "milepost.core.http.client_address"
AXES_LOCKOUT_CALLABLE = "milepost.core.views.login_locked_out"

# Content-Security-Policy (django-csp). Public pages run only the site's own scripts and styles;
# media may come from S3 (or a CDN in front of it) when that is where it is stored.
MILEPOST_MEDIA_ORIGIN = os.environ.get("MILEPOST_MEDIA_ORIGIN", "") or (
    f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN")
    else os.environ.get("AWS_S3_ENDPOINT_URL", "")
)
_MEDIA_SOURCES = [SELF, *([MILEPOST_MEDIA_ORIGIN] if MILEPOST_MEDIA_ORIGIN else [])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": _MEDIA_SOURCES,
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}
# Wagtail's admin still needs inline scripts and styles, data: and blob: image previews, and
# frames of its own for page previews; editors are signed in and trusted with it.
MILEPOST_ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [*_MEDIA_SOURCES, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}

# Milepost
MILEPOST_PUBLICATION_TAGLINE = os.environ.get(
    "MILEPOST_PUBLICATION_TAGLINE", "Reader stories, one mile at a time."
)
MILEPOST_STORIES_PER_PAGE = 12
# Matches a callout page's search lists at most, newest first.
MILEPOST_SEARCH_MAX_RESULTS = int(os.environ.get("MILEPOST_SEARCH_MAX_RESULTS", "240"))
# URLs per sitemap file (the protocol allows 50,000; smaller files answer faster).
MILEPOST_SITEMAP_URLS_PER_FILE = int(os.environ.get("MILEPOST_SITEMAP_URLS_PER_FILE", "5000"))

# Every task start and finish, every scheduler tick and every step of a PDF's rendering is
# logged at INFO: noise that buries what matters.
_QUIET_LOGGERS = ("django_tasks", "django_tasks_db", "apscheduler", "weasyprint")
_QUIET_LOG_LEVEL = os.environ.get("TASKS_LOG_LEVEL", "WARNING")


def _loud_enough(record: logging.LogRecord) -> bool:
    """`db_worker` sets its loggers to INFO itself, so their level is held here, at the handler."""
    quiet = record.name.split(".")[0] in _QUIET_LOGGERS
    return not quiet or record.levelno >= logging.getLevelName(_QUIET_LOG_LEVEL)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet": {"()": "django.utils.log.CallbackFilter", "callback": _loud_enough}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["quiet"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {name: {"level": _QUIET_LOG_LEVEL} for name in _QUIET_LOGGERS},
}

# Privacy
MILEPOST_ERASURE_REQUEST_DAYS = int(os.environ.get("MILEPOST_ERASURE_REQUEST_DAYS", "30"))
MILEPOST_KEEP_UNROUTED_DAYS = int(os.environ.get("MILEPOST_KEEP_UNROUTED_DAYS", "180"))

# Intake
MILEPOST_PHOTO_MAX_BYTES = int(os.environ.get("MILEPOST_PHOTO_MAX_BYTES", str(25 * 1024 * 1024)))
MILEPOST_PHOTO_MAX_PIXELS = int(os.environ.get("MILEPOST_PHOTO_MAX_PIXELS", "64000000"))
MILEPOST_PRINT_MIN_LONG_EDGE = int(os.environ.get("MILEPOST_PRINT_MIN_LONG_EDGE", "1800"))
# Larger mail is still stored whole, then marked failed for an editor to look at.
MILEPOST_MAX_MESSAGE_BYTES = int(
    os.environ.get("MILEPOST_MAX_MESSAGE_BYTES", str(60 * 1024 * 1024))
)
# Acknowledgments one address may get in a day; submissions past it are kept, not answered.
MILEPOST_ACKNOWLEDGMENTS_PER_ADDRESS_PER_DAY = int(
    os.environ.get("MILEPOST_ACKNOWLEDGMENTS_PER_ADDRESS_PER_DAY", "3")
)
# Attachments past this many are not decoded (a check says how many); they stay in the raw mail.
MILEPOST_MAX_PHOTOS_PER_SUBMISSION = int(os.environ.get("MILEPOST_MAX_PHOTOS_PER_SUBMISSION", "10"))
# One message may take this long to process; past it, it is marked failed for an editor.
MILEPOST_MESSAGE_DEADLINE_SECONDS = float(
    os.environ.get("MILEPOST_MESSAGE_DEADLINE_SECONDS", "120")
)
# Provider webhooks (anymail): a shared secret for basic auth, and Mailgun's signing key.
ANYMAIL = {
    "WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", ""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": os.environ.get("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
}
# Only these providers' webhook URLs answer (e.g. "mailgun,postmark"); the others are 404.
MILEPOST_WEBHOOK_PROVIDERS = env_list("MILEPOST_WEBHOOK_PROVIDERS")
# A signed webhook older than this, or whose one-time token was seen before, is refused.
MILEPOST_WEBHOOK_MAX_AGE_SECONDS = int(os.environ.get("MILEPOST_WEBHOOK_MAX_AGE_SECONDS", "300"))
MILEPOST_IMAP_URL = os.environ.get("MILEPOST_IMAP_URL", "")
MILEPOST_IMAP_PROCESSED_FOLDER = os.environ.get(
    "MILEPOST_IMAP_PROCESSED_FOLDER", "Milepost/Processed"
)
MILEPOST_WEB_FORM_RATE = os.environ.get("MILEPOST_WEB_FORM_RATE", "5/h")

# Web form
# Uploads over 1 MB stream to a temporary file instead of staying in the worker's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# Set when a proxy of ours (nginx, a load balancer) sets X-Forwarded-For: the form's per-client
# rate limit then counts by the address the proxy saw rather than the proxy's own.
MILEPOST_TRUST_X_FORWARDED_FOR = env_bool("MILEPOST_TRUST_X_FORWARDED_FOR")

# The anthology: days before a contributor who has not answered a permission request is
# reminded (once).
MILEPOST_BOOK_PERMISSION_REMINDER_DAYS = int(
    os.environ.get("MILEPOST_BOOK_PERMISSION_REMINDER_DAYS", "7")
)
# The anthology: an export's progress is written to the database at most this often (seconds),
# so that a book of many short steps is not one write per step.
MILEPOST_EXPORT_PROGRESS_SECONDS = float(os.environ.get("MILEPOST_EXPORT_PROGRESS_SECONDS", "1"))
# A running export whose progress has not moved for this long is taken for dead (its worker is
# on another host, or hung); one whose worker process on this host has ended, at once.
MILEPOST_EXPORT_STALLED_MINUTES = float(os.environ.get("MILEPOST_EXPORT_STALLED_MINUTES", "30"))
# Any task still running after this long is taken for dead and marked failed (core.workers).
MILEPOST_TASK_RUNNING_MINUTES = float(os.environ.get("MILEPOST_TASK_RUNNING_MINUTES", "360"))
