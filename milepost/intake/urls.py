"""Anymail's webhook URLs: only the configured providers', and only once a secret is set."""

import json
import logging
import re
from functools import wraps

from anymail.urls import urlpatterns as anymail_urlpatterns
from django.conf import settings
from django.db import transaction
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.urls import URLPattern
from django.views.decorators.csrf import csrf_exempt

from .channels.webhooks import webhook_replay_refuse

logger = logging.getLogger(__name__)


def _replay_checked(view_class, provider: str):
    """The provider's view, refusing replays once its own signature check has passed."""

    class ReplayCheckedView(view_class):
        def run_validators(self, request):
            super().run_validators(request)
            webhook_replay_refuse(provider, request)

    return ReplayCheckedView


def _guarded(pattern: URLPattern):
    callback = pattern.callback
    provider = re.match(r"\^?(\w+)/", str(pattern.pattern)).group(1)
    view = _replay_checked(callback.view_class, provider).as_view(**callback.view_initkwargs)

    @csrf_exempt
    @wraps(callback)
    def guarded(request, *args, **kwargs):
        # Without a secret anyone could post "mail"; refuse rather than run open. A provider
        # not in use has no business posting at all.
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            return HttpResponseNotFound("Webhooks are not configured.")
        if provider not in settings.MILEPOST_WEBHOOK_PROVIDERS:
            return HttpResponseNotFound("Webhooks from this provider are not enabled.")
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                # The provider will retry: its token must not then look like a replay.
                if response.status_code >= 500:
                    transaction.set_rollback(True)
                return response
        except (json.JSONDecodeError, KeyError) as error:
            # A payload the provider mangled: a retry would fail the same way, so say 400.
            logger.warning("Malformed webhook payload: %r", error)
            return HttpResponseBadRequest("Malformed webhook payload.")

    return guarded


urlpatterns = [
    URLPattern(pattern.pattern, _guarded(pattern), pattern.default_args, pattern.name)
    for pattern in anymail_urlpatterns
]
