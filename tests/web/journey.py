"""Steps of a user's journey through the test client, shared by web tests."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

from course.services.accounts import create_user
from course.services.content import get_analysis, get_catalogue

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = "a long enough password"


def csrf_token(client: FlaskClient, url: str) -> str:
    """The CSRF token of the form on ``url``."""
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    page = response.get_data(as_text=True)
    match = TOKEN.search(page)
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(
    client: FlaskClient, url: str, data: dict[str, Any], form_page: str = "/"
):
    """Post ``data`` to ``url`` with a token from ``form_page``."""
    data = {"csrf_token": csrf_token(client, form_page), **data}
    return client.post(url, data=data)


def sign_up(client: FlaskClient, name: str, email: str) -> Any:
    """Create a learner account through the sign-up form."""
    return post_form(
        client,
        "/signup",
        {
            "name": name,
            "email": email,
            "password": PASSWORD,
            "confirm": PASSWORD,
            "timezone": "Europe/London",
        },
        form_page="/signup",
    )


def sign_in(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    """Sign in through the form."""
    return post_form(
        client, "/login", {"email": email, "password": password}, form_page="/login"
    )


def make_user(db, role: str, email: str, name: str = "Staff Member"):  # type: ignore[no-untyped-def]
    """Create an account directly through the service."""
    return create_user(db, email=email, name=name, password=PASSWORD, role=role)


def play_best_path(client: FlaskClient, db, scenario_key: str) -> int:  # type: ignore[no-untyped-def]
    """Play a scenario along its best path; return the attempt id."""
    page = f"/scenarios/{scenario_key}"
    response = post_form(client, f"{page}/start", {}, form_page=page)
    assert response.status_code == 302
    attempt_url = response.headers["Location"]
    attempt_id = int(attempt_url.rstrip("/").split("/")[-1])

    version_id, scenario = get_catalogue(db).scenarios[scenario_key]
    for number, (scene_id, index) in enumerate(get_analysis(db, version_id).best_path):
        data = {"step": str(number), "choice": str(index)}
        if scenario.scenes[scene_id].key:
            data["justification"] = (
                "It is within my role and keeps the customer informed."
            )
        response = post_form(client, attempt_url, data, form_page=attempt_url)
        assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return attempt_id
