"""Who may reach the site and how: hosts, sign-in throttling, the Content-Security-Policy.

Production's HTTPS switches are in production.py: they would lock a local server out.
"""

from datetime import timedelta

from csp.constants import NONE, SELF, UNSAFE_INLINE

from .env import env
from .storage import AWS_S3_CUSTOM_DOMAIN, AWS_S3_ENDPOINT_URL

ALLOWED_HOSTS = env.names("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env.names("CSRF_TRUSTED_ORIGINS", "")
# Set when a proxy of ours (nginx, a load balancer) sets X-Forwarded-For: the form's per-client
# rate limit and the sign-in lockout then count by the address the proxy saw, not its own.
MILEPOST_TRUST_X_FORWARDED_FOR = env.bool("MILEPOST_TRUST_X_FORWARDED_FOR", False)

# Sign-in throttling (django-axes): after this many failures for one username, or from one
# address, sign-in is refused for the cool-off time. `milepost axes_reset` unlocks everyone.
AXES_FAILURE_LIMIT = env.int("MILEPOST_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("MILEPOST_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "milepost.core.http.client_address"
AXES_LOCKOUT_CALLABLE = "milepost.core.views.login_locked_out"

# Content-Security-Policy (django-csp). Public pages run only the site's own scripts and styles;
# media may come from S3 (or a CDN in front of it) when that is where it is stored.
MILEPOST_MEDIA_ORIGIN = env.str("MILEPOST_MEDIA_ORIGIN", "") or (
    f"https://{AWS_S3_CUSTOM_DOMAIN}" if AWS_S3_CUSTOM_DOMAIN else AWS_S3_ENDPOINT_URL or ""
)
_MEDIA_SOURCES = [SELF, *([MILEPOST_MEDIA_ORIGIN] if MILEPOST_MEDIA_ORIGIN else [])]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": _MEDIA_SOURCES,
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
    }
}
# Wagtail's admin still needs inline scripts and styles, data: and blob: image previews, and
# frames of its own for page previews; editors are signed in and trusted with it.
MILEPOST_ADMIN_CSP_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [*_MEDIA_SOURCES, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}
