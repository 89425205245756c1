"""``factcheck actor``: add, list, show, alias and merge, through the command line."""

# ruff: noqa: RUF001 - Cyrillic on purpose

import json

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from factcheck.enums import ChangeAction
from factcheck.models import Actor, ActorAlias, Affiliation, ChangeLogEntry, Claim
from tests.conftest import invoke


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.fixture
def hanoi_people(db_env: str) -> None:
    ok(
        "actor",
        "add",
        "Democratic People's Republic of Korea",
        "--kind",
        "organization",
        "--alias",
        "DPRK",
    )
    ok(
        "actor",
        "add",
        "Ri Yong Ho",
        "--alias",
        "리용호",
        "--member-of",
        "DPRK",
        "--role",
        "Foreign Minister",
        "--from",
        "2016-05",
        "--until",
        "2020-01",
    )


def test_add_prints_the_id_on_stdout_and_a_sentence_on_stderr(db_env: str) -> None:
    result = invoke("actor", "add", "Donald Trump", "--alias", "donald-trump")

    assert result.exit_code == 0
    assert result.stdout == "1\n"
    assert result.stderr == "Added person Donald Trump (#1).\n"


def test_add_as_json_prints_the_actor_with_its_affiliation(hanoi_people: None) -> None:
    record = json.loads(ok("actor", "show", "리용호", "--format", "json"))

    assert {key: record[key] for key in ("id", "name", "kind", "aliases")} == {
        "id": 2,
        "name": "Ri Yong Ho",
        "kind": "person",
        "aliases": ["리용호"],
    }
    assert record["affiliations"] == [
        {
            "organization": "Democratic People's Republic of Korea",
            "organization_id": 1,
            "role": "Foreign Minister",
            "from": "2016-05",
            "until": "2020-01",
        }
    ]
    created = json.loads(ok("actor", "add", "Mike Pompeo", "--format", "json"))
    assert (created["id"], created["name"], created["aliases"]) == (3, "Mike Pompeo", [])


def test_names_resolve_case_and_accent_insensitively(hanoi_people: None) -> None:
    for name in ("ri yong-ho", "RI YONG HO", "#2", "2", "리용호"):
        assert json.loads(ok("actor", "show", name, "-f", "json"))["id"] == 2


def test_list_in_every_format(hanoi_people: None) -> None:
    assert ok("actor", "list", "-f", "csv") == (
        "id,name,kind,aliases,affiliations,description\n"
        "1,Democratic People's Republic of Korea,organization,DPRK,,\n"
        "2,Ri Yong Ho,person,리용호,Foreign Minister at Democratic People's Republic of Korea"
        " (2016-05 to 2020-01),\n"
    )
    rows = json.loads(ok("actor", "list", "-f", "json"))
    assert [row["name"] for row in rows] == ["Democratic People's Republic of Korea", "Ri Yong Ho"]
    lines = ok("actor", "list", "-f", "jsonl").splitlines()
    assert [json.loads(line)["id"] for line in lines] == [1, 2]
    table = ok("actor", "list", "--kind", "person")
    assert "Ri Yong Ho" in table and "DPRK" not in table
    assert json.loads(ok("actor", "list", "--search", "yong", "-f", "json"))[0]["id"] == 2


def test_unknown_name_lists_the_closest_candidates(hanoi_people: None) -> None:
    result = invoke("actor", "show", "Ri Yongho")

    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr.startswith("Error: no actor named 'Ri Yongho' (did you mean: Ri Yong Ho")
    assert len(result.stderr.splitlines()) == 1


def test_ambiguous_name_is_an_error_with_the_candidates(hanoi_people: None) -> None:
    ok("actor", "add", "Ri Yong Ho", "--allow-duplicate")

    result = invoke("actor", "show", "Ri Yong Ho")

    assert result.exit_code == 6
    assert "matches 2 actors: Ri Yong Ho (#2), Ri Yong Ho (#3)" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("actor", "add", "Ri Yong Ho"), 5, "an actor named 'Ri Yong Ho' already exists"),
        (("actor", "add", "   "), 4, "name is missing"),
        (("actor", "add", "X", "--role", "Envoy", "--from", "2019-02-30"), 4, "does not exist"),
        (
            ("actor", "add", "X", "--role", "Envoy", "--from", "2020", "--until", "2019"),
            4,
            "ends (2019) before it starts (2020)",
        ),
        (("actor", "add", "X", "--member-of", "Atlantis"), 3, "no organisation named 'Atlantis'"),
        (("actor", "add", "X", "--from", "2019"), 4, "--from and --until describe a role"),
        (("actor", "add", "X" * 301), 4, "the limit is 300"),
        (("actor", "alias", "Ri Yong Ho", "리용호"), 5, "already goes by"),
        (("actor", "alias", "Nobody", "N"), 3, "no actor named 'Nobody'"),
        (("actor", "merge", "Ri Yong Ho", "Ri Yong Ho"), 4, "into itself"),
        (("actor", "add", "X", "--kind", "robot"), 2, "robot"),
    ],
)
def test_bad_input_is_one_error_line_and_writes_nothing(
    hanoi_people: None, engine: Engine, args: tuple[str, ...], code: int, message: str
) -> None:
    before = (count(engine, Actor), count(engine, ActorAlias), count(engine, Affiliation))

    result = invoke(*args)

    assert result.exit_code == code
    assert message in result.stderr
    if code != 2:
        assert result.stderr.startswith("Error: ") and len(result.stderr.splitlines()) == 1
    assert (count(engine, Actor), count(engine, ActorAlias), count(engine, Affiliation)) == before


def test_new_creates_an_unknown_organisation(db_env: str, engine: Engine) -> None:
    ok(
        "actor",
        "add",
        "Mike Pompeo",
        "--member-of",
        "United States",
        "--new",
        "--role",
        "Secretary of State",
        "--from",
        "2018-04-26",
    )

    org = json.loads(ok("actor", "show", "United States", "-f", "json"))
    assert org["kind"] == "organization"


def test_alias_adds_another_name(hanoi_people: None) -> None:
    result = invoke("actor", "alias", "Ri Yong Ho", "Рі Йон Хо")

    assert result.exit_code == 0, result.stderr
    assert json.loads(ok("actor", "show", "Рі Йон Хо", "-f", "json"))["id"] == 2


def test_merge_moves_everything_and_keeps_the_duplicate_as_a_redirect(
    hanoi_people: None, engine: Engine
) -> None:
    ok("actor", "add", "R. Y. Ho", "--alias", "FM Ri")
    claim = ok("claim", "add", "Five resolutions only.", "--speaker", "R. Y. Ho").strip()

    result = invoke("--as", "editor", "actor", "merge", "Ri Yong Ho", "R. Y. Ho")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2\n"
    assert "Merged R. Y. Ho (#3) into Ri Yong Ho (#2)" in result.stderr
    kept = json.loads(ok("actor", "show", "R. Y. Ho", "-f", "json"))
    assert kept["id"] == 2
    assert set(kept["aliases"]) == {"리용호", "R. Y. Ho", "FM Ri"}
    assert [row["id"] for row in json.loads(ok("actor", "list", "-f", "json"))] == [1, 2]
    with Session(engine) as session:
        assert session.get_one(Claim, int(claim)).speaker_id == 2
        assert session.get_one(Actor, 3).merged_into_id == 2
        merge = session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.action == ChangeAction.MERGE)
        ).one()
        assert (merge.object_type, merge.object_id, merge.user_name) == ("actors", 3, "editor")
        assert merge.changes == {"merged_into_id": [None, 2]}
