"""Private files (raw mail, unpublished photos) are readable by the server's user alone."""

import os
import stat

import pytest

from milepost.intake.services import inbound_message_receive
from tests.intake.mail import story_email

pytestmark = pytest.mark.django_db


def test_private_files_are_0600_in_folders_0700(callout, settings):
    old_umask = os.umask(0o022)  # the usual umask, which would give 0644 and 0755
    try:
        submission = inbound_message_receive(story_email(), channel="import").submission
    finally:
        os.umask(old_umask)
    files = [submission.inbound_message.raw.path, submission.photos.get().file.path]
    for path in files:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path
    folders = []
    for folder, subfolders, _ in os.walk(settings.PRIVATE_ROOT):
        folders += [os.path.join(folder, name) for name in subfolders]
    assert len(folders) >= 2
    for folder in folders:
        assert stat.S_IMODE(os.stat(folder).st_mode) == 0o700, folder
