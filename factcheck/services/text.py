"""Text keys for lookups, and checks on text a user gives."""

import re
import unicodedata
from enum import StrEnum
from typing import TypeVar

from factcheck.errors import InvalidInput

MAX_NAME_LENGTH = 300
MAX_TEXT_LENGTH = 100_000

E = TypeVar("E", bound=StrEnum)


def normalize_key(text: str) -> str:
    """Case- and accent-folded text with punctuation runs as single spaces.

    The seeding migration (0002) spells the same function out; keys it stored must match.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", stripped).casefold()
    return re.sub(r"[\W_]+", " ", folded).strip()


def slugify(text: str) -> str:
    return normalize_key(text).replace(" ", "-")


def clean_text(value: str | None, *, field: str, limit: int = MAX_TEXT_LENGTH) -> str:
    """``value`` stripped; an error when it is missing, blank, too long or holds a NUL."""
    if value is None or not value.strip():
        raise InvalidInput(f"{field} is empty", f"give a {field}")
    value = value.strip()
    if "\x00" in value:
        raise InvalidInput(f"{field} contains a NUL character", "remove it")
    if len(value) > limit:
        raise InvalidInput(f"{field} is {len(value):,} characters long", f"the limit is {limit:,}")
    return value


def clean_optional(value: str | None, *, field: str, limit: int = MAX_TEXT_LENGTH) -> str | None:
    """Like ``clean_text``, but a missing or blank value is None."""
    if value is None or not value.strip():
        return None
    return clean_text(value, field=field, limit=limit)


def clean_name(value: str | None, *, field: str = "name") -> str:
    return clean_text(value, field=field, limit=MAX_NAME_LENGTH)


_LANGUAGE_TAG = re.compile(
    r"^[a-z]{2,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*$"
)
MAX_LANGUAGE_LENGTH = 35


def clean_language(value: str | None, *, field: str = "language") -> str | None:
    """A BCP 47 language tag (``en``, ``ko``, ``en-US``, ``zh-Hant-TW``) in its usual case;
    None when missing or blank."""
    if value is None or not value.strip():
        return None
    known = _LANGUAGES.get(value)
    if known is not None:
        return known
    tag = value.strip().replace("_", "-").lower()
    if len(tag) > MAX_LANGUAGE_LENGTH or not _LANGUAGE_TAG.match(tag):
        raise InvalidInput(
            f"{field} {value!r} is not a language tag", "use a BCP 47 tag such as en, ko or en-US"
        )
    language, *subtags = tag.split("-")
    cased = [language]
    for position, subtag in enumerate(subtags):
        if position == 0 and len(subtag) == 4 and subtag.isalpha():
            cased.append(subtag.title())
        elif len(subtag) == 2 and subtag.isalpha():
            cased.append(subtag.upper())
        else:
            cased.append(subtag)
    cleaned = "-".join(cased)
    if len(_LANGUAGES) >= _LANGUAGES_KEPT:
        _LANGUAGES.clear()
    _LANGUAGES[value] = cleaned
    return cleaned


# Language tags as given -> cleaned: many records share a few. Bounded, so memory stays flat.
_LANGUAGES: dict[str, str] = {}
_LANGUAGES_KEPT = 1_000


def enum_member(enum_class: type[E], value: E | str, label: str) -> E:
    """The member of ``enum_class`` that ``value`` names, in any case; an error listing the
    choices otherwise."""
    try:
        return enum_class(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(member.value for member in enum_class)
        raise InvalidInput(f"{label} {value!r} is not known", f"use one of: {choices}") from None
