"""Six concurrent posts of three 64-megapixel photos each must not balloon the server.

The server is gunicorn as production runs it (two sync workers) in its own processes; their
memory is read from /proc. Measured before the fix: 176 MB to 1.67 GB. Valid posts on one worker
with six threads grew it by 1.48 GB before Pillow's blocks were made too big for glibc to keep
in each thread's heap, 258 MB after.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from milepost.submissions.models import Submission
from tests.photos.images import BLUE, GREEN, RED, png_solid
from tests.server import (
    MemoryWatch,
    Photo,
    csrf_token,
    gunicorn_serving,
    post,
    process_tree,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.server]

GROWTH_LIMIT_MB = 300
THREADED_GROWTH_LIMIT_MB = 400
SIDE = 8000  # 64 megapixels: 192 MB each once decoded


@pytest.fixture(scope="module")
def big_pngs() -> list[bytes]:
    return [png_solid(SIDE, SIDE, colour) for colour in (RED, GREEN, BLUE)]


@pytest.fixture
def server(story_index, tmp_path):
    with gunicorn_serving(
        tmp_path, ready_path=form_path(story_index), MILEPOST_WEB_FORM_RATE="1000/h"
    ) as server:
        yield server


@pytest.fixture
def threaded_server(story_index, tmp_path):
    """One worker with six threads: every post shares one process's memory."""
    with gunicorn_serving(
        tmp_path,
        ready_path=form_path(story_index),
        workers=1,
        threads=6,
        MILEPOST_WEB_FORM_RATE="1000/h",
    ) as server:
        yield server


def form_path(story_index) -> str:
    return f"{story_index.url}submit/"


def story_fields(email: str, photos: list[bytes]) -> dict:
    fields = {
        "name": "Jane Doe",
        "email": email,
        "story": "The hill on Pine Street was the mile that made me a runner again.",
        "consent_web": "on",
        "consent_photo": "on",
    }
    for slot, data in enumerate(photos, start=1):
        fields[f"photo_{slot}"] = Photo(f"big-{slot}.png", data)
    return fields


def warm_up(port: int, path: str, token: str) -> None:
    """Every worker imports and renders once before the baseline is read."""
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: post(port, path, token, story_fields("bad", [])), range(8)))


def test_six_concurrent_posts_of_big_photos_with_a_bad_email_stay_small(
    server, story_index, big_pngs
):
    path = form_path(story_index)
    token = csrf_token(server.port, path)
    warm_up(server.port, path, token)
    fields = story_fields("not-an-address", big_pngs)
    with MemoryWatch(process_tree(server.process.pid)) as watch, ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda _: post(server.port, path, token, fields), range(6)))
    print(
        f"peak RSS growth, six posts of 3 x 64 MP with a bad email: {watch.peak_growth_mb:.0f} MB"
    )
    assert statuses == [200] * 6  # the form came back asking for the email
    assert not Submission.objects.exists()
    assert watch.peak_growth_mb < GROWTH_LIMIT_MB


def test_a_valid_post_with_one_big_photo_is_taken(server, story_index, big_pngs):
    path = form_path(story_index)
    token = csrf_token(server.port, path)
    warm_up(server.port, path, token)
    with MemoryWatch(process_tree(server.process.pid)) as watch:
        status = post(server.port, path, token, story_fields("jane@example.com", big_pngs[:1]))
    print(f"peak RSS growth, one valid post of a 64 MP photo: {watch.peak_growth_mb:.0f} MB")
    assert status == 303
    photo = Submission.objects.get().photos.get()
    assert (photo.width, photo.height) == (SIDE, SIDE)


def test_six_concurrent_valid_posts_of_big_photos_on_one_threaded_worker_stay_small(
    threaded_server, story_index, big_pngs
):
    server = threaded_server
    path = form_path(story_index)
    token = csrf_token(server.port, path)
    warm_up(server.port, path, token)

    def send(number: int) -> int:
        fields = story_fields(f"runner{number}@example.com", big_pngs)
        return post(server.port, path, token, fields)

    with MemoryWatch(process_tree(server.process.pid)) as watch, ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(send, range(6)))
    print(
        "peak RSS growth, six valid posts of 3 x 64 MP on one worker with six threads: "
        f"{watch.peak_growth_mb:.0f} MB"
    )
    assert statuses == [303] * 6
    assert Submission.objects.count() == 6
    assert all(submission.photos.count() == 3 for submission in Submission.objects.all())
    assert watch.peak_growth_mb < THREADED_GROWTH_LIMIT_MB
