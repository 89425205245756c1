"""``factcheck correction``: corrections of claims and of verdicts, lists and every error."""

import json
from typing import Any

import pytest
from sqlalchemy import Engine

from factcheck.errors import ExitCode
from tests.conftest import invoke
from tests.helpers_verdicts import (
    FP_URL,
    add_actor,
    add_claim,
    add_source,
    counts,
    hanoi,
    one_json,
    pretty,
)

OFFICIAL = "US official"
OFFICIAL_TEXT = "Ri's description of what the North asked for was the accurate one."


@pytest.fixture
def ids(db_env: str, engine: Engine) -> dict[str, int]:
    """The Hanoi claims and reviewers, an official (#5), and PolitiFact's verdict #1 on
    Trump's claim."""
    found = hanoi(engine)
    found["official"] = add_actor(engine, OFFICIAL)
    verdict = invoke(
        "verdict", "add", "1", "--by", "PolitiFact", "--scale", "politifact", "--rating", "False"
    )
    assert verdict.stdout == "1\n", verdict.stderr
    return found


def correct(target: str, by: str, text: str, *args: str) -> Any:
    return invoke("correction", "add", target, "--by", by, "--text", text, *args)


def expected_view(record: dict[str, Any], **fields: Any) -> dict[str, Any]:
    view = {
        "id": 1,
        "target": "claim:1",
        "claim_id": 1,
        "verdict_id": None,
        "kind": "third-party",
        "issued_by": OFFICIAL,
        "issued_by_id": 5,
        "date": None,
        "text": OFFICIAL_TEXT,
        "source_id": None,
        "source_url": None,
        "created_at": record["created_at"],
    }
    view.update(fields)
    return view


def test_correcting_someone_else_s_claim_is_third_party(ids: dict[str, int]) -> None:
    result = correct("1", OFFICIAL, OFFICIAL_TEXT)

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == "Recorded third-party correction #1 of claim #1.\n"


def test_add_as_json_with_date_and_source(ids: dict[str, int], engine: Engine) -> None:
    source = add_source(engine)

    result = correct(
        "claim:1", OFFICIAL, OFFICIAL_TEXT, "--date", "2019-03", "--source", FP_URL, "-f", "json"
    )

    assert result.exit_code == 0, result.stderr
    record = one_json(result.stdout)
    assert result.stdout == pretty(
        expected_view(record, date="2019-03", source_id=source, source_url=FP_URL)
    )


def test_the_speaker_correcting_their_own_claim_is_a_clarification(
    ids: dict[str, int],
) -> None:
    result = correct("#2", "Ri Yong Ho", "We asked for five resolutions to go.", "-f", "jsonl")

    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert result.stdout == (
        json.dumps(
            expected_view(
                record,
                target="claim:2",
                claim_id=2,
                kind="clarification",
                issued_by="Ri Yong Ho",
                issued_by_id=2,
                text="We asked for five resolutions to go.",
            ),
            ensure_ascii=False,
        )
        + "\n"
    )


def test_a_verdict_is_corrected_with_verdict_colon_id(ids: dict[str, int]) -> None:
    own = correct("verdict:1", "PolitiFact", "The date of the briefing was wrong.", "-f", "json")
    other = correct("VERDICT:#1", "The Washington Post", "The rating ignores the briefing.")

    assert own.exit_code == 0, own.stderr
    record = one_json(own.stdout)
    assert own.stdout == pretty(
        expected_view(
            record,
            target="verdict:1",
            verdict_id=1,
            kind="newsroom",
            issued_by="PolitiFact",
            issued_by_id=3,
            text="The date of the briefing was wrong.",
        )
    )
    assert own.stderr == "Recorded newsroom correction #1 of verdict #1.\n"
    assert other.stderr == "Recorded third-party correction #2 of verdict #1.\n"


def test_kind_can_be_given(ids: dict[str, int], engine: Engine) -> None:
    source = add_source(engine)
    result = correct(
        "1",
        "Donald Trump",
        "I take it back.",
        "--kind",
        "retraction",
        "--source",
        str(source),
        "--date",
        "2019-03-02",
        "--format",
        "csv",
    )

    assert result.exit_code == 0, result.stderr
    created_at = result.stdout.splitlines()[1].rsplit(",", 1)[1]
    assert result.stdout == (
        "id,target,claim_id,verdict_id,kind,issued_by,issued_by_id,date,text,source_id,"
        "source_url,created_at\n"
        f"1,claim:1,1,,retraction,Donald Trump,1,2019-03-02,I take it back.,{source},{FP_URL},"
        f"{created_at}\n"
    )


