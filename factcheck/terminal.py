"""Characters that never reach a terminal raw, for every renderer that may write to one."""

import re

# C0 and C1 controls but tab and newline, DEL, the line and paragraph separators, and the
# bidirectional overrides and isolates (which can make text read other than it is stored).
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
UNSAFE_IN_LINE = re.compile(f"[\\t\\n{UNSAFE.pattern[1:-1]}]")


def terminal_safe(text: str, *, one_line: bool = False) -> str:
    """``text`` with control and direction-override characters shown as Python escapes
    (``\\x1b``, ``\\u202e``); with ``one_line``, line breaks and tabs too."""
    unsafe = UNSAFE_IN_LINE if one_line else UNSAFE
    return unsafe.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def json_safe(text: str) -> str:
    """JSON text with the unsafe characters its encoder leaves raw (C1 controls, direction
    overrides, line separators) as ``\\u`` escapes: the same JSON value, safe to print. They
    can only occur inside strings, where the escape means the same character."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
