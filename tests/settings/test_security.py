"""The security settings: images from S3 (or the CDN in front of it) are allowed by the CSP."""

import importlib

import pytest

import milepost.settings.security
import milepost.settings.storage


@pytest.fixture
def settings_reread(monkeypatch):
    """Reads the storage and security settings again, in the environment the test sets."""

    def reread():
        importlib.reload(milepost.settings.storage)
        return importlib.reload(milepost.settings.security)

    for name in ("AWS_S3_CUSTOM_DOMAIN", "AWS_S3_ENDPOINT_URL", "MILEPOST_MEDIA_ORIGIN"):
        monkeypatch.delenv(name, raising=False)
    yield reread
    monkeypatch.undo()
    reread()


def test_media_from_s3_is_allowed_when_configured(monkeypatch, settings_reread):
    monkeypatch.setenv("AWS_S3_CUSTOM_DOMAIN", "media.example.org")
    img_src = settings_reread().CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]
    assert img_src == ["'self'", "https://media.example.org"]


def test_media_from_an_s3_endpoint_is_allowed_and_a_named_origin_wins(monkeypatch, settings_reread):
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.net")
    assert settings_reread().CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == [
        "'self'",
        "https://s3.example.net",
    ]
    monkeypatch.setenv("MILEPOST_MEDIA_ORIGIN", "https://cdn.example.org")
    admin_img_src = settings_reread().MILEPOST_ADMIN_CSP_DIRECTIVES["img-src"]
    assert admin_img_src == ["'self'", "https://cdn.example.org", "data:", "blob:"]