def test_list_of_a_claim_includes_corrections_of_its_verdicts(ids: dict[str, int]) -> None:
    correct("1", OFFICIAL, OFFICIAL_TEXT)
    correct("2", "Ri Yong Ho", "리용호: 부분적 제재 해제만 요구했다.")
    correct("verdict:1", "PolitiFact", "The date of the briefing was wrong.")

    of_claim = invoke("correction", "list", "1", "--format", "json")
    everything = invoke("correction", "list", "--format", "jsonl")

    assert of_claim.exit_code == 0, of_claim.stderr
    rows = json.loads(of_claim.stdout)
    assert of_claim.stdout == pretty(
        [
            expected_view(rows[0]),
            expected_view(
                rows[1],
                id=3,
                target="verdict:1",
                verdict_id=1,
                kind="newsroom",
                issued_by="PolitiFact",
                issued_by_id=3,
                text="The date of the briefing was wrong.",
            ),
        ]
    )
    listed = [json.loads(line) for line in everything.stdout.splitlines()]
    assert [(row["id"], row["target"]) for row in listed] == [
        (1, "claim:1"),
        (2, "claim:2"),
        (3, "verdict:1"),
    ]
    assert listed[1]["text"] == "리용호: 부분적 제재 해제만 요구했다."


def test_list_filters_and_table(ids: dict[str, int]) -> None:
    correct("1", OFFICIAL, OFFICIAL_TEXT)
    correct("verdict:1", "PolitiFact", "The date of the briefing was wrong.")

    by_kind = json.loads(invoke("correction", "list", "--kind", "newsroom", "-f", "json").stdout)
    by_issuer = json.loads(invoke("correction", "list", "--by", OFFICIAL, "-f", "json").stdout)
    table = invoke("correction", "list")

    assert [row["id"] for row in by_kind] == [2]
    assert [row["id"] for row in by_issuer] == [1]
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split() == [
        "id",
        "┃",
        "target",
        "┃",
        "kind",
        "┃",
        "issued",
        "by",
        "┃",
        "date",
        "┃",
        "text",
    ]
    assert "verdict:1" in table.stdout and "newsroom" in table.stdout


def test_empty_list_as_csv_has_the_header(ids: dict[str, int]) -> None:
    result = invoke("correction", "list", "--format", "csv")

    assert result.stdout == (
        "id,target,claim_id,verdict_id,kind,issued_by,issued_by_id,date,text,source_id,"
        "source_url,created_at\n"
    )


def test_show(ids: dict[str, int]) -> None:
    correct("verdict:1", "PolitiFact", "مصحح: تاريخ الإحاطة كان خاطئًا")

    table = invoke("correction", "show", "1")
    as_json = invoke("correction", "show", "1", "--format", "json")

    assert table.exit_code == 0, table.stderr
    assert "مصحح: تاريخ الإحاطة كان خاطئًا" in table.stdout
    assert json.loads(as_json.stdout)["target"] == "verdict:1"


