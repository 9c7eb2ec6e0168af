"""Certificates print every learner's name as typed, on exactly one A4 page.

Each sample is rendered once per module run, saved as PDF and PNG under
``test-artifacts/certificates/`` for a person to look at, and checked through
the text pypdf extracts.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pypdf
import pytest
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import LineBox

from course.certificates.fetcher import TemplateFolderFetcher
from course.certificates.render import (
    CertificateData,
    find_template_folder,
    render_certificate_html,
    render_certificate_pdf,
)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "certificates"

#: ``(artifact name, learner name, how to compare)``. ``exact`` needs the name,
#: character for character, in the extracted text (line breaks may stand where
#: the name wrapped). ``letters`` is for right-to-left names with ligatures: see
#: :func:`assert_letters_printed`.
SAMPLES = [
    ("punctuation", 'Siobhán O\'Brien & "Sons" <b>Ltd</b>', "exact"),
    ("accented-latin", "Zoë Ångström-Łukasiewicz Çağlayan", "exact"),
    ("vietnamese", "Nguyễn Thị Minh Khai", "exact"),
    ("greek", "Αλέξανδρος Παπαδόπουλος", "exact"),
    ("cyrillic", "Анна Ковалёва-Щербакова", "exact"),
    ("hebrew", "שרה כהן", "exact"),
    ("arabic", "محمد عبد الله", "letters"),
    ("arabic-lam-alef", "علاء سلامة", "letters"),
    ("chinese", "王小明", "exact"),
    ("japanese-supplementary", "𠮷野 太郎", "exact"),
    ("korean", "김민준", "exact"),
    (
        "long-two-lines",
        "Maria Alexandra Konstantinopoulou-Vanderbilt de la Fuente y "
        "Montgomery-Smythe of Little Snoring in the County of Norfolk",
        "exact",
    ),
    ("long-one-word", "Wolfeschlegelsteinhausenbergerdorff" * 4, "exact"),
    ("long-cjk", "山田花子" * 14, "exact"),
    ("longest", "Anne-Marie " * 30 + "Smith", "exact"),
]

MANY_UNITS = tuple(
    (f"U{number:02d}", f"Unit {number} on handling problems at work", "Level 3 Diploma")
    for number in range(1, 13)
)

LONG_NAME_TESTS = ("long-two-lines", "long-one-word", "long-cjk", "longest")
BASELINE_NAME = "Q"


def render_pdf_and_png(name: str, data: CertificateData) -> bytes:
    """Return the certificate PDF, saving it and a PNG of it as test artifacts."""
    pdf = render_certificate_pdf(data)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf_path = ARTIFACTS / f"{name}.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            "72",
            "-png",
            "-singlefile",
            pdf_path,
            pdf_path.with_suffix(""),
        ],
        check=True,
        timeout=60,
    )
    return pdf


def extract_page_texts(pdf: bytes) -> list[str]:
    """Return the text pypdf extracts from each page."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def find_tofu_characters(pdf: bytes) -> list[str]:
    """Return the characters drawn with a font's missing-glyph box (glyph 0).

    Text extraction cannot show tofu: WeasyPrint still maps the box back to the
    character. So read each font's character codes: those whose glyph is 0.
    """
    tofu = []
    for font in (
        pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
    ):
        font = font.get_object()
        to_unicode = read_cmap_pairs(font["/ToUnicode"].get_object().get_data())
        encoding = font["/Encoding"]
        if encoding == "/Identity-H":
            glyphs = {code: code for code in to_unicode}
        else:
            glyphs = read_cmap_pairs(encoding.get_object().get_data(), cid=True)
        for code, glyph in glyphs.items():
            if glyph == 0 and code in to_unicode:
                tofu.append(chr(to_unicode[code]))
    return tofu


