"""A WeasyPrint URL fetcher that can read the certificate template folder and no more.

WeasyPrint 70 takes a fetcher object: a subclass of ``weasyprint.urls.URLFetcher``
whose ``fetch(url, headers=None)`` returns a ``URLFetcherResponse``. Everything a
template names (style sheets, images, fonts, attachments) goes through it, so
refusing here is what keeps a rebranded template from reaching the network, the
rest of the disk or the machine's own services.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

#: Larger files are refused: a template's own logo or font is far smaller.
MAX_FILE_BYTES = 20 * 1024 * 1024

LOCAL_HOSTS = ("", "localhost")


class FetchRefusedError(ValueError):
    """A template asked for something outside the certificate template folder."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(
            f"refused to load {url!r} for a certificate: {reason}. Certificates may "
            "only use files inside the certificates/ template folder."
        )
        self.url = url
        self.reason = reason


class TemplateFolderFetcher(URLFetcher):
    """Serve files inside one folder; refuse every other URL with a warning."""

    def __init__(self, folder: Path | str) -> None:
        # No redirects, no protocol but file:, and a refusal never stops the
        # render: WeasyPrint logs it and leaves the resource out.
        super().__init__(
            allowed_protocols=("file",), allow_redirects=False, fail_on_errors=False
        )
        self.folder = Path(folder).resolve(strict=True)

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        """Return the file ``url`` names if it lies inside the folder, else refuse."""
        try:
            path = self.resolve_inside_folder(url)
        except FetchRefusedError as error:
            logger.warning(
                "certificate fetch refused: %s (%s)", error.url, error.reason
            )
            raise

        body = path.read_bytes()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(
            path.as_uri(), body=body, headers={"Content-Type": content_type}
        )

    def open(self, url: object, data: object = None, timeout: object = None) -> None:
        """Refuse urllib-style opening, which would bypass :meth:`fetch` checks."""
        raise FetchRefusedError(str(url), "direct opening is not supported")

    def resolve_inside_folder(self, url: str) -> Path:
        """Return the real path of a ``file:`` URL inside the folder, or refuse it."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme != "file":
            raise FetchRefusedError(url, describe_refused_scheme(scheme))
        if parts.netloc.lower() not in LOCAL_HOSTS:
            raise FetchRefusedError(
                url, f"file URL names another host {parts.netloc!r}"
            )

        path = self.real_path_of(url, parts.path)
        if not path.is_relative_to(self.folder):
            raise FetchRefusedError(url, "the file lies outside the template folder")
        if not path.is_file():
            raise FetchRefusedError(url, "there is no such file in the template folder")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FetchRefusedError(url, "the file is too large for a certificate")
        return path

    def real_path_of(self, url: str, url_path: str) -> Path:
        """Return ``url_path`` with ``..`` and symbolic links resolved."""
        try:
            return Path(url2pathname(unquote(url_path))).resolve(strict=True)
        except (OSError, ValueError, RuntimeError) as error:
            raise FetchRefusedError(url, f"the path cannot be read ({error})") from None


def describe_refused_scheme(scheme: str) -> str:
    """Return why a URL scheme other than ``file`` is refused, in plain words."""
    if scheme in ("http", "https"):
        return "certificates never load anything over the network"
    if scheme == "data":
        return "data: URLs are not accepted; put the file in the template folder"
    if not scheme:
        return "the URL is not absolute"
    return f"the {scheme}: scheme is not allowed"
