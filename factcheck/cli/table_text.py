"""Tables as text, laid out as Rich lays out ``output.render_table``'s table, without Rich.

Rich measures and renders every cell through its general machinery, which costs a page of
twenty claims 15-20 ms: more than finding them. For text of printable ASCII, every character
one cell wide, the layout is simple enough to do directly: the same column widths (Rich's
``Table._calculate_column_widths``: each column as wide as its longest line, the widest
columns narrowed first when the table is too wide), the same word wrapping (Rich's
``divide_line``, folding words longer than the column) and the same box characters. Any
other text returns None, and the caller lets Rich lay it out. tests/test_output_table.py
compares the two on many tables.
"""

import re
from collections.abc import Sequence
from itertools import pairwise

# The characters laid out here: printable ASCII, each one cell wide.
_SIMPLE = re.compile(r"[ -~]*")
_WORD = re.compile(r"\s*\S+\s*")

_HEADER_DIVIDER = "┃"
_DIVIDER = "│"
_HEADER_RULE = "━"
_HEADER_CROSS = "╇"


def plain_table(headers: Sequence[str], rows: Sequence[Sequence[str]], width: int) -> str | None:
    """The table of ``headers`` and ``rows`` (texts) in ``width`` columns, as Rich prints a
    ``Table(show_edge=False, pad_edge=False)`` with folding columns; None when a text has a
    character other than printable ASCII."""
    count = len(headers)
    columns = [[header, *(row[index] for row in rows)] for index, header in enumerate(headers)]
    if not count or not all(_SIMPLE.fullmatch(text) for column in columns for text in column):
        return None
    pads = [(index > 0) + (index < count - 1) for index in range(count)]
    widths = _widths(columns, pads, width - (count - 1))
    if any(column_width - pad < 1 for column_width, pad in zip(widths, pads, strict=True)):
        return None
    lines = _row(headers, widths, pads, header=True)
    lines.append(_HEADER_CROSS.join(_HEADER_RULE * column_width for column_width in widths))
    for row in rows:
        lines += _row(row, widths, pads, header=False)
    return "".join(line + "\n" for line in lines)


def _widths(columns: list[list[str]], pads: list[int], available: int) -> list[int]:
    """Each column's width, its padding included, for a table ``available`` cells wide."""
    measured = [_measure(column, pad, available) for column, pad in zip(columns, pads, strict=True)]
    widths = [maximum or 1 for _minimum, maximum in measured]
    if sum(widths) > available:
        widths = _collapse(widths, available)
        if sum(widths) > available:
            widths = _reduce(sum(widths) - available, [1] * len(widths), widths, widths)
        widths = [
            _measure(column, pad, column_width)[1]
            for column, pad, column_width in zip(columns, pads, widths, strict=True)
        ]
    return widths


def _measure(column: list[str], pad: int, limit: int) -> tuple[int, int]:
    """The narrowest and the widest a column can be (its longest word, its longest text), at
    most ``limit``; with Rich's corner cases for empty texts and tiny limits."""
    if limit < 1:
        return 0, 0
    minimums, maximums = [], []
    for text in column:
        minimum, maximum = _cell_measure(text, pad, limit)
        minimums.append(minimum)
        maximums.append(maximum)
    return min(max(minimums), limit), min(max(maximums), limit)


def _cell_measure(text: str, pad: int, limit: int) -> tuple[int, int]:
    if limit - pad < 1:
        return limit, limit
    words = text.split()
    minimum = min(max(map(len, words), default=len(text)), limit)
    maximum = min(len(text), limit)
    if maximum < 1:
        minimum = maximum = 0
    minimum, maximum = min(minimum + pad, limit), min(maximum + pad, limit)
    return (0, 0) if maximum < 1 else (minimum, maximum)


def _collapse(widths: list[int], available: int) -> list[int]:
    """Narrow the widest columns, all of them together, until the table fits or they are as
    narrow as the next widest (Rich's ``Table._collapse_widths``)."""
    excess = sum(widths) - available
    while sum(widths) and excess > 0:
        widest = max(widths)
        next_widest = max((value for value in widths if value != widest), default=0)
        ratios = [1 if value == widest else 0 for value in widths]
        difference = widest - next_widest
        if not difference:
            break
        widths = _reduce(excess, ratios, [min(excess, difference)] * len(widths), widths)
        excess = sum(widths) - available
    return widths


def _reduce(total: int, ratios: list[int], maximums: list[int], values: list[int]) -> list[int]:
    """Take ``total`` from ``values`` in proportion to ``ratios``, at most ``maximums`` each
    (Rich's ``ratio_reduce``)."""
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining = total
    result = []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            taken = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - taken)
            remaining -= taken
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _row(cells: Sequence[str], widths: list[int], pads: list[int], *, header: bool) -> list[str]:
    """The lines of one row: each cell wrapped to its column, padded, the columns divided;
    headers sit at the bottom of their row, other cells at the top."""
    count = len(cells)
    wrapped = []
    for index, (text, column_width, pad) in enumerate(zip(cells, widths, pads, strict=True)):
        inner = column_width - pad
        left, right = " " * (index > 0), " " * (index < count - 1)
        wrapped.append([left + line[:inner].ljust(inner) + right for line in _wrap(text, inner)])
    height = max(map(len, wrapped))
    for lines, column_width in zip(wrapped, widths, strict=True):
        blank = [" " * column_width] * (height - len(lines))
        lines[:] = blank + lines if header else lines + blank
    divider = _HEADER_DIVIDER if header else _DIVIDER
    return [divider.join(lines[at] for lines in wrapped) for at in range(height)]


def _wrap(text: str, width: int) -> list[str]:
    """``text`` broken into lines at most ``width`` long: between words where it can be,
    inside a word longer than the line (Rich's ``divide_line`` with folding)."""
    breaks = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group()
        length = len(word.rstrip())
        if width - offset >= length:
            offset += len(word)
        elif length > width:
            pieces = [word[at : at + width] for at in range(0, len(word), width)]
            for piece in pieces[:-1]:
                if start:
                    breaks.append(start)
                start += len(piece)
            if start:
                breaks.append(start)
            offset = len(pieces[-1])
        elif offset and start:
            breaks.append(start)
            offset = len(word)
    bounds = [0, *breaks, len(text)]
    return [text[begin:end] for begin, end in pairwise(bounds)]
