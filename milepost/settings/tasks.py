"""The task queue and its workers, and the logging that keeps their routine out of sight."""

import logging

from environs import validate

from .env import env

TASKS = {"default": {"BACKEND": "milepost.core.taskbackend.MilepostDatabaseBackend"}}
# Any task still running after this long is taken for dead and marked failed (core.workers).
MILEPOST_TASK_RUNNING_MINUTES = env.float("MILEPOST_TASK_RUNNING_MINUTES", 360.0)
# The anthology: an export's progress is written to the database at most this often (seconds),
# so that a book of many short steps is not one write per step.
MILEPOST_EXPORT_PROGRESS_SECONDS = env.float("MILEPOST_EXPORT_PROGRESS_SECONDS", 1.0)
# A running export whose progress has not moved for this long is taken for dead (its worker is
# on another host, or hung); one whose worker process on this host has ended, at once.
MILEPOST_EXPORT_STALLED_MINUTES = env.float("MILEPOST_EXPORT_STALLED_MINUTES", 30.0)

# Every task start and finish, every scheduler tick and every step of a PDF's rendering is
# logged at INFO: noise that buries what matters.
_LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]
_QUIET_LOGGERS = ("django_tasks", "django_tasks_db", "apscheduler", "weasyprint")
_QUIET_LOG_LEVEL = env.str("TASKS_LOG_LEVEL", "WARNING", validate=validate.OneOf(_LOG_LEVELS))


def _loud_enough(record: logging.LogRecord) -> bool:
    """`db_worker` sets its loggers to INFO itself, so their level is held here, at the handler."""
    quiet = record.name.split(".")[0] in _QUIET_LOGGERS
    return not quiet or record.levelno >= logging.getLevelName(_QUIET_LOG_LEVEL)


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet": {"()": "django.utils.log.CallbackFilter", "callback": _loud_enough}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["quiet"]}},
    "root": {
        "handlers": ["console"],
        "level": env.str("LOG_LEVEL", "INFO", validate=validate.OneOf(_LOG_LEVELS)),
    },
    "loggers": {name: {"level": _QUIET_LOG_LEVEL} for name in _QUIET_LOGGERS},
}
