"""The fast helpers of the description check and the parser read exactly what the slow ways did.

Each speed-up replaced a regex or a per-line Python loop with C-level string passes; these tests
hold every helper to the plain version it replaced, on chosen edge cases and on random text.
"""

from __future__ import annotations

import dataclasses
import pickle
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vetting import parsing as _parsing
from vetting import rules as _rules
from vetting import scoring as _scoring
from vetting.facts import JobFacts
from vetting.rules import _WORD_RE, RULES, Thresholds, _lowered, _words_of, description_signals

# Letters, digits, separators, non-ASCII letters and marks, lone surrogates, line breaks.
_ANY_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("abcXYZ019 .-_@\n\t\u00e9\u00c9\u2011\u2022\u0130\u212a\u00df\ufb01"),
        st.characters(),
    ),
    max_size=200,
)


def test_words_are_runs_of_ascii_letters_and_digits() -> None:
    assert _words_of("node.js, c++ & s3: 12h\u2011ok") == ["node", "js", "c", "s3", "12h", "ok"]


def test_a_non_ascii_letter_separates_words_as_the_regex_did() -> None:
    assert _words_of("caf\u00e9bar na\u00efve") == ["caf", "bar", "na", "ve"]


def test_a_lone_surrogate_separates_words_and_does_not_raise() -> None:
    assert _words_of("ab\ud800cd") == ["ab", "cd"]


def test_no_words_in_symbols_only() -> None:
    assert _words_of("\u2022 -- \u2014 !!") == []


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_words_of_is_the_word_regex(text: str) -> None:
    lower = text.lower()
    assert _words_of(lower) == _WORD_RE.findall(lower)


def test_signals_count_words_around_non_ascii_text() -> None:
    signals = description_signals("Build an end\u2011to\u2011end n8n workflow in Python")
    assert signals.words == 9
    assert signals.technologies == ("n8n", "Python")


# --------------------------------------------------------------------------------------------
# The parser's landmark pre-filter
# --------------------------------------------------------------------------------------------

_LANDMARK_LIKE = st.lists(
    st.one_of(
        st.sampled_from(
            [
                *_parsing._LANDMARK_LINES,
                *(start for start, _ in _parsing._LANDMARK_STARTS),
                "client's recent history (4)",
                "client\u2019s recent history",
                "clientxs recent history",
                "posted 2 hours ago",
                "post",
                "pos",
                "job",
                "summary",
                "",
            ]
        ),
        st.text(max_size=12),
    ).map(str.lower),
    max_size=30,
)


def test_every_landmark_line_is_a_candidate() -> None:
    lows = [
        *_parsing._LANDMARK_LINES,
        *(start + " and more" for start, _ in _parsing._LANDMARK_STARTS),
        "client's recent history (4)",
        "summary",
        "n8n workflow developer",
    ]
    candidates = list(_parsing._landmark_candidates(lows))
    assert candidates == list(range(len(lows) - 2))


@settings(max_examples=300, deadline=None)
@given(_LANDMARK_LIKE)
def test_landmark_candidates_hold_every_landmark(lows: list[str]) -> None:
    candidates = set(_parsing._landmark_candidates(lows))
    landmarks = {index for index, low in enumerate(lows) if _parsing._landmark_kind(low)}
    assert landmarks <= candidates


# --------------------------------------------------------------------------------------------
# Lowercasing through bytes
# --------------------------------------------------------------------------------------------


def test_lowered_is_str_lower_on_punctuation_and_ascii() -> None:
    text = "End\u2011to\u2011End ETL \u2014 the Client\u2019s DATA"
    assert _lowered(text) == (text.lower(), text.lower().encode("utf-8"))


def test_lowered_falls_back_for_letters_with_a_lowercase() -> None:
    # Each of these lowercases to something else, one of them (Kelvin) to an ASCII "k".
    for text in ("\u00c9COLE", "\u0130stanbul", "3 \u212a", "\u03a3\u039f\u03a3", "Stra\u00dfe"):
        assert _lowered(text) == (text.lower(), text.lower().encode("utf-8"))


def test_lowered_keeps_a_lone_surrogate() -> None:
    assert _lowered("AB\ud800C") == ("ab\ud800c", "ab\ud800c".encode("utf-8", "surrogatepass"))


