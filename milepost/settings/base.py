"""Settings shared by every environment; everything that differs is read from the environment.

Each integration has its own module (storage, caches, mail, security, intake, tasks), every
variable read through the one reader in env.py; this one wires Django, Wagtail and Milepost.
"""

from .caches import *  # noqa: F403
from .caches import WAGTAILFRONTENDCACHE
from .env import env
from .intake import *  # noqa: F403
from .mail import *  # noqa: F403
from .security import *  # noqa: F403
from .storage import *  # noqa: F403
from .storage import PACKAGE_DIR
from .tasks import *  # noqa: F403

INSTALLED_APPS = [
    # Milepost's own apps, bottom layer first (docs/architecture.md).
    "milepost.core",
    "milepost.photos",
    "milepost.callouts",
    "milepost.submissions",
    "milepost.intake",
    "milepost.stories",
    "milepost.desk",
    "milepost.anthology",
    "milepost.insights",
    "milepost.privacy",
    "milepost.site",
    "milepost.demo",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    # Not offered to editors, but Wagtail's admin cannot start without it.
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

if WAGTAILFRONTENDCACHE:
    INSTALLED_APPS.append("wagtail.contrib.frontend_cache")

MIDDLEWARE = [
    # First: a story page's readership beacon needs nothing below it (milepost/insights).
    "milepost.insights.middleware.ReadershipBeaconMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "milepost.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above GZip: a cached page is kept compressed, and a hit skips everything below.
    "milepost.core.pagecache.PageCacheMiddleware",
    # Below the page cache: a hit needs no site and no memo.
    "milepost.core.middleware.GenerationMemoMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    # Below GZip: the ETag is taken from the uncompressed page (GZip then marks it weak).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An editor limited to some callouts finds nothing of another in Wagtail's own views.
    "milepost.desk.middleware.CalloutReachMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out user or address is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "milepost.urls"
WSGI_APPLICATION = "milepost.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "milepost.core.context_processors.publication",
            ],
        },
    },
]


AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# Wagtail
WAGTAIL_SITE_NAME = env.str("MILEPOST_SITE_NAME", "Milepost")
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# What photo masters accept (milepost.photos.masters); AVIF is made for renditions, not uploaded.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "heic", "heif"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"heic": "jpeg", "heif": "jpeg", "avif": "avif"}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 25 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
# Every upload or replacement is stored as a privacy-safe master (no EXIF, GPS, XMP...).
WAGTAILIMAGES_IMAGE_FORM_BASE = "milepost.photos.forms.MasterImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com: it would learn who edits here, and the admin's CSP refuses it.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
TAGGIT_CASE_INSENSITIVE = True
# Documents, if any, only through Wagtail's view (which checks collection privacy), as downloads.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES: list[str] = []
# Nothing a browser would render as a page (HTML, SVG, XML): those could run scripts.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx"]

# Milepost
MILEPOST_PUBLICATION_TAGLINE = env.str(
    "MILEPOST_PUBLICATION_TAGLINE", "Reader stories, one mile at a time."
)
MILEPOST_STORIES_PER_PAGE = 12
# Matches a callout page's search lists at most, newest first.
MILEPOST_SEARCH_MAX_RESULTS = env.int("MILEPOST_SEARCH_MAX_RESULTS", 240)
# URLs per sitemap file (the protocol allows 50,000; smaller files answer faster).
MILEPOST_SITEMAP_URLS_PER_FILE = env.int("MILEPOST_SITEMAP_URLS_PER_FILE", 5000)

# Privacy
MILEPOST_ERASURE_REQUEST_DAYS = env.int("MILEPOST_ERASURE_REQUEST_DAYS", 30)
MILEPOST_KEEP_UNROUTED_DAYS = env.int("MILEPOST_KEEP_UNROUTED_DAYS", 180)
# Asking for the link to all one's stories: per client address, and per email address.
MILEPOST_STORY_LIST_RATE = env.str("MILEPOST_STORY_LIST_RATE", "10/h")
MILEPOST_STORY_LIST_ADDRESS_RATE = env.str("MILEPOST_STORY_LIST_ADDRESS_RATE", "3/h")

# The desk's daily digest goes out once a day, at this hour of the site's time zone (TIME_ZONE).
MILEPOST_DIGEST_HOUR = env.int("MILEPOST_DIGEST_HOUR", 7)

# The anthology: days before a contributor who has not answered a permission request is
# reminded (once).
MILEPOST_BOOK_PERMISSION_REMINDER_DAYS = env.int("MILEPOST_BOOK_PERMISSION_REMINDER_DAYS", 7)
