"""Usernames that look alike: one key per look, and the sentence sign-up says about it.

A name is reduced to its *look-alike key*: Unicode compatibility forms folded (NFKC: fullwidth
`ａ` is `a`), case folded (`ALICE` is `alice`), then every character replaced by the prototype
Unicode's confusables table gives it (Cyrillic `а` and the digit `1` become `a` and `l`), the
idea of UTS #39's "skeleton". Two names with the same key look the same on screen. The login
lock is kept per key, so no spelling of a locked name escapes the lock, and sign-up refuses a
name whose key another account already has.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from confusable_homoglyphs import categories, confusables

# The table wraps right-to-left characters in LEFT-TO-RIGHT MARKs for display; they are no part
# of the character.
_LRM = "\u200e"


def _glyph(entry: dict[str, str]) -> str:
    return entry["c"].replace(_LRM, "")


@lru_cache(maxsize=4096)
def _prototype(char: str) -> str:
    """The character a look-alike stands for, or the character itself.

    The table lists, for a look-alike, the one prototype it is confused with, and for a
    prototype every look-alike of it. A pair listing only each other has no direction; the
    smaller code point stands for both, so both map to the same character.
    """
    found = confusables.confusables_data.get(char)
    if not found or len(found) != 1:
        return char
    target = _glyph(found[0])
    back = confusables.confusables_data.get(target)
    if back and len(back) == 1 and _glyph(back[0]) == char:
        return min(char, target)
    return target


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def username_key(username: str) -> str:
    """The look-alike key of a name: equal for `alice`, `ＡＬＩＣＥ`, `аlice` and `a1ice`."""
    folded = _fold(username.strip())
    return _fold("".join(_prototype(char) for char in folded))


def mixed_scripts(username: str) -> list[str]:
    """The alphabets a name mixes when one of its letters is a look-alike of another alphabet's,
    like Latin and Cyrillic in `аlice`; empty for a name in one alphabet (`émile`, `иван`)."""
    name = unicodedata.normalize("NFKC", username)
    if not confusables.is_dangerous(name):
        return []
    scripts = categories.unique_aliases(name) - {"COMMON"}
    return sorted(script.title() for script in scripts)
