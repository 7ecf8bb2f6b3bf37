"""MILEPOST_FRONTEND_CACHE and its variables become wagtail.contrib.frontend_cache's backend."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from milepost.settings.caches import frontend_cache_from_environment


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in (
        "MILEPOST_FRONTEND_CACHE",
        "MILEPOST_VARNISH_URL",
        "MILEPOST_FRONTEND_CACHE_HOSTNAMES",
        "CLOUDFLARE_BEARER_TOKEN",
        "CLOUDFLARE_ZONE_ID",
        "CLOUDFRONT_DISTRIBUTION_ID",
    ):
        monkeypatch.delenv(name, raising=False)


def test_off_when_unset():
    assert frontend_cache_from_environment() is None


def test_varnish(monkeypatch):
    monkeypatch.setenv("MILEPOST_FRONTEND_CACHE", "Varnish")
    monkeypatch.setenv("MILEPOST_VARNISH_URL", "http://10.0.0.5:6081")
    monkeypatch.setenv("MILEPOST_FRONTEND_CACHE_HOSTNAMES", "stories.example.org, example.org")
    assert frontend_cache_from_environment() == {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": "http://10.0.0.5:6081",
            "HOSTNAMES": ["stories.example.org", "example.org"],
        }
    }


def test_cloudflare_and_cloudfront(monkeypatch):
    monkeypatch.setenv("MILEPOST_FRONTEND_CACHE", "cloudflare")
    monkeypatch.setenv("CLOUDFLARE_BEARER_TOKEN", "token")
    monkeypatch.setenv("CLOUDFLARE_ZONE_ID", "zone")
    backend = frontend_cache_from_environment()["default"]
    assert backend["BACKEND"].endswith("CloudflareBackend")
    assert (backend["BEARER_TOKEN"], backend["ZONEID"]) == ("token", "zone")
    monkeypatch.setenv("MILEPOST_FRONTEND_CACHE", "cloudfront")
    monkeypatch.setenv("CLOUDFRONT_DISTRIBUTION_ID", "E123")
    backend = frontend_cache_from_environment()["default"]
    assert backend == {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": "E123",
    }


def test_a_missing_credential_is_named(monkeypatch):
    monkeypatch.setenv("MILEPOST_FRONTEND_CACHE", "cloudflare")
    monkeypatch.setenv("CLOUDFLARE_ZONE_ID", "zone")
    with pytest.raises(ImproperlyConfigured, match="CLOUDFLARE_BEARER_TOKEN"):
        frontend_cache_from_environment()


def test_an_unknown_front_cache_is_refused(monkeypatch):
    monkeypatch.setenv("MILEPOST_FRONTEND_CACHE", "squid")
    with pytest.raises(ImproperlyConfigured, match="varnish, cloudflare or cloudfront"):
        frontend_cache_from_environment()