def read_cmap_pairs(cmap: bytes, *, cid: bool = False) -> dict[int, int]:
    """Return the single-character pairs of a CMap: code to Unicode, or to glyph."""
    kind, target = ("cidchar", r"(\d+)") if cid else ("bfchar", r"<([0-9a-fA-F]+)>")
    text = cmap.decode("latin-1")
    sections = re.findall(rf"begin{kind}(.*?)end{kind}", text, flags=re.DOTALL)
    pairs = re.findall(r"<([0-9a-fA-F]{4})>\s+" + target, "".join(sections))
    return {int(code, 16): int(value, 10 if cid else 16) for code, value in pairs}


def pattern_allowing_line_breaks(name: str) -> re.Pattern[str]:
    """Return a pattern for ``name`` that allows a line break between any two letters.

    A space in the name may come out as any run of white space; between two other
    characters only a line break may appear, where the name wrapped.
    """
    parts = []
    for index, character in enumerate(name):
        if character.isspace():
            parts.append(r"\s+")
            continue
        if index and not name[index - 1].isspace():
            parts.append(r"\n?")
        parts.append(re.escape(character))
    return re.compile("".join(parts))


def assert_letters_printed(text: str, baseline_text: str, name: str) -> None:
    """Assert the page has exactly ``name``'s letters more than the baseline page.

    A PDF keeps right-to-left text in visual order, and a ligature glyph (lam-alef,
    the word Allah) maps back to several letters at once; pypdf's reordering of
    such runs is heuristic and may move the ligature's letters. So we compare the
    letters themselves: every letter of the name must be on the page, and nothing
    else may have changed against a certificate for a one-letter Latin name. A
    missing glyph (tofu) or a changed letter fails; only order is left to the
    PNG, which we look at.
    """
    page = Counter("".join(text.split()))
    baseline = Counter("".join(baseline_text.split()))

    assert page - baseline == Counter("".join(name.split()))
    assert baseline - page == Counter(BASELINE_NAME)


@pytest.fixture(scope="module")
def rendered(
    certificate_data_for: Callable[..., CertificateData],
) -> dict[str, bytes]:
    """Return each sample's certificate PDF, rendered once for the module."""
    if shutil.which("pdftoppm") is None:
        pytest.fail(
            "pdftoppm is missing: install poppler-utils (scripts/apt-packages.txt)"
        )
    pdfs = {"baseline": render_pdf_and_png("baseline", certificate_data_for("Q"))}
    for key, name, _ in SAMPLES:
        pdfs[key] = render_pdf_and_png(key, certificate_data_for(name))
    pdfs["many-units"] = render_pdf_and_png(
        "many-units", certificate_data_for("Priya Natarajan", units=MANY_UNITS)
    )
    return pdfs


@pytest.mark.parametrize(("key", "name", "mode"), SAMPLES, ids=[s[0] for s in SAMPLES])
def test_name_prints_as_typed_on_one_page(
    rendered: dict[str, bytes], key: str, name: str, mode: str
) -> None:
    pages = extract_page_texts(rendered[key])

    assert len(pages) == 1
    assert find_tofu_characters(rendered[key]) == []
    if mode == "exact":
        assert pattern_allowing_line_breaks(name).search(pages[0]), pages[0]
    else:
        [baseline] = extract_page_texts(rendered["baseline"])
        assert_letters_printed(pages[0], baseline, name)


def test_tofu_check_catches_a_character_no_font_draws(
    certificate_data_for: Callable[..., CertificateData],
) -> None:
    pdf = render_certificate_pdf(certificate_data_for("Ann\ue000e"))

    assert find_tofu_characters(pdf) == ["\ue000"]


@pytest.mark.parametrize("key", LONG_NAME_TESTS)
def test_long_name_shrinks_and_leaves_the_rest_in_place(
    rendered: dict[str, bytes], key: str
) -> None:
    [text] = extract_page_texts(rendered[key])

    for fixed in ("Certificate of Completion", "Issued on", "K7QM-3XPR-W9TD-H4NC"):
        assert fixed in text


def test_twelve_units_all_print_on_one_page(rendered: dict[str, bytes]) -> None:
    pages = extract_page_texts(rendered["many-units"])

    assert len(pages) == 1
    for code, title, _ in MANY_UNITS:
        assert f"{code} {title}" in pages[0]
    assert "Priya Natarajan" in pages[0]


