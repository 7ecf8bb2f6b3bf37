"""POST data for the book's edit form in the admin, as the browser sends it: the book's fields,
then its sections and entries as inline formsets, each row in its current order unless changed."""


def _formset(prefix: str, rows: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        row = {"ORDER": str(index + 1), "DELETE": "", **row}
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


def book_edit_data(anthology, sections=None, entries=None, **fields) -> dict:
    """The form as shown; `sections` and `entries` replace the rows (dicts of fields)."""
    book = {
        "title": anthology.title,
        "subtitle": anthology.subtitle,
        "slug": anthology.slug,
        "editors": anthology.editors,
        "language": anthology.language,
        "target_date": anthology.target_date or "",
        "trim_width": anthology.trim_width,
        "trim_height": anthology.trim_height,
        "bleed": anthology.bleed,
        "isbn": anthology.isbn,
        "paper": anthology.paper,
        "caliper": anthology.caliper or "",
        "cover_image": anthology.cover_image_id or "",
        "blurb": anthology.blurb,
        **fields,
    }
    if sections is None:
        sections = [
            {"id": s.pk, "title": s.title} for s in anthology.sections.order_by("sort_order")
        ]
    if entries is None:
        entries = [
            {"id": e.pk, "section": e.section_id or ""}
            for e in anthology.entries.order_by("sort_order", "pk")
        ]
    return {**book, **_formset("sections", sections), **_formset("entries", entries)}


def book_edit_url(anthology) -> str:
    return f"/admin/snippets/anthology/anthology/edit/{anthology.pk}/"
