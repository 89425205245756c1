"""The README's walk-through of the Hanoi case, run command by command as a user would."""

import re
import shlex
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from factcheck.enums import LinkKind, Stance
from factcheck.models import (
    ChangeLogEntry,
    Claim,
    ClaimLink,
    ClaimStance,
    Correction,
    Evidence,
    Verdict,
)
from tests.conftest import invoke

README = Path(__file__).resolve().parent.parent / "README.md"
MARKER = "<!-- walkthrough:"
VERDICTS_MARKER = "<!-- walkthrough-verdicts:"


def walkthrough_commands(marker: str = MARKER) -> list[str]:
    """The shell commands of the README block after ``marker``."""
    text = README.read_text(encoding="utf-8")
    block = text[text.index(marker) :]
    start = block.index("```sh\n") + len("```sh\n")
    body = block[start : block.index("\n```", start)]
    joined = re.sub(r"\\\n\s*", " ", body)
    return [line.strip() for line in joined.splitlines() if line.strip()]


def run_script(commands: list[str], variables: dict[str, str] | None = None) -> dict[str, str]:
    """Runs ``factcheck ...`` and ``name=$(factcheck ...)`` lines; returns the variables."""
    variables = dict(variables or {})
    for command in commands:
        assignment = re.fullmatch(r"(\w+)=\$\((.*)\)", command, flags=re.DOTALL)
        target, command = (
            (assignment.group(1), assignment.group(2)) if assignment else (None, command)
        )
        expanded = re.sub(r"\$(\w+)", lambda m: variables[m.group(1)], command)
        words = shlex.split(expanded)
        assert words[0] == "factcheck", command
        result = invoke(*words[1:])
        assert result.exit_code == 0, f"{command}\n{result.stderr}"
        if target:
            variables[target] = result.stdout.strip()
    return variables


def test_hanoi_case_can_be_entered_command_by_command(db_env: str, engine: Engine) -> None:
    variables = run_script(walkthrough_commands())
    ids = {name: int(value) for name, value in variables.items()}

    with Session(engine) as session:
        trump, ri, cpac = (session.get_one(Claim, ids[name]) for name in ("trump", "ri", "cpac"))
        assert trump.speaker_id == cpac.speaker_id != ri.speaker_id
        assert ri.speaker.name == "Ri Yong Ho"
        assert str(ri.stated_time) == "00:00:00"
        stances = dict(
            session.execute(
                select(ClaimStance.claim_id, ClaimStance.stance).where(
                    ClaimStance.proposition_id == ids["prop"]
                )
            ).all()
        )
        assert stances == {trump.id: Stance.ASSERTS, ri.id: Stance.DENIES, cpac.id: Stance.ASSERTS}
        links = {
            (link.kind, link.claim_a_id, link.claim_b_id)
            for link in session.scalars(select(ClaimLink))
        }
        assert links == {
            (LinkKind.CONTRADICTS, min(trump.id, ri.id), max(trump.id, ri.id)),
            (LinkKind.REPEATS, cpac.id, trump.id),
        }
        correction = session.scalars(select(Correction)).one()
        assert correction.claim_id == trump.id
        assert correction.issued_by.name == "Trump administration official"
        assert session.scalars(select(Evidence.claim_id)).all() == [ri.id]
        logged = session.scalar(
            select(func.count())
            .select_from(ChangeLogEntry)
            .where(ChangeLogEntry.object_type == "claims", ChangeLogEntry.user_name == "tester")
        )
        assert logged == 3

    run_script(walkthrough_commands(VERDICTS_MARKER), variables)
    with Session(engine) as session:
        first, revised = session.scalars(select(Verdict).order_by(Verdict.id)).all()
        assert (first.claim_id, first.level.label) == (ids["trump"], "Mostly False")
        assert (revised.supersedes_id, revised.level.label) == (first.id, "False")


def test_walkthrough_block_is_in_the_readme() -> None:
    commands = walkthrough_commands()
    assert any(command.startswith("trump=$(factcheck claim add") for command in commands)
    assert commands[-1].startswith("factcheck log --object claim:")
