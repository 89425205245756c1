"""``factcheck proposition``: add, list, show and stance, through the command line."""

import json

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from factcheck.enums import Stance
from factcheck.errors import Conflict
from factcheck.models import ClaimStance, Proposition, Topic
from factcheck.services import lookup, propositions
from tests.conftest import invoke
from tests.helpers_records import RI_TEXT, add_claim, count, log_rows, masked, ok

PROPOSITION = "North Korea asked for all sanctions to be lifted in exchange for Yongbyon"
TRUMP_TEXT = "They wanted the sanctions lifted in their entirety."


def hanoi(engine: Engine) -> tuple[int, int, int]:
    """Trump's claim, Ri's (in Korean, under his Korean name) and a retracted one."""
    trump = add_claim(engine, TRUMP_TEXT)
    ri = add_claim(engine, RI_TEXT, speaker="리용호")
    retracted = add_claim(engine, "They wanted everything lifted.", retracted=True)
    return trump, ri, retracted


def add_with_stances(engine: Engine) -> None:
    trump, ri, retracted = hanoi(engine)
    ok("proposition", "add", PROPOSITION, "--topic", "North Korea", "--topic", "sanctions")
    ok("proposition", "stance", str(trump), "1", "--stance", "asserts")
    ok("proposition", "stance", str(ri), "1", "--stance", "denies")
    ok("proposition", "stance", str(retracted), "1", "--stance", "asserts")


# add


def test_add_prints_the_id_and_stores_text_and_topics(db_env: str, engine: Engine) -> None:
    result = invoke(
        "proposition", "add", f"  {PROPOSITION} ", "--topic", "sanctions", "--topic", "Sanctions"
    )

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == "Added proposition #1.\n"
    with Session(engine) as session:
        proposition = session.scalars(select(Proposition)).one()
        assert proposition.text == PROPOSITION
        assert [topic.slug for topic in proposition.topics] == ["sanctions"]


def test_add_records_the_insert_in_the_change_log(db_env: str, engine: Engine) -> None:
    ok("--as", "editor", "proposition", "add", PROPOSITION, "--topic", "sanctions")

    assert log_rows(engine, "propositions") == [
        ("editor", "insert", 1, {"text": [None, PROPOSITION], "topics": [None, [1]]})
    ]
    assert log_rows(engine, "topics") == [
        ("editor", "insert", 1, {"name": [None, "sanctions"], "slug": [None, "sanctions"]})
    ]


def test_add_prints_the_proposition_as_json(db_env: str) -> None:
    result = invoke("proposition", "add", PROPOSITION, "--topic", "North Korea", "--format", "json")

    assert result.exit_code == 0, result.stderr
    assert masked(result.stdout) == (
        "{\n"
        '  "id": 1,\n'
        f'  "text": "{PROPOSITION}",\n'
        '  "topics": [\n'
        '    "North Korea"\n'
        "  ],\n"
        '  "stances": [],\n'
        '  "created_at": "<time>",\n'
        '  "updated_at": "<time>"\n'
        "}\n"
    )
    assert result.stderr == "Added proposition #1.\n"


def test_add_prints_jsonl_and_csv(db_env: str) -> None:
    jsonl = invoke("proposition", "add", "Первое утверждение", "--format", "jsonl")
    csv = invoke("proposition", "add", "Second", "--topic", "a", "--topic", "b", "-f", "csv")

    assert jsonl.exit_code == 0, jsonl.stderr
    assert masked(jsonl.stdout) == (
        '{"id": 1, "text": "Первое утверждение", "topics": [], "stances": [], '
        '"created_at": "<time>", "updated_at": "<time>"}\n'
    )
    assert csv.exit_code == 0, csv.stderr
    assert masked(csv.stdout) == (
        "id,text,topics,stances,created_at,updated_at\n2,Second,a; b,,<time>,<time>\n"
    )


