"""Vet the bench's 10 KB page N times: the code path of ``vet_per_second``, for profilers.

``bench.measure.measure_vet`` times ``score_job(parse_job_text(text, now), now=now)`` on the
page of ``bench.measure.job_page_text``; this runs exactly that, without the clock, so that
callgrind's instruction counts (repeatable on a loaded machine, unlike seconds) can be divided
by N::

    valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \\
        .venv/bin/python bench/vet_profile.py 200
    .venv/bin/python bench/vet_profile.py 2000 --cprofile     # Python-level hot spots

Each vet gets a description of its own (one character changed per run), so a cache keyed on the
text cannot make a repeated vet free: a real user never vets the same text twice in a row.
With ``--baseline`` it only sets up and vets once, so that the set-up's instructions can be
subtracted: (instructions(N) - instructions(baseline)) / (N - 1) is the cost of one vet.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _setup() -> None:
    """Django only when something imported needs it: the vetting code is pure Python, and
    skipping ``django.setup()`` keeps the baseline run (all set-up, one vet) cheap."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def texts(count: int) -> list[str]:
    """The bench's page, ``count`` times, each with one description letter changed."""
    from bench.measure import job_page_text

    text = job_page_text()
    if text is None:
        raise SystemExit("no job page text found")
    at = text.index("\n", len(text) // 2)  # inside the padded description
    letters = "abcdefghijklmnopqrstuvwxyz"
    return [
        text[:at] + " " + letters[n % 26] + letters[n // 26 % 26] + text[at:] for n in range(count)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, nargs="?", default=200)
    parser.add_argument("--cprofile", action="store_true", help="print cProfile's top functions")
    parser.add_argument("--baseline", action="store_true", help="set up and vet once only")
    args = parser.parse_args()
    _setup()
    from vetting.parsing import parse_job_text
    from vetting.scoring import score_job

    now = datetime.now(UTC)  # what django.utils.timezone.now() gives
    pages = texts(1 if args.baseline else args.count)

    def run() -> None:
        for page in pages:
            score_job(parse_job_text(page, now), now=now)

    if args.cprofile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(run)
        pstats.Stats(profile).sort_stats("tottime").print_stats(30)
    else:
        run()
    facts = parse_job_text(pages[0], now)
    print(f"vetted {len(pages)} pages; facts found {facts.known_count()}", file=sys.stderr)


if __name__ == "__main__":
    main()
