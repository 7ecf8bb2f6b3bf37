"""The web form's rate limit holds when many posts arrive at once, whatever counts them."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from milepost.intake.channels import rate_limit
from milepost.intake.channels.rate_limit import Rate, rate_attempt_record
from milepost.submissions.models import Submission
from tests.server import csrf_token, gunicorn_serving, post

REDIS_URL = "redis://127.0.0.1:6379/13"  # a spare database; only our keys are removed
STORY = "The hill on Pine Street was the mile that made me a runner again."


def story_fields() -> dict:
    return {"name": "Jane Doe", "email": "jane@example.com", "story": STORY, "consent_web": "on"}


@pytest.fixture
def redis_keys():
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    for key in client.scan_iter("ratelimit:*"):
        client.delete(key)


def simultaneous_posts(port: int, path: str, count: int) -> list[int]:
    token = csrf_token(port, path)
    start = threading.Barrier(count)

    def send(_):
        start.wait()
        return post(port, path, token, story_fields())

    with ThreadPoolExecutor(count) as pool:
        return sorted(pool.map(send, range(count)))


@pytest.mark.server
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("counter", ["database", "redis"])
def test_twelve_simultaneous_posts_with_a_limit_of_five(story_index, tmp_path, counter, request):
    environ = {"MILEPOST_WEB_FORM_RATE": "5/h"}
    if counter == "redis":
        request.getfixturevalue("redis_keys")
        environ["REDIS_URL"] = REDIS_URL
    path = f"{story_index.url}submit/"
    # Two workers of six threads: twelve requests really are in flight together.
    with gunicorn_serving(tmp_path, ready_path=path, threads=6, **environ) as server:
        statuses = simultaneous_posts(server.port, path, 12)
    accepted, refused = statuses.count(303), statuses.count(429)
    print(f"rate-limit race ({counter}): {accepted} accepted, {refused} refused")
    assert statuses == [303] * 5 + [429] * 7
    assert Submission.objects.count() == 5


@pytest.mark.django_db
def test_every_attempt_counts_and_the_window_is_per_client(settings):
    rate = Rate(2, 3600)
    assert [rate_attempt_record("test", "10.0.0.1", rate) for _ in range(3)] == [True, True, False]
    assert rate_attempt_record("test", "10.0.0.2", rate)
    assert rate_attempt_record("other-scope", "10.0.0.1", rate)


@pytest.mark.django_db
def test_redis_counts_the_same_way(settings, redis_keys):
    settings.REDIS_URL = REDIS_URL
    rate = Rate(2, 3600)
    assert [rate_attempt_record("test", "10.0.0.1", rate) for _ in range(3)] == [True, True, False]
    [key] = redis_keys.keys("ratelimit:test:10.0.0.1:*")
    assert 0 < redis_keys.ttl(key) <= 3600


def test_the_first_attempts_of_a_new_worker_may_arrive_together(settings, redis_keys):
    """A worker's threads open the Redis client lazily; none may close another's connection."""
    settings.REDIS_URL = REDIS_URL
    rate = Rate(100, 3600)
    for attempt in range(20):
        # A new worker: no client yet.
        rate_limit._redis_clients.clear()  # noqa: SLF001 (Milepost's own)
        start = threading.Barrier(12)

        def send(_, attempt=attempt, start=start):
            start.wait()
            return rate_attempt_record("race", f"10.0.1.{attempt}", rate)

        with ThreadPoolExecutor(12) as pool:
            assert list(pool.map(send, range(12))) == [True] * 12
