"""Input size limits: the forms refuse past them and the settings size buffers on them."""

from __future__ import annotations

MB = 1024 * 1024
# A pasted page: Upwork's biggest real pages copy to well under 100 KB.
PASTE_MAX_BYTES = 1 * MB
# An uploaded saved page or CSV file.
UPLOAD_MAX_BYTES = 5 * MB
# Imports waiting on a user (previews not confirmed, failed imports not retried) per account.
PENDING_IMPORTS_MAX_BYTES = 20 * MB
# A search box (titles on Applications, titles and descriptions on Jobs): every word must match.
SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 8


def search_words(text: str) -> list[str]:
    """The words of a search box: NUL (which PostgreSQL refuses) dropped, the length capped."""
    return text.replace("\x00", "").strip()[:SEARCH_MAX_CHARS].split()[:SEARCH_MAX_WORDS]
