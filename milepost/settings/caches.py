"""The caches: Django's, the page cache for anonymous readers, and a front cache to purge."""

from django.core.exceptions import ImproperlyConfigured

from .env import env, required
from .storage import DATA_DIR

REDIS_URL = env.str("REDIS_URL", None)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        },
        "page_cache": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "milepost",
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Files, not process memory: every web process must see the same pages and generation.
        "page_cache": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "page-cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        },
    }

# The page cache for anonymous readers (milepost.core.pagecache).
MILEPOST_PAGE_CACHE = env.bool("MILEPOST_PAGE_CACHE", True)
MILEPOST_PAGE_CACHE_SECONDS = env.int("MILEPOST_PAGE_CACHE_SECONDS", 600)
# Never cached: the admin, the submitter's status pages, webhooks, readership counts,
# documents, search.
MILEPOST_PAGE_CACHE_SKIP_PATHS = [
    "/admin/",
    "/your-story/",
    "/webhooks/",
    "/readership/",
    "/documents/",
    "/search/",
    "/media/",
    "/static/",
]


def frontend_cache_from_environment() -> dict | None:
    """wagtail.contrib.frontend_cache's backend, from MILEPOST_FRONTEND_CACHE; None when unset."""
    kind = env.str("MILEPOST_FRONTEND_CACHE", "").strip().lower()
    if not kind:
        return None
    if kind == "varnish":
        backend = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": env.str("MILEPOST_VARNISH_URL", "http://127.0.0.1:6081"),
        }
    elif kind == "cloudflare":
        backend = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": required("CLOUDFLARE_BEARER_TOKEN"),
            "ZONEID": required("CLOUDFLARE_ZONE_ID"),
        }
    elif kind == "cloudfront":
        # boto3 reads the AWS_* credentials from the environment itself.
        backend = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": required("CLOUDFRONT_DISTRIBUTION_ID"),
        }
    else:
        raise ImproperlyConfigured(
            f"MILEPOST_FRONTEND_CACHE={kind!r}: use varnish, cloudflare or cloudfront, or unset it."
        )
    hostnames = env.names("MILEPOST_FRONTEND_CACHE_HOSTNAMES", "")
    if hostnames:
        backend["HOSTNAMES"] = hostnames
    return {"default": backend}


WAGTAILFRONTENDCACHE = frontend_cache_from_environment()
