"""The ``course`` command: serve the module, manage users and content."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from course.config import DEFAULTS
from course.errors import CourseError

LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr with the request id on every line."""
    from course.web import RequestIdFilter

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # WeasyPrint reports each rendering step at INFO; keep its warnings only.
    logging.getLogger("weasyprint").setLevel(logging.WARNING)


def make_app(instance: str | None):  # type: ignore[no-untyped-def]
    """The web app for CLI commands, using ``--instance`` if given."""
    from course.web import create_app

    app = create_app(instance_path=Path(instance).resolve() if instance else None)
    # Close pooled connections when the command ends, not when Python exits.
    click.get_current_context().call_on_close(app.extensions["course.db"].dispose)
    return app


def prepare_database(app) -> None:  # type: ignore[no-untyped-def]
    """Migrate the schema and publish the content folders."""
    from course.loader import load_content
    from course.services.content import publish_bundle
    from course.store.db import upgrade_database

    upgrade_database(app.config["DATABASE_URL"])
    bundle = load_content(
        Path(app.config["CONTENT_DIR"]), Path(app.config["SCENARIOS_DIR"])
    )
    report = publish_bundle(app.extensions["course.db"], bundle)
    for diagnostic in report.diagnostics:
        click.echo(diagnostic.render(), err=True)
    click.echo(
        f"Content: {len(report.published)} new version(s), "
        f"{len(report.unchanged)} unchanged, {len(report.diagnostics)} problem(s)."
    )


@click.group()
@click.option(
    "--instance", envvar="COURSE_INSTANCE", help="Instance folder (data, key)."
)
@click.pass_context
def cli(context: click.Context, instance: str | None) -> None:
    """Training and assessment: when to handle, work around or escalate."""
    context.obj = {"instance": instance}


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.pass_context
def serve(context: click.Context, host: str, port: int) -> None:
    """Bring the database up to date, publish the content and serve the module."""
    configure_logging()
    app = make_app(context.obj["instance"])
    if app.config["PUBLIC_URL"] == DEFAULTS["PUBLIC_URL"]:
        # Nobody set the public address: certificates link to this server.
        app.config["PUBLIC_URL"] = f"http://{host}:{port}"
    prepare_database(app)
    click.echo(
        f"Serving at http://{host}:{port}/  (instance folder: {app.instance_path})"
    )
    click.echo(
        "Create the first admin with: .venv/bin/course users create --role admin "
        "--email you@example.org --name 'Your Name'"
    )
    app.run(host=host, port=port, debug=False, use_reloader=False)


@cli.group()
def users() -> None:
    """Create and list accounts."""


@users.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role",
    type=click.Choice(["learner", "assessor", "lead_assessor", "trainer", "admin"]),
    default="learner",
    show_default=True,
)
@click.option("--timezone", default="Europe/London", show_default=True)
@click.password_option(help="Prompted for, twice, if not given.")
@click.pass_context
def create_user_command(
    context: click.Context,
    email: str,
    name: str,
    role: str,
    timezone: str,
    password: str,
) -> None:
    """Create an account with a role."""
    from course.services.accounts import create_user
    from course.store.db import upgrade_database

    app = make_app(context.obj["instance"])
    upgrade_database(app.config["DATABASE_URL"])
    try:
        user = create_user(
            app.extensions["course.db"],
            email=email,
            name=name,
            password=password,
            role=role,
            timezone=timezone,
        )
    except CourseError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {role} {user.email} (id {user.id}).")


@users.command("list")
@click.pass_context
def list_users_command(context: click.Context) -> None:
    """List accounts with their roles."""
    from course.services.accounts import find_users

    app = make_app(context.obj["instance"])
    for user in find_users(app.extensions["course.db"]):
        click.echo(f"{user.id}\t{user.role}\t{user.email}\t{user.name}")


@cli.command()
@click.pass_context
def publish(context: click.Context) -> None:
    """Publish the content folders as new versions where files changed."""
    app = make_app(context.obj["instance"])
    prepare_database(app)


@cli.command()
@click.pass_context
def migrate(context: click.Context) -> None:
    """Bring the database schema up to date."""
    from course.store.db import upgrade_database

    app = make_app(context.obj["instance"])
    upgrade_database(app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@cli.group()
def certificates() -> None:
    """Issue, list and revoke certificates."""


@certificates.command("issue")
@click.option("--cohort", "cohort_id", type=int, required=True, help="Cohort id.")
@click.pass_context
def issue_certificates_command(context: click.Context, cohort_id: int) -> None:
    """Issue the certificate to every learner of a cohort who has earned it."""
    from course.services.certificates import issue_certificates_for_learners
    from course.services.cohorts import find_members

    app = make_app(context.obj["instance"])
    db = app.extensions["course.db"]
    learners = find_members(db, cohort_id)
    if not learners:
        raise click.ClickException(
            f"Cohort {cohort_id} has no learners, or no such cohort."
        )

    with click.progressbar(length=len(learners), label="Issuing certificates") as bar:
        counts = issue_certificates_for_learners(
            db,
            [learner.id for learner in learners],
            signatory=(
                app.config["CERTIFICATE_SIGNATORY"],
                app.config["CERTIFICATE_SIGNATORY_ROLE"],
            ),
            public_url=app.config["PUBLIC_URL"],
            on_each=lambda _id: bar.update(1),
        )
    click.echo(
        f"Issued {counts['issued']}, already held {counts['already']}, "
        f"not yet complete {counts['not_complete']}."
    )


@certificates.command("list")
@click.pass_context
def list_certificates_command(context: click.Context) -> None:
    """List issued certificates with their status."""
    from sqlalchemy import select

    from course.store.models import Certificate

    app = make_app(context.obj["instance"])
    with app.extensions["course.db"].reading() as session:
        rows = session.execute(
            select(
                Certificate.code,
                Certificate.status,
                Certificate.issued_on,
                Certificate.learner_name,
            ).order_by(Certificate.id)
        ).all()
    for code, status, issued_on, name in rows:
        click.echo(f"{code}\t{status}\t{issued_on}\t{name}")


@certificates.command("revoke")
@click.argument("code")
@click.option("--reason", required=True, help="Shown on the public verify page.")
@click.option("--by", "admin_email", required=True, help="Email of the admin revoking.")
@click.pass_context
def revoke_certificate_command(
    context: click.Context, code: str, reason: str, admin_email: str
) -> None:
    """Revoke a certificate; it stays listed as revoked with the reason."""
    from sqlalchemy import select

    from course.services.certificates import revoke_certificate
    from course.store.models import User

    app = make_app(context.obj["instance"])
    db = app.extensions["course.db"]
    with db.reading() as session:
        admin = session.scalar(select(User).where(User.email == admin_email.lower()))
    if admin is None:
        raise click.ClickException(f"No account has the email {admin_email}.")
    try:
        certificate = revoke_certificate(
            db, actor_id=admin.id, code=code, reason=reason
        )
    except CourseError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Revoked {certificate.code}.")


def register_authoring_commands() -> None:
    """Add lint, play and graph from the authoring tools."""
    from course.cli_authoring import commands

    for command in commands:
        cli.add_command(command)


register_authoring_commands()


def main() -> None:
    """Entry point for the ``course`` script."""
    try:
        cli()
    except CourseError as error:
        click.echo(f"Error: {error.message}", err=True)
        sys.exit(1)
