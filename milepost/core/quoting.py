"""A title in quotation marks, once. Plain Python.

A story's headline is often a line of dialogue that already carries its own marks
(“Don’t pick me up…”); quoting it again would print ““Don’t pick me up…””.
"""

_PAIRS = {"“": "”", '"': '"', "‘": "’", "'": "'"}
_INNER = str.maketrans({"“": "‘", "”": "’"})


def title_quoted(title: object) -> str:
    """ "Mile 21" -> "“Mile 21”"; a title that is already one quotation is left as it is."""
    text = str(title).strip()
    if not text:
        return ""
    closing = _PAIRS.get(text[0])
    if closing and len(text) > 1 and text.endswith(closing):
        return text
    # A quotation inside the title takes single marks, as quotations inside quotations do.
    return f"“{text.translate(_INNER)}”"
