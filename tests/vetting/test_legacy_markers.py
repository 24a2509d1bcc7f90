"""A 2016 page is told by two of its three markers, whichever two: the early stop keeps that."""

from __future__ import annotations

import itertools

import pytest

from vetting.upwork.legacy import _MARKERS, looks_2016

COMBINATIONS = list(itertools.product([False, True], repeat=len(_MARKERS)))


@pytest.mark.parametrize("present", COMBINATIONS, ids=lambda bits: "".join("01"[b] for b in bits))
def test_it_takes_a_page_for_2016_when_two_markers_or_more_are_present(
    present: tuple[bool, ...],
) -> None:
    text = "Job title\n" + "\n".join(
        marker for marker, here in zip(_MARKERS, present, strict=True) if here
    )
    assert looks_2016(text) is (sum(present) >= 2)
