"""The certificate fetcher serves the template folder and refuses everything else."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any
from urllib.request import HTTPRedirectHandler

import pytest

from course.certificates.fetcher import FetchRefusedError, TemplateFolderFetcher


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """Return a template folder holding one style sheet, beside a secret file."""
    templates = tmp_path / "templates"
    (templates / "fonts").mkdir(parents=True)
    (templates / "certificate.css").write_text("body { color: red }")
    (templates / "fonts" / "face.woff2").write_bytes(b"wOF2")
    (tmp_path / "secret.txt").write_text("not for certificates")
    return templates


@pytest.fixture()
def fetcher(folder: Path) -> TemplateFolderFetcher:
    return TemplateFolderFetcher(folder)


def test_file_inside_the_folder_is_served(
    fetcher: TemplateFolderFetcher, folder: Path
) -> None:
    response = fetcher.fetch((folder / "certificate.css").as_uri())

    assert response.read() == b"body { color: red }"
    assert response.content_type == "text/css"


def test_file_in_a_subfolder_is_served(
    fetcher: TemplateFolderFetcher, folder: Path
) -> None:
    response = fetcher((folder / "fonts" / "face.woff2").as_uri())

    assert response.read() == b"wOF2"


@pytest.mark.parametrize(
    "suffix",
    [
        "/../secret.txt",
        "/fonts/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/../../../../../../etc/passwd",
    ],
)
def test_dot_dot_out_of_the_folder_is_refused(
    fetcher: TemplateFolderFetcher, folder: Path, suffix: str
) -> None:
    with pytest.raises(FetchRefusedError, match="outside the template folder"):
        fetcher.fetch(folder.as_uri() + suffix)


def test_absolute_file_outside_the_folder_is_refused(
    fetcher: TemplateFolderFetcher,
) -> None:
    with pytest.raises(FetchRefusedError, match="outside the template folder"):
        fetcher.fetch("file:///etc/passwd")


def test_symlink_to_a_file_outside_is_refused(
    fetcher: TemplateFolderFetcher, folder: Path
) -> None:
    (folder / "innocent.css").symlink_to(folder.parent / "secret.txt")

    with pytest.raises(FetchRefusedError, match="outside the template folder"):
        fetcher.fetch((folder / "innocent.css").as_uri())


def test_symlinked_folder_leading_outside_is_refused(
    fetcher: TemplateFolderFetcher, folder: Path
) -> None:
    (folder / "assets").symlink_to(folder.parent, target_is_directory=True)

    with pytest.raises(FetchRefusedError, match="outside the template folder"):
        fetcher.fetch((folder / "assets" / "secret.txt").as_uri())


def test_missing_file_and_folder_itself_are_refused(
    fetcher: TemplateFolderFetcher, folder: Path
) -> None:
    with pytest.raises(FetchRefusedError, match="cannot be read"):
        fetcher.fetch((folder / "missing.css").as_uri())
    with pytest.raises(FetchRefusedError, match="no such file"):
        fetcher.fetch(folder.as_uri())


def test_null_byte_in_path_is_refused(
    fetcher: TemplateFolderFetcher, folder: Path
) -> None:
    with pytest.raises(FetchRefusedError, match="cannot be read"):
        fetcher.fetch(folder.as_uri() + "/certificate.css%00.png")


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "localhost.localdomain", "10.0.0.8", "[::1]", "fileserver"]
)
def test_file_url_naming_a_host_is_refused(
    fetcher: TemplateFolderFetcher, folder: Path, host: str
) -> None:
    with pytest.raises(FetchRefusedError, match="another host"):
        fetcher.resolve_inside_folder(f"file://{host}{folder}/certificate.css")


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/logo.svg",
        "http://192.168.1.1/logo.svg",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/logo.svg",
        "https://0x7f000001/logo.svg",
        "HTTP://training.example.org/logo.svg",
    ],
)
def test_network_urls_are_refused_before_any_connection(
    fetcher: TemplateFolderFetcher, url: str
) -> None:
    with pytest.raises(FetchRefusedError, match="over the network"):
        fetcher.resolve_inside_folder(url)


def test_loopback_http_is_refused_without_a_request(
    fetcher: TemplateFolderFetcher, request_trap: Any
) -> None:
    for url in (f"{request_trap.url}/x.css", request_trap.url.replace("http", "https")):
        with pytest.raises(FetchRefusedError, match="over the network"):
            fetcher.fetch(url)

    assert request_trap.paths == []


@pytest.mark.parametrize(
    "url",
    [
        "data:text/css,body{color:red}",
        "data:image/svg+xml;base64,PHN2Zy8+",
        "DATA:,x",
    ],
)
def test_data_urls_are_refused(fetcher: TemplateFolderFetcher, url: str) -> None:
    with pytest.raises(FetchRefusedError, match="data: URLs are not accepted"):
        fetcher.fetch(url)


@pytest.mark.parametrize(
    "url", ["ftp://127.0.0.1/x", "javascript:alert(1)", "jar:file:///x!/y", "x.css"]
)
def test_other_schemes_are_refused(fetcher: TemplateFolderFetcher, url: str) -> None:
    with pytest.raises(FetchRefusedError, match=r"scheme is not allowed|not absolute"):
        fetcher.fetch(url)


def test_refusal_is_logged_as_a_warning(
    fetcher: TemplateFolderFetcher, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING), pytest.raises(FetchRefusedError):
        fetcher.fetch("file:///etc/passwd")

    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "file:///etc/passwd" in record.getMessage()


def test_refusal_message_says_what_to_do(fetcher: TemplateFolderFetcher) -> None:
    with pytest.raises(FetchRefusedError) as refused:
        fetcher.fetch("https://training.example.org/logo.svg")

    assert "only use files inside the certificates/ template folder" in str(
        refused.value
    )


def test_redirects_cannot_be_followed(fetcher: TemplateFolderFetcher) -> None:
    handlers = [type(handler) for handler in fetcher.handlers]

    assert not any(issubclass(kind, HTTPRedirectHandler) for kind in handlers)
    with pytest.raises(FetchRefusedError):
        fetcher.open("http://127.0.0.1:9/")
