import os

from django.core.wsgi import get_wsgi_application

from milepost.core.storage import process_umask_restrict

process_umask_restrict()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milepost.settings.production")

application = get_wsgi_application()
