"""PDFs that are not reports, or are built to hurt: scanned, encrypted, damaged, a huge page count,
deep nesting, decompression bombs. Each gets a Chinese message, within 10 s and 500 MB (measured in
a fresh process, so the peak memory is this file's alone)."""

from __future__ import annotations

import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from gov_report_desktop.documents.importing import ReportImportError, import_report
from gov_report_desktop.documents.importing.pdf_reader import SCANNED_MESSAGE
from gov_report_desktop.ui.selftest import minimal_pdf
from tests.conftest import ROOT

TIME_LIMIT_S = 10.0
MEMORY_LIMIT_MB = 500.0


def stream(data: bytes, dictionary: bytes = b"", compress: bool = True) -> bytes:
    body = zlib.compress(data, 9) if compress else data
    flate = b"/Filter /FlateDecode " if compress else b""
    return b"<< %s%s/Length %d >>\nstream\n" % (dictionary, flate, len(body)) + body + b"\nendstream"


def one_page(contents: bytes, resources: bytes = b"<< >>", extra: list[bytes] | None = None) -> bytes:
    return minimal_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources %s >>" % resources,
            contents,
            *(extra or []),
        ]
    )


def scanned_pdf() -> bytes:
    pixels = bytes((x * y) % 256 for y in range(200) for x in range(150))
    image = stream(
        pixels, b"/Type /XObject /Subtype /Image /Width 150 /Height 200 /ColorSpace /DeviceGray /BitsPerComponent 8 "
    )
    return one_page(stream(b"q 450 0 0 600 70 120 cm /Im1 Do Q"), b"<< /XObject << /Im1 5 0 R >> >>", [image])


def encrypted_pdf() -> bytes:
    """Standard security handler whose empty user password does not open it: a password is needed."""
    encrypt = b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <%s> /U <%s> >>" % (b"11" * 32, b"22" * 32)
    body = one_page(stream(b"BT ET"), extra=[encrypt])
    return body.replace(
        b"/Root 1 0 R",
        b"/Root 1 0 R /Encrypt 5 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]",
    )


def many_pages_pdf(count: int) -> bytes:
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(count))
    pages = [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 3 0 R >>"] * count
    return minimal_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            stream(b""),
            *pages,
        ]
    )


