"""``factcheck scale``: the built-in rating scales, listed and shown in every format."""

import json

import pytest

from factcheck.errors import ExitCode
from tests.conftest import invoke

POLITIFACT_LEVELS = [
    {"position": 1, "label": "True", "score": 1.0, "bucket": "true", "aliases": []},
    {"position": 2, "label": "Mostly True", "score": 0.8, "bucket": "true", "aliases": []},
    {"position": 3, "label": "Half True", "score": 0.6, "bucket": "mixture", "aliases": []},
    {
        "position": 4,
        "label": "Mostly False",
        "score": 0.4,
        "bucket": "false",
        "aliases": ["barely-true"],
    },
    {"position": 5, "label": "False", "score": 0.2, "bucket": "false", "aliases": []},
    {
        "position": 6,
        "label": "Pants on Fire",
        "score": 0.0,
        "bucket": "false",
        "aliases": ["pants-fire"],
    },
]


def politifact(scale_id: int) -> dict[str, object]:
    return {
        "id": scale_id,
        "slug": "politifact",
        "name": "PolitiFact Truth-O-Meter",
        "description": "PolitiFact's six ratings, from True to Pants on Fire.",
        "publisher": None,
        "publisher_id": None,
        "is_builtin": True,
        "levels": POLITIFACT_LEVELS,
    }


def test_show_as_json(db_env: str) -> None:
    result = invoke("scale", "show", "politifact", "--format", "json")

    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert result.stdout == json.dumps(politifact(record["id"]), indent=2) + "\n"


def test_show_as_csv_lists_one_level_a_row(db_env: str) -> None:
    result = invoke("scale", "show", "basic", "--format", "csv")

    assert result.stdout == (
        "position,label,score,bucket,aliases\n"
        "1,True,1.0,true,\n"
        "2,Mostly true,0.75,true,\n"
        "3,Misleading,0.5,mixture,\n"
        "4,False,0.0,false,\n"
        "5,Unproven,,other,Unverified\n"
    )


def test_show_as_table_and_jsonl(db_env: str) -> None:
    table = invoke("scale", "show", "Pinocchios")
    jsonl = invoke("scale", "show", "pinocchios", "--format", "jsonl")

    assert table.exit_code == 0, table.stderr
    rows = [line.split("│") for line in table.stdout.splitlines()[2:]]
    assert [row[1].strip() for row in rows] == [
        "Geppetto Checkmark",
        "One Pinocchio",
        "Two Pinocchios",
        "Three Pinocchios",
        "Four Pinocchios",
    ]
    assert len(jsonl.stdout.splitlines()) == 1
    assert json.loads(jsonl.stdout)["levels"][1]["aliases"] == ["1 Pinocchio"]


def test_list_in_every_format(db_env: str) -> None:
    as_json = invoke("scale", "list", "--format", "json")
    as_jsonl = invoke("scale", "list", "--format", "jsonl")
    as_csv = invoke("scale", "list", "--format", "csv")
    table = invoke("scale", "list")

    scales = json.loads(as_json.stdout)
    assert [scale["slug"] for scale in scales] == ["basic", "pinocchios", "politifact"]
    assert scales[2] == politifact(scales[2]["id"])
    assert [json.loads(line) for line in as_jsonl.stdout.splitlines()] == scales
    assert as_csv.stdout.splitlines()[0] == (
        "id,slug,name,description,publisher,publisher_id,is_builtin,levels"
    )
    assert as_csv.stdout.splitlines()[3] == (
        f"{scales[2]['id']},politifact,PolitiFact Truth-O-Meter,"
        '"PolitiFact\'s six ratings, from True to Pants on Fire.",,,yes,'
        "True; Mostly True; Half True; Mostly False; False; Pants on Fire"
    )
    assert table.exit_code == 0
    assert [line.split()[0] for line in table.stdout.splitlines()[2:] if line[0] != " "] == [
        "basic",
        "pinocchios",
        "politifact",
    ]


def test_unknown_scale_lists_the_known_ones(db_env: str) -> None:
    result = invoke("scale", "show", "snopes")

    assert result.exit_code == ExitCode.NOT_FOUND
    assert (
        result.stderr == "Error: no rating scale 'snopes' (scales: basic, pinocchios, politifact)\n"
    )


@pytest.mark.parametrize("command", ["list", "show"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke("scale", command, "--help")

    assert result.exit_code == 0
    assert "Example: factcheck scale " + command in result.stdout
