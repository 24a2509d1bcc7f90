"""Input size limits: the forms refuse past them and the settings size buffers on them."""

from __future__ import annotations

MB = 1024 * 1024
# A pasted page: Upwork's biggest real pages copy to well under 100 KB.
PASTE_MAX_BYTES = 1 * MB
# An uploaded saved page or CSV file.
UPLOAD_MAX_BYTES = 5 * MB
# Imports waiting on a user (previews not confirmed, failed imports not retried) per account.
PENDING_IMPORTS_MAX_BYTES = 20 * MB
