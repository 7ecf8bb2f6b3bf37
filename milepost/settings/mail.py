"""Outgoing mail: the server Milepost sends through, and how the outbox retries and keeps it."""

from .env import env

EMAIL_BACKEND = env.str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", False)
# Seconds before a mail server that does not answer counts as a failed attempt, so a worker
# never hangs on one (Django's default is to wait for ever).
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", 30.0)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", "Milepost <stories@milepost.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every email is kept and sent by a task (core.outbox). One that the mail server refuses is tried
# again after this many seconds, then twice as long each time, until this many attempts failed.
MILEPOST_EMAIL_RETRY_SECONDS = env.float("MILEPOST_EMAIL_RETRY_SECONDS", 60.0)
MILEPOST_EMAIL_ATTEMPTS = env.int("MILEPOST_EMAIL_ATTEMPTS", 8)
# Days an email that went (or failed) is kept, unless a record such as a submission keeps it.
MILEPOST_OUTGOING_EMAIL_DAYS = env.int("MILEPOST_OUTGOING_EMAIL_DAYS", 30)
