"""Inputs that are not reports, or cannot be read, are rejected with a reason that names it."""

import pypdfium2 as pdfium

from ogi.parse import Rejection, parse_report


def _blank_pdf(pages: int) -> bytes:
    import io

    document = pdfium.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_pdf_without_a_text_layer_is_rejected_as_needing_ocr():
    outcome = parse_report(_blank_pdf(2), "scan.pdf")
    assert isinstance(outcome, Rejection)
    assert outcome.reason_code == "no_text_layer"
    assert "2 page(s)" in outcome.reason and "OCR" in outcome.reason


def test_a_corrupt_pdf_and_an_unknown_file_type_are_rejected_with_their_reason():
    corrupt = parse_report(b"%PDF-1.7 this is not a pdf", "broken.pdf")
    assert isinstance(corrupt, Rejection) and corrupt.reason_code == "corrupt_file"
    other = parse_report(b"data", "report.xls")
    assert isinstance(other, Rejection) and other.reason_code == "unsupported_file_type"
    assert "'.xls'" in other.reason


def test_a_letter_that_is_not_an_annual_report_is_rejected(corpus_dir):
    path = corpus_dir / "pingtan/2014-not-a-report-letter/page.txt"
    outcome = parse_report(path.read_bytes(), "letter.txt")
    assert isinstance(outcome, Rejection) and outcome.reason_code == "not_an_annual_report"
