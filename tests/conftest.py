import pytest
from django.core.cache import cache

from milepost.callouts.models import Callout
from milepost.core.memo import generation_memo_clear
from milepost.settings import base as base_settings
from tests.browser import browser, page  # noqa: F401  (shared fixtures: one Chromium per run)
from tests.deploy.servers import free_port
from tests.factories import home_page_get_or_create, story_index_create


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes its images into its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Wagtail caches renditions; a cached one from another test points at files now gone.

    Likewise the memo of published content: another test's pages were rolled back.
    """
    cache.clear()
    generation_memo_clear()


@pytest.fixture
def home_page(db):
    return home_page_get_or_create()


@pytest.fixture
def callout(db):
    return Callout.objects.create(
        title="Most Important Mile", slug="most-important-mile", prompt="?"
    )


@pytest.fixture
def story_index(home_page):
    return story_index_create(home_page)


@pytest.fixture
def mail_server_down(settings) -> int:
    """Real SMTP to a loopback port nothing listens on (start `tests.smtp.SmtpSink` there to
    bring the server back), tasks kept in the database for `tests.smtp.queue_run`, retries
    due at once."""
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 10
    settings.TASKS = base_settings.TASKS  # in the database, as in production
    settings.MILEPOST_EMAIL_RETRY_SECONDS = 0
    return port
