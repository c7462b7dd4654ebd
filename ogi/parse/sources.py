"""Read a raw report file into plain text and the sequence of its table cells.

Each format has one reader. Every reader returns the same `SourceText`: the report's prose as
lines (for its identity and narrative figures) and its table cells, in reading order, as
`Token`s carrying where they were found. The table interpreter works on tokens only, so a
Word-exported HTML table, a flattened text table and a DOCX table are read by one mechanism.
"""

from __future__ import annotations

import codecs
import io
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from ogi.normalize import (
    collapse_spaces,
    collapse_spaces_each,
    halfwidth_lines,
    read_value,
    to_simplified,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from selectolax.lexbor import LexborNode

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


class Token(NamedTuple):  # immutable, and cheaper to make than a frozen dataclass
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

    @cached_property
    def plain_lines(self) -> list[str]:
        """The lines NFKC-normalised (`halfwidth`), once for every stage that reads them."""
        return halfwidth_lines(self.lines)

    def paragraphs(self) -> tuple[str, list[str]]:
        """Prose to search for narrative figures, NFKC-normalised, in pieces, and what a piece
        is ('line' or 'page': piece i is found at {unit: i + 1}).

        A PDF's lines are visual wraps, so each page is one piece with its lines joined;
        other formats keep their own lines.
        """
        if self.media_type == PDF and self.page_lines:
            return "page", halfwidth_lines(["".join(lines) for lines in self.page_lines])
        return "line", self.plain_lines


def read_source(data: bytes, media_type: str) -> SourceText:
    readers = {HTML: read_html, TEXT: read_text, PDF: read_pdf, DOCX: read_docx}
    return readers[media_type](data)


def decode_text(data: bytes, simplified: bool = True) -> str:
    """UTF-8 (with or without BOM), else GB18030, the encodings Chinese government sites use;
    traditional characters become simplified so that one set of labels reads every report
    (`simplified=False` leaves that to the caller: the HTML reader converts only the text it
    reads from the page)."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return to_simplified(text) if simplified else text
    raise UnreadableSource("bad_encoding", "the file is neither UTF-8 nor GB18030 text")


# --- plain text -------------------------------------------------------------------------------

_BLANK_CELL = re.compile(r"^[ \t\u3000]+[|｜]\s*$")
_HEADER_TITLE = re.compile(r"^\s*标题\s*[:：]\s*(.+?)\s*$")
_PIPE = re.compile(r"[|｜]")


def read_text(data: bytes) -> SourceText:
    """Plain text; table cells are the pieces of lines that contain `|` (flattened tables)."""
    text = decode_text(data)
    raw_lines = text.splitlines()
    lines = collapse_spaces_each(raw_lines)
    title = next(
        (match.group(1) for line in raw_lines[:5] if (match := _HEADER_TITLE.match(line))), None
    )
    # A cell is its piece of the collapsed line, stripped (pipes are not whitespace), unless the
    # text has the two characters collapse_spaces alone counts as whitespace (str.strip does not).
    plain = "\u200b" not in text and "\ufeff" not in text
    clean = str.strip if plain else collapse_spaces
    tokens: list[Token] = []
    for number, line in enumerate(lines if plain else raw_lines, start=1):
        if "|" in line:
            if plain and line.endswith(" |") and line.count("|") == 1 and "｜" not in line:
                # One cell to a line ("22 |"), most of a flattened table: the collapsed line
                # without its pipe is the cell (the general case below gives the same).
                tokens.append(Token(line[:-2], {"line": number}))
                continue
            pieces = _PIPE.split(line) if "｜" in line else line.split("|")
        elif "｜" in line:
            pieces = _PIPE.split(line)
        else:
            continue
        if not "".join(pieces).strip():  # nothing but pipes and whitespace
            if _BLANK_CELL.match(raw_lines[number - 1]):
                tokens.append(Token("", {"line": number}))  # an empty cell flattened: " |"
            continue  # row separators and colspan padding ("|", "||", "|||"), not cells
        if pieces and pieces[0].strip() == "":
            pieces = pieces[1:]
        if pieces and pieces[-1].strip() == "":
            pieces = pieces[:-1]
        for piece in pieces:
            tokens.append(Token(clean(piece), {"line": number}))
    return SourceText(TEXT, lines, tokens, title)


# --- HTML -------------------------------------------------------------------------------------

# Elements that end a line of prose where they start and where they end. Every other element in
# the body (span, font, b, a, Word's o:p and smart tags such as st1:chsdate …) only wraps text
# that runs on with the text around it: it is unwrapped before the text is read, so that a line
# is one text node. (A test of each tag name in Python is quicker than lexbor's matching of a
# selector list this long.)
_LINE_BREAKING_TAGS = (
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd",
    "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe",
    "legend", "li", "main", "menu", "nav", "ol", "option", "p", "pre", "section", "select",
    "summary", "table", "tbody", "td", "textarea", "tfoot", "th", "thead", "tr", "ul",
)


def _tag_ids(tags: tuple[str, ...]) -> frozenset[int]:
    """lexbor's ids of these tags: an element's id is quicker to get than its name."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser("")
    return frozenset(tree.create_node(tag).tag_id for tag in tags)


@lru_cache(maxsize=1)
def _line_breaking_tag_ids() -> frozenset[int]:
    return _tag_ids(_LINE_BREAKING_TAGS)


@lru_cache(maxsize=1)
def _cell_tag_ids() -> frozenset[int]:
    return _tag_ids(("td", "th"))

_LINE_END = "\x1e"  # between text nodes; whitespace to str.split, so a cell's text collapses it


def _innermost_tables(body: LexborNode) -> list[LexborNode]:
    """The tables that hold no table: a layout table around the report's tables is not one.
    (A node's `css` matches the node itself and sees its ancestors, so the containing tables
    are found from the tables inside them.)"""
    tables = body.css("table")
    containing = set()
    for inner in body.css("table table"):
        node = inner.parent
        while node is not None and node.tag != "table":
            node = node.parent
        if node is not None:
            containing.add(node.mem_id)
    return [table for table in tables if table.mem_id not in containing]


def _table_cells(table: LexborNode) -> Iterator[tuple[LexborNode, int, int]]:
    """(cell, row index, index in the row) of each td/th, row by row: the HTML parser makes
    every cell a child of its row."""
    cell_tags = _cell_tag_ids()
    for row_index, row in enumerate(table.css("tr")):
        cell_index = 0
        for child in row.iter():
            if child.tag_id in cell_tags:
                yield child, row_index, cell_index
                cell_index += 1


def read_html(data: bytes) -> SourceText:
    """The page's text, a line per run of text between line-breaking elements; the cells of its
    innermost tables.

    lexbor reads the bytes as UTF-8; a page that is not (GB18030, the other encoding government
    sites use) shows replacement characters in its text and is read again decoded. Only the
    text read from the page is converted to simplified characters, not the markup around it:
    a tenth of the characters.
    """
    source = _read_html(data.removeprefix(codecs.BOM_UTF8))
    if "\ufffd" in source.text or "\ufffd" in (source.title or ""):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _read_html(decode_text(data, simplified=False).encode("utf-8"))
    return source


def _read_html(data: bytes) -> SourceText:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(data)
    tree.strip_tags(["script", "style", "noscript"], recursive=True)
    title = None
    head = tree.head
    meta = head.css_first('meta[name="ArticleTitle"]') if head is not None else None
    if meta is not None and meta.attributes.get("content"):
        title = collapse_spaces(to_simplified(meta.attributes["content"]))
    elif head is not None and (title_node := head.css_first("title")) is not None:
        title = collapse_spaces(to_simplified(title_node.text())).split("_")[0] or None

    body = tree.body or tree.root
    if body is None:
        return SourceText(HTML, [], [], title)
    line_breaking = _line_breaking_tag_ids()
    for node in body.css("*"):
        if node.tag_id not in line_breaking:
            node.unwrap(delete_empty=True)  # an empty one (Word's <o:p></o:p>) too
    tree.merge_text_nodes()

    cells: list[str] = []
    locs: list[dict[str, int]] = []
    leaf_tables = _innermost_tables(body)
    for table_index, table in enumerate(leaf_tables):
        for cell, row_index, cell_index in _table_cells(table):
            cells.append(cell.text(separator=_LINE_END))
            locs.append(
                {"table_index": table_index, "row_index": row_index, "cell_index": cell_index}
            )
    cells = collapse_spaces_each(cells)
    raw_text = body.text(separator=_LINE_END, skip_empty=True)
    lines = [line for line in collapse_spaces_each(raw_text.split(_LINE_END)) if line]
    # One conversion for every cell and line: none holds a line break, and OpenCC keeps them.
    converted = to_simplified("\n".join(cells + lines)).split("\n") if cells or lines else []
    tokens = [Token(text, loc) for text, loc in zip(converted, locs)]
    return SourceText(HTML, converted[len(cells) :], tokens, title)


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
