"""Published content: storing immutable versions and reading the current ones."""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from course.authoring.model import (
    Check,
    ContentBundle,
    Course,
    Diagnostic,
    Scenario,
    Unit,
)
from course.engine.analysis import Analysis, analyse_scenario
from course.store.db import Database
from course.store.models import ContentVersion

log = logging.getLogger(__name__)


@dataclass
class Catalogue:
    """The current published course, units and scenarios, with version ids."""

    course: Course | None = None
    units: dict[str, tuple[int, Unit]] = field(default_factory=dict)
    scenarios: dict[str, tuple[int, Scenario]] = field(default_factory=dict)

    def ordered_units(self) -> list[Unit]:
        """Units in course order (units missing from the course come last)."""
        order = list(self.course.units) if self.course else []
        known = [self.units[c][1] for c in order if c in self.units]
        extra = [u for c, (_, u) in sorted(self.units.items()) if c not in order]
        return known + extra

    def criteria(self) -> dict[str, Any]:
        """Every criterion of every current unit, by full id."""
        return {c.id: c for unit in self.ordered_units() for c in unit.criteria}

    def assessed_criteria(self) -> set[str]:
        """Criteria a written task claims: only an assessor's judgement meets them."""
        return {
            criterion
            for unit in self.ordered_units()
            for check in unit.checks
            if check.kind == "written"
            for criterion in check.criteria
        }

    def find_written_task(self, criterion_id: str) -> Check | None:
        """The written task that claims a criterion, if one does."""
        for unit in self.ordered_units():
            for check in unit.checks:
                if check.kind == "written" and criterion_id in check.criteria:
                    return check
        return None

    def scenarios_for(self, criterion_id: str) -> list[Scenario]:
        """Current scenarios that evidence one criterion."""
        return [s for _, s in self.scenarios.values() if criterion_id in s.criteria]


@dataclass(frozen=True)
class PublishReport:
    """What a publish did: new versions, unchanged files and problems found."""

    published: list[str]
    unchanged: list[str]
    diagnostics: tuple[Diagnostic, ...]


# Parsed models and analyses, keyed by (kind, content hash): a stored version
# never changes, so the same hash always parses to the same model.
_parsed: dict[tuple[str, str], Any] = {}
_analyses: dict[str, Analysis] = {}
_lock = threading.Lock()


def parse_version(kind: str, source: str, path: str, content_hash: str) -> Any:
    """Parse stored source text back into its model, hash included."""
    from course.authoring.courses import parse_course
    from course.authoring.scenarios import parse_scenario
    from course.authoring.units import parse_unit

    parse = {"course": parse_course, "unit": parse_unit, "scenario": parse_scenario}[
        kind
    ]
    model, diagnostics = parse(source, path)
    if model is None:
        raise ValueError(
            f"stored {kind} {path} no longer parses: {diagnostics[0].render()}"
        )
    return dataclasses.replace(model, content_hash=content_hash)


def get_version_model(
    db: Database, version_id: int, *, kind: str = "", content_hash: str = ""
) -> Any:
    """The parsed model of one stored version, cached per process.

    Callers that already know the version's kind and hash pass them, and a
    cached model then costs no query at all.
    """
    with _lock:
        model = _parsed.get((kind, content_hash)) if content_hash else None
    if model is not None:
        return model

    with db.reading() as session:
        version = session.get(ContentVersion, version_id)
        if version is None:
            return None
        cache_key = (version.kind, version.content_hash)
        with _lock:
            model = _parsed.get(cache_key)
        if model is None:
            model = parse_version(
                version.kind, version.source, version.path, version.content_hash
            )
            with _lock:
                _parsed[cache_key] = model
    return model


def get_analysis(db: Database, version_id: int) -> Analysis:
    """The best-score analysis of one scenario version, cached per process."""
    scenario = get_version_model(db, version_id)
    with _lock:
        analysis = _analyses.get(scenario.content_hash)
    if analysis is None:
        analysis = analyse_scenario(scenario)
        with _lock:
            _analyses[scenario.content_hash] = analysis
    return analysis


def get_catalogue(db: Database) -> Catalogue:
    """The content currently published: one query, parsed models from the cache."""
    with db.reading() as session:
        rows = session.execute(
            select(
                ContentVersion.id,
                ContentVersion.kind,
                ContentVersion.key,
                ContentVersion.content_hash,
            ).where(ContentVersion.is_current)
        ).all()

    catalogue = Catalogue()
    for version_id, kind, key, content_hash in rows:
        model = get_version_model(db, version_id, kind=kind, content_hash=content_hash)
        if kind == "course":
            catalogue.course = model
        elif kind == "unit":
            catalogue.units[key] = (version_id, model)
        else:
            catalogue.scenarios[key] = (version_id, model)
    return catalogue


def publish_bundle(
    db: Database, bundle: ContentBundle, *, user_id: int | None = None
) -> PublishReport:
    """Store a new version of every changed file and make each current."""
    entries: list[tuple[str, str, Any]] = []
    if bundle.course is not None:
        entries.append(("course", "course", bundle.course))
    entries += [("unit", code, unit) for code, unit in bundle.units.items()]
    entries += [("scenario", key, s) for key, s in bundle.scenarios.items()]

    published, unchanged = [], []
    with db.transaction() as session:
        for kind, key, model in entries:
            if record_version(session, kind, key, model, user_id):
                published.append(f"{kind} {key}")
            else:
                unchanged.append(f"{kind} {key}")

    for line in published:
        log.info("published %s by user %s", line, user_id)
    return PublishReport(published, unchanged, tuple(bundle.diagnostics))


def record_version(
    session, kind: str, key: str, model: Any, user_id: int | None
) -> bool:  # type: ignore[no-untyped-def]
    """Make ``model`` the current version of its key; return whether it is new."""
    existing = session.scalar(
        select(ContentVersion).where(
            ContentVersion.kind == kind,
            ContentVersion.key == key,
            ContentVersion.content_hash == model.content_hash,
        )
    )
    if existing is not None and existing.is_current:
        return False

    session.execute(
        update(ContentVersion)
        .where(ContentVersion.kind == kind, ContentVersion.key == key)
        .values(is_current=False)
    )
    if existing is not None:
        existing.is_current = True
        return True

    source = Path(model.path).read_bytes()
    from course.authoring.source import decode_source

    text, _ = decode_source(source, model.path)
    session.add(
        ContentVersion(
            kind=kind,
            key=key,
            content_hash=model.content_hash,
            path=str(model.path),
            source=text or "",
            title=model.title,
            is_current=True,
            published_by=user_id,
        )
    )
    return True
