"""HTML that the e-book and the PDF share."""

from html import escape

from .manuscript import Manuscript, names_join


def title_page_html(manuscript: Manuscript, *, section_attrs: str = "") -> str:
    """The title page: title, subtitle, editors and ISBN. `section_attrs` adds attributes to
    its `<section>` (the e-book's `epub:type`)."""
    lines = [f"<h1>{escape(manuscript.title)}</h1>"]
    if manuscript.subtitle:
        lines.append(f'<p class="subtitle">{escape(manuscript.subtitle)}</p>')
    if manuscript.editors:
        lines.append(f"<p>Edited by {escape(names_join(manuscript.editors))}</p>")
    if manuscript.isbn:
        lines.append(f"<p>ISBN {escape(manuscript.isbn)}</p>")
    return f'<section class="title-page"{section_attrs}>{"".join(lines)}</section>'
