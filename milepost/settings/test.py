"""The test suite: immediate tasks, in-memory email, fast hashing, a throwaway data folder."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "milepost-tests-only"  # noqa: S105
DEBUG = False
DATA_DIR = Path(tempfile.mkdtemp(prefix="milepost-test-"))
MEDIA_ROOT = DATA_DIR / "media"
PRIVATE_ROOT = DATA_DIR / "private"
STATIC_ROOT = DATA_DIR / "static"
if "sqlite" in DATABASES["default"]["ENGINE"]:  # noqa: F405
    DATABASES["default"]["NAME"] = DATA_DIR / "test.sqlite3"  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test-db.sqlite3")}  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "page_cache": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "page-cache",
    },
}
# Off for the suite, whose tests change rows directly and read pages back; the page cache's own
# tests switch it on.
MILEPOST_PAGE_CACHE = False
# Installed so that its publish/unpublish purges run (they do nothing without a backend).
if "wagtail.contrib.frontend_cache" not in INSTALLED_APPS:  # noqa: F405
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")  # noqa: F405
WAGTAILADMIN_BASE_URL = "http://testserver"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
