import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes its images into its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Wagtail caches renditions; a cached one from another test points at files now gone."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def home_page(db):
    from milepost.core.models import HomePage

    return HomePage.objects.get()


@pytest.fixture
def story_index(home_page):
    from tests.factories import story_index_create

    return story_index_create(home_page)
