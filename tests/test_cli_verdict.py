"""``factcheck verdict``: rating claims, supersession, history, lists and every error class."""

import json
from typing import Any

import pytest
from sqlalchemy import Engine

from factcheck.errors import ExitCode
from tests.conftest import invoke
from tests.helpers_verdicts import (
    RI_CLAIM,
    TRUMP_CLAIM,
    add_claim,
    add_source,
    counts,
    hanoi,
    one_json,
    pretty,
    retract,
)

PF_URL = "https://www.politifact.com/factchecks/2019/mar/05/donald-trump/sanctions/"


@pytest.fixture
def ids(db_env: str, engine: Engine) -> dict[str, int]:
    return hanoi(engine)


def rate(claim: int, *args: str) -> Any:
    return invoke("verdict", "add", str(claim), *args)


def pf(claim: int, rating: str, *args: str) -> Any:
    return rate(claim, "--by", "PolitiFact", "--scale", "politifact", "--rating", rating, *args)


def expected_view(record: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A verdict's JSON with defaults for the fields a test does not set."""
    view = {
        "id": 1,
        "claim_id": 1,
        "claim_text": TRUMP_CLAIM,
        "reviewer": "PolitiFact",
        "reviewer_id": 3,
        "scale": "politifact",
        "rating": "Mostly False",
        "bucket": "false",
        "score": 0.4,
        "explanation": None,
        "url": None,
        "review_source_id": None,
        "date": None,
        "supersedes_id": None,
        "superseded_by_id": None,
        "is_current": True,
        "created_at": record["created_at"],
    }
    view.update(fields)
    return view


def test_add_prints_the_id_and_a_sentence(ids: dict[str, int]) -> None:
    result = pf(ids["trump_claim"], "Mostly False")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == "PolitiFact rated claim #1 'Mostly False' (verdict #1).\n"


@pytest.mark.parametrize(
    ("typed", "label"),
    [
        ("barely-true", "Mostly False"),
        ("Barely True", "Mostly False"),
        ("pants-fire", "Pants on Fire"),
        ("PANTS ON FIRE", "Pants on Fire"),
        ("half true", "Half True"),
    ],
)
def test_a_label_or_alias_finds_the_level(ids: dict[str, int], typed: str, label: str) -> None:
    result = pf(ids["trump_claim"], typed, "--format", "json")

    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["rating"] == label


def test_add_as_json_prints_the_whole_verdict(ids: dict[str, int], engine: Engine) -> None:
    source = add_source(engine, PF_URL)
    result = pf(
        ids["trump_claim"],
        "barely-true",
        "--explanation",
        "The North asked for partial relief.",
        "--url",
        "HTTPS://WWW.PolitiFact.com:443/factchecks/2019/mar/05/donald-trump/sanctions/"
        "?utm_source=twitter#top",
        "--source",
        str(source),
        "--date",
        "2019-03-05",
        "--format",
        "json",
    )

    assert result.exit_code == 0, result.stderr
    record = one_json(result.stdout)
    assert result.stdout == pretty(
        expected_view(
            record,
            explanation="The North asked for partial relief.",
            url=PF_URL,
            review_source_id=source,
            date="2019-03-05",
        )
    )


def test_add_as_jsonl_and_csv(ids: dict[str, int]) -> None:
    as_jsonl = pf(ids["trump_claim"], "False", "--date", "2019-03", "--format", "jsonl")
    assert as_jsonl.exit_code == 0, as_jsonl.stderr
    record = json.loads(as_jsonl.stdout)
    assert as_jsonl.stdout == (
        json.dumps(expected_view(record, rating="False", score=0.2, date="2019-03")) + "\n"
    )

    as_csv = pf(ids["ri_claim"], "True", "--date", "2019", "--format", "csv")
    assert as_csv.exit_code == 0, as_csv.stderr
    created_at = as_csv.stdout.splitlines()[1].rsplit(",", 1)[1]
    assert as_csv.stdout == (
        "id,claim_id,claim_text,reviewer,reviewer_id,scale,rating,bucket,score,explanation,url,"
        "review_source_id,date,supersedes_id,superseded_by_id,is_current,created_at\n"
        f"2,2,{RI_CLAIM},PolitiFact,3,politifact,True,true,1.0,,,,2019,,,yes,{created_at}\n"
    )


def test_a_second_verdict_by_the_same_reviewer_supersedes_the_first(
    ids: dict[str, int],
) -> None:
    first = pf(ids["trump_claim"], "barely-true")
    second = pf(ids["trump_claim"], "pants-fire", "--explanation", "Revised after the briefing.")

    assert (first.stdout, second.stdout) == ("1\n", "2\n")
    assert second.stderr == (
        "PolitiFact rated claim #1 'Pants on Fire', superseding verdict #1 (verdict #2).\n"
    )
    old = json.loads(invoke("verdict", "show", "1", "--format", "json").stdout)
    new = json.loads(invoke("verdict", "show", "2", "--format", "json").stdout)
    assert (old["rating"], old["superseded_by_id"], old["is_current"]) == ("Mostly False", 2, False)
    assert (new["rating"], new["supersedes_id"], new["is_current"]) == ("Pants on Fire", 1, True)


def test_another_reviewer_does_not_supersede(ids: dict[str, int]) -> None:
    pf(ids["trump_claim"], "barely-true")
    other = rate(
        ids["trump_claim"],
        "--by",
        "The Washington Post",
        "--scale",
        "pinocchios",
        "--rating",
        "3 Pinocchios",
        "--format",
        "json",
    )

    assert other.exit_code == 0, other.stderr
    assert json.loads(other.stdout)["supersedes_id"] is None
    listed = json.loads(invoke("verdict", "list", "--format", "json").stdout)
    assert [(v["id"], v["reviewer"], v["rating"]) for v in listed] == [
        (1, "PolitiFact", "Mostly False"),
        (2, "The Washington Post", "Three Pinocchios"),
    ]


def test_history_shows_every_verdict_oldest_first(ids: dict[str, int]) -> None:
    pf(ids["trump_claim"], "barely-true", "--date", "2019-03-05")
    pf(ids["trump_claim"], "pants-fire", "--date", "2019-03-07")
    rate(ids["trump_claim"], "--by", "The Washington Post", "--rating", "Misleading")
    pf(ids["ri_claim"], "True")

    result = invoke("verdict", "history", str(ids["trump_claim"]), "--format", "json")

    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert result.stdout == pretty(
        [
            expected_view(rows[0], date="2019-03-05", superseded_by_id=2, is_current=False),
            expected_view(
                rows[1],
                id=2,
                rating="Pants on Fire",
                score=0.0,
                date="2019-03-07",
                supersedes_id=1,
            ),
            expected_view(
                rows[2],
                id=3,
                reviewer="The Washington Post",
                reviewer_id=4,
                scale="basic",
                rating="Misleading",
                bucket="mixture",
                score=0.5,
            ),
        ]
    )


def test_history_as_table_jsonl_and_csv(ids: dict[str, int]) -> None:
    pf(ids["trump_claim"], "barely-true")
    pf(ids["trump_claim"], "pants-fire")

    table = invoke("verdict", "history", "1")
    assert table.exit_code == 0, table.stderr
    lines = table.stdout.splitlines()
    assert "Mostly False" in lines[-2] and "no" in lines[-2]
    assert "Pants on Fire" in lines[-1] and "yes" in lines[-1]

    jsonl = invoke("verdict", "history", "1", "--format", "jsonl")
    assert [json.loads(line)["id"] for line in jsonl.stdout.splitlines()] == [1, 2]

    csv = invoke("verdict", "history", "1", "--format", "csv")
    stamps = [line.rsplit(",", 1)[1] for line in csv.stdout.splitlines()[1:]]
    assert csv.stdout.splitlines()[1:] == [
        f"1,1,{TRUMP_CLAIM},PolitiFact,3,politifact,Mostly False,false,0.4,,,,,,2,no,{stamps[0]}",
        f"2,1,{TRUMP_CLAIM},PolitiFact,3,politifact,Pants on Fire,false,0.0,,,,,1,,yes,{stamps[1]}",
    ]


def test_history_of_a_claim_without_verdicts_is_empty(ids: dict[str, int]) -> None:
    result = invoke("verdict", "history", "2", "--format", "json")

    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_list_shows_current_verdicts_and_filters(ids: dict[str, int], engine: Engine) -> None:
    pf(ids["trump_claim"], "barely-true")
    pf(ids["trump_claim"], "pants-fire")
    pf(ids["ri_claim"], "True")
    rate(ids["ri_claim"], "--by", "The Washington Post", "--rating", "Unproven")

    def listed(*args: str) -> list[int]:
        result = invoke("verdict", "list", *args, "--format", "json")
        assert result.exit_code == 0, result.stderr
        return [row["id"] for row in json.loads(result.stdout)]

    assert listed() == [2, 3, 4]
    assert listed("--reviewer", "politifact") == [2, 3]
    assert listed("--scale", "basic") == [4]
    assert listed("--bucket", "false") == [2]
    assert listed("--bucket", "other") == [4]
    assert listed("--claim", "2") == [3, 4]
    table = invoke("verdict", "list")
    assert table.exit_code == 0
    assert [line.split()[0] for line in table.stdout.splitlines()[2:]] == ["2", "3", "4"]


def test_list_leaves_out_retracted_claims_unless_asked(ids: dict[str, int], engine: Engine) -> None:
    pf(ids["trump_claim"], "False")
    retracted = add_claim(engine, "A claim entered by mistake.", ids["trump"], retracted=True)
    with_verdict = add_claim(engine, "Another claim.", ids["trump"])
    pf(with_verdict, "True")
    retract(engine, with_verdict)

    default = json.loads(invoke("verdict", "list", "--format", "json").stdout)
    everything = json.loads(
        invoke("verdict", "list", "--include-retracted", "--format", "json").stdout
    )
    assert [row["claim_id"] for row in default] == [1]
    assert [row["claim_id"] for row in everything] == [1, with_verdict]
    assert retracted not in [row["claim_id"] for row in everything]


def test_show_as_table_and_csv(ids: dict[str, int]) -> None:
    pf(ids["trump_claim"], "barely-true", "--explanation", "부분 해제만 요구했다 — طلب رفع جزئي")

    table = invoke("verdict", "show", "1")
    assert table.exit_code == 0, table.stderr
    assert "부분 해제만 요구했다 — طلب رفع جزئي" in table.stdout
    assert "Mostly False" in table.stdout

    csv = invoke("verdict", "show", "#1", "--format", "csv")
    assert csv.stdout.splitlines()[0].startswith("id,claim_id,claim_text,reviewer,")
    assert ",Mostly False,false,0.4,부분 해제만 요구했다 — طلب رفع جزئي," in csv.stdout


def test_without_scale_the_reviewer_s_last_scale_is_used(ids: dict[str, int]) -> None:
    first = rate(ids["trump_claim"], "--by", "PolitiFact", "--rating", "Misleading")
    assert first.exit_code == 0, first.stderr
    pf(ids["ri_claim"], "True")

    later = rate(ids["trump_claim"], "--by", "PolitiFact", "--rating", "barely-true")

    assert later.exit_code == 0, later.stderr
    record = json.loads(invoke("verdict", "show", "3", "--format", "json").stdout)
    assert (record["scale"], record["rating"], record["supersedes_id"]) == (
        "politifact",
        "Mostly False",
        1,
    )


def test_new_creates_an_unknown_reviewer(ids: dict[str, int], engine: Engine) -> None:
    result = rate(ids["ri_claim"], "--by", "조선중앙통신", "--new", "--rating", "Unverified")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == "조선중앙통신 rated claim #2 'Unproven' (verdict #1).\n"
    assert counts(engine)["actors"] == 5


def test_reviewer_resolves_through_an_id(ids: dict[str, int]) -> None:
    result = rate(ids["trump_claim"], "--by", "#3", "--rating", "True", "--format", "json")

    assert json.loads(result.stdout)["reviewer"] == "PolitiFact"


ERRORS = [
    pytest.param(
        ["1", "--by", "PolitiFact", "--scale", "politifact", "--rating", "mostly-fals"],
        ExitCode.INVALID,
        "Error: no rating 'mostly-fals' on politifact; ratings: True, Mostly True, Half True,"
        " Mostly False, False, Pants on Fire (give one of these, or another scale with"
        " --scale)\n",
        id="unknown-rating",
    ),
    pytest.param(
        ["1", "--by", "PolitiFact", "--rating", "barely-true"],
        ExitCode.INVALID,
        "Error: no rating 'barely-true' on basic; ratings: True, Mostly true, Misleading,"
        " False, Unproven (give one of these, or another scale with --scale)\n",
        id="rating-not-on-default-scale",
    ),
    pytest.param(
        ["1", "--by", "PolitiFact", "--scale", "truthometer", "--rating", "True"],
        ExitCode.NOT_FOUND,
        "Error: no rating scale 'truthometer' (scales: basic, pinocchios, politifact)\n",
        id="unknown-scale",
    ),
    pytest.param(
        ["1", "--by", "Politifakt", "--rating", "True"],
        ExitCode.NOT_FOUND,
        "Error: no reviewer named 'Politifakt' (did you mean: PolitiFact (#3);"
        " or add it with --new)\n",
        id="unknown-reviewer",
    ),
    pytest.param(
        ["1", "--by", "PolitiFact", "--rating", "True", "--url", "politifact dot com"],
        ExitCode.INVALID,
        "Error: review URL 'politifact dot com' is not a web address (give an http(s):// URL)\n",
        id="bad-url",
    ),
    pytest.param(
        ["1", "--by", "PolitiFact", "--rating", "True", "--date", "2019-02-30"],
        ExitCode.INVALID,
        "Error: --date '2019-02-30' does not exist (day is out of range for month)\n",
        id="impossible-date",
    ),
    pytest.param(
        ["1", "--by", "PolitiFact", "--rating", "True", "--date", "March 2019"],
        ExitCode.INVALID,
        "Error: --date 'March 2019' is not a date (use YYYY-MM-DD, YYYY-MM or YYYY,"
        " optionally with HH:MM)\n",
        id="malformed-date",
    ),
    pytest.param(
        ["99", "--by", "PolitiFact", "--rating", "True"],
        ExitCode.NOT_FOUND,
        "Error: no claim #99 (see: factcheck claim list)\n",
        id="unknown-claim",
    ),
    pytest.param(
        ["first", "--by", "PolitiFact", "--rating", "True"],
        ExitCode.INVALID,
        "Error: claim id 'first' is not a number (give the claim's id)\n",
        id="claim-not-a-number",
    ),
    pytest.param(
        ["1", "--by", "PolitiFact", "--rating", "True", "--source", "https://example.org/x"],
        ExitCode.NOT_FOUND,
        "Error: no source 'https://example.org/x' (add it first with: factcheck source add URL)\n",
        id="unknown-source",
    ),
    pytest.param(
        ["1", "--rating", "True"],
        ExitCode.INVALID,
        "Error: reviewer is missing (give --by REVIEWER)\n",
        id="missing-reviewer",
    ),
    pytest.param(
        ["1", "--by", "PolitiFact"],
        ExitCode.INVALID,
        "Error: rating is missing (give --rating LABEL)\n",
        id="missing-rating",
    ),
    pytest.param(
        ["1", "--by", "Fact Checker", "--new", "--rating", "nonsense"],
        ExitCode.INVALID,
        "Error: no rating 'nonsense' on basic; ratings: True, Mostly true, Misleading, False,"
        " Unproven (give one of these, or another scale with --scale)\n",
        id="new-reviewer-then-bad-rating",
    ),
]


@pytest.mark.parametrize(("args", "code", "message"), ERRORS)
def test_add_errors_write_nothing(
    ids: dict[str, int], engine: Engine, args: list[str], code: int, message: str
) -> None:
    before = counts(engine)

    result = invoke("verdict", "add", *args)

    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr == message
    assert counts(engine) == before


def test_the_same_verdict_twice_is_a_conflict(ids: dict[str, int], engine: Engine) -> None:
    pf(ids["trump_claim"], "barely-true", "--date", "2019-03-05")
    before = counts(engine)

    again = pf(ids["trump_claim"], "Mostly False", "--date", "2019-03-05")

    assert again.exit_code == ExitCode.CONFLICT
    assert again.stderr == (
        "Error: PolitiFact (#3) already rated claim #1 'Mostly False' in verdict #1 with the"
        " same details (change the rating, explanation, URL or date to record a revision)\n"
    )
    assert counts(engine) == before


def test_a_retracted_claim_takes_no_verdict(ids: dict[str, int], engine: Engine) -> None:
    claim = add_claim(engine, "Entered by mistake.", ids["trump"], retracted=True)
    before = counts(engine)

    result = pf(claim, "False")

    assert result.exit_code == ExitCode.CONFLICT
    assert result.stderr == (
        f"Error: claim #{claim} is retracted (entered twice) (retracted claims keep their"
        " history but take no new verdicts or corrections)\n"
    )
    assert counts(engine) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["show", "7"], ExitCode.NOT_FOUND, "Error: no verdict #7 (see: factcheck verdict list)\n"),
        (["history", "7"], ExitCode.NOT_FOUND, "Error: no claim #7 (see: factcheck claim list)\n"),
        (
            ["list", "--reviewer", "Nobody At All"],
            ExitCode.NOT_FOUND,
            "Error: no actor named 'Nobody At All' (add it with: factcheck actor add)\n",
        ),
        (
            ["list", "--scale", "stars"],
            ExitCode.NOT_FOUND,
            "Error: no rating scale 'stars' (scales: basic, pinocchios, politifact)\n",
        ),
    ],
)
def test_read_errors(ids: dict[str, int], args: list[str], code: int, message: str) -> None:
    result = invoke("verdict", *args)

    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)


def test_bad_bucket_is_a_usage_error(ids: dict[str, int]) -> None:
    result = invoke("verdict", "list", "--bucket", "mostly")

    assert result.exit_code == ExitCode.USAGE
    assert "mostly" in result.stderr


@pytest.mark.parametrize("command", ["add", "history", "list", "show"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke("verdict", command, "--help")

    assert result.exit_code == 0
    assert "Example: factcheck verdict " + command in result.stdout
