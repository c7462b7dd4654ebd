"""Read a raw report file into plain text and the sequence of its table cells.

Each format has one reader. Every reader returns the same `SourceText`: the report's prose as
lines (for its identity and narrative figures) and its table cells, in reading order, as
`Token`s carrying where they were found. The table interpreter works on tokens only, so a
Word-exported HTML table, a flattened text table and a DOCX table are read by one mechanism.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from ogi.normalize import collapse_spaces, read_value, to_simplified

HTML = "text/html"
TEXT = "text/plain"
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

MEDIA_TYPES = {
    ".html": HTML,
    ".htm": HTML,
    ".shtml": HTML,
    ".txt": TEXT,
    ".text": TEXT,
    ".pdf": PDF,
    ".docx": DOCX,
}


class UnreadableSource(Exception):
    """The file cannot be read as its format (bad encoding, corrupt PDF, no text layer ...)."""

    def __init__(self, reason_code: str, reason: str):
        super().__init__(reason)
        self.reason_code = reason_code
        self.reason = reason


@dataclass(frozen=True)
class Token:
    text: str
    loc: dict[str, int]


@dataclass
class SourceText:
    media_type: str
    lines: list[str]
    tokens: list[Token] = field(default_factory=list)
    title: str | None = None
    page_lines: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def paragraphs(self) -> list[tuple[str, dict[str, int]]]:
        """Prose to search for narrative figures, with where each piece is.

        A PDF's lines are visual wraps, so each page is one piece with its lines joined;
        other formats keep their own lines.
        """
        if self.media_type == PDF and self.page_lines:
            return [
                ("".join(lines), {"page": page})
                for page, lines in enumerate(self.page_lines, start=1)
            ]
        return [(line, {"line": number}) for number, line in enumerate(self.lines, start=1)]


def read_source(data: bytes, media_type: str) -> SourceText:
    readers = {HTML: read_html, TEXT: read_text, PDF: read_pdf, DOCX: read_docx}
    return readers[media_type](data)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030, the encodings Chinese government sites use;
    traditional characters become simplified so that one set of labels reads every report."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return to_simplified(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise UnreadableSource("bad_encoding", "the file is neither UTF-8 nor GB18030 text")


# --- plain text -------------------------------------------------------------------------------

_PIPES_ONLY = re.compile(r"^[\s|｜]*$")
_BLANK_CELL = re.compile(r"^[ \t\u3000]+[|｜]\s*$")
_HEADER_TITLE = re.compile(r"^\s*标题\s*[:：]\s*(.+?)\s*$")


def read_text(data: bytes) -> SourceText:
    """Plain text; table cells are the pieces of lines that contain `|` (flattened tables)."""
    text = decode_text(data)
    lines = text.splitlines()
    tokens: list[Token] = []
    title = None
    for number, line in enumerate(lines, start=1):
        if title is None and number <= 5 and (match := _HEADER_TITLE.match(line)):
            title = match.group(1)
        if "|" not in line and "｜" not in line:
            continue
        if _BLANK_CELL.match(line):
            tokens.append(Token("", {"line": number}))  # an empty cell flattened: " |"
            continue
        if _PIPES_ONLY.match(line):
            continue  # row separators and colspan padding ("|", "||", "|||"), not cells
        pieces = re.split(r"[|｜]", line)
        if pieces and pieces[0].strip() == "":
            pieces = pieces[1:]
        if pieces and pieces[-1].strip() == "":
            pieces = pieces[:-1]
        for piece in pieces:
            tokens.append(Token(collapse_spaces(piece), {"line": number}))
    return SourceText(TEXT, [collapse_spaces(line) for line in lines], tokens, title)


# --- HTML -------------------------------------------------------------------------------------

_BREAK = "\x1e"
_BLOCK_END = re.compile(r"(?i)(<br\s*/?>|</(?:p|div|tr|td|th|h[1-6]|li|table|section|article)\s*>)")


def read_html(data: bytes) -> SourceText:
    from selectolax.lexbor import LexborHTMLParser

    html = decode_text(data)
    # Mark block ends so prose keeps its line structure; source line wraps inside a block
    # (Word wraps its HTML at ~80 columns) are only whitespace.
    tree = LexborHTMLParser(_BLOCK_END.sub(lambda m: m.group(0) + _BREAK, html))
    for node in tree.css("script, style, noscript"):
        node.decompose()
    title = None
    meta = tree.css_first('meta[name="ArticleTitle"]')
    if meta is not None and meta.attributes.get("content"):
        title = collapse_spaces(meta.attributes["content"])
    elif (title_node := tree.css_first("title")) is not None:
        title = collapse_spaces(title_node.text()).split("_")[0] or None

    tokens: list[Token] = []
    leaf_tables = [
        table for table in tree.css("table") if not table.css("table table, tbody table")
    ]
    for table_index, table in enumerate(leaf_tables):
        for row_index, row in enumerate(table.css("tr")):
            for cell_index, cell in enumerate(row.css("td, th")):
                tokens.append(
                    Token(
                        collapse_spaces(cell.text().replace(_BREAK, " ")),
                        {
                            "table_index": table_index,
                            "row_index": row_index,
                            "cell_index": cell_index,
                        },
                    )
                )
    body = tree.body or tree.root
    raw_text = body.text(separator="") if body is not None else ""
    lines = [collapse_spaces(part) for part in raw_text.split(_BREAK)]
    return SourceText(HTML, [line for line in lines if line], tokens, title)


# --- DOCX -------------------------------------------------------------------------------------


def read_docx(data: bytes) -> SourceText:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several types for a broken package
        raise UnreadableSource("corrupt_file", f"not a readable DOCX file ({error})") from error
    lines = [collapse_spaces(to_simplified(paragraph.text)) for paragraph in document.paragraphs]
    tokens: list[Token] = []
    for table_index, table in enumerate(document.tables):
        seen = set()
        for row_index, row in enumerate(table.rows):
            for cell_index, cell in enumerate(row.cells):
                if cell._tc in seen:  # a merged cell repeats in every grid place it spans
                    continue
                seen.add(cell._tc)  # holding the element keeps its identity stable
                tokens.append(
                    Token(
                        collapse_spaces(to_simplified(cell.text)),
                        {
                            "table_index": table_index,
                            "row_index": row_index,
                            "cell_index": cell_index,
                        },
                    )
                )
    title = next((line for line in lines if line), None)
    return SourceText(DOCX, [line for line in lines if line], tokens, title)


# --- PDF --------------------------------------------------------------------------------------


def _line_tokens(line: str, loc: dict[str, int]) -> list[Token]:
    """A table row printed as a line: its leading text is one label, each trailing figure a cell.

    `4.无正当理由大量反复 申请 0 0 0 0 0 0 0` → the label `4.无正当理由大量反复申请` and seven
    figures; a line with no trailing figures (prose, a header, a wrapped label) is one token.
    """
    pieces = line.split(" ")
    first_figure = len(pieces)
    while first_figure > 0 and read_value(pieces[first_figure - 1]).is_figure_like:
        first_figure -= 1
    label = "".join(pieces[:first_figure])
    tokens = [Token(label, loc)] if label else []
    return tokens + [Token(piece, loc) for piece in pieces[first_figure:]]


def read_pdf(data: bytes) -> SourceText:
    """Text layer of every page, read line by line (see `_line_tokens`)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise UnreadableSource("corrupt_file", f"not a readable PDF file ({error})") from error
    lines: list[str] = []
    page_lines: list[list[str]] = []
    tokens: list[Token] = []
    try:
        page_count = len(pdf)
        for page_number in range(1, page_count + 1):
            page = pdf[page_number - 1]
            text_page = page.get_textpage()
            text = to_simplified(text_page.get_text_range())
            text_page.close()
            page.close()
            page_lines.append([])
            for line in text.splitlines():
                line = collapse_spaces(line)
                if line:
                    lines.append(line)
                    page_lines[-1].append(line)
                    tokens.extend(_line_tokens(line, {"page": page_number}))
    finally:
        pdf.close()
    if not any(lines):
        raise UnreadableSource(
            "no_text_layer", f"the PDF's {page_count} page(s) have no text layer (a scan needs OCR)"
        )
    return SourceText(PDF, lines, tokens, None, page_lines)
