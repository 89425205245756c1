"""At a terminal, a missing value is asked for and an unknown actor can be created after a
yes; the data still goes to stdout alone. Run in a real pseudo-terminal."""

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from factcheck.models import Actor, Claim


def run_at_terminal(args: list[str], answers: str, database_url: str) -> tuple[int, str, str]:
    """Runs ``factcheck ARGS`` with a terminal as stdin, typing ``answers``."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "FACTCHECK_DATABASE_URL": database_url, "FACTCHECK_USER": "tester"}
    process = subprocess.Popen(
        [sys.executable, "-m", "factcheck", *args],
        stdin=terminal,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    os.close(terminal)
    os.write(controller, answers.encode())
    stdout, stderr = process.communicate(timeout=60)
    os.close(controller)
    return process.returncode, stdout, stderr


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_missing_text_is_asked_for_and_unknown_speaker_created_after_yes(
    database_url: str, engine: Engine, tmp_path: Path
) -> None:
    code, stdout, stderr = run_at_terminal(
        ["claim", "add", "--speaker", "Ri Yong Ho"],
        "North Korea sought only partial relief.\ny\n",
        database_url,
    )

    assert code == 0, stderr
    assert stdout.strip().isdigit()
    assert "claim text" in stderr
    assert "Create speaker 'Ri Yong Ho'?" in stderr
    with Session(engine) as session:
        claim = session.scalars(select(Claim)).one()
        assert claim.id == int(stdout)
        assert claim.text == "North Korea sought only partial relief."
        assert claim.speaker.name == "Ri Yong Ho"


def test_a_no_at_the_prompt_creates_nothing(database_url: str, engine: Engine) -> None:
    code, stdout, stderr = run_at_terminal(
        ["claim", "add", "Some words", "--speaker", "Nobody Known"], "n\n", database_url
    )

    assert code == 3
    assert stdout == ""
    assert "[y/N] Error: no speaker named 'Nobody Known'" in stderr
    with Session(engine) as session:
        assert session.scalars(select(Actor)).all() == []
        assert session.scalars(select(Claim)).all() == []
