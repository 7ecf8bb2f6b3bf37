"""The storage settings: media on S3-compatible storage, configured from the environment alone."""

import os
import subprocess
import sys

SHOW_MEDIA_STORAGE = """
import django
django.setup()
from django.core.files.storage import storages
media = storages["default"]
print(type(media).__name__, media.bucket_name, media.url("a.jpg"))
"""


def test_s3_media_takes_its_bucket_and_domain_from_the_environment(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "milepost.settings.production",
        "SECRET_KEY": "x" * 50,
        "MILEPOST_DATA_DIR": str(tmp_path),
        "AWS_STORAGE_BUCKET_NAME": "stories",
        "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", SHOW_MEDIA_STORAGE],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "stories", "https://media.example.org/a.jpg"]
