"""The only place the book writers reach into python-docx's private attributes.

python-docx gives a paragraph no public handle on its XML element. The manuscript needs one
twice: to set a style by id (its public `paragraph.style` looks the styles part up among every
relationship of the document, one per photo, for each paragraph: minutes over a whole book) and
to add a field (the page number), which it has no API for. tests/anthology/book/test_internals.py
checks what this relies on, so an upgrade that changes it fails there first.
"""

from docx.oxml.text.paragraph import CT_P
from docx.text.paragraph import Paragraph


def paragraph_element(paragraph: Paragraph) -> CT_P:
    """The `<w:p>` element behind `paragraph`."""
    return paragraph._p
