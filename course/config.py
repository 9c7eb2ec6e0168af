"""Configuration: defaults, then the instance folder, then ``COURSE_`` variables."""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from pathlib import Path
from typing import Any

from course.errors import CourseError

log = logging.getLogger(__name__)


class ConfigError(CourseError):
    """A setting has a value the module cannot use."""


REPO_ROOT = Path(__file__).resolve().parent.parent

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": "",
    "CONTENT_DIR": str(REPO_ROOT / "content"),
    "SCENARIOS_DIR": str(REPO_ROOT / "scenarios"),
    "CERTIFICATE_SIGNATORY": "Course lead assessor",
    "CERTIFICATE_SIGNATORY_ROLE": "Lead assessor",
    "PUBLIC_URL": "http://127.0.0.1:5000",
    "DEFAULT_TIMEZONE": "Europe/London",
    "VERIFY_RATE_LIMIT": 30,
    #: how many proxies in front of the app set X-Forwarded-For (0 = none)
    "TRUSTED_PROXIES": 0,
}

# Keys Flask and its extensions read; not ours, but not unknown either.
FRAMEWORK_KEYS = {"SECRET_KEY", "TESTING", "WTF_CSRF_ENABLED", "SERVER_NAME"}
# Read by the command line before the app exists, not by the app.
COMMAND_LINE_KEYS = {"INSTANCE"}


def coerce(raw: str, default: Any) -> Any:
    """Turn an environment string into the type of the default value."""
    if isinstance(default, bool):
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise ConfigError(f"expected a whole number, got {raw!r}") from None
    return raw


def wait_for_key(key_file: Path) -> str:
    """Read a key another process has just created, once it is written."""
    for _ in range(100):
        key = key_file.read_text().strip()
        if key:
            return key
        time.sleep(0.01)
    raise RuntimeError(f"{key_file} is empty; delete it and start again")


def read_or_create_secret_key(instance_path: Path) -> str:
    """Return the secret key kept in the instance folder, creating it once."""
    key_file = instance_path / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()

    instance_path.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        # Exclusive creation: when several workers start at once, one key wins.
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return wait_for_key(key_file)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    log.info("generated a new secret key in %s", key_file)
    return key


def load_config(instance_path: Path, overrides: dict[str, Any] | None = None) -> dict:
    """Build the configuration mapping for one app."""
    config = dict(DEFAULTS)

    instance_file = instance_path / "config.json"
    if instance_file.exists():
        config.update(json.loads(instance_file.read_text()))

    for name, value in os.environ.items():
        if name.startswith("COURSE_"):
            key = name.removeprefix("COURSE_")
            try:
                config[key] = coerce(value, DEFAULTS.get(key, ""))
            except ConfigError as error:
                raise ConfigError(f"Setting {name}: {error.message}.") from None

    config.update(overrides or {})
    for key in sorted(set(config) - set(DEFAULTS) - FRAMEWORK_KEYS - COMMAND_LINE_KEYS):
        log.warning("unknown configuration key %s is ignored", key)

    if not config["DATABASE_URL"]:
        database_url = os.environ.get("DATABASE_URL")
        default_url = f"sqlite:///{instance_path / 'course.sqlite3'}"
        config["DATABASE_URL"] = database_url or default_url
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = read_or_create_secret_key(instance_path)
    return config
