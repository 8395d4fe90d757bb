"""The business date: ASSISTANT_TODAY when set (a fixed 检查基准日, reproducible runs), else the system date."""

from __future__ import annotations

from datetime import date


def today() -> date:
    from assistant.config import get_settings

    return get_settings().today or date.today()