@pytest.mark.parametrize(
    "text",
    [
        "북한은 영변 폐기의 대가로 모든 제재 해제를 요구했다",
        "طالبت كوريا الشمالية برفع كل العقوبات",
    ],
)
def test_add_keeps_non_latin_text(db_env: str, engine: Engine, text: str) -> None:
    result = invoke("proposition", "add", text, "--topic", "제재", "--format", "json")

    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["text"], record["topics"]) == (text, ["제재"])
    with Session(engine) as session:
        assert session.scalars(select(Proposition.text)).one() == text


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["   "], "Error: text is missing (give TEXT)\n", 4),
        (
            ["x" * 100_001],
            "Error: proposition text is 100,001 characters long (the limit is 100,000)\n",
            4,
        ),
        (["a\x00b"], "Error: proposition text contains a NUL character (remove it)\n", 4),
        ([], "Error: text is missing (give TEXT)\n", 4),
        (
            [PROPOSITION, "--topic", "sanctions", "--topic", "!!!"],
            "Error: topic '!!!' has no letters or digits\n",
            4,
        ),
    ],
)
def test_add_rejects_bad_input_and_writes_nothing(
    db_env: str, engine: Engine, args: list[str], message: str, code: int
) -> None:
    result = invoke("proposition", "add", *args)

    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)
    assert count(engine, Proposition) == 0
    assert count(engine, Topic) == 0
    assert log_rows(engine, "propositions") == []


def test_add_the_same_text_again_is_a_conflict_naming_it(db_env: str, engine: Engine) -> None:
    ok("proposition", "add", PROPOSITION)

    result = invoke("proposition", "add", PROPOSITION, "--topic", "new topic")

    assert result.exit_code == 5
    assert result.stderr == (
        "Error: proposition #1 already says this (use it: factcheck proposition show 1)\n"
    )
    assert count(engine, Proposition) == 1
    assert count(engine, Topic) == 0


# list


def test_list_counts_stances_of_active_claims(db_env: str, engine: Engine) -> None:
    add_with_stances(engine)
    ok("proposition", "add", "Another proposition")

    result = invoke("proposition", "list", "--format", "json")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "[\n"
        "  {\n"
        '    "id": 1,\n'
        f'    "text": "{PROPOSITION}",\n'
        '    "topics": [\n'
        '      "North Korea",\n'
        '      "sanctions"\n'
        "    ],\n"
        '    "asserts": 1,\n'
        '    "denies": 1,\n'
        '    "qualifies": 0,\n'
        '    "claims": 2\n'
        "  },\n"
        "  {\n"
        '    "id": 2,\n'
        '    "text": "Another proposition",\n'
        '    "topics": [],\n'
        '    "asserts": 0,\n'
        '    "denies": 0,\n'
        '    "qualifies": 0,\n'
        '    "claims": 0\n'
        "  }\n"
        "]\n"
    )


def test_list_csv_and_jsonl_and_include_retracted(db_env: str, engine: Engine) -> None:
    add_with_stances(engine)

    csv = ok("proposition", "list", "--include-retracted", "--format", "csv")
    jsonl = ok("proposition", "list", "--format", "jsonl")

    assert csv == (
        "id,text,topics,asserts,denies,qualifies,claims\n"
        f"1,{PROPOSITION},North Korea; sanctions,2,1,0,3\n"
    )
    assert jsonl == (
        f'{{"id": 1, "text": "{PROPOSITION}", "topics": ["North Korea", "sanctions"], '
        '"asserts": 1, "denies": 1, "qualifies": 0, "claims": 2}\n'
    )


def test_list_table_shows_the_counts(db_env: str, engine: Engine) -> None:
    add_with_stances(engine)

    result = invoke("proposition", "list")

    assert result.exit_code == 0, result.stderr
    header, _rule, first = result.stdout.splitlines()[:3]
    assert header.split("┃") == [
        "id ",
        " text                           ",
        " topics                 ",
        " asserts ",
        " denies ",
        " qualifies ",
        " claims",
    ]
    assert [cell.strip() for cell in first.split("│")][3:] == ["1", "1", "0", "2"]


def test_list_filters_by_topic(db_env: str) -> None:
    ok("proposition", "add", "One", "--topic", "sanctions")
    ok("proposition", "add", "Two", "--topic", "nuclear")

    result = invoke("proposition", "list", "--topic", "Nuclear", "--format", "csv")
    unknown = invoke("proposition", "list", "--topic", "weather")

    assert result.exit_code == 0, result.stderr
    assert (
        result.stdout == "id,text,topics,asserts,denies,qualifies,claims\n2,Two,nuclear,0,0,0,0\n"
    )
    assert (unknown.exit_code, unknown.stdout) == (3, "")
    assert unknown.stderr == "Error: no topic 'weather' (see: factcheck topic list)\n"


