"""Upwork job links and their ids.

A job is named by its ciphertext, ``~01`` or ``~02`` followed by 18-19 digits (older jobs: hex).
Upwork links one job many ways (``/jobs/~01ab/``, ``/jobs/Title_~01ab/?ref=x``,
``/freelance-jobs/apply/Title_~01ab/``, ``/nx/find-work/details/~01ab``); the id is the stable
part, so every link is normalised to ``https://www.upwork.com/jobs/~0...``.

The digits are a Twitter-style snowflake: ``(id >> 22) + 1288834974657`` is the moment the job
was created, in Unix milliseconds (checked on real pages against "Posted 8 minutes ago"). That
is exact where the page only says "2 weeks ago".
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Final

UPWORK: Final = "https://www.upwork.com"
CIPHERTEXT: Final = re.compile(r"~(0[0-9a-fA-F]{3,40})(?![0-9a-fA-F])")
_URL_TAIL: Final = re.compile(r"[^\s\"'<>]{1,400}")
# Profiles carry ciphertexts too; only these paths name a job.
_JOB_PATH_WORDS: Final = ("/jobs/", "/job/", "freelance-jobs", "/details/", "/proposals/job/")
_SNOWFLAKE_EPOCH_MS: Final = 1288834974657
# Snowflake ids of real jobs: after Upwork began using them (2015) and before year 2100.
_EARLIEST: Final = datetime(2015, 1, 1, tzinfo=UTC)
_LATEST: Final = datetime(2100, 1, 1, tzinfo=UTC)
_MAX_URL: Final = 2000


def job_url_in(url: str) -> str | None:
    """One job link (absolute or site-relative) as ``https://www.upwork.com/jobs/~0...``.

    None for anything that does not name a job: a profile, another site, garbage.
    """
    url = url[:_MAX_URL].strip()
    if "upwork.com" not in url.lower() and not url.startswith("/"):
        return None
    match = CIPHERTEXT.search(url)
    if match is None:
        return None
    path = url[: match.start()].lower()
    if not any(word in path for word in _JOB_PATH_WORDS):
        return None
    return f"{UPWORK}/jobs/~{match.group(1).lower()}"


def normalise_link(url: str | None) -> str | None:
    """A job link normalised; any other http(s) link kept as it is; anything else None.

    For the Connects History, whose rows may link elsewhere (a contract, a help page).
    """
    if not url:
        return None
    url = url.strip()
    if len(url) > _MAX_URL:
        return None
    if url.startswith("//"):
        url = "https:" + url
    elif url.startswith("/"):
        url = UPWORK + url
    if not url.lower().startswith(("http://", "https://")):
        return None
    return job_url_in(url) or url


def first_job_url_in_text(text: str) -> str | None:
    """The first job link written out in a paste (a paste names its job early, if at all)."""
    position = text.find("upwork.com/")
    for _ in range(100):  # garbage with many "upwork.com/" must not cost a rescan each
        if position < 0:
            break
        match = _URL_TAIL.match(text, position)
        if match and (job_url := job_url_in(match.group())):
            return job_url
        position = text.find("upwork.com/", position + 11)
    return None


def ciphertext_of(url: str | None) -> str | None:
    """``~021936466566031679148`` out of any job link; None when there is none."""
    if not url:
        return None
    match = CIPHERTEXT.search(url[:_MAX_URL])
    return f"~{match.group(1).lower()}" if match else None


def created_at(ciphertext_or_url: str | None) -> datetime | None:
    """The moment a job was created, from its id; None for an id that is not a snowflake.

    Older hex ids (``~01a2b3...``) and numbers that decode outside 2015-2100 give None: a
    made-up time is worse than none.
    """
    cipher = ciphertext_of(ciphertext_or_url)
    if cipher is None:
        return None
    digits = cipher[3:]  # after "~01" / "~02"
    if not (17 <= len(digits) <= 19 and digits.isdigit()):
        return None
    milliseconds = (int(digits) >> 22) + _SNOWFLAKE_EPOCH_MS
    moment = datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=milliseconds)
    return moment if _EARLIEST <= moment < _LATEST else None
