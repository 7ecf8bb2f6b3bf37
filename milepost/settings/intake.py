"""Stories coming in: the limits on mail, photos and the web form, and the channels' secrets."""

from .env import env

MILEPOST_PHOTO_MAX_BYTES = env.int("MILEPOST_PHOTO_MAX_BYTES", 25 * 1024 * 1024)
MILEPOST_PHOTO_MAX_PIXELS = env.int("MILEPOST_PHOTO_MAX_PIXELS", 64_000_000)
MILEPOST_PRINT_MIN_LONG_EDGE = env.int("MILEPOST_PRINT_MIN_LONG_EDGE", 1800)
# Larger mail is still stored whole, then marked failed for an editor to look at.
MILEPOST_MAX_MESSAGE_BYTES = env.int("MILEPOST_MAX_MESSAGE_BYTES", 60 * 1024 * 1024)
# Acknowledgments one address may get in a day; submissions past it are kept, not answered.
MILEPOST_ACKNOWLEDGMENTS_PER_ADDRESS_PER_DAY = env.int(
    "MILEPOST_ACKNOWLEDGMENTS_PER_ADDRESS_PER_DAY", 3
)
# Attachments past this many are not decoded (a check says how many); they stay in the raw mail.
MILEPOST_MAX_PHOTOS_PER_SUBMISSION = env.int("MILEPOST_MAX_PHOTOS_PER_SUBMISSION", 10)
# One message may take this long to process; past it, it is marked failed for an editor.
MILEPOST_MESSAGE_DEADLINE_SECONDS = env.float("MILEPOST_MESSAGE_DEADLINE_SECONDS", 120.0)

# Provider webhooks (anymail): a shared secret for basic auth, and Mailgun's signing key.
ANYMAIL = {
    "WEBHOOK_SECRET": env.str("ANYMAIL_WEBHOOK_SECRET", ""),
    "MAILGUN_WEBHOOK_SIGNING_KEY": env.str("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
}
# Only these providers' webhook URLs answer (e.g. "mailgun,postmark"); the others are 404.
MILEPOST_WEBHOOK_PROVIDERS = env.names("MILEPOST_WEBHOOK_PROVIDERS", "")
# A signed webhook older than this, or whose one-time token was seen before, is refused.
MILEPOST_WEBHOOK_MAX_AGE_SECONDS = env.int("MILEPOST_WEBHOOK_MAX_AGE_SECONDS", 300)
MILEPOST_IMAP_URL = env.str("MILEPOST_IMAP_URL", "")
MILEPOST_IMAP_PROCESSED_FOLDER = env.str("MILEPOST_IMAP_PROCESSED_FOLDER", "Milepost/Processed")

# The web form: posts per client address (counted in Redis when there is one, else the database).
MILEPOST_WEB_FORM_RATE = env.str("MILEPOST_WEB_FORM_RATE", "5/h")
# Uploads over 1 MB stream to a temporary file instead of staying in the worker's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