def find_block_boxes(data: CertificateData) -> dict[str, list[Any]]:
    """Return the laid-out block boxes of the certificate, by their first CSS class."""
    folder = find_template_folder()
    document = HTML(
        string=render_certificate_html(data),
        base_url=folder.as_uri() + "/",
        url_fetcher=TemplateFolderFetcher(folder),
    ).render()
    assert len(document.pages) == 1
    boxes: dict[str, list[Any]] = {}
    for box in document.pages[0]._page_box.descendants():
        classes = (
            (box.element.get("class") or "").split() if box.element is not None else []
        )
        if classes and hasattr(box, "children"):
            boxes.setdefault(classes[0], []).append(box)
    return boxes


def bottom_of(box: Any) -> float:
    """Return the y of a box's bottom margin edge."""
    return box.position_y + box.margin_height()


def count_lines(box: Any) -> int:
    """Return how many lines of text ``box`` was laid out in."""
    return sum(isinstance(child, LineBox) for child in box.descendants())


def find_line_extent(box: Any) -> tuple[float, float]:
    """Return the top and bottom y of the lines of text inside ``box``."""
    lines = [child for child in box.descendants() if isinstance(child, LineBox)]
    assert lines, "no line of text was laid out"
    return min(line.position_y for line in lines), max(map(bottom_of, lines))


LAYOUT_CASES = [(key, name, ()) for key, name, _ in SAMPLES if key in LONG_NAME_TESTS]
LAYOUT_CASES.append(("many-units", "Priya Natarajan", MANY_UNITS))


@pytest.mark.parametrize(
    ("key", "name", "units"), LAYOUT_CASES, ids=[c[0] for c in LAYOUT_CASES]
)
def test_nothing_is_clipped_or_overlaps_the_footer(
    certificate_data_for: Callable[..., CertificateData],
    key: str,
    name: str,
    units: tuple,
) -> None:
    changes = {"units": units} if units else {}
    boxes = find_block_boxes(certificate_data_for(name, **changes))

    [name_box] = boxes["name-box"]
    [learner_name] = boxes["learner-name"][:1]
    [units_box] = boxes["units-box"]
    [footer] = boxes["signoff"]
    top, bottom = find_line_extent(learner_name)
    if key != "longest":
        assert count_lines(learner_name) <= 2
    assert name_box.content_box_y() - 0.5 <= top
    assert bottom <= name_box.content_box_y() + name_box.height + 0.5
    for table in boxes["units"]:
        assert bottom_of(table) <= units_box.content_box_y() + units_box.height + 0.5
    assert bottom_of(units_box) <= footer.position_y


def test_page_is_a4_landscape(rendered: dict[str, bytes]) -> None:
    page = pypdf.PdfReader(io.BytesIO(rendered["punctuation"])).pages[0]

    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (842, 595)


def test_metadata_is_set(rendered: dict[str, bytes]) -> None:
    metadata = pypdf.PdfReader(io.BytesIO(rendered["punctuation"])).metadata

    name = 'Siobhán O\'Brien & "Sons" <b>Ltd</b>'
    assert metadata.title == f"Certificate: Knowing when to escalate \u2014 {name}"
    assert metadata.author == "Your Training Provider"
    assert "K7QM-3XPR-W9TD-H4NC" in metadata.subject
    assert name in metadata.subject


# WeasyPrint 70 opens its sRGB profile for PDF/A (weasyprint/pdf/__init__.py) and
# never closes it; Python only warns. TODO: report upstream, none found yet.
@pytest.mark.filterwarnings("ignore:unclosed file.*sRGB2014.icc:ResourceWarning")
def test_archival_pdf_declares_pdf_a_3b(
    certificate_data_for: Callable[..., CertificateData],
) -> None:
    pdf = render_certificate_pdf(certificate_data_for("Анна Ковалёва"), archival=True)

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    xmp = reader.trailer["/Root"]["/Metadata"].get_data()
    assert b'pdfaid:part="3"' in xmp
    assert b'pdfaid:conformance="B"' in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    assert reader.metadata.title.endswith("Анна Ковалёва")
    assert "Анна Ковалёва" in reader.pages[0].extract_text()


