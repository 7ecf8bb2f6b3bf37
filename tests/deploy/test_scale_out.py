"""Scale-out on PostgreSQL and Redis: two web processes share one page cache; two task workers
never run one task twice."""

import subprocess
import sys
from collections import Counter

import pytest
import redis
from django.conf import settings as django_settings
from django.core.cache import caches
from django_tasks_db.models import DBTaskResult

from milepost.core.pagecache import page_cache_invalidate
from tests.deploy import servers
from tests.deploy.tasks import run_record
from tests.factories import story_create

REDIS_URL = "redis://127.0.0.1:6379/13"  # a database number the rest of the suite leaves alone


def redis_is_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        "postgresql" not in django_settings.DATABASES["default"]["ENGINE"],
        reason="scale-out needs PostgreSQL (set DATABASE_URL=postgres://...); SQLite is one host",
    ),
]


@pytest.fixture
def two_web_processes(settings, tmp_path):
    if not redis_is_up():
        pytest.skip(f"no Redis at {REDIS_URL}")
    settings.MILEPOST_PAGE_CACHE = True
    settings.CACHES = {
        **settings.CACHES,
        "page_cache": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "milepost",
        },
    }
    page_cache_invalidate()  # nothing cached by an earlier run counts
    ports = servers.free_port(), servers.free_port()
    # One data folder: the two hosts share media as they would through S3 or a network disk.
    with (
        servers.gunicorn(
            servers.served_environment(tmp_path, REDIS_URL=REDIS_URL),
            ports[0],
            tmp_path / "a.log",
            workers=1,
        ),
        servers.gunicorn(
            servers.served_environment(tmp_path, REDIS_URL=REDIS_URL),
            ports[1],
            tmp_path / "b.log",
            workers=1,
        ),
    ):
        yield ports
    caches["page_cache"].clear()


def test_two_web_processes_share_the_page_cache_and_its_invalidation(
    two_web_processes, story_index
):
    first, second = two_web_processes
    story = story_create(story_index)
    status, headers, body = servers.get(first, story.url)
    assert status == 200
    assert headers["X-Page-Cache"] == "miss"
    # The other process never rendered it: it answers from the shared cache.
    status, headers, cached = servers.get(second, story.url)
    assert headers["X-Page-Cache"] == "hit"
    assert cached == body

    story.title = "The hill on Elm Street"
    story.save_revision().publish()  # in a third process, through Wagtail

    for port in (second, first):
        status, headers, body = servers.get(port, story.url)
        assert status == 200
        assert b"The hill on Elm Street" in body, port


def test_two_workers_run_each_task_exactly_once(settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    record = tmp_path / "runs.txt"
    record.touch()
    for number in range(200):
        run_record.enqueue(number, str(record))
    env = servers.served_environment(tmp_path)
    command = [sys.executable, "-m", "milepost.manage", "db_worker", "--batch", "--interval", "0"]
    workers = [
        subprocess.Popen(
            [*command, "--worker-id", name],
            env=env,
            cwd=servers.REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for name in ("worker-a", "worker-b")
    ]
    outputs = [worker.communicate(timeout=300)[0].decode() for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], outputs

    runs = [line.split() for line in record.read_text().splitlines()]
    counts = Counter(int(number) for number, _ in runs)
    assert sorted(counts) == list(range(200))
    assert set(counts.values()) == {1}, [n for n, c in counts.items() if c > 1]
    assert len({pid for _, pid in runs}) == 2  # both workers took a share
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 200
