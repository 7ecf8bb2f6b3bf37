"""One Content-Security-Policy for the public site, a looser one Wagtail's admin can work under."""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and parts.config is None and request.path_info.startswith(ADMIN_PREFIX):
            # No nonce: a nonce in script-src would make browsers ignore 'unsafe-inline'.
            return PolicyParts(config=settings.MILEPOST_ADMIN_CSP_DIRECTIVES)
        return parts
