"""The one reader of the environment: every variable the settings read goes through `env`.

environs reads and types each value; a bad one (`MILEPOST_EMAIL_ATTEMPTS=abc`,
`EMAIL_USE_TLS=maybe`) stops start-up with an error naming the variable. Booleans are true/false,
yes/no, on/off or 1/0. environs rather than django-environ for that: the latter's errors do not
name the variable, and it takes any unknown switch for false. Every name read is in the README's
Configuration table, and the other way round (tests/settings/test_env.py).
"""

from django.core.exceptions import ImproperlyConfigured
from environs import Env

env = Env()


@env.parser_for("names")
def comma_separated_names(value: str) -> list[str]:
    """`a, b,,c` is ["a", "b", "c"]: hosts, origins and providers, written by hand."""
    return [item.strip() for item in value.split(",") if item.strip()]


def required(name: str) -> str:
    """A value without which Milepost must not start (a secret, a credential)."""
    value = env.str(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set {name} in the environment.")
    return value
