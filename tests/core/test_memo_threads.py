"""The memo under threads: a value worked out under one generation is never served under another.

A request that began before a publish may finish after it; what it worked out from the rows as
they were must not be what the next reader gets.
"""

import threading

import pytest
from django.db import connections
from django.test import Client

from milepost.stories import selectors
from tests.factories import story_create

pytestmark = pytest.mark.django_db(transaction=True)  # the requests' threads see the commits


def in_thread(target):
    def run():
        try:
            target()
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_listing_read_before_an_unpublish_is_not_served_after_it(story_index, monkeypatch):
    story_create(story_index, title="Along the river")
    story = story_create(story_index, title="Up the hill")
    read_before, go_on = threading.Event(), threading.Event()
    read = selectors._story_listing_read  # noqa: SLF001 (Milepost's own)

    def paused_once(*args):
        listing = read(*args)
        if not read_before.is_set():  # the first reader pauses with what it read
            read_before.set()
            assert go_on.wait(timeout=30)
        return listing

    monkeypatch.setattr(selectors, "_story_listing_read", paused_once)
    slow = {}
    reader = in_thread(lambda: slow.update(response=Client().get(story_index.url)))
    assert read_before.wait(timeout=30)

    story.unpublish()
    # Another reader's request, after the change, moves this process to the new generation.
    assert b"Up the hill" not in Client().get(story_index.url).content
    go_on.set()
    reader.join(timeout=30)
    assert b"Up the hill" in slow["response"].content  # it read the rows before the change

    response = Client().get(story_index.url)
    assert b"Along the river" in response.content
    assert b"Up the hill" not in response.content
