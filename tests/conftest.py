"""Fixtures shared by every test: a migrated database and an app on it.

Tests run on SQLite by default. With TEST_DATABASE_URL set to a PostgreSQL
URL they run there, in a schema of their own that is dropped at the end.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from course.store.db import upgrade_database
from course.store.models import Base

REPO = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing() -> Iterator[None]:
    """Hash test passwords cheaply; production keeps the slow default."""
    from course.services import accounts

    accounts.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    yield
    accounts.PASSWORD_HASH_METHOD = "scrypt"


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database migrated to the newest schema: a SQLite file or a PG schema."""
    if not POSTGRES_URL:
        template = tmp_path_factory.mktemp("db") / "template.sqlite3"
        upgrade_database(f"sqlite:///{template}")
        yield str(template)
        return

    schema = f"test_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    upgrade_database(url)
    yield url
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    admin.dispose()


@pytest.fixture
def database_url(migrated_database: str, tmp_path: Path) -> str:
    """A fresh, empty, migrated database for one test."""
    if not POSTGRES_URL:
        copy = tmp_path / "course.sqlite3"
        shutil.copy(migrated_database, copy)
        return f"sqlite:///{copy}"

    engine = create_engine(migrated_database)
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()
    return migrated_database


@pytest.fixture
def app(database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The web app on a fresh database with the shipped content published."""
    from course.loader import load_content
    from course.services.content import publish_bundle
    from course.web import create_app

    app = create_app(
        {
            "DATABASE_URL": database_url,
            "TESTING": True,
            "SECRET_KEY": "test-secret",
            "PUBLIC_URL": "http://127.0.0.1:5000",
        },
        instance_path=tmp_path / "instance",
    )
    bundle = load_content(REPO / "content", REPO / "scenarios")
    publish_bundle(app.extensions["course.db"], bundle)
    yield app
    app.extensions["course.db"].dispose()


@pytest.fixture
def db(app):  # type: ignore[no-untyped-def]
    """The app's database handle."""
    return app.extensions["course.db"]


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    """A test client for the app."""
    return app.test_client()
