"""Production settings for a test's own gunicorn: static files from the app folders, unhashed.

Everything else (secret, hosts, database, cache, data folder) comes from the environment the
test sets, as in production.
"""

from milepost.settings.production import *  # noqa: F403

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
