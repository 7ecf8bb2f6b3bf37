"""Turns a book (`manuscript.Manuscript`) into files: DOCX, EPUB 3, print PDF, contributors' CSV
and the print-readiness report. Plain Python, no Django: the anthology app builds a Manuscript
from its models and calls these writers."""
