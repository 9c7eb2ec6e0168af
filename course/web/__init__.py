"""The Flask web app: thin views over ``course.services``."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask, g, request
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from course.config import load_config
from course.store.db import Database

log = logging.getLogger(__name__)

csrf = CSRFProtect()
login_manager = LoginManager()


class RequestIdFilter(logging.Filter):
    """Add the current request id (or "-") to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.request_id = g.get("request_id", "-")
        except RuntimeError:
            record.request_id = "-"
        return True


class BoundedIntConverter(IntegerConverter):
    """Whole numbers in URLs, capped so huge ids are a 404, not a database error."""

    def __init__(self, map, *args, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def cookie_settings(public_url: str) -> dict[str, Any]:
    """Cookie flags: same-site always, secure when the site is served over HTTPS."""
    secure = public_url.startswith("https://")
    return {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_DURATION": timedelta(days=14),
        "MAX_CONTENT_LENGTH": 6 * 1024 * 1024,
    }


def create_app(
    overrides: dict[str, Any] | None = None, instance_path: str | Path | None = None
) -> Flask:
    """Build the app: configuration, database, sign-in, CSRF and the views."""
    app = Flask(
        __name__,
        instance_path=str(instance_path) if instance_path else None,
        instance_relative_config=True,
    )
    app.config.update(load_config(Path(app.instance_path), overrides))
    app.config.update(cookie_settings(app.config["PUBLIC_URL"]))
    app.url_map.converters["int"] = BoundedIntConverter
    if app.config["TRUSTED_PROXIES"]:
        # Behind a proxy, take the client address from X-Forwarded-For.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"]
        )
    app.extensions["course.db"] = Database(app.config["DATABASE_URL"])

    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."

    register_blueprints(app)
    register_hooks(app)

    from course.web.errors import register_error_handlers

    register_error_handlers(app)
    return app


def register_blueprints(app: Flask) -> None:
    """Attach every group of views."""
    from course.web import admin, assessor, auth, learner, public, trainer

    for module in (auth, learner, assessor, public, trainer, admin):
        app.register_blueprint(module.blueprint)


def register_hooks(app: Flask) -> None:
    """Request ids, security headers and template helpers."""
    from course.web.helpers import template_helpers

    app.context_processor(template_helpers)

    @app.before_request
    def assign_request_id() -> None:
        g.request_id = request.headers.get("X-Request-Id", secrets.token_hex(6))[:32]

    @app.after_request
    def add_security_headers(response):  # type: ignore[no-untyped-def]
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; "
            "script-src 'self'; frame-ancestors 'none'; form-action 'self'",
        )
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.teardown_appcontext
    def forget_request(_error: BaseException | None) -> None:
        g.pop("request_id", None)


@login_manager.user_loader
def load_user(user_id: str):  # type: ignore[no-untyped-def]
    """Flask-Login's hook: the user with this id, or None."""
    from flask import current_app

    from course.services.accounts import get_user_by_session

    return get_user_by_session(current_app.extensions["course.db"], user_id)
