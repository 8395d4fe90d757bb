"""Server-sent events: the wire format and the headers that keep proxies from buffering the stream."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator

from api.errors import INTERNAL_ERROR_ZH
from assistant.errors import UserError

log = logging.getLogger("api")

NO_BUFFERING_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",  # nginx: pass each event through at once
    "Connection": "keep-alive",
}


def wants_event_stream(accept: str | None) -> bool:
    return "text/event-stream" in (accept or "").lower()


def format_event(event: str, data: dict) -> str:
    """One SSE event; the data is a single JSON line, so no escaping of newlines is needed."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def answer_events(first: dict, rest: Iterable[dict]) -> Iterator[str]:
    """`event: <type>` per service event; an error after the stream started becomes `event: error`."""
    try:
        yield format_event(first.get("type", "message"), first)
        for event in rest:
            yield format_event(event.get("type", "message"), event)
    except UserError as exc:
        yield format_event("error", {"type": "error", "detail": exc.message, "status": exc.status})
    except Exception:
        log.exception("流式回答中断")
        yield format_event("error", {"type": "error", "detail": INTERNAL_ERROR_ZH, "status": 500})