def test_list_of_an_empty_database(db_env: str) -> None:
    assert ok("proposition", "list", "--format", "json") == "[]\n"
    assert ok("proposition", "list", "--format", "csv") == (
        "id,text,topics,asserts,denies,qualifies,claims\n"
    )


# show


def test_show_lists_every_stance_retracted_claims_included(db_env: str, engine: Engine) -> None:
    add_with_stances(engine)

    result = invoke("proposition", "show", "#1", "--format", "json")

    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert masked(result.stdout) == masked(json.dumps(record, ensure_ascii=False, indent=2)) + "\n"
    assert record["stances"] == [
        {
            "id": 1,
            "proposition_id": 1,
            "claim_id": 1,
            "stance": "asserts",
            "speaker": "Donald Trump",
            "speaker_id": 1,
            "text": TRUMP_TEXT,
            "status": "active",
        },
        {
            "id": 2,
            "proposition_id": 1,
            "claim_id": 2,
            "stance": "denies",
            "speaker": "리용호",
            "speaker_id": 2,
            "text": RI_TEXT,
            "status": "active",
        },
        {
            "id": 3,
            "proposition_id": 1,
            "claim_id": 3,
            "stance": "asserts",
            "speaker": "Donald Trump",
            "speaker_id": 1,
            "text": "They wanted everything lifted.",
            "status": "retracted",
        },
    ]
    assert list(record) == ["id", "text", "topics", "stances", "created_at", "updated_at"]


def test_show_csv_jsonl_and_table(db_env: str, engine: Engine) -> None:
    add_with_stances(engine)

    csv = ok("proposition", "show", "1", "--format", "csv")
    jsonl = ok("proposition", "show", "1", "--format", "jsonl")
    table = ok("proposition", "show", "1")

    assert masked(csv) == (
        "id,text,topics,stances,created_at,updated_at\n"
        f"1,{PROPOSITION},North Korea; sanctions,"
        "claim #1 asserts (Donald Trump); claim #2 denies (리용호); "
        "claim #3 asserts (Donald Trump) [retracted],<time>,<time>\n"
    )
    assert len(jsonl.splitlines()) == 1
    assert json.loads(jsonl)["stances"][1]["speaker"] == "리용호"
    assert "claim #2 denies (리용호)" in table
    assert "claim #3 asserts (Donald Trump) [retracted]" in table


@pytest.mark.parametrize(
    ("reference", "message", "code"),
    [
        ("7", "Error: no proposition #7 (see: factcheck proposition list)\n", 3),
        ("seven", "Error: proposition id 'seven' is not a number (give the proposition's id)\n", 4),
    ],
)
def test_show_unknown_or_malformed_id(db_env: str, reference: str, message: str, code: int) -> None:
    result = invoke("proposition", "show", reference)

    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)


# stance


def test_stance_prints_its_id_and_records_the_stance(db_env: str, engine: Engine) -> None:
    _, ri, _ = hanoi(engine)
    ok("proposition", "add", PROPOSITION)

    result = invoke("proposition", "stance", str(ri), "1", "--stance", "denies")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == "Claim #2 (리용호) denies proposition #1.\n"
    with Session(engine) as session:
        stance = session.scalars(select(ClaimStance)).one()
        assert (stance.claim_id, stance.proposition_id, stance.stance) == (ri, 1, Stance.DENIES)
    assert log_rows(engine, "claim_stances") == [
        (
            "tester",
            "insert",
            1,
            {"claim_id": [None, 2], "proposition_id": [None, 1], "stance": [None, "denies"]},
        )
    ]