def deep_pages_pdf(depth: int) -> bytes:
    """Page-tree nodes nested `depth` deep, one page at the bottom."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        objects.append(b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % (3 + level))
    objects.append(b"<< /Type /Page /MediaBox [0 0 595 842] >>")
    return minimal_pdf(objects)


def deep_arrays_pdf(depth: int) -> bytes:
    nested = b"[" * depth + b"]" * depth
    return one_page(stream(b"BT ET"), b"<< /Deep %s >>" % nested)


def bomb_pdf(megabytes: int, font: bool = False) -> bytes:
    """A stream that inflates to `megabytes` of spaces (a few hundred KB on disk): the page content,
    or a font program (fonts may be larger than page content, but not without limit)."""
    inflater = zlib.compressobj(9)
    chunk = b" " * (1024 * 1024)
    body = b"".join(inflater.compress(chunk) for _ in range(megabytes)) + inflater.flush()
    header = b"/Length1 %d " % (megabytes * 1024 * 1024) if font else b""
    bomb = b"<< %s/Filter /FlateDecode /Length %d >>\nstream\n" % (header, len(body)) + body + b"\nendstream"
    if not font:
        return one_page(bomb)
    return one_page(
        stream(b"BT ET"), b"<< /Font << /F1 6 0 R >> >>", [bomb, b"<< /Type /FontDescriptor /FontFile2 5 0 R >>"]
    )


def text_flood_pdf(count: int) -> bytes:
    """One page with `count` tiny characters: more text than any report, each a Python object to build."""
    # PDFium keeps at most 32 767 characters of one text object, and drops text drawn over itself.
    text = b"".join(b"BT /F1 1 Tf 0 %d Td (%s) Tj ET\n" % (2 * i, b"A" * 20_000) for i in range(count // 20_000))
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    return one_page(stream(text), b"<< /Font << /F1 5 0 R >> >>", [font])


def form_flood_pdf() -> bytes:
    """A form of 1 000 images drawn 100 times: small on disk, 100 000 objects to visit."""
    form = stream(
        b"q /Im1 Do Q\n" * 1_000,
        b"/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /Im1 6 0 R >> >> ",
    )
    image = stream(
        b"\x00", b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8 "
    )
    return one_page(stream(b"/Fm1 Do\n" * 100), b"<< /XObject << /Fm1 5 0 R >> >>", [form, image])


HOSTILE = {
    "scanned": (scanned_pdf, SCANNED_MESSAGE),
    "encrypted": (encrypted_pdf, "已加密"),
    "truncated": (lambda: scanned_pdf()[:300], "无法读取PDF"),
    "garbage": (lambda: b"%PDF-1.4\n" + bytes(range(256)) * 400, "无法读取PDF"),
    "not-a-pdf": (lambda: b"<html><body>\xe5\xb9\xb4\xe6\x8a\xa5</body></html>", "不是PDF文件"),
    "many-pages": (lambda: many_pages_pdf(20_000), "超过上限"),
    "lying-page-count": (
        lambda: minimal_pdf(
            [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 999999999 >>"]
        ),
        "",
    ),
    "deep-page-tree": (lambda: deep_pages_pdf(5_000), ""),
    "deep-arrays": (lambda: deep_arrays_pdf(200_000), "没有可读取的文字"),
    "bomb": (lambda: bomb_pdf(1024), "压缩炸弹"),
    "font-bomb": (lambda: bomb_pdf(2048, font=True), "超过 96 MB"),
    "text-flood": (lambda: text_flood_pdf(400_000), "文字超过"),
    "path-flood": (lambda: one_page(stream(b"10 10 m 500 700 l 20 30 l " * 30_000 + b"S")), "过多的线条"),
    "form-flood": (lambda: form_flood_pdf(), "过多的图形对象"),
}


def _measure(path: Path) -> dict[str, object]:
    script = (
        "import json, resource, sys, time\n"
        "from pathlib import Path\n"
        "from gov_report_desktop.documents.importing import ReportImportError, import_report\n"
        "start = time.perf_counter()\n"
        "try:\n"
        "    import_report(Path(sys.argv[1])); message = ''\n"
        "except ReportImportError as error:\n"
        "    message = str(error)\n"
        "elapsed = time.perf_counter() - start\n"
        "peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "print(json.dumps({'message': message, 'seconds': elapsed, 'peak_mb': peak}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(sys.platform != "linux", reason="peak memory is read from getrusage (Linux: KB)")
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_pdf_gets_a_chinese_message_in_time_and_memory(name: str, tmp_path: Path) -> None:
    make, expected = HOSTILE[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(make())
    measured = _measure(path)
    message = str(measured["message"])
    assert message, "a hostile PDF must be refused, not imported"
    assert expected in message
    assert any("\u4e00" <= ch <= "\u9fff" for ch in message)
    assert "Traceback" not in message
    assert float(measured["seconds"]) < TIME_LIMIT_S, measured  # type: ignore[arg-type]
    assert float(measured["peak_mb"]) < MEMORY_LIMIT_MB, measured  # type: ignore[arg-type]


def test_scanned_pdf_message_is_the_agreed_one(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    path.write_bytes(scanned_pdf())
    with pytest.raises(ReportImportError) as raised:
        import_report(path)
    assert str(raised.value) == f"无法导入「扫描件.pdf」：{SCANNED_MESSAGE}。"


def test_image_inside_the_bomb_budget_is_not_inflated(tmp_path: Path) -> None:
    """Images are never decoded to read text, so a big (or bomb) image is judged by its page: scanned."""
    pixels = b"\x00" * (150 * 1024 * 1024)
    image = stream(
        pixels,
        b"/Type /XObject /Subtype /Image /Width 10240 /Height 15360 /ColorSpace /DeviceGray /BitsPerComponent 8 ",
    )
    path = tmp_path / "big-image.pdf"
    path.write_bytes(
        one_page(stream(b"q 450 0 0 600 70 120 cm /Im1 Do Q"), b"<< /XObject << /Im1 5 0 R >> >>", [image])
    )
    measured = _measure(path)
    assert SCANNED_MESSAGE in str(measured["message"])
    assert float(measured["peak_mb"]) < MEMORY_LIMIT_MB, measured  # type: ignore[arg-type]


def test_a_scanned_page_inside_a_text_pdf_is_reported_by_page(tmp_path: Path) -> None:
    from gov_report_desktop.documents.importing.pdf_reader import PdfNote, read_pdf
    from gov_report_desktop.documents.importing.tables import Grid
    from gov_report_desktop.ui.selftest import sample_pdf

    text_page = sample_pdf()
    scan = scanned_pdf()
    # Page 1 of the self-test sample (text and a table), page 2 the scanned page: one file, two pages.
    content_text = text_page[text_page.index(b"4 0 obj\n") + 8 : text_page.index(b"\nendobj\n5 0 obj")]
    content_scan = scan[scan.index(b"4 0 obj\n") + 8 : scan.index(b"\nendobj\n5 0 obj")]
    image = scan[scan.index(b"5 0 obj\n") + 8 : scan.rindex(b"\nendobj\n")]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 5 0 R /Resources << /Font << /F1 7 0 R >> >> >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R /Resources << /XObject << /Im1 8 0 R >> >> >>",
        content_text,
        content_scan,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        image,
    ]
    path = tmp_path / "mixed.pdf"
    path.write_bytes(minimal_pdf(objects))
    notes: list[PdfNote] = []
    blocks = read_pdf(path, notes)
    assert [note.where for note in notes] == ["第2页"]
    assert "扫描图像" in notes[0].message
    assert any(isinstance(block, Grid) for block in blocks)
