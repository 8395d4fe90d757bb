"""The shipped sample bank: rule texts and case notes, borrowers, and demo users, loaded in one call."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.config import Settings, get_settings

SAMPLE_ROOT = Path(__file__).resolve().parents[1] / "corpus"


@dataclass
class SampleReport:
    knowledge: object  # assistant.knowledge.ingest.IngestReport
    borrowers: object  # assistant.records.importer.ImportReport
    users: list[dict] = field(default_factory=list)


def load_sample_bank(settings: Settings | None = None, *, progress: bool = False) -> SampleReport:
    """Ingest corpus/knowledge, import corpus/borrowers and create the demo users (development only)."""
    from assistant.db import session_scope
    from assistant.knowledge.ingest import ingest_paths
    from assistant.records.importer import load_sample
    from assistant.security.demo import create_demo_users

    settings = settings or get_settings()
    settings.ensure_dirs()
    knowledge = ingest_paths([SAMPLE_ROOT / "knowledge"], settings=settings, progress=progress)
    borrowers = load_sample(settings=settings)
    users: list[dict] = []
    if settings.environment == "development":
        with session_scope(settings) as session:
            users = create_demo_users(session, settings)
    return SampleReport(knowledge=knowledge, borrowers=borrowers, users=users)
