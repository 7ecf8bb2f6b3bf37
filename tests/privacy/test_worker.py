"""What the task worker makes of an erasure: the tasks queued for the erased story end quietly."""

import subprocess
import sys

import pytest
from django_tasks_db.models import DBTaskResult

from milepost.privacy.services import person_data_erase_all
from milepost.settings import base as base_settings
from milepost.stories.models import StoryPage
from tests.deploy import servers
from tests.factories import story_create
from tests.privacy.conftest import EMAIL

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued(settings):
    """Tasks wait in the database for a real worker, as in production."""
    settings.TASKS = base_settings.TASKS


def worker_run(folder) -> tuple[int, str]:
    """A real `milepost db_worker` runs every queued task, then stops: its exit code and output."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "milepost.manage", "db_worker", "--batch", "--interval", "0"],
        env=servers.served_environment(folder, LOG_LEVEL="INFO", TASKS_LOG_LEVEL="INFO"),
        cwd=servers.REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def test_the_worker_ends_the_erased_storys_search_index_tasks_quietly(
    queued, person, editor_user, tmp_path
):
    person_data_erase_all(EMAIL, actor=editor_user)
    assert DBTaskResult.objects.filter(task_path__endswith="search_index_update").exists()

    returncode, output = worker_run(tmp_path)
    assert returncode == 0, output
    assert "Traceback" not in output
    assert "DoesNotExist" not in output
    statuses = dict(DBTaskResult.objects.values_list("task_path", "status").distinct())
    assert set(statuses.values()) == {"SUCCESSFUL"}, statuses


def test_the_worker_still_indexes_a_story_that_is_there(queued, story_index, tmp_path):
    story = story_create(story_index, title="The hill on Quince Street")
    assert not StoryPage.objects.live().search("Quince")  # indexed by the worker, not yet

    returncode, output = worker_run(tmp_path)

    assert returncode == 0, output
    assert [page.pk for page in StoryPage.objects.live().search("Quince")] == [story.pk]
