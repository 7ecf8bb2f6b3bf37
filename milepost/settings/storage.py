"""Where Milepost keeps things: the database, the data folder, media, private and static files."""

from pathlib import Path

from .env import env

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = env.path("MILEPOST_DATA_DIR", Path("var")).resolve()
MEDIA_ROOT = DATA_DIR / "media"
PRIVATE_ROOT = DATA_DIR / "private"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]

# Serve user-uploaded media from Django itself (fine for one small server; use S3 or a web
# server in front for more).
MILEPOST_SERVE_MEDIA = env.bool("MILEPOST_SERVE_MEDIA", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    # Raw mail and unpublished photos: never under MEDIA_ROOT, never given a public URL.
    "private": {"BACKEND": "milepost.core.storage.PrivateStorage"},
}
# S3-compatible media (AWS, MinIO, R2...). django-storages (boto3) reads only the credentials
# (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY) from the environment itself; these from settings.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", "") or None
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", "") or None
AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", "") or None
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365


def database_from_environment() -> dict:
    """PostgreSQL (or any dj-database-url URL) when DATABASE_URL is set, else SQLite in WAL mode."""
    if env.str("DATABASE_URL", ""):
        return env.dj_db_url("DATABASE_URL", conn_max_age=60, conn_health_checks=True)
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