def test_stance_prints_the_record_as_json(db_env: str, engine: Engine) -> None:
    hanoi(engine)
    ok("proposition", "add", PROPOSITION)

    result = invoke("proposition", "stance", "1", "1", "--stance", "asserts", "--format", "json")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "{\n"
        '  "id": 1,\n'
        '  "proposition_id": 1,\n'
        '  "claim_id": 1,\n'
        '  "stance": "asserts",\n'
        '  "speaker": "Donald Trump",\n'
        '  "speaker_id": 1,\n'
        f'  "text": "{TRUMP_TEXT}",\n'
        '  "status": "active"\n'
        "}\n"
    )


def test_stance_as_csv(db_env: str, engine: Engine) -> None:
    hanoi(engine)
    ok("proposition", "add", PROPOSITION)

    result = invoke("proposition", "stance", "2", "1", "--stance", "qualifies", "-f", "csv")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        "id,proposition_id,claim_id,stance,speaker,speaker_id,text,status\n"
        f"1,1,2,qualifies,리용호,2,{RI_TEXT},active\n"
    )


def test_a_second_stance_is_a_conflict_unless_replaced(db_env: str, engine: Engine) -> None:
    hanoi(engine)
    ok("proposition", "add", PROPOSITION)
    ok("proposition", "stance", "1", "1", "--stance", "asserts")

    same = invoke("proposition", "stance", "1", "1", "--stance", "asserts")
    other = invoke("proposition", "stance", "1", "1", "--stance", "denies")

    assert (same.exit_code, same.stdout) == (5, "")
    assert same.stderr == "Error: claim #1 already asserts proposition #1 (nothing to change)\n"
    assert (other.exit_code, other.stdout) == (5, "")
    assert other.stderr == (
        "Error: claim #1 already asserts proposition #1 (pass --replace to change its stance)\n"
    )

    replaced = invoke("proposition", "stance", "1", "1", "--stance", "qualifies", "--replace")

    assert replaced.exit_code == 0, replaced.stderr
    assert replaced.stdout == "1\n"
    with Session(engine) as session:
        assert session.scalars(select(ClaimStance.stance)).all() == [Stance.QUALIFIES]
    assert [row[1:] for row in log_rows(engine, "claim_stances")][-1] == (
        "update",
        1,
        {"stance": ["asserts", "qualifies"]},
    )


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["9", "1", "--stance", "asserts"], "Error: no claim #9 (see: factcheck claim list)\n", 3),
        (
            ["1", "9", "--stance", "asserts"],
            "Error: no proposition #9 (see: factcheck proposition list)\n",
            3,
        ),
        (
            ["one", "1", "--stance", "asserts"],
            "Error: claim id 'one' is not a number (give the claim's id)\n",
            4,
        ),
        (["1", "1"], "Error: stance is missing (give --stance)\n", 4),
    ],
)
def test_stance_errors_write_nothing(
    db_env: str, engine: Engine, args: list[str], message: str, code: int
) -> None:
    hanoi(engine)
    ok("proposition", "add", PROPOSITION)

    result = invoke("proposition", "stance", *args)

    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)
    assert count(engine, ClaimStance) == 0


def test_stance_with_an_unknown_value_is_a_usage_error(db_env: str, engine: Engine) -> None:
    hanoi(engine)
    ok("proposition", "add", PROPOSITION)

    result = invoke("proposition", "stance", "1", "1", "--stance", "maybe")

    assert result.exit_code == 2
    assert "Invalid value for '--stance': 'maybe' is not one of" in result.stderr
    assert count(engine, ClaimStance) == 0


def test_set_stance_takes_positional_arguments_and_refuses_a_duplicate(
    db_env: str, engine: Engine
) -> None:
    """The service ``claim add --proposition`` calls."""
    hanoi(engine)
    ok("proposition", "add", PROPOSITION)
    with Session(engine) as session:
        claim = lookup.get_claim(session, 1)
        proposition = propositions.get_proposition(session, "1")
        record = propositions.set_stance(session, claim, proposition, "asserts")
        assert (record.claim_id, record.stance) == (1, Stance.ASSERTS)
        with pytest.raises(Conflict, match="already asserts"):
            propositions.set_stance(session, claim, proposition, Stance.DENIES)
        session.rollback()


@pytest.mark.parametrize("command", ["add", "list", "show", "stance"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke("proposition", command, "--help")

    assert result.exit_code == 0
    assert "Example: factcheck proposition " + command in result.stdout
