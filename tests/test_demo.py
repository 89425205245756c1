"""``factcheck demo``: the Hanoi example, loaded through the importer, and its report."""

import json
import re
from pathlib import Path

from sqlalchemy import Engine, MetaData, func, select

from factcheck.resources import fixtures_dir
from tests.conftest import invoke

README = Path(__file__).resolve().parent.parent / "README.md"


def row_counts(engine: Engine) -> dict[str, int]:
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in metadata.sorted_tables
        }


def test_demo_shows_the_conflict_the_backing_and_the_favoured_account(db_env: str) -> None:
    result = invoke("demo", env={"COLUMNS": "60"})

    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Loaded the Hanoi summit example")
    # The words as a reader follows them across the table's lines and borders.
    text = " ".join(re.sub("[\u2500-\u257f]", " ", result.stdout).split())
    assert "CONTRADICTION 1 of 1: Donald Trump vs Ri Yong Ho" in text
    assert "Role at the time: President, United States" in text
    assert "Foreign Minister" in text
    assert "five UN Security Council resolutions adopted in 2016 and 2017" in text
    assert "by Trump administration official (Administration official, United States)" in text
    assert "Ri Yong Ho's description of what North Korea asked for was the more accurate" in text
    assert "Repeated later: 2019-03-02, CPAC speech" in text
    assert re.search(
        r"The record favours Ri Yong Ho's account: Trump administration official", text
    )


def test_demo_twice_changes_nothing(db_env: str, engine: Engine) -> None:
    assert invoke("demo").exit_code == 0
    before = row_counts(engine)

    again = invoke("demo")

    assert again.exit_code == 0, again.stderr
    assert again.stderr == "The Hanoi summit example is already loaded.\n"
    assert row_counts(engine) == before
    assert before["claims"] == 6 and before["actors"] == 8


def test_demo_report_in_json_names_ri_as_favoured(db_env: str) -> None:
    result = invoke("demo", "--format", "json")

    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    (contradiction,) = data["groups"][0]["contradictions"]
    trump, ri = contradiction["sides"]
    assert (trump["speaker"]["name"], ri["speaker"]["name"]) == ("Donald Trump", "Ri Yong Ho")
    assert contradiction["assessment"]["favoured_claim_id"] == ri["id"]
    assert [c["issued_by"]["name"] for c in trump["corrections"]] == [
        "Trump administration official"
    ]


def test_fixture_marks_only_words_on_record_as_quotes(db_env: str) -> None:
    assert invoke("demo").exit_code == 0
    claims = json.loads(invoke("claim", "list", "--format", "json").stdout)
    quotes = {claim["text"] for claim in claims if claim["wording"] == "quote"}
    assert quotes == {
        "they put out a statement that, actually, they were willing to do much less on the"
        " sanction front. But you see, that's not what happened there.",
        "Kim has a certain vision, and it's not exactly our vision, but it's a lot closer than"
        " it was a year ago.",
    }
    speakers = {claim["speaker"] for claim in claims}
    assert speakers == {"Donald Trump", "Ri Yong Ho", "Mike Pompeo"}
    assert (fixtures_dir() / "hanoi-summit.yaml").is_file()


def test_readme_first_command_installs_and_runs_the_demo() -> None:
    text = README.read_text(encoding="utf-8")
    quick_start = text[text.index("## Quick start") :]
    first_command = re.search(r"```sh\n(.+?)\n```", quick_start, flags=re.DOTALL)
    assert first_command is not None
    assert first_command.group(1).startswith("pip install")
    assert first_command.group(1).endswith("factcheck demo")