ERRORS = [
    pytest.param(
        ["9", "--by", OFFICIAL, "--text", "x"],
        ExitCode.NOT_FOUND,
        "Error: no claim #9 (see: factcheck claim list)\n",
        id="unknown-claim",
    ),
    pytest.param(
        ["verdict:9", "--by", OFFICIAL, "--text", "x"],
        ExitCode.NOT_FOUND,
        "Error: no verdict #9 (see: factcheck verdict list)\n",
        id="unknown-verdict",
    ),
    pytest.param(
        ["vote:1", "--by", OFFICIAL, "--text", "x"],
        ExitCode.INVALID,
        "Error: correction target 'vote:1' is not a claim or a verdict"
        " (give CLAIM_ID, claim:ID or verdict:ID)\n",
        id="bad-target",
    ),
    pytest.param(
        ["verdict:one", "--by", OFFICIAL, "--text", "x"],
        ExitCode.INVALID,
        "Error: verdict id 'one' is not a number (give the verdict's id)\n",
        id="verdict-id-not-a-number",
    ),
    pytest.param(
        ["1", "--by", "US oficial", "--text", "x"],
        ExitCode.NOT_FOUND,
        "Error: no issuer named 'US oficial' (did you mean: US official (#5);"
        " or add it with --new)\n",
        id="unknown-issuer",
    ),
    pytest.param(
        ["1", "--by", OFFICIAL, "--text", "x", "--date", "2019-02-30"],
        ExitCode.INVALID,
        "Error: --date '2019-02-30' does not exist (day is out of range for month)\n",
        id="impossible-date",
    ),
    pytest.param(
        ["1", "--by", OFFICIAL, "--text", "   "],
        ExitCode.INVALID,
        "Error: correction text is missing (give --text T)\n",
        id="blank-text",
    ),
    pytest.param(
        ["1", "--by", OFFICIAL, "--text", "x" * 100_001],
        ExitCode.INVALID,
        "Error: correction text is 100,001 characters long (the limit is 100,000)\n",
        id="text-too-long",
    ),
    pytest.param(
        ["1", "--by", OFFICIAL, "--text", "x", "--source", "99"],
        ExitCode.NOT_FOUND,
        "Error: no source '99' (add it first with: factcheck source add URL)\n",
        id="unknown-source",
    ),
    pytest.param(
        ["1", "--by", OFFICIAL, "--text", "x", "--source", "ftp://example.org/x"],
        ExitCode.INVALID,
        "Error: URL 'ftp://example.org/x' is not a web address (give an http(s):// URL)\n",
        id="bad-source-url",
    ),
    pytest.param(
        ["1", "--text", "x"],
        ExitCode.INVALID,
        "Error: issued by is missing (give --by NAME)\n",
        id="missing-issuer",
    ),
    pytest.param(
        ["1", "--by", "Newcomer", "--new", "--text", "x", "--source", "77"],
        ExitCode.NOT_FOUND,
        "Error: no source '77' (add it first with: factcheck source add URL)\n",
        id="new-issuer-then-unknown-source",
    ),
]


@pytest.mark.parametrize(("args", "code", "message"), ERRORS)
def test_add_errors_write_nothing(
    ids: dict[str, int], engine: Engine, args: list[str], code: int, message: str
) -> None:
    before = counts(engine)

    result = invoke("correction", "add", *args)

    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr == message
    assert counts(engine) == before


def test_the_same_correction_twice_is_a_conflict(ids: dict[str, int], engine: Engine) -> None:
    correct("1", OFFICIAL, OFFICIAL_TEXT)
    before = counts(engine)

    again = correct("claim:1", "us official", OFFICIAL_TEXT.upper())

    assert again.exit_code == ExitCode.CONFLICT
    assert again.stderr == (
        "Error: US official (#5) already corrected claim #1 with these words in correction #1\n"
    )
    assert counts(engine) == before


def test_a_retracted_claim_takes_no_correction(ids: dict[str, int], engine: Engine) -> None:
    claim = add_claim(engine, "Entered by mistake.", ids["trump"], retracted=True)
    before = counts(engine)

    result = correct(str(claim), OFFICIAL, "x")

    assert result.exit_code == ExitCode.CONFLICT
    assert result.stderr.startswith(f"Error: claim #{claim} is retracted (entered twice)")
    assert counts(engine) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["show", "4"],
            ExitCode.NOT_FOUND,
            "Error: no correction #4 (see: factcheck correction list)\n",
        ),
        (["list", "8"], ExitCode.NOT_FOUND, "Error: no claim #8 (see: factcheck claim list)\n"),
        (
            ["list", "--by", "Nobody At All"],
            ExitCode.NOT_FOUND,
            "Error: no actor named 'Nobody At All' (add it with: factcheck actor add)\n",
        ),
    ],
)
def test_read_errors(ids: dict[str, int], args: list[str], code: int, message: str) -> None:
    result = invoke("correction", *args)

    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)


def test_bad_kind_is_a_usage_error(ids: dict[str, int]) -> None:
    result = correct("1", OFFICIAL, "x", "--kind", "apology")

    assert result.exit_code == ExitCode.USAGE


@pytest.mark.parametrize("command", ["add", "list", "show"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke("correction", command, "--help")

    assert result.exit_code == 0
    assert "Example: factcheck correction " + command in result.stdout
