"""Password hashing (argon2), random tokens stored as sha256, and HMAC signatures with the secret key."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache

TOKEN_PREFIX = "dh_"


@lru_cache(maxsize=1)
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches; an empty or malformed hash never matches."""
    from argon2.exceptions import InvalidHashError, VerificationError

    if not password_hash:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def dummy_hash() -> str:
    """A hash to verify against when the user does not exist, so timing does not reveal usernames."""
    return hash_password(secrets.token_urlsafe(16))


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def sha256_hex(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def sign(secret_key: str, value: str) -> str:
    mac = hmac.new(secret_key.encode("utf-8"), value.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{value}.{mac}"


def unsign(secret_key: str, signed: str) -> str | None:
    """The value when the signature is valid, else None."""
    value, _, mac = signed.rpartition(".")
    if not value or not mac:
        return None
    expected = sign(secret_key, value).rpartition(".")[2]
    return value if hmac.compare_digest(expected, mac) else None


def prompt_canary(secret_key: str) -> str:
    """A marker placed in the system prompt; seeing it in an answer means the prompt leaked."""
    mac = hmac.new(secret_key.encode("utf-8"), b"system-prompt-canary", hashlib.sha256).hexdigest()
    return f"CANARY-{mac[:20]}"
