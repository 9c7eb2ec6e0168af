"""A real server for the browser tests: ``python -m course serve`` on 127.0.0.1."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text

REPO = Path(__file__).resolve().parents[2]
START_TIMEOUT = 60.0


def find_free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def create_fresh_database(instance: Path) -> tuple[str, str | None]:
    """A new, empty database: SQLite in ``instance``, or a PostgreSQL schema.

    Returns the URL and, for PostgreSQL, the schema to drop afterwards.
    """
    postgres = os.environ.get("TEST_DATABASE_URL", "")
    if not postgres:
        return f"sqlite:///{instance / 'course.sqlite3'}", None

    schema = f"browser_{secrets.token_hex(4)}"
    engine = create_engine(postgres)
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    separator = "&" if "?" in postgres else "?"
    return f"{postgres}{separator}options=-csearch_path%3D{schema}", schema


def drop_schema(schema: str) -> None:
    """Drop a PostgreSQL schema made by ``create_fresh_database``."""
    engine = create_engine(os.environ["TEST_DATABASE_URL"])
    with engine.begin() as connection:
        connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
    engine.dispose()


class LiveServer:
    """The module served as a child process; it can be stopped and started again."""

    def __init__(self, instance: Path, database_url: str) -> None:
        self.instance = instance
        self.database_url = database_url
        self.port = find_free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = instance / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start serving and wait until the home page answers."""
        env = {
            **os.environ,
            "COURSE_DATABASE_URL": self.database_url,
            "COURSE_PUBLIC_URL": self.url,
            "PYTHONUNBUFFERED": "1",
        }
        command = [
            sys.executable,
            "-m",
            "course",
            "--instance",
            str(self.instance),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT
            )
        self.wait_until_ready()

    def wait_until_ready(self) -> None:
        """Poll the home page until it answers, or fail with the server's log."""
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"the server exited early:\n{self.read_log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer in time:\n{self.read_log()}")

    def stop(self) -> None:
        """Stop the server process and wait for it to exit."""
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def restart(self) -> None:
        """Stop and start again on the same port, instance and database."""
        self.stop()
        self.start()

    def read_log(self) -> str:
        """The last lines the server wrote."""
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-40:])
