"""Tables are laid out without Rich where the text allows it, exactly as Rich lays them out."""

import random
import string

from factcheck.cli.output import render_table, rich_table
from factcheck.cli.table_text import plain_table

HEADERS = ["id", "said", "speaker", "text", "matched", "low confidence", "a much longer header"]


def _text(rng: random.Random) -> str:
    shape = rng.random()
    if shape < 0.1:
        return ""
    if shape < 0.2:
        return " " * rng.randint(1, 3) + rng.choice(string.ascii_letters)
    if shape < 0.3:  # one long word: folded
        return "".join(rng.choice(string.ascii_letters) for _ in range(rng.randint(1, 150)))
    words = (
        "".join(rng.choice(string.printable[:94]) for _ in range(rng.randint(1, 15)))
        for _ in range(rng.randint(1, 40))
    )
    return " ".join(words) + " " * rng.choice([0, 0, 0, 1, 2])


def test_plain_tables_are_richs_tables() -> None:
    rng = random.Random(7)
    compared = 0
    for _ in range(500):
        count = rng.randint(1, 7)
        headers = [rng.choice(HEADERS) for _ in range(count)]
        rows = [[_text(rng) for _ in range(count)] for _ in range(rng.randint(0, 6))]
        width = rng.choice([30, 60, 80, 100, 132, 200])
        plain = plain_table(headers, rows, width)
        if plain is None:  # columns too narrow for their padding: left to Rich
            continue
        assert plain == rich_table(headers, rows, width), (headers, rows, width)
        compared += 1
    assert compared > 400


def test_text_beyond_printable_ascii_is_left_to_rich() -> None:
    rows = [{"speaker": "Ri Yong Ho", "text": "北朝鮮は制裁の一部解除を求めた"}]
    assert (
        plain_table(["speaker", "text"], [["Ri Yong Ho", "北朝鮮は制裁の一部解除を求めた"]], 60)
        is None
    )
    assert plain_table(["text"], [["two\nlines"]], 60) is None
    table = render_table(rows, ["speaker", "text"], width=60)
    assert table == rich_table(
        ["speaker", "text"], [["Ri Yong Ho", "北朝鮮は制裁の一部解除を求めた"]], 60
    )
    assert "北朝鮮" in table


def test_a_table_of_claims() -> None:
    said = "They wanted the sanctions lifted " * 4
    rows: list[dict[str, object]] = [
        {"id": 1, "speaker": "Donald Trump", "text": said},
        {"id": 2, "speaker": "Ri Yong Ho", "text": None},
    ]
    table = render_table(rows, ["id", "speaker", "text"], width=60)
    lines = table.splitlines()
    assert lines[0].startswith("id ┃ speaker      ┃ text")
    assert set(lines[1]) == {"━", "╇"}
    assert lines[2].startswith("1  │ Donald Trump │ They wanted the sanctions lifted")
    assert all(len(line) <= 60 for line in lines)
    assert table == rich_table(
        ["id", "speaker", "text"],
        [["1", "Donald Trump", said], ["2", "Ri Yong Ho", ""]],
        60,
    )
