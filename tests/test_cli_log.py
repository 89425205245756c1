"""``factcheck log``: who changed what and when, filtered by object, user, date and count."""

import json
import re
from typing import Any

import pytest
from sqlalchemy import Engine

from factcheck.errors import ExitCode
from tests.conftest import invoke
from tests.helpers_verdicts import FIXTURE_USER, counts, hanoi, level_id, scale_id

RI_CYRILLIC = "Рі Йон Хо"  # noqa: RUF001 (Cyrillic letters on purpose)
ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00"


@pytest.fixture
def ids(db_env: str, engine: Engine) -> dict[str, int]:
    return hanoi(engine)


def pf(claim: int, rating: str, *before: str) -> Any:
    result = invoke(
        *before,
        "verdict",
        "add",
        str(claim),
        "--by",
        "PolitiFact",
        "--scale",
        "politifact",
        "--rating",
        rating,
        "--date",
        "2019-03-05",
    )
    assert result.exit_code == 0, result.stderr
    return result


def log(*args: str) -> list[dict[str, Any]]:
    result = invoke("log", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def test_an_insert_is_logged_with_user_time_and_fields(ids: dict[str, int], engine: Engine) -> None:
    pf(ids["trump_claim"], "barely-true")

    result = invoke("log", "--object", "verdict:1", "--format", "json")

    assert result.exit_code == 0, result.stderr
    [row] = json.loads(result.stdout)
    assert row["id"] == counts(engine)["change_log"]
    assert re.fullmatch(ISO, row["at"])
    expected = {
        "id": row["id"],
        "at": row["at"],
        "user": "tester",
        "action": "insert",
        "object": "verdict:1",
        "object_type": "verdict",
        "object_id": 1,
        "changes": {
            "claim_id": [None, 1],
            "reviewer_id": [None, 3],
            "scale_id": [None, scale_id(engine, "politifact")],
            "level_id": [None, level_id(engine, "politifact", "Mostly False")],
            "reviewed_on": [None, "2019-03-05"],
            "reviewed_precision": [None, "day"],
        },
    }
    assert result.stdout == json.dumps([expected], indent=2) + "\n"


def test_supersession_is_a_new_insert_by_the_user_given_with_as(ids: dict[str, int]) -> None:
    pf(ids["trump_claim"], "barely-true")
    pf(ids["trump_claim"], "pants-fire", "--as", "alice")

    rows = log("--object", "verdict:1", "--object", "verdict:2")

    assert [(r["object"], r["action"], r["user"]) for r in rows] == [
        ("verdict:1", "insert", "tester"),
        ("verdict:2", "insert", "alice"),
    ]
    assert rows[1]["changes"]["supersedes_id"] == [None, 1]
    assert "supersedes_id" not in rows[0]["changes"]


def test_the_user_comes_from_factcheck_user(
    ids: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTCHECK_USER", RI_CYRILLIC)
    invoke("correction", "add", "2", "--by", "Ri Yong Ho", "--text", "Only five resolutions.")

    [row] = log("--object", "correction:1")

    assert (row["user"], row["action"]) == (RI_CYRILLIC, "insert")
    assert row["changes"]["kind"] == [None, "clarification"]
    assert log("--user", RI_CYRILLIC) == [row]


def test_filters_by_type_user_and_limit(ids: dict[str, int]) -> None:
    pf(ids["trump_claim"], "barely-true")
    pf(ids["ri_claim"], "True", "--as", "alice")

    claims = log("--object", "claim")
    by_alice = log("--user", "alice")
    by_fixture = log("--user", FIXTURE_USER)
    latest = log("--limit", "1")
    everything = log("--limit", "0")

    assert [row["object"] for row in claims] == ["claim:1", "claim:2"]
    assert [row["object"] for row in by_alice] == ["verdict:2"]
    assert len(by_fixture) == 6
    assert [row["object"] for row in latest] == ["verdict:2"]
    assert [row["id"] for row in everything] == list(range(1, 9))


def test_since_keeps_later_changes(ids: dict[str, int]) -> None:
    assert len(log("--since", "2000")) == 6
    assert log("--since", "2999-01-01 00:00") == []


def test_nouns_and_table_names_are_object_types(ids: dict[str, int]) -> None:
    invoke("actor", "alias", "Donald Trump", "President Trump")

    for noun in ("source", "proposition", "appearance", "evidence", "link", "topic"):
        assert log("--object", f"{noun}:1") == []
    [alias] = log("--object", "actor_aliases:1")
    assert alias["object"] == "actor_aliases:1"
    assert alias["changes"]["alias"] == [None, "President Trump"]
    assert [row["object"] for row in log("--object", "ACTOR:#2")] == ["actor:2"]


def test_a_merge_is_logged_as_a_merge(ids: dict[str, int]) -> None:
    merged = invoke("actor", "merge", "PolitiFact", "The Washington Post")
    assert merged.exit_code == 0, merged.stderr

    rows = log("--object", "actor:4")

    assert [row["action"] for row in rows] == ["insert", "merge"]
    assert rows[1]["changes"]["merged_into_id"] == [None, 3]


def test_table_jsonl_and_csv(ids: dict[str, int], engine: Engine) -> None:
    pf(ids["trump_claim"], "barely-true")
    level = level_id(engine, "politifact", "Mostly False")

    table = invoke("log", "--object", "verdict:1")
    jsonl = invoke("log", "--object", "verdict:1", "--format", "jsonl")
    csv = invoke("log", "--object", "verdict:1", "--format", "csv")

    assert table.exit_code == 0, table.stderr
    assert "tester" in table.stdout and "verdict:1" in table.stdout
    assert f"level_id: {level}" in table.stdout
    assert "reviewed_on: 2019-03-05" in table.stdout
    [row] = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert jsonl.stdout == json.dumps(row) + "\n"
    assert row["object"] == "verdict:1"
    changes = json.dumps(row["changes"], sort_keys=True).replace('"', '""')
    assert csv.stdout == (
        "id,at,user,action,object,object_type,object_id,changes\n"
        f'{row["id"]},{row["at"]},tester,insert,verdict:1,verdict,1,"{changes}"\n'
    )


def test_a_failed_command_logs_nothing(ids: dict[str, int], engine: Engine) -> None:
    before = log("--limit", "0")

    failed = invoke("verdict", "add", "1", "--by", "Newcomer", "--new", "--rating", "nonsense")

    assert failed.exit_code == ExitCode.INVALID
    assert log("--limit", "0") == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--object", "clam:1"],
            "Error: unknown object type in 'clam:1' (give TYPE:ID or TYPE, e.g. claim:3; types:"
            " actor, source, claim, proposition, appearance, evidence, link, verdict,"
            " correction, topic)\n",
        ),
        (
            ["--object", "claim:three"],
            "Error: object 'claim:three' has no id after the colon (give TYPE:ID or TYPE, e.g."
            " claim:3; types: actor, source, claim, proposition, appearance, evidence, link,"
            " verdict, correction, topic)\n",
        ),
        (
            ["--object", "claim:"],
            "Error: object 'claim:' has no id after the colon (give TYPE:ID or TYPE, e.g."
            " claim:3; types: actor, source, claim, proposition, appearance, evidence, link,"
            " verdict, correction, topic)\n",
        ),
        (
            ["--since", "2019-13"],
            "Error: --since '2019-13' does not exist (month must be in 1..12)\n",
        ),
    ],
)
def test_bad_filters_are_invalid_input(ids: dict[str, int], args: list[str], message: str) -> None:
    result = invoke("log", *args)

    assert (result.exit_code, result.stdout, result.stderr) == (ExitCode.INVALID, "", message)


def test_a_negative_limit_is_a_usage_error(ids: dict[str, int]) -> None:
    assert invoke("log", "--limit", "-1").exit_code == ExitCode.USAGE


def test_help_has_an_example() -> None:
    result = invoke("log", "--help")

    assert result.exit_code == 0
    assert "Example: factcheck log --object claim:3" in result.stdout
