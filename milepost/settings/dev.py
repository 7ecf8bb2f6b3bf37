"""Local development: DEBUG on, console email, a secret key generated once into the data folder."""

import secrets

from .base import *  # noqa: F403
from .env import env
from .storage import DATA_DIR

DEBUG = True
# Into files, not the terminal, where mail the worker sends would bury `make serve`'s welcome.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "mail"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
TASKS = {"default": {"BACKEND": "milepost.core.taskbackend.MilepostDatabaseBackend"}}
# Off unless asked for: a template being edited would otherwise show its old self for minutes.
MILEPOST_PAGE_CACHE = env.bool("MILEPOST_PAGE_CACHE", False)


def _data_folder_make_private() -> None:
    """The data folder holds every submitter's story and address: its user's alone (0700), as
    is everything Milepost writes in it (`milepost.manage` sets the umask). A folder an older
    `make serve` left open to everyone is closed; only one holding Milepost's own files, so that
    a data folder set to a shared one (/tmp) is never changed."""
    if not DATA_DIR.exists():
        DATA_DIR.mkdir(mode=0o700, parents=True)
    elif any((DATA_DIR / name).exists() for name in ("milepost.sqlite3", "secret_key")):
        DATA_DIR.chmod(0o700)


def _dev_secret_key() -> str:
    path = DATA_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


_data_folder_make_private()
SECRET_KEY = env.str("SECRET_KEY", "") or _dev_secret_key()
