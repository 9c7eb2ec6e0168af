"""Every route states its roles, and every role gets exactly what it states."""

from __future__ import annotations

import pytest

from course.store.models import ROLES
from tests.web.journey import csrf_token, make_user, sign_in

SAMPLE_VALUES = {
    "code": "CSD",
    "key": "late-figures",
    "check_id": "no-such-check",
    "attempt_id": 999999,
    "learner_id": 999999,
    "answer_id": 999999,
    "criterion_id": "CSD-1.5",
    "cohort_id": 999999,
    "judgement_id": 999999,
}


def find_routes(app):  # type: ignore[no-untyped-def]
    """Every (rule, view) pair except static files."""
    routes = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        routes.append((rule, app.view_functions[rule.endpoint]))
    # Signing out ends the session the other checks rely on: walk it last.
    return sorted(routes, key=lambda route: route[0].endpoint == "auth.logout")


def build_url(rule) -> str:  # type: ignore[no-untyped-def]
    """A concrete URL for a rule, filling arguments with sample values."""
    path = rule.rule
    for name in rule.arguments:
        value = SAMPLE_VALUES.get(name, "sample")
        for pattern in (f"<int:{name}>", f"<{name}>", f"<path:{name}>"):
            path = path.replace(pattern, str(value))
    return path


def test_every_route_states_its_roles(app):
    missing = [
        r.rule for r, view in find_routes(app) if not hasattr(view, "admitted_roles")
    ]
    assert missing == []


@pytest.fixture
def clients(app, db):  # type: ignore[no-untyped-def]
    """A signed-in client for each role, plus an anonymous one."""
    result = {"anonymous": app.test_client()}
    for role in ROLES:
        make_user(db, role, f"{role}@example.org", f"A {role}")
        client = app.test_client()
        assert sign_in(client, f"{role}@example.org").status_code == 302
        result[role] = client
    return result


def test_every_role_is_admitted_or_refused_as_stated(app, clients):
    failures = []
    for rule, view in find_routes(app):
        roles = view.admitted_roles
        url = build_url(rule)
        for who, client in clients.items():
            for method in sorted(rule.methods & {"GET", "POST"}):
                data = {}
                if method == "POST":
                    data["csrf_token"] = csrf_token(client, "/login")
                response = client.open(url, method=method, data=data)
                admitted = "public" in roles or who in roles
                status = response.status_code
                location = response.headers.get("Location", "")
                if admitted and status in (401, 403):
                    failures.append(f"{who} refused {method} {url}: {status}")
                if not admitted and who == "anonymous" and "/login" not in location:
                    failures.append(f"anonymous not sent to sign in: {method} {url}")
                if not admitted and who != "anonymous" and status != 403:
                    failures.append(f"{who} not refused {method} {url}: {status}")
                if status >= 500:
                    failures.append(f"{who} got {status} on {method} {url}")
    assert failures == []
