"""The readership beacon answered before Django, around the WSGI application (`milepost.wsgi`).

Every story page a reader sees sends one beacon, on the same web processes that serve the
pages, and most beacons are for a story the process has counted before. Those need one
HINCRBY and nothing of Django: no request object, no signals, no middleware, no database.
So a POST to a story's counting URL is answered here when the reader's headers refuse counting
(nothing to do) or when the process counts the story again (`counting.story_view_count_again`);
every other request, the first view of a story in a generation, and any view without Redis, go
to Django, whose view (`views.story_view_record`) checks the story and counts.
"""

import re
from collections.abc import Callable, Iterable

from django.http.request import HttpHeaders

from . import counting

# The counting URL (`insights.urls`); a page id has at most nine digits here, the rest go to
# Django, whose URL pattern decides.
BEACON_PATH = re.compile(r"/readership/([1-9][0-9]{0,8})/")
# What `never_cache` gives the view's answer: no cache, shared or private, keeps a beacon.
NO_CONTENT = "204 No Content"
NO_STORE = [("Cache-Control", "max-age=0, no-cache, no-store, must-revalidate, private")]


class ReadershipBeaconApplication:
    def __init__(self, application: Callable) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        match = None
        if environ.get("REQUEST_METHOD") == "POST":
            match = BEACON_PATH.fullmatch(environ.get("PATH_INFO", ""))
        if match is None or not self._answered(int(match.group(1)), environ):
            return self.application(environ, start_response)
        start_response(NO_CONTENT, NO_STORE)
        return []

    @staticmethod
    def _answered(page_id: int, environ: dict) -> bool:
        if not counting.story_view_countable(HttpHeaders(environ)):
            return True  # refused or a robot: nothing is counted, wherever it is answered
        return counting.story_view_count_again(page_id)
