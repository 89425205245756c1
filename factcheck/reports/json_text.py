"""``json.dumps(value, ensure_ascii=False, indent=2)``, the same text, faster.

With ``indent`` the standard library leaves its C encoder for a generic one in Python (built
of nested generators); large reports spend most of their time there. This writes the same
text with one recursive function, the C string encoder, and no generators.
"""

import json
from json.encoder import encode_basestring
from math import isfinite
from typing import Any

# The keys reports use, encoded once.
_KEYS: dict[str, str] = {}
_KNOWN_KEYS = 2000


def dumps(value: Any, level: int = 0) -> str:
    """``value`` as ``json.dumps(value, ensure_ascii=False, indent=2)`` writes it, each line
    after the first indented ``level`` more levels (for a value nested in a larger document)."""
    out: list[str] = []
    _write(value, "\n" + "  " * level, out)
    return "".join(out)


def _write(value: Any, newline: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(encode_basestring(value))
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float and isfinite(value):
        out.append(float.__repr__(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        separator = "{" + inner
        for key, item in value.items():
            text = _KEYS.get(key) if type(key) is str else None
            if text is None:
                text = _key(key)
            kind = type(item)
            if kind is str:
                out.append(separator + text + encode_basestring(item))
            elif item is None:
                out.append(separator + text + "null")
            elif kind is int:
                out.append(separator + text + int.__repr__(item))
            else:
                out.append(separator + text)
                _write(item, inner, out)
            separator = "," + inner
        out.append(newline + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            kind = type(item)
            if kind is str:
                out.append(separator + encode_basestring(item))
            elif kind is int:
                out.append(separator + int.__repr__(item))
            else:
                out.append(separator)
                _write(item, inner, out)
            separator = "," + inner
        out.append(newline + "]")
    else:
        # Anything else (floats, str and int subclasses, other containers): the library's
        # own text, re-indented.
        out.append(json.dumps(value, ensure_ascii=False, indent=2).replace("\n", newline))


def _key(key: Any) -> str:
    """A key as ``json.dumps`` writes it, with the colon after it."""
    if type(key) is not str:
        # What json.dumps makes of a key that is not a string (a number, true, null).
        key = str(json.loads(json.dumps({key: None})).popitem()[0])
        return encode_basestring(key) + ": "
    text = encode_basestring(key) + ": "
    if len(_KEYS) < _KNOWN_KEYS:
        _KEYS[key] = text
    return text
