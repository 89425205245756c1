"""Hostile content is stored exactly and shown safely: markup is escaped in HTML and Markdown,
spreadsheet formulas are neutralised in every CSV output, control characters, ANSI escape
sequences and direction overrides never reach the terminal raw, NUL bytes and oversized texts
get a clear error, and whatever is accepted reads back from the database as it was given.
"""

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from factcheck.errors import ExitCode
from factcheck.models import Actor, Claim
from factcheck.services.text import MAX_TEXT_LENGTH
from tests.conftest import PostgresDatabase, invoke
from tests.helpers_fuzz import SeededDatabase, seeded_database

SCRIPT = "<script>alert('x')</script> & <img src=x onerror=alert(1)> [a](javascript:alert(1))"
FORMULAS = ['=HYPERLINK("http://evil.example","x")', "+1+2", "-3+4", "@SUM(A1)", "\t=1", "\r=1"]
ANSI = "Red \x1b[31malert\x1b[0m, a bell \x07, a title \x1b]0;pwned\x07, a C1 CSI \x9b2J"
RTL = "Invoice \u202egnp.exe and an isolate \u2066x\u2069"
HOSTILE = [SCRIPT, *FORMULAS, ANSI, RTL, "line one\nline two", "tab\there"]
# What must never reach a terminal raw: C0 controls but tab and newline, DEL, C1 controls,
# direction overrides and isolates.
RAW = [chr(code) for code in [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]]
RAW += ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def ok(*args: str, input: str | None = None) -> Any:
    result = invoke(*args, input=input)
    assert result.exit_code == 0, (args, result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result


def add_claim(text: str, speaker: str = "Hostile Speaker") -> int:
    result = ok("claim", "add", "--speaker", speaker, "--new", "--said", "2020-01-02", "--", text)
    return int(result.stdout)


def hostile_seed(url: str) -> None:
    """A claim for each hostile text, by a speaker whose name is markup; the first two
    contradict each other, with a verdict and a correction each, so every report has them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FACTCHECK_DATABASE_URL", url)
        hostile_claims_in_database()


@pytest.fixture(scope="module")
def hostile_database(
    postgres_database: PostgresDatabase | None,
    sqlite_template: Path,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[SeededDatabase]:
    directory = tmp_path_factory.mktemp("hostile")
    database = seeded_database(postgres_database, sqlite_template, directory, hostile_seed)
    yield database
    database.dispose()


@pytest.fixture
def hostile_claims(hostile_database: SeededDatabase, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The hostile claims' ids, with the command line pointed at their database."""
    if hostile_database.postgres is not None:
        hostile_database.reset()
    monkeypatch.setenv("FACTCHECK_DATABASE_URL", hostile_database.url)
    return list(range(1, len(HOSTILE) + 1))


def hostile_claims_in_database() -> list[int]:
    ids = [add_claim(text, speaker="<b>Evil</b> \x1b[2J\u202eSpeaker") for text in HOSTILE]
    ok("topic", "list")
    ok("claim", "edit", str(ids[0]), "--topic", "<i>topic</i> =1")
    ok("claim", "edit", str(ids[1]), "--topic", "<i>topic</i> =1")
    ok("link", "add", str(ids[0]), str(ids[1]), "--kind", "contradicts", "--note", SCRIPT)
    ok("verdict", "add", str(ids[0]), "--by", "=Desk <s>", "--new", "--rating", "False")
    ok(
        "verdict",
        "add",
        str(ids[0]),
        "--by",
        "=Desk <s>",
        "--rating",
        "True",
        "--explanation",
        ANSI,
    )
    ok("correction", "add", str(ids[1]), "--by", "=Desk <s>", "--text", RTL + SCRIPT)
    return ids


def assert_terminal_safe(output: str, what: object) -> None:
    for character in RAW:
        assert character not in output, (what, repr(character))


def test_hostile_texts_are_stored_exactly(db_env: str, engine: Engine) -> None:
    hostile_claims = hostile_claims_in_database()
    with Session(engine) as session:
        stored = [session.get_one(Claim, claim_id).text for claim_id in hostile_claims]
        speakers = session.scalars(select(Actor.name).where(Actor.name.like("%Evil%"))).all()
    assert stored == [text.strip() for text in HOSTILE]
    assert speakers == ["<b>Evil</b> \x1b[2J\u202eSpeaker"]
    shown = json.loads(ok("claim", "show", str(hostile_claims[0]), "--format", "json").stdout)
    assert shown["text"] == SCRIPT


REPORTS = [
    ["report", "contradictions"],
    ["report", "claim", "1"],
    ["report", "claim", "2"],
    ["report", "speaker", "1"],
    ["report", "timeline", "--topic", "<i>topic</i> =1"],
]


@pytest.mark.usefixtures("hostile_claims")
@pytest.mark.parametrize("report", REPORTS, ids=" ".join)
def test_html_reports_escape_markup(report: list[str]) -> None:
    page = ok(*report, "--format", "html").stdout
    assert "<script>" not in page and "<img" not in page and "<b>Evil" not in page
    assert "&lt;script&gt;" in page or "&lt;b&gt;Evil" in page
    assert 'href="javascript' not in page


@pytest.mark.usefixtures("hostile_claims")
@pytest.mark.parametrize("report", REPORTS, ids=" ".join)
def test_markdown_reports_escape_markup(report: list[str]) -> None:
    markdown = ok(*report, "--format", "markdown").stdout
    rendered = MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)
    assert "<script>" not in rendered and "<img" not in rendered and "<b>Evil" not in rendered
    assert 'href="javascript' not in rendered
    assert_terminal_safe(markdown, report)


