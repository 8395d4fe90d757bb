"""GET /api/health: liveness plus the version, this worker's process id and the index generation."""

from __future__ import annotations

import os

from fastapi import APIRouter

from api.deps import ServicesDep
from assistant import __version__

router = APIRouter(prefix="/api", tags=["系统"])


@router.get("/health", summary="健康检查")
def health(services: ServicesDep) -> dict:
    """Cheap: never builds a service; reports the index generation once this worker has loaded it."""
    payload: dict = {"status": "ok", "version": __version__, "worker": os.getpid()}
    index = services.built("index")
    if index is None and services.built("retriever") is not None:
        index = getattr(services.built("retriever"), "index", None)
    if index is not None:
        try:
            payload["index_generation"] = index.generation
        except Exception:  # the health check must answer even when the index is unreadable
            payload["index_generation"] = None
    return payload
