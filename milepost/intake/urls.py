"""Anymail's inbound webhook URLs, switched off until a shared secret is configured."""

import json
import logging
from functools import wraps

from anymail.urls import urlpatterns as anymail_urlpatterns
from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseNotFound
from django.urls import URLPattern
from django.views.decorators.csrf import csrf_exempt

logger = logging.getLogger(__name__)


def _secret_required(view):
    @csrf_exempt
    @wraps(view)
    def guarded(request, *args, **kwargs):
        # Without a secret anyone could post "mail"; refuse rather than run open.
        if not settings.ANYMAIL.get("WEBHOOK_SECRET"):
            return HttpResponseNotFound("Inbound webhooks are not configured.")
        try:
            return view(request, *args, **kwargs)
        except (json.JSONDecodeError, KeyError) as error:
            # A payload the provider mangled: a retry would fail the same way, so say 400.
            logger.warning("Malformed inbound webhook payload: %r", error)
            return HttpResponseBadRequest("Malformed webhook payload.")

    return guarded


urlpatterns = [
    URLPattern(
        pattern.pattern, _secret_required(pattern.callback), pattern.default_args, pattern.name
    )
    for pattern in anymail_urlpatterns
]
