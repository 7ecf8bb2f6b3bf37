"""The shipped Varnish configuration in front of a real gunicorn: hits, passes and purges."""

import shutil
import time
import urllib.error
import urllib.request
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from milepost.callouts.models import Callout
from tests.deploy import servers
from tests.factories import story_create

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("varnishd"), reason="Debian's varnish is not installed"),
]


@pytest.fixture
def stack(settings, tmp_path):
    """gunicorn on one port, varnishd in front on another; Milepost purges that varnishd."""
    backend_port, varnish_port = servers.free_port(), servers.free_port()
    # The test process publishes: it must purge this Varnish and share gunicorn's page cache.
    settings.WAGTAILFRONTENDCACHE = {
        "default": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{varnish_port}",
        }
    }
    settings.CACHES = {
        **settings.CACHES,
        "page_cache": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": tmp_path / "page-cache",
        },
    }
    env = servers.served_environment(
        tmp_path,
        MILEPOST_FRONTEND_CACHE="varnish",
        MILEPOST_VARNISH_URL=f"http://127.0.0.1:{varnish_port}",
    )
    with (
        servers.gunicorn(env, backend_port, tmp_path / "gunicorn.log"),
        servers.varnishd(backend_port, varnish_port, tmp_path),
    ):
        yield varnish_port
    caches["page_cache"].clear()


def test_varnish_serves_a_story_from_its_cache_and_fresh_after_a_publish(stack, story_index):
    story = story_create(story_index)
    status, first, body = servers.get(stack, story.url)
    assert status == 200, body[:500]
    assert b"The hill on Pine Street" in body
    status, second, body = servers.get(stack, story.url)
    assert status == 200
    assert second["X-Cache"] == "hit"
    assert len(second["X-Varnish"].split()) == 2  # this request's id and the cached object's

    story.title = "The hill on Elm Street"
    story.save_revision().publish()  # Wagtail's frontend cache sends PURGE to this Varnish

    status, fresh, body = servers.get(stack, story.url)
    assert status == 200
    assert fresh["X-Cache"] == "miss"
    assert b"The hill on Elm Street" in body
    assert b"The hill on Pine Street" not in body


def test_a_publish_purges_the_callout_page_too(stack, story_index):
    story_create(story_index, title="First story")
    servers.get(stack, story_index.url)
    assert servers.get(stack, story_index.url)[1]["X-Cache"] == "hit"
    story_create(story_index, title="Second story")
    status, headers, body = servers.get(stack, story_index.url)
    assert headers["X-Cache"] == "miss"
    assert b"Second story" in body


def test_a_callout_change_purges_varnish(stack, story_index):
    """Not a page publish: Milepost's own purge (of each site) reaches Varnish."""
    servers.get(stack, story_index.url)
    assert servers.get(stack, story_index.url)[1]["X-Cache"] == "hit"
    callout = story_index.callout
    callout.prompt = "Which mile do you remember best?"
    callout.save()
    status, headers, body = servers.get(stack, story_index.url)
    assert headers["X-Cache"] == "miss"
    assert b"Which mile do you remember best?" in body


def test_varnish_passes_the_form_editors_and_the_admin(stack, story_index):
    form = story_index.url + "submit/"
    for path, headers in [
        (form, {}),
        ("/admin/login/", {}),
        (story_index.url, {"Cookie": "sessionid=editor-session"}),
    ]:
        servers.get(stack, path, **headers)
        status, response, _ = servers.get(stack, path, **headers)
        assert status == 200, path
        assert response["X-Cache"] == "miss", path


def purge(port: int, path: str) -> int:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method="PURGE", headers={"Host": "localhost"}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_only_addresses_in_the_acl_may_purge(stack, tmp_path, story_index):
    assert purge(stack, "/") == 200
    # The same configuration, but 127.0.0.1 left out of the purge ACL.
    backend_port = servers.free_port()
    env = servers.served_environment(tmp_path)
    guarded_port = servers.free_port()
    with (
        servers.gunicorn(env, backend_port, tmp_path / "gunicorn-2.log", workers=1),
        servers.varnishd(backend_port, guarded_port, tmp_path, purgers="192.0.2.1"),
    ):
        servers.get(guarded_port, story_index.url)
        assert purge(guarded_port, story_index.url) == 405
        assert servers.get(guarded_port, story_index.url)[1]["X-Cache"] == "hit"


# Ways of writing the host "localhost" that Django serves as that one site.
HOST_VARIANTS = ["localhost", "LOCALHOST", "localhost.", "Localhost", "LocalHost.:80"]


def test_a_purge_reaches_every_way_of_writing_the_host(stack, story_index):
    story = story_create(story_index)
    for host in HOST_VARIANTS:
        status, _, body = servers.get(stack, story.url, host=host)
        assert status == 200, host
        assert b"The hill on Pine Street" in body, host
    assert servers.get(stack, story.url, host="LOCALHOST")[1]["X-Cache"] == "hit"

    story.title = "The hill on Elm Street"
    story.save_revision().publish()

    for host in HOST_VARIANTS:
        status, _, body = servers.get(stack, story.url, host=host)
        assert status == 200, host
        assert b"The hill on Elm Street" in body, host
        assert b"The hill on Pine Street" not in body, host


def test_an_unpublished_story_is_gone_for_every_way_of_writing_the_host(stack, story_index):
    story = story_create(story_index)
    for host in HOST_VARIANTS:
        assert servers.get(stack, story.url, host=host)[0] == 200, host
        assert servers.get(stack, story.url, host=host)[1]["X-Cache"] == "hit", host

    story.unpublish()

    for host in HOST_VARIANTS:
        status, _, body = servers.get(stack, story.url, host=host)
        assert status == 404, host
        assert b"The hill on Pine Street" not in body, host


def test_varnish_keeps_a_callout_page_no_longer_than_its_deadline(stack, story_index):
    """No purge comes when a deadline passes: the page's max-age and Expires end it, and no
    grace period serves the stale "Closing today" while Varnish fetches the new one."""
    closes_at = timezone.now() + timedelta(seconds=4)
    Callout.objects.filter(pk=story_index.callout.pk).update(closes_at=closes_at)
    servers.get(stack, story_index.url)
    status, headers, body = servers.get(stack, story_index.url)
    assert headers["X-Cache"] == "hit"
    assert b"Closing today" in body or b"Closing tomorrow" in body
    time.sleep(max(0.0, (closes_at - timezone.now()).total_seconds()) + 0.5)
    status, headers, body = servers.get(stack, story_index.url)
    assert status == 200
    assert b"Closed on" in body and b"Closing" not in body