def test_html_escapes_markup_once(
    certificate_data_for: Callable[..., CertificateData],
) -> None:
    html = render_certificate_html(certificate_data_for('<b>O\'Brien</b> & "Sons"'))

    assert "<b>O" not in html
    assert "&amp;amp;" not in html
    assert "&lt;b&gt;O&#39;Brien&lt;/b&gt; &amp; &#34;Sons&#34;" in html


def test_qr_code_is_inline_svg(
    certificate_data_for: Callable[..., CertificateData],
) -> None:
    html = render_certificate_html(certificate_data_for("Ann Lee"))

    assert re.search(r'<div class="qr"><svg [^>]*viewBox="0 0 \d+ \d+"', html)
    assert "data:" not in html


def test_qr_code_opens_the_verify_url(
    rendered: dict[str, bytes], tmp_path: Path
) -> None:
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg is missing: install zbar-tools (scripts/apt-packages.txt)")
    (tmp_path / "page.pdf").write_bytes(rendered["greek"])
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", "page.pdf", "page"],
        cwd=tmp_path,
        check=True,
        timeout=60,
    )

    decoded = subprocess.run(
        ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", "page.png"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert decoded.stdout.strip() == (
        "https://training.example.org/verify/K7QM-3XPR-W9TD-H4NC"
    )


def test_verify_url_is_printed(rendered: dict[str, bytes]) -> None:
    [text] = extract_page_texts(rendered["korean"])

    assert re.search(r"training\.example\.org/verify/K7QM-3XPR-W9TD-\s*H4NC", text)


def render_hostile_template(
    folder: Path, trap_url: str, data: CertificateData
) -> bytes:
    """Return a PDF rendered from ``folder`` after planting forbidden URLs in it."""
    css = folder / "certificate.css"
    css.write_text(
        f"@import url({trap_url}/import.css);\n"
        f"@font-face {{ font-family: Leak; src: url({trap_url}/font.woff2); }}\n"
        + css.read_text()
        + f"\nbody {{ background-image: url({trap_url}/bg.png); }}\n"
        ".heading { background: url(file:///etc/passwd); }\n"
        ".lead { background: url(../../../../../../etc/passwd); }\n"
        ".organisation { background: url(data:image/png;base64,iVBORw0KGgo=); }\n"
        ".signatory { background: url(%2e%2e/%2e%2e/etc/hostname); }\n"
    )
    page = folder / "certificate.html"
    page.write_text(
        page.read_text()
        .replace(
            "</head>",
            f'<link rel="stylesheet" href="{trap_url}/extra.css">\n'
            '<link rel="attachment" href="brand.json" title="brand">\n'
            '<link rel="attachment" href="file:///etc/passwd">\n</head>',
        )
        .replace(
            "</main>",
            f'<img src="{trap_url}/pixel.png"><img src="file:///etc/passwd">'
            '<a rel="attachment" href="logo.svg">logo</a></main>',
        )
    )
    return render_certificate_pdf(data, folder=folder)


def test_hostile_template_renders_without_fetching(
    template_copy: Path,
    request_trap: Any,
    certificate_data_for: Callable[..., CertificateData],
    caplog: pytest.LogCaptureFixture,
) -> None:
    name = "Siobhán O'Brien"

    pdf = render_hostile_template(
        template_copy, request_trap.url, certificate_data_for(name)
    )

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    assert name in reader.pages[0].extract_text()
    assert request_trap.paths == []
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    assert b"/EmbeddedFile" not in pdf
    assert b"root:" not in pdf
    refusals = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    for planted in (
        "/import.css",
        "/bg.png",
        "/extra.css",
        "/pixel.png",
        "/etc/passwd",
    ):
        assert any(planted in message for message in refusals), planted
    assert any("attachment refused" in message for message in refusals)
