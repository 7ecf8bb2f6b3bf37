"""The feature's byline, built from the runner's fields.

"St. Louis, MO mother runner Jane Doe, 32" when everything is there; any missing part is left
out without leaving stray commas or spaces behind.
"""


def _clean(value: object) -> str:
    return " ".join(str(value or "").split())


def format_place(city: str = "", region: str = "") -> str:
    return ", ".join(part for part in (_clean(city), _clean(region)) if part)


def format_byline(
    name: str, *, age: int | None = None, city: str = "", region: str = "", descriptor: str = ""
) -> str:
    name = _clean(name)
    place = format_place(city, region)
    descriptor = _clean(descriptor)
    # An age means nothing without the name it belongs to.
    who = f"{name}, {age}" if name and age is not None else name
    if descriptor:
        # "St. Louis, MO mother runner Jane Doe, 32"
        return " ".join(part for part in (place, descriptor, who) if part)
    if place:
        # With no descriptor the place reads better after the name: "Jane Doe, 32, of Leeds, UK"
        return f"{who}, of {place}" if who else place
    return who
