"""Errors caused by the user's input; each carries a Chinese message and the HTTP status it maps to."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a refused request: shown to the user as is, never a 5xx."""

    status = 400

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class NotFound(UserError):
    status = 404


class Forbidden(UserError):
    status = 403


class TooLarge(UserError):
    status = 413


class Unsupported(UserError):
    status = 415


class Conflict(UserError):
    status = 409
