"""What milepost.anthology.book.internals relies on in python-docx: an upgrade that changes it
fails here first."""

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from milepost.anthology.book.internals import paragraph_element


def test_a_style_set_by_id_and_a_field_added_on_the_element_are_saved(tmp_path):
    document = docx.Document()
    paragraph = document.add_paragraph("A section")
    heading = document.styles["Heading 1"]

    paragraph_element(paragraph).style = heading.style_id
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    paragraph_element(paragraph).append(field)
    document.save(tmp_path / "book.docx")

    saved = docx.Document(tmp_path / "book.docx")
    assert saved.paragraphs[-1].style.name == "Heading 1"
    assert saved.element.xpath("//w:p/w:fldSimple/@w:instr") == ["PAGE"]
