"""The report as an editable Word document, made from the report's own HTML.

Ministries finish publications in their own tools: the DOCX carries the same
headings, paragraphs, tables and quotes (as block quotes) as the HTML it is read
from, so the two cannot drift apart. Charts are left out; their tables are kept.
"""

import io
from html.parser import HTMLParser

from docx import Document
from docx.document import Document as DocumentObject
from docx.shared import Pt

HEADINGS = {"h1": 0, "h2": 1, "h3": 2, "h4": 3, "h5": 4}
BLOCKS = {"p", "li", "figcaption", "caption", *HEADINGS}


class _Reader(HTMLParser):
    """Walks the report's HTML and writes each block into a python-docx document."""

    def __init__(self, document: DocumentObject) -> None:
        super().__init__(convert_charrefs=True)
        self.document = document
        self.text: list[str] = []
        self.block: str | None = None
        self.skip = 0  # inside <svg>, <head> or <style>: nothing to write
        self.quote = 0
        self.rows: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.header_rows = 0
        self.in_thead = False
        self.headings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("svg", "head", "style", "script"):
            self.skip += 1
        elif self.skip:
            return
        elif tag == "blockquote":
            self.quote += 1
            self.block, self.text = "quote", []
        elif tag == "table":
            self.rows, self.header_rows = [], 0
        elif tag == "thead":
            self.in_thead = True
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
            if self.in_thead:
                self.header_rows += 1
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = []
        elif tag == "caption" and self.rows is not None:
            self.block, self.text = "caption", []
        elif tag in BLOCKS and not self.quote:
            self.block, self.text = tag, []
        elif tag == "br":
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("svg", "head", "style", "script"):
            self.skip -= 1
            return
        if self.skip:
            return
        if tag == "blockquote":
            self.quote -= 1
            self._flush("quote")
        elif tag == "thead":
            self.in_thead = False
        elif tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "caption" and self.rows is not None:
            self._flush("caption")
        elif tag == "table" and self.rows is not None:
            self._table(self.rows, self.header_rows)
            self.rows = None
        elif tag in BLOCKS and not self.quote and self.block == tag:
            self._flush(tag)
        elif tag == "p" and self.quote:
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.block is not None:
            self.text.append(data)

    def _flush(self, kind: str) -> None:
        text = (
            " ".join("".join(self.text).split()) if kind != "quote" else "".join(self.text).strip()
        )
        self.block, self.text = None, []
        if not text:
            return
        if kind in HEADINGS:
            self.document.add_heading(text, level=HEADINGS[kind])
            self.headings.append(text)
        elif kind == "quote":
            self.document.add_paragraph(text, style="Intense Quote")
        elif kind == "caption":
            self.document.add_paragraph(text, style="Caption")
        elif kind == "li":
            self.document.add_paragraph(text, style="List Bullet")
        elif kind == "figcaption":
            self.document.add_paragraph(text).runs[0].italic = True
        else:
            self.document.add_paragraph(text)

    def _table(self, rows: list[list[str]], header_rows: int) -> None:
        rows = [row for row in rows if row]
        if not rows:
            return
        width = max(len(row) for row in rows)
        table = self.document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                cell = table.cell(r, c)
                cell.text = value
                if r < header_rows:
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
        self.document.add_paragraph()


def report_docx(html: str, *, title: str, language: str) -> bytes:
    """The DOCX of one language's report HTML, with its title and language set."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = {"en": "en-CA", "fr": "fr-CA"}.get(language, language)
    document.styles["Normal"].font.name = "Noto Sans"
    document.styles["Normal"].font.size = Pt(11)
    reader = _Reader(document)
    reader.feed(html)
    reader.close()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
