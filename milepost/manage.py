"""The `milepost` console script: Django's manage.py for this project."""

import os
import sys

from milepost.core.storage import process_umask_restrict


def main() -> None:
    process_umask_restrict()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "milepost.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
