"""What every import shares: --skip-invalid and its rejects file, standard input, the
progress bar, the summary, and a native file read as a stream (memory does not grow with it).
"""

import gc
import io
import json
import os
import pty
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from bench.data import Shape, write_native
from factcheck.errors import InvalidInput
from factcheck.importers import import_file, native, runner
from factcheck.importers.runner import import_stream
from factcheck.models import Actor, Claim, Verdict
from tests.conftest import invoke
from tests.helpers_interchange import table_counts

FLAWED = """\
factcheck: 1
actors:
  - {key: a, name: A}
  - {key: b, name: B, kind: robot}
claims:
  - {key: c1, text: One, speaker: a}
  - {key: c2, text: Two, speaker: b}
  - key: c3
    text: '   '
    speaker: a
  - {key: c4, text: Four, speaker: a, stances: [{proposition: nope, stance: asserts}]}
verdicts:
  - {key: v1, claim: c1, reviewer: a, scale: politifact, rating: 'true'}
  - {key: v2, claim: c2, reviewer: a, scale: politifact, rating: 'false'}
"""

FLAWED_SUMMARY = """\
Imported flawed.yaml.
  actors: 1 created, 0 updated, 0 unchanged, 1 rejected
  claims: 1 created, 0 updated, 0 unchanged, 3 rejected
  verdicts: 1 created, 0 updated, 0 unchanged, 1 rejected
Rejected 5 records; see {rejects}.
"""


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = invoke("import", *args, input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def flawed(tmp_path: Path) -> Path:
    path = tmp_path / "flawed.yaml"
    path.write_text(FLAWED, encoding="utf-8")
    return path


def keys(engine: Engine, model: type[Actor] | type[Claim] | type[Verdict]) -> list[str | None]:
    with Session(engine) as session:
        return list(session.scalars(select(model.import_key).order_by(model.id)))


def test_skip_invalid_imports_the_rest_and_writes_the_rejects_with_reasons(
    db_env: str, engine: Engine, flawed: Path, tmp_path: Path
) -> None:
    code, stdout, stderr = run(str(flawed), "--skip-invalid")
    rejects = tmp_path / "flawed.yaml.rejects.jsonl"
    assert (code, stdout) == (0, "")
    assert stderr.replace(str(tmp_path) + "/", "") == FLAWED_SUMMARY.format(
        rejects="flawed.yaml.rejects.jsonl"
    )
    assert (keys(engine, Actor), keys(engine, Claim), keys(engine, Verdict)) == (
        ["a"],
        ["c1"],
        ["v1"],
    )
    lines = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    name = str(flawed)
    assert lines == [
        {
            "file": name,
            "line": 4,
            "record": "actors[1] (key b)",
            "field": "kind",
            "error": "kind 'robot' is not known",
            "hint": "use one of: person, organization",
            "data": {"key": "b", "name": "B", "kind": "robot"},
        },
        {
            "file": name,
            "line": 9,
            "record": "claims[2] (key c3)",
            "field": "text",
            "error": "text is empty",
            "hint": "give a text",
            "data": {"key": "c3", "text": "   ", "speaker": "a"},
        },
        {
            "file": name,
            "line": 7,
            "record": "claims[1] (key c2)",
            "field": "speaker",
            "error": f"speaker 'b' is the key of a rejected actor: {name}:4: actors[1] (key b)",
            "hint": None,
            "data": {"key": "c2", "text": "Two", "speaker": "b"},
        },
        {
            "file": name,
            "line": 11,
            "record": "claims[3] (key c4): stances[0] (proposition nope)",
            "field": "proposition",
            "error": "proposition 'nope' is not the key of any proposition",
            "hint": "define it in the file or import it first; proposition keys are case-sensitive",
            "data": {
                "key": "c4",
                "text": "Four",
                "speaker": "a",
                "stances": [{"proposition": "nope", "stance": "asserts"}],
            },
        },
        {
            "file": name,
            "line": 14,
            "record": "verdicts[1] (key v2)",
            "field": "claim",
            "error": f"claim 'c2' is the key of a rejected claim: {name}:7: claims[1] (key c2)",
            "hint": None,
            "data": {
                "key": "v2",
                "claim": "c2",
                "reviewer": "a",
                "scale": "politifact",
                "rating": "false",
            },
        },
    ]


def test_without_skip_invalid_the_first_bad_record_stops_everything(
    db_env: str, engine: Engine, flawed: Path, tmp_path: Path
) -> None:
    before = table_counts(engine)
    code, _stdout, stderr = run(str(flawed))
    assert code == 4
    assert stderr.replace(str(tmp_path) + "/", "") == (
        "Error: flawed.yaml:4: actors[1] (key b): kind 'robot' is not known"
        " (use one of: person, organization)\n"
    )
    assert table_counts(engine) == before
    assert not (tmp_path / "flawed.yaml.rejects.jsonl").exists()


def test_a_fatal_error_with_skip_invalid_writes_nothing_and_keeps_no_rejects(
    db_env: str, engine: Engine, flawed: Path, tmp_path: Path
) -> None:
    flawed.write_text(FLAWED + "corrections: [\n", encoding="utf-8")
    rejects = tmp_path / "bad.jsonl"
    before = table_counts(engine)
    code, _stdout, stderr = run(str(flawed), "--skip-invalid", "--rejects", str(rejects))
    assert code == 4
    assert "flawed.yaml:16: not valid YAML" in stderr
    assert table_counts(engine) == before
    assert not rejects.exists()


def test_skip_invalid_with_nothing_wrong_counts_no_rejects_and_writes_no_file(
    db_env: str, flawed: Path, tmp_path: Path
) -> None:
    flawed.write_text("factcheck: 1\nactors:\n  - {key: a, name: A}\n", encoding="utf-8")
    code, _stdout, stderr = run(str(flawed), "--skip-invalid")
    assert code == 0
    assert stderr.endswith("\n  actors: 1 created, 0 updated, 0 unchanged, 0 rejected\n")
    assert not (tmp_path / "flawed.yaml.rejects.jsonl").exists()
    assert run(str(flawed), "--rejects", "x.jsonl")[2] == (
        "Error: --rejects is only used with --skip-invalid (add --skip-invalid)\n"
    )


def many_claims(count: int, *, bad: int | None = None) -> str:
    """A JSON document of ``count`` claims, a field a line; claim ``bad`` has a bad date."""
    records = [
        {"key": f"c{number}", "text": f"Claim {number}", "speaker": "s"}
        | ({"said": "2019-02-30"} if number == bad else {})
        for number in range(count)
    ]
    document = {"factcheck": 1, "actors": [{"key": "s", "name": "S"}], "claims": records}
    return json.dumps(document, indent=1)


def test_standard_input_is_read_as_a_stream_of_pieces(db_env: str, engine: Engine) -> None:
    code, _stdout, stderr = run("-", input=many_claims(2500))
    assert code == 0, stderr
    assert stderr == (
        "Imported <stdin>.\n"
        "  actors: 1 created, 0 updated, 0 unchanged\n"
        "  claims: 2500 created, 0 updated, 0 unchanged\n"
    )
    assert run("-", input=many_claims(2500))[2].startswith("Imported <stdin>. Nothing changed.")


def test_an_error_in_a_later_piece_names_the_line_of_its_record(
    db_env: str, engine: Engine
) -> None:
    text = many_claims(2500, bad=2100)
    # JSON errors name the line of the mapping that holds the field.
    line = text.splitlines().index('   "key": "c2100",')
    before = table_counts(engine)
    code, _stdout, stderr = run("-", input=text)
    assert code == 4
    assert stderr.startswith(
        f"Error: <stdin>:{line}: claims[2100] (key c2100): said '2019-02-30' does not exist"
    )
    assert table_counts(engine) == before


def test_a_key_given_again_in_a_later_piece_is_an_error(db_env: str, engine: Engine) -> None:
    text = many_claims(1500).replace('"key": "c1200"', '"key": "c5"')
    line = text.splitlines().index('   "key": "c5",', 100)
    before = table_counts(engine)
    code, _stdout, stderr = run("-", input=text)
    assert (code, stderr) == (
        5,
        f"Error: <stdin>:{line}: claims[1200] (key c5): key 'c5' is also used by claims[5]\n",
    )
    assert table_counts(engine) == before


def test_records_refer_only_to_records_above_them(db_env: str, engine: Engine) -> None:
    later = (
        "factcheck: 1\nclaims:\n  - {key: c, text: T, speaker: s}\nactors:\n  - {key: s, name: S}\n"
    )
    assert run("-", "--format", "native", input=later)[2] == (
        "Error: <stdin>:5: section 'actors' comes after 'claims' (records refer to records"
        " above them: give the sections in the order actors, scales, sources, propositions,"
        " claims, links, verdicts, corrections)\n"
    )
    unversioned = '{"actors": [{"key": "s", "name": "S"}], "factcheck": 1}'
    assert run("-", "--format", "native", input=unversioned)[2] == (
        "Error: <stdin>: the format version is missing (start the file with: factcheck: 1)\n"
    )
    assert table_counts(engine)["actors"] == 0


def test_no_progress_bar_is_drawn_when_stderr_is_not_a_terminal(
    db_env: str, tmp_path: Path
) -> None:
    path = tmp_path / "many.json"
    path.write_text(many_claims(1500), encoding="utf-8")
    code, _stdout, stderr = run(str(path))
    assert code == 0
    assert "\x1b" not in stderr
    assert "Importing" not in stderr
    assert stderr.splitlines()[0] == f"Imported {path}."


@pytest.mark.skipif(not hasattr(pty, "openpty"), reason="needs a pseudo-terminal")
def test_a_progress_bar_is_drawn_when_stderr_is_a_terminal(
    database_url: str, tmp_path: Path
) -> None:
    path = tmp_path / "many.json"
    path.write_text(many_claims(3000), encoding="utf-8")
    controller, terminal = pty.openpty()
    env = {**os.environ, "FACTCHECK_DATABASE_URL": database_url, "FACTCHECK_USER": "tester"}
    process = subprocess.Popen(
        [sys.executable, "-m", "factcheck", "import", str(path)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=terminal,
        env=env,
    )
    os.close(terminal)
    received = bytearray()
    while True:
        try:
            data = os.read(controller, 1 << 16)
        except OSError:  # the other end is closed
            break
        if not data:
            break
        received += data
    stdout, _ = process.communicate(timeout=120)
    os.close(controller)
    terminal_text = received.decode("utf-8", "replace")
    assert process.returncode == 0, terminal_text
    assert stdout == b""
    assert "\x1b[" in terminal_text
    assert "Importing many.json" in terminal_text
    assert "claims: 3000 created, 0 updated, 0 unchanged" in terminal_text


def peak_memory(url: str, path: Path) -> int:
    from tests.helpers_interchange import engine_for

    with Session(engine_for(url), info={"user": "tester"}) as session:
        tracemalloc.start()
        try:
            import_file(session, path)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        session.rollback()
    return peak


def test_memory_does_not_grow_with_the_number_of_claims(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Pieces of 100 records, so that files of a few thousand claims (quick to import on
    # either database) hold many pieces.
    monkeypatch.setattr(native, "BATCH_SIZE", 100)
    small, large = tmp_path / "small.json", tmp_path / "large.json"
    write_native(Shape(300), small)
    write_native(Shape(3_000), large)
    assert large.stat().st_size > 9 * small.stat().st_size
    peak_memory(database_url, small)  # once first: the statements compiled, the caches full
    small_peak = peak_memory(database_url, small)
    large_peak = peak_memory(database_url, large)
    # Ten times the claims, and memory barely grows (the keys the file defines are kept in
    # a temporary table): under a hundred bytes a claim here. Reading the whole file first,
    # it grows by several kilobytes a claim.
    assert large_peak - small_peak < 200 * (3_000 - 300), (small_peak, large_peak)
    assert large_peak < 1.5 * small_peak, (small_peak, large_peak)


def test_the_collector_runs_less_often_during_an_import_and_as_before_after_it(
    database_url: str,
) -> None:
    from tests.helpers_interchange import engine_for

    before = gc.get_threshold()
    during: list[int] = []

    def note() -> None:
        during.append(gc.get_threshold()[0])

    with Session(engine_for(database_url), info={"user": "tester"}) as session:
        import_stream(session, "many.json", io.StringIO(many_claims(1500)), on_piece=note)
        assert gc.get_threshold() == before
        with pytest.raises(InvalidInput):
            bad = many_claims(1500, bad=1200)
            import_stream(session, "bad.json", io.StringIO(bad), on_piece=note)
        session.rollback()
    assert gc.get_threshold() == before
    assert len(during) >= 3
    assert min(during) >= max(runner.COLLECT_EVERY, before[0]) > 700


def many_links(count: int, *, again: dict[int, int] | None = None) -> str:
    """A JSON document of ``count`` links between claims, a field a line; link ``n`` in
    ``again`` links the claims of the link named there, the other way round."""
    pairs = [(number, number + 1) for number in range(count)]
    for number, earlier in (again or {}).items():
        pairs[number] = pairs[earlier][::-1]
    document = {
        "factcheck": 1,
        "actors": [{"key": "s", "name": "S"}],
        "claims": [
            {"key": f"c{n}", "text": f"Claim {n}", "speaker": "s"} for n in range(count + 1)
        ],
        "links": [
            {"key": f"l{n}", "from": f"c{first}", "to": f"c{second}", "kind": "contradicts"}
            for n, (first, second) in enumerate(pairs)
        ],
    }
    return json.dumps(document, indent=1)


@pytest.mark.parametrize(("number", "earlier"), [(7, 3), (1100, 3), (1100, 1050)])
def test_the_same_link_given_twice_is_an_error_in_any_piece(
    db_env: str, engine: Engine, number: int, earlier: int
) -> None:
    text = many_links(1200, again={number: earlier})
    line = text.splitlines().index(f'   "key": "l{number}",')
    before = table_counts(engine)
    assert run("-", input=text) == (
        5,
        "",
        f"Error: <stdin>:{line}: links[{number}] (key l{number}): link 'l{earlier}' already"
        " links these claims this way (keep one)\n",
    )
    assert table_counts(engine) == before
    code, _stdout, stderr = run("-", input=many_links(1200))
    assert code == 0, stderr
    assert "links: 1200 created" in stderr
