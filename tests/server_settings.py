"""Settings for a real server (gunicorn) that a test starts against its own test database."""

import os
from pathlib import Path

from milepost.settings.test import *  # noqa: F403

DATABASES["default"]["NAME"] = os.environ["MILEPOST_TEST_DATABASE_NAME"]  # noqa: F405
MEDIA_ROOT = Path(os.environ["MILEPOST_TEST_DATA_DIR"]) / "media"
PRIVATE_ROOT = Path(os.environ["MILEPOST_TEST_DATA_DIR"]) / "private"