@settings(max_examples=300, deadline=None)
@given(_ANY_TEXT)
def test_lowered_is_str_lower(text: str) -> None:
    lower, raw = _lowered(text)
    assert lower == text.lower()
    assert raw == text.lower().encode("utf-8", "surrogatepass")


# --------------------------------------------------------------------------------------------
# The off-platform pattern without its e-mail alternative
# --------------------------------------------------------------------------------------------

_CONTACT_WORDS = st.lists(
    st.sampled_from(
        [
            "contact",
            "message",
            "me",
            "us",
            "on",
            "via",
            "at",
            "whatsapp",
            "telegram",
            "skype",
            "email",
            "e-mail",
            "mail",
            "phone",
            "outside",
            "of",
            "upwork",
            "off-platform",
            "off",
            "platform",
            "my",
            "our",
            "number",
            "id",
            ":",
            "+",
            "5",
            "reach",
            "out",
            "directly",
            "jane.doe",
            "example.org",
            ".",
            "-",
            "_",
            "\n",
        ]
    ),
    max_size=25,
).map(" ".join)


def test_the_fast_pattern_is_the_full_one_minus_the_email() -> None:
    assert _rules._OFF_PLATFORM_RE.pattern == (
        _rules._OFF_PLATFORM_WORDS_RE.pattern + "|" + _rules._EMAIL
    )
    assert _rules._OFF_PLATFORM_FALLBACK == ("@", _rules._OFF_PLATFORM_WORDS_RE)


@settings(max_examples=300, deadline=None)
@given(_CONTACT_WORDS)
def test_without_an_at_sign_both_patterns_find_the_same(text: str) -> None:
    window = text.replace("@", " ")
    full = [(m.span(), m.group(0)) for m in _rules._OFF_PLATFORM_RE.finditer(window)]
    fast = [(m.span(), m.group(0)) for m in _rules._OFF_PLATFORM_WORDS_RE.finditer(window)]
    assert fast == full


def test_an_email_is_still_found_beside_contact_words() -> None:
    signals = description_signals("Email me at jane.doe@mail.example.org or on WhatsApp.")
    assert signals.off_platform == ("email me at", "jane.doe@mail.example.org")


def test_contact_words_without_an_email_are_found() -> None:
    signals = description_signals("Please contact me on telegram, or email me at once.")
    assert signals.off_platform == ("contact me on telegram", "email me at")


# --------------------------------------------------------------------------------------------
# Scoring tables built at import
# --------------------------------------------------------------------------------------------


def test_the_shared_default_thresholds_are_the_defaults() -> None:
    assert Thresholds() == _scoring._DEFAULT_THRESHOLDS


def test_needed_follows_each_rule_and_counts_an_unknown_code() -> None:
    assert [_scoring._needed(rule.code) for rule in RULES] == [rule.needed for rule in RULES]
    assert _scoring._needed("no_such_rule") is True
    assert _scoring._needed("client_ratings_given") is False


# --------------------------------------------------------------------------------------------
# JobFacts built without the frozen __init__
# --------------------------------------------------------------------------------------------


def test_jobfacts_of_is_the_same_as_its_constructor() -> None:
    values: dict[str, Any] = {"title": "n8n workflow", "hires": 2, "client_rating": Decimal("4.21")}
    sources = {"title": "text", "hires": "text", "client_rating": "embedded"}
    built = JobFacts.of(values, sources)
    expected = JobFacts(**values, sources=sources)
    assert built == expected
    assert repr(built) == repr(expected)
    assert list(vars(built).items()) == list(vars(expected).items())
    assert built.sources == sources
    assert built.known_count() == 3
    assert pickle.loads(pickle.dumps(built)) == expected
    assert dataclasses.replace(built, hires=3).hires == 3


def test_jobfacts_of_leaves_out_a_name_that_is_no_fact() -> None:
    built = JobFacts.of({"title": "T", "no_such_fact": 1}, {"title": "text"})
    assert built == JobFacts(title="T")
    assert not hasattr(built, "no_such_fact")


def test_jobfacts_of_stays_frozen() -> None:
    built = JobFacts.of({"title": "T"}, {})
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.title = "U"  # type: ignore[misc]
