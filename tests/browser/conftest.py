"""Fixtures for the browser tests: Debian's Chromium and a real server per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from course.store.db import Database
from tests.browser.server import LiveServer, create_fresh_database, drop_schema

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder as a browser test."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole session."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is missing: run scripts/setup.sh to install it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The module served on a free port with a fresh database, for one test module."""
    instance = tmp_path_factory.mktemp("instance")
    url, schema = create_fresh_database(instance)
    live = LiveServer(instance, url)
    live.start()
    yield live
    live.stop()
    if schema:
        drop_schema(schema)


@pytest.fixture(scope="module")
def server_db(server: LiveServer) -> Iterator[Database]:
    """The server's database, for arranging data and checking results."""
    database = Database(server.database_url)
    yield database
    database.dispose()


@pytest.fixture
def context(browser, server: LiveServer):  # type: ignore[no-untyped-def]
    """A fresh browser profile on the server (axe needs its script allowed in)."""
    profile = browser.new_context(base_url=server.url, bypass_csp=True)
    profile.set_default_timeout(10_000)
    yield profile
    profile.close()


@pytest.fixture
def page(context):  # type: ignore[no-untyped-def]
    """A tab in the fresh profile."""
    return context.new_page()
