"""Local development: DEBUG on, console email, a secret key generated once into the data folder."""

import secrets

from .base import *  # noqa: F403
from .base import DATA_DIR, env_bool

DEBUG = True
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Off unless asked for: a template being edited would otherwise show its old self for minutes.
MILEPOST_PAGE_CACHE = env_bool("MILEPOST_PAGE_CACHE", False)


def _dev_secret_key() -> str:
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or _dev_secret_key()  # noqa: F405
