"""API token strings: how one is made, how it is stored, how it is shown.

Only the SHA-256 of a token is stored. A token carries 256 random bits, so a fast hash is
enough (a password hash's slowness protects guessable secrets, which these are not) and lets
every request be checked with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets

# "bb_" tells a leaked Bidbook token apart from other secrets in a log or a paste.
TOKEN_PREFIX = "bb_"
# The part shown in Settings and the admin to tell tokens apart: "bb_" and 6 characters.
DISPLAY_LENGTH = len(TOKEN_PREFIX) + 6
# Longer than any token we make; anything longer is refused before it is hashed.
MAX_TOKEN_LENGTH = 200


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def display_prefix(token: str) -> str:
    return token[:DISPLAY_LENGTH]
