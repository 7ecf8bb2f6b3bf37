"""The readership beacon answered at the top of the middleware stack.

A beacon reads no session, user, message or CSRF token and writes no page: every layer below
the generation memo only costs it time, on the same web processes that serve the pages. So a
POST to the counting URL goes straight to its view, through the memo (which remembers whether
the page is a live story for as long as the page-cache generation holds); any other request,
and a GET to that URL (405), goes down the stack as usual.
"""

from django.urls import Resolver404, resolve

from milepost.core.middleware import GenerationMemoMiddleware

from .views import story_view_record

COUNTING_PREFIX = "/readership/"


class ReadershipBeaconMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "POST" or not request.path_info.startswith(COUNTING_PREFIX):
            return self.get_response(request)
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        if match.func is not story_view_record:
            return self.get_response(request)
        return GenerationMemoMiddleware(lambda request: match.func(request, **match.kwargs))(
            request
        )