CSV_OUTPUTS = [
    ["claim", "list"],
    ["claim", "show", "1"],
    ["actor", "list"],
    ["actor", "show", "1"],
    ["topic", "list"],
    ["link", "list"],
    ["verdict", "list"],
    ["verdict", "history", "1"],
    ["correction", "list"],
    ["log", "--limit", "0"],
    *REPORTS,
]


@pytest.mark.usefixtures("hostile_claims")
@pytest.mark.parametrize("command", CSV_OUTPUTS, ids=" ".join)
def test_csv_outputs_neutralise_formulas(command: list[str]) -> None:
    output = ok(*command, "--format", "csv").stdout
    cells = [cell for row in csv.reader(io.StringIO(output)) for cell in row]
    assert any(marker in cell for marker in ("Evil", "Desk", "topic") for cell in cells)
    for cell in cells:
        if cell.startswith(FORMULA_START):
            # Numbers (a score of -2) are data, not formulas.
            assert cell.lstrip("+-").replace(".", "", 1).isdigit(), (command, cell)


TERMINAL_OUTPUTS = [
    *(command for command in CSV_OUTPUTS if command[0] != "report"),
    *REPORTS,
    ["link", "show", "1"],
    ["verdict", "show", "2"],
    ["correction", "show", "1"],
    ["proposition", "list"],
]


@pytest.mark.usefixtures("hostile_claims")
@pytest.mark.parametrize("command", TERMINAL_OUTPUTS, ids=" ".join)
def test_tables_never_send_controls_raw(command: list[str]) -> None:
    result = ok(*command)
    assert_terminal_safe(result.stdout, command)
    assert_terminal_safe(result.stderr, command)
    if command[0] in ("claim", "report"):
        assert "\\x1b" in result.stdout and "\\u202e" in result.stdout


def test_messages_never_send_controls_raw(db_env: str) -> None:
    """What a command says on stderr, and its error lines, show the characters escaped."""
    name = "Mallory \x1b[2J\x1b]0;x\x07\u202e"
    added = ok("claim", "add", ANSI, "--speaker", name, "--new")
    assert_terminal_safe(added.stderr, "claim add")
    assert "\\x1b[2J" in added.stderr
    for args in (
        ["claim", "list", "--speaker", "Nobody\x1b[2J"],
        ["report", "timeline", "--topic", RTL],
    ):
        failed = invoke(*args)
        assert failed.exit_code == ExitCode.NOT_FOUND, failed.stderr
        assert failed.stderr.startswith("Error: ") and failed.stderr.count("\n") == 1
        assert_terminal_safe(failed.stderr, args)


