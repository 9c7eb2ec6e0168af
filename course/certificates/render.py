"""Render an issued certificate to HTML and to PDF with WeasyPrint.

The template, style sheet, logo and ``brand.json`` live in the ``certificates/``
folder at the repository root, where a trainer can rebrand them. WeasyPrint
reads nothing but that folder (see :mod:`course.certificates.fetcher`).
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import segno
from markupsafe import Markup
from weasyprint import HTML

from course.certificates.fetcher import TemplateFolderFetcher

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "certificate.html"
BRAND_FILE = "brand.json"
ARCHIVAL_VARIANT = "pdf/a-3b"

#: Name size classes in certificate.css, by the widest name (in width units,
#: where a full-width CJK character counts two) that still fits at that size:
#: one line down to ``name-m``, two lines from ``name-s`` on.
NAME_SIZES = (
    (30, "name-xl"),
    (40, "name-l"),
    (52, "name-m"),
    (110, "name-s"),
    (140, "name-xs"),
)
SMALLEST_NAME_SIZE = "name-xxs"

#: Units beyond this many are set in two columns, in the smaller size class.
UNITS_IN_ONE_COLUMN = 6

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip

COLOUR_PATTERN = re.compile(r"#[0-9a-fA-F]{3}(?:[0-9a-fA-F]{3})?")
FILE_NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class BrandError(ValueError):
    """``brand.json`` in the template folder is missing a value or has a bad one."""


@dataclass(frozen=True)
class CertificateData:
    """Everything printed on one certificate, already in the learner's terms."""

    learner_name: str
    course_title: str
    #: ``(code, title, qualification)`` for each unit of the course.
    units: tuple[tuple[str, str, str], ...]
    #: The issue date, already converted to the learner's time zone.
    issued_on: datetime.date
    signatory_name: str
    signatory_role: str
    code: str
    verify_url: str


def find_template_folder() -> Path:
    """Return the ``certificates/`` template folder at the repository root."""
    # TODO: the folder sits outside the package, so only source and editable
    # installs find it; a wheel would need it as package data.
    return Path(__file__).resolve().parents[2] / "certificates"


def render_certificate_html(
    data: CertificateData, *, folder: Path | None = None
) -> str:
    """Return the certificate for ``data`` as an HTML document."""
    folder = folder or find_template_folder()
    template = load_template_environment(folder).get_template(TEMPLATE_NAME)
    return template.render(build_template_context(data, load_brand(folder)))


def render_certificate_pdf(
    data: CertificateData, *, archival: bool = False, folder: Path | None = None
) -> bytes:
    """Return the certificate for ``data`` as PDF bytes; PDF/A-3b when ``archival``."""
    folder = folder or find_template_folder()
    html = render_certificate_html(data, folder=folder)
    document = HTML(
        string=html,
        base_url=folder.resolve().as_uri() + "/",
        url_fetcher=TemplateFolderFetcher(folder),
    ).render()
    drop_attachments(document)

    variant = ARCHIVAL_VARIANT if archival else None
    pdf = document.write_pdf(pdf_variant=variant)
    logger.debug("rendered certificate %s (%d bytes)", data.code, len(pdf))
    return pdf


def drop_attachments(document: Any) -> None:
    """Remove every file a template tried to attach to the PDF, with a warning."""
    for attachment in document.metadata.attachments:
        logger.warning(
            "certificate attachment refused: %s", attachment.name or "unnamed"
        )
    document.metadata.attachments = []
    for page in document.pages:
        kept = [link for link in page.links if link[0] != "attachment"]
        if len(kept) != len(page.links):
            logger.warning("certificate attachment link refused")
        page.links[:] = kept


def build_template_context(data: CertificateData, brand: dict[str, Any]) -> dict:
    """Return the values ``certificate.html`` prints."""
    return {
        "data": data,
        "brand": brand,
        "pdf_title": f"Certificate: {data.course_title} \u2014 {data.learner_name}",
        "pdf_subject": (
            f"Certificate of completion of {data.course_title} awarded to "
            f"{data.learner_name}; verification code {data.code}, {data.verify_url}"
        ),
        "issued_on": format_issue_date(data.issued_on),
        "name_size": choose_name_size(data.learner_name),
        "name_direction": find_text_direction(data.learner_name),
        "unit_columns": split_units_into_columns(data.units),
        "units_size": choose_units_size(len(data.units)),
        "qr_svg": render_qr_svg(data.verify_url, brand["colours"]["ink"]),
    }


def render_qr_svg(url: str, colour: str) -> Markup:
    """Return an inline SVG QR code that opens ``url``."""
    svg = segno.make(url, error="m").svg_inline(scale=1, dark=colour, omitsize=True)
    # Marked safe because segno wrote it: the URL is only encoded in the
    # modules' drawing, never copied into the markup.
    return Markup(svg)


def choose_name_size(name: str) -> str:
    """Return the CSS size class that fits ``name`` on at most two lines."""
    width = measure_text_width(name)
    for widest, size_class in NAME_SIZES:
        if width <= widest:
            return size_class
    return SMALLEST_NAME_SIZE


def choose_units_size(unit_count: int) -> str:
    """Return the CSS size class for a table of ``unit_count`` units."""
    return "units-normal" if unit_count <= UNITS_IN_ONE_COLUMN else "units-small"


def split_units_into_columns(units: tuple) -> list[tuple]:
    """Return the units as one column, or two if there are too many for one."""
    if not units:
        return []
    if len(units) <= UNITS_IN_ONE_COLUMN:
        return [units]
    middle = (len(units) + 1) // 2
    return [units[:middle], units[middle:]]


def measure_text_width(text: str) -> int:
    """Return the width of ``text`` in units where a wide CJK character counts two."""
    width = 0
    for character in text:
        if unicodedata.combining(character):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def find_text_direction(text: str) -> str:
    """Return ``rtl`` if the first strong character of ``text`` is right to left."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


def format_issue_date(day: datetime.date) -> str:
    """Return ``day`` as e.g. ``4 December 2026``, whatever the process locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@functools.cache
def load_template_environment(folder: Path) -> jinja2.Environment:
    """Return a Jinja environment over ``folder`` that escapes everything."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def load_brand(folder: Path) -> dict[str, Any]:
    """Return the checked contents of ``brand.json`` in ``folder``."""
    try:
        brand = json.loads((folder / BRAND_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BrandError(f"{BRAND_FILE} cannot be read: {error}") from None

    check_brand(brand)
    return brand


def check_brand(brand: Any) -> None:
    """Raise :class:`BrandError` unless ``brand`` has safe, complete values."""
    if not isinstance(brand, dict) or not isinstance(brand.get("organisation"), str):
        raise BrandError(f'{BRAND_FILE} needs an "organisation" name')
    logo = brand.get("logo")
    if not isinstance(logo, str) or not FILE_NAME_PATTERN.fullmatch(logo):
        raise BrandError(
            f'{BRAND_FILE} "logo" must be the name of a file in the certificates folder'
        )
    colours = brand.get("colours")
    for key in ("ink", "primary", "accent", "paper"):
        value = colours.get(key) if isinstance(colours, dict) else None
        if not isinstance(value, str) or not COLOUR_PATTERN.fullmatch(value):
            raise BrandError(
                f'{BRAND_FILE} "colours"."{key}" must be a colour such as "#1f4e79"'
            )
