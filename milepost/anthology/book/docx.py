"""The DOCX manuscript publishers edit: title page, contents, sections, stories with photos.
The notes variant adds each story's word count, limit, submission reference and permission."""

import os
from collections.abc import Iterator
from functools import partial

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.image.image import Image as DocxImage
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.shape import CT_Inline
from docx.parts.image import ImagePart
from docx.shared import Inches, Pt, RGBColor

from .files import atomic_path
from .images import photo_print_jpeg, photos_encoded
from .internals import paragraph_element
from .manuscript import MARGIN_IN, Entry, Manuscript, names_join, photo_print_size
from .progress import Progress, progress_counter, progress_ignored, progress_part

DRAFT_MARK = "DRAFT"


def manuscript_docx_write(
    manuscript: Manuscript,
    path: str | os.PathLike,
    notes=False,
    progress: Progress = progress_ignored,
) -> None:
    """Each story (its photos encoded as it comes) is most of the work; saving, the rest."""
    story_done = progress_counter(
        progress_part(progress, 0.0, 0.8), len(manuscript.entries), "Adding stories"
    )
    document = Document()
    _page_setup(document, manuscript)
    _styles_add(document)
    _properties_set(document, manuscript)
    writer = _Writer(document)
    _title_page_add(writer, manuscript)
    _contents_add(writer, manuscript)
    jpegs = photos_encoded(manuscript, partial(photo_print_jpeg, manuscript))
    for section in manuscript.sections:
        writer.paragraph(section.title, "Heading 1")
        for entry in section.entries:
            _entry_add(writer, manuscript, entry, jpegs, notes)
            story_done()
    progress(0.8, "Saving the DOCX")
    with atomic_path(path) as temporary:
        document.save(temporary)
    progress(1.0, "DOCX saved")


class _Writer:
    """Adds paragraphs and photos to the document's body. python-docx looks each style up by
    name, and hashes every image already in the document to compare with each new one; over
    hundreds of stories that takes minutes. Here each style is looked up once and each photo
    (every story has its own) goes straight into its own image part."""

    def __init__(self, document):
        self.document = document
        self.style_ids: dict[str, str] = {}
        self.photos = 0
        self.first_shape_id = 0

    def paragraph(self, text: str = "", style: str | None = None):
        paragraph = self.document.add_paragraph(text)
        if style:
            if style not in self.style_ids:
                self.style_ids[style] = self.document.styles[style].style_id
            paragraph_element(paragraph).style = self.style_ids[style]
        return paragraph

    def picture(self, jpeg: bytes, width: float) -> None:
        body = self.document.part
        self.first_shape_id = self.first_shape_id or body.next_id
        self.photos += 1
        image = DocxImage.from_blob(jpeg)
        part = ImagePart.from_image(image, PackURI(f"/word/media/photo{self.photos}.jpeg"))
        relationship = body.relate_to(part, RT.IMAGE)
        cx, cy = image.scaled_dimensions(Inches(width), None)
        shape_id = self.first_shape_id + self.photos
        inline = CT_Inline.new_pic_inline(shape_id, relationship, image.filename, cx, cy)
        self.paragraph().add_run().element.add_drawing(inline)


def _page_setup(document, manuscript: Manuscript) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = (Inches(side) for side in manuscript.trim)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(MARGIN_IN))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_add(footer)
    if manuscript.draft:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = header.add_run(f"{DRAFT_MARK} · not for print")
        run.bold = True
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xC0, 0x20, 0x20)


def _page_number_add(paragraph) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph_element(paragraph).append(field)


def _styles_add(document) -> None:
    styles = document.styles
    # Sections and stories each start on a new page.
    for name in ("Heading 1", "Heading 2"):
        styles[name].paragraph_format.page_break_before = True
    byline = styles.add_style("Byline", WD_STYLE_TYPE.PARAGRAPH)
    byline.base_style = styles["Normal"]
    byline.font.italic = True
    byline.paragraph_format.space_after = Pt(12)
    credit = styles.add_style("Photo Credit", WD_STYLE_TYPE.PARAGRAPH)
    credit.base_style = styles["Caption"]
    note = styles.add_style("Manuscript Note", WD_STYLE_TYPE.PARAGRAPH)
    note.base_style = styles["Normal"]
    note.font.size = Pt(9)
    note.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    for name, indent in (("Contents Section", 0), ("Contents Story", 0.3)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.paragraph_format.left_indent = Inches(indent)
        style.font.bold = indent == 0


def _properties_set(document, manuscript: Manuscript) -> None:
    properties = document.core_properties
    properties.title = manuscript.title
    properties.subject = manuscript.subtitle
    properties.author = "; ".join(manuscript.editors)
    properties.language = manuscript.language
    properties.identifier = manuscript.identifier
    properties.keywords = DRAFT_MARK if manuscript.draft else ""


def _title_page_add(writer: _Writer, manuscript: Manuscript) -> None:
    writer.paragraph(manuscript.title, "Title")
    if manuscript.subtitle:
        writer.paragraph(manuscript.subtitle, "Subtitle")
    if manuscript.editors:
        writer.paragraph("Edited by " + names_join(manuscript.editors))
    if manuscript.isbn:
        writer.paragraph(f"ISBN {manuscript.isbn}")
    if manuscript.target_date:
        writer.paragraph(f"Target date: {manuscript.target_date:%-d %B %Y}")
    writer.paragraph().add_run().add_break(WD_BREAK.PAGE)


def _contents_add(writer: _Writer, manuscript: Manuscript) -> None:
    """A written list rather than a TOC field: it reads right before Word updates any field."""
    writer.paragraph("Contents", "TOC Heading")
    for section in manuscript.sections:
        writer.paragraph(section.title, "Contents Section")
        for entry in section.entries:
            writer.paragraph(entry.title, "Contents Story")


def _entry_add(
    writer: _Writer, manuscript: Manuscript, entry: Entry, jpegs: Iterator[bytes], notes: bool
) -> None:
    writer.paragraph(entry.title, "Heading 2")
    writer.paragraph(entry.byline, "Byline")
    if notes:
        writer.paragraph(_notes_line(entry), "Manuscript Note")
    for paragraph in entry.paragraphs:
        writer.paragraph(paragraph)
    for photo in entry.photos:
        writer.picture(next(jpegs), photo_print_size(manuscript, photo)[0])
        if photo.caption:
            writer.paragraph(photo.caption, "Caption")
        if photo.credit:
            writer.paragraph(f"Photo: {photo.credit}", "Photo Credit")


def _notes_line(entry: Entry) -> str:
    limit = f" (limit {entry.word_limit})" if entry.word_limit else ""
    granted = f" {entry.permission_at:%Y-%m-%d}" if entry.permission_at else ""
    return (
        f"Words: {entry.word_count}{limit} · Submission: {entry.reference or 'none'} · "
        f"Permission: {entry.permission}{granted}"
    )
