"""Settings shared by every environment; everything that differs is read from the environment."""

import os
from pathlib import Path

import dj_database_url

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
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
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
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Milepost <stories@milepost.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = os.environ.get("MILEPOST_SITE_NAME", "Milepost")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "heic", "heif"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"heic": "jpeg", "heif": "jpeg", "avif": "avif"}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
TAGGIT_CASE_INSENSITIVE = True
# Documents, if any, only through Wagtail's view (which checks collection privacy), as downloads.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []

# Milepost
MILEPOST_PUBLICATION_TAGLINE = os.environ.get(
    "MILEPOST_PUBLICATION_TAGLINE", "Reader stories, one mile at a time."
)
MILEPOST_STORIES_PER_PAGE = 12

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Every task start and finish is logged at INFO: noise that buries what matters.
    "loggers": {"django_tasks": {"level": os.environ.get("TASKS_LOG_LEVEL", "WARNING")}},
}

# Intake
MILEPOST_PHOTO_MAX_BYTES = int(os.environ.get("MILEPOST_PHOTO_MAX_BYTES", str(25 * 1024 * 1024)))
MILEPOST_PHOTO_MAX_PIXELS = int(os.environ.get("MILEPOST_PHOTO_MAX_PIXELS", "64000000"))
MILEPOST_PRINT_MIN_LONG_EDGE = int(os.environ.get("MILEPOST_PRINT_MIN_LONG_EDGE", "1800"))
# Larger mail is still stored whole, then marked failed for an editor to look at.
MILEPOST_MAX_MESSAGE_BYTES = int(
    os.environ.get("MILEPOST_MAX_MESSAGE_BYTES", str(60 * 1024 * 1024))
)
# Provider webhooks (anymail): a shared secret for basic auth, and Mailgun's signing key.
ANYMAIL = {
    "WEBHOOK_SECRET": os.environ.get("ANYMAIL_WEBHOOK_SECRET", ""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": os.environ.get("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
}
MILEPOST_IMAP_URL = os.environ.get("MILEPOST_IMAP_URL", "")
MILEPOST_IMAP_PROCESSED_FOLDER = os.environ.get(
    "MILEPOST_IMAP_PROCESSED_FOLDER", "Milepost/Processed"
)
MILEPOST_WEB_FORM_RATE = os.environ.get("MILEPOST_WEB_FORM_RATE", "5/h")

# Web form
# Set when a proxy of ours (nginx, a load balancer) sets X-Forwarded-For: the form's per-client
# rate limit then counts by the address the proxy saw rather than the proxy's own.
MILEPOST_TRUST_X_FORWARDED_FOR = env_bool("MILEPOST_TRUST_X_FORWARDED_FOR")