@pytest.mark.parametrize(
    "args",
    [
        ["claim", "add", "before\x00after", "--speaker", "Someone", "--new"],
        ["claim", "add", "fine", "--speaker", "No\x00body", "--new"],
        ["claim", "add", "fine", "--speaker", "Someone", "--new", "--venue", "a\x00b"],
        ["claim", "add", "fine", "--speaker", "Someone", "--new", "--topic", "t\x00"],
        ["actor", "add", "Someone", "--alias", "x\x00y"],
        ["proposition", "add", "p\x00q"],
        ["source", "add", "https://example.org/a\x00b"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_nul_bytes_get_a_clear_error(db_env: str, args: list[str], engine: Engine) -> None:
    result = invoke(*args)
    assert result.exit_code == ExitCode.INVALID, result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert ("\x00" not in result.stderr and "NUL" in result.stderr) or "control" in result.stderr
    with Session(engine) as session:
        assert session.scalar(select(Claim.id)) is None


@pytest.mark.parametrize(
    "args",
    [
        ["claim", "list", "--speaker", "a\x00b"],
        ["report", "timeline", "--topic", "a\x00b"],
        ["log", "--user", "a\x00b"],
        ["actor", "list", "--search", "a\x00b"],
    ],
    ids=lambda args: " ".join(args[:2]),
)
def test_nul_bytes_in_a_filter_find_nothing_or_get_a_clear_error(
    db_env: str, args: list[str]
) -> None:
    """SQLite compares them and finds nothing; PostgreSQL refuses them: either way one line."""
    result = invoke(*args)
    assert result.exit_code in (ExitCode.OK, ExitCode.NOT_FOUND, ExitCode.INVALID), result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if result.exit_code:
        assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
        assert "\x00" not in result.stderr


@pytest.mark.parametrize(
    "document",
    [
        '{"factcheck": 1, "actors": [{"key": "a", "name": "A\\u0000B"}]}',
        '{"factcheck": 1, "actors": [{"key": "a", "name": "A"}],'
        ' "claims": [{"key": "c", "text": "x\\u0000y", "speaker": "a"}]}',
        'factcheck: 1\nactors:\n  - {key: a, name: "A", aliases: ["x\\0y"]}\n',
    ],
)
def test_nul_bytes_in_an_imported_file_get_a_clear_error(
    db_env: str, document: str, engine: Engine
) -> None:
    result = invoke("import", "-", input=document)
    assert result.exit_code == ExitCode.INVALID, result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    with Session(engine) as session:
        assert session.scalar(select(Actor.id)) is None


def test_a_megabyte_of_text_is_refused_with_the_limit(db_env: str, engine: Engine) -> None:
    megabyte = "x" * 1_000_000
    for args in (
        ["claim", "add", megabyte, "--speaker", "Someone", "--new"],
        ["claim", "add", "fine", "--speaker", "Someone", "--new", "--venue", megabyte],
        ["proposition", "add", megabyte],
    ):
        result = invoke(*args)
        assert result.exit_code == ExitCode.INVALID, result.stderr
        assert f"the limit is {MAX_TEXT_LENGTH:,}" in result.stderr
    document = json.dumps(
        {
            "factcheck": 1,
            "actors": [{"key": "a", "name": "A"}],
            "claims": [{"key": "c", "text": megabyte, "speaker": "a"}],
        }
    )
    result = invoke("import", "-", input=document)
    assert result.exit_code == ExitCode.INVALID, result.stderr
    assert f"{MAX_TEXT_LENGTH:,}" in result.stderr and result.stderr.count("\n") == 1
    with Session(engine) as session:
        assert session.scalar(select(Claim.id)) is None


def test_a_text_at_the_limit_is_stored_whole(db_env: str, engine: Engine) -> None:
    longest = ("Ünïcødé 말 " * MAX_TEXT_LENGTH)[: MAX_TEXT_LENGTH - 1] + "!"
    claim_id = add_claim(longest)
    with Session(engine) as session:
        assert session.get_one(Claim, claim_id).text == longest
    shown = json.loads(ok("claim", "show", str(claim_id), "--format", "json").stdout)
    assert shown["text"] == longest


@pytest.mark.usefixtures("hostile_claims")
@pytest.mark.parametrize(
    "command",
    [["claim", "list", "--format", "json"], ["claim", "list", "--format", "jsonl"]],
    ids=" ".join,
)
def test_json_escapes_controls_and_keeps_the_values(command: list[str]) -> None:
    output = ok(*command).stdout
    assert_terminal_safe(output, command)
    if command[-1] == "jsonl":
        rows = [json.loads(line) for line in output.split("\n") if line]
    else:
        rows = json.loads(output)
    assert {row["text"] for row in rows} == {text.strip() for text in HOSTILE}


@pytest.mark.usefixtures("hostile_claims")
def test_json_reports_escape_controls_and_keep_the_values() -> None:
    output = ok("report", "claim", str(HOSTILE.index(ANSI) + 1), "--format", "json").stdout
    assert_terminal_safe(output, "report claim")
    assert json.loads(output)["claim"]["text"] == ANSI
