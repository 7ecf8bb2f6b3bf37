import os

from django.core.wsgi import get_wsgi_application

from milepost.core.storage import process_umask_restrict

process_umask_restrict()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milepost.settings.production")
django_application = get_wsgi_application()

# Imported once Django is set up: the beacon reads models and settings.
from milepost.insights.beacon import ReadershipBeaconApplication  # noqa: E402

# Django's own application, with the readership beacon answered in front of it.
application = ReadershipBeaconApplication(django_application)
