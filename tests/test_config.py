"""Configuration: defaults, instance file, then COURSE_ variables."""

from __future__ import annotations

import json
import logging

from course.config import load_config


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = load_config(tmp_path)["SECRET_KEY"]
    second = load_config(tmp_path)["SECRET_KEY"]

    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_overrides_the_instance_file(tmp_path, monkeypatch):
    (tmp_path / "config.json").write_text(json.dumps({"VERIFY_RATE_LIMIT": 5}))
    assert load_config(tmp_path)["VERIFY_RATE_LIMIT"] == 5

    monkeypatch.setenv("COURSE_VERIFY_RATE_LIMIT", "7")
    assert load_config(tmp_path)["VERIFY_RATE_LIMIT"] == 7


def test_unknown_keys_are_warned_about(tmp_path, caplog):
    (tmp_path / "config.json").write_text(json.dumps({"NOT_A_SETTING": 1}))

    with caplog.at_level(logging.WARNING):
        load_config(tmp_path)

    assert "NOT_A_SETTING" in caplog.text


def test_a_bad_number_gets_a_clear_message(tmp_path, monkeypatch):
    import pytest

    from course.config import ConfigError

    monkeypatch.setenv("COURSE_VERIFY_RATE_LIMIT", "lots")

    with pytest.raises(ConfigError, match="COURSE_VERIFY_RATE_LIMIT: expected a whole"):
        load_config(tmp_path)
