"""The sub-commands of ``factcheck``, where each one lives, and the top-level help.

The root command reads this table instead of importing every command module: a command
imports only its own module when it runs, and ``factcheck --help`` is printed from here
without importing Typer at all (Typer and Rich cost several times Python's own start-up).
Adding a command is one line in ``COMMANDS``; ``tests/test_startup.py`` checks that each line's
help matches the command's own.

This module imports nothing beyond the standard library's built-ins.
"""

import os
import sys
from typing import NamedTuple

from factcheck import __version__


class Entry(NamedTuple):
    # "module:attribute": a Typer app (a group of commands) or a command function.
    target: str
    # The first sentence of the command's help, as the command list shows it.
    summary: str


COMMANDS: dict[str, Entry] = {
    "demo": Entry(
        "factcheck.cli.demo:demo",
        "Load the 2019 Hanoi summit example and print its contradiction report.",
    ),
    "log": Entry(
        "factcheck.cli.log:log",
        "Show the change log, oldest first: who changed what, when, and the fields changed.",
    ),
    "import": Entry(
        "factcheck.cli.interchange:import_",
        "Import a file: native YAML or JSON (docs/native-format.md), schema.org ClaimReview"
        " JSON-LD (docs/claimreview.md) or LIAR TSV (docs/liar.md).",
    ),
    "export": Entry(
        "factcheck.cli.interchange:export",
        "Export the database, or the claims the filters select: native YAML or JSON, CSV, or"
        " ClaimReview JSON-LD.",
    ),
    "search": Entry(
        "factcheck.cli.search:search",
        "Find claims by the words of their text or venue, of the propositions they take a side"
        " on, of their evidence, or of their sources' titles; the best matches first.",
    ),
    "match": Entry(
        "factcheck.cli.search:match",
        "Has this been checked? The known active claims closest to TEXT, best first, each with"
        " its similarity score (0 to 1), speaker, date and current verdicts.",
    ),
    "actor": Entry("factcheck.cli.actor:app", "Add, list, show, alias and merge actors."),
    "db": Entry(
        "factcheck.cli.db:app", "Show, migrate and check the database schema; back up and restore."
    ),
    "source": Entry("factcheck.cli.source:app", "Add, list and show sources."),
    "claim": Entry("factcheck.cli.claim:app", "Add, list, show, edit and retract claims."),
    "topic": Entry("factcheck.cli.topic:app", "List topics."),
    "verdict": Entry(
        "factcheck.cli.verdict:app",
        "Rate claims on a rating scale; a new verdict by the same reviewer supersedes the old.",
    ),
    "correction": Entry(
        "factcheck.cli.correction:app", "Record and list corrections of claims and verdicts."
    ),
    "scale": Entry("factcheck.cli.scale:app", "List rating scales and show their ratings."),
    "proposition": Entry(
        "factcheck.cli.proposition:app",
        "Add, list and show propositions; record the stance a claim takes on one.",
    ),
    "appearance": Entry("factcheck.cli.appearance:app", "Record and list where a claim appears."),
    "evidence": Entry("factcheck.cli.evidence:app", "Record and list the evidence on a claim."),
    "link": Entry(
        "factcheck.cli.link:app",
        "Link claims; list, show, confirm, reject and remove links; suggest contradictions.",
    ),
    "report": Entry(
        "factcheck.cli.report:app",
        "Reports: where accounts conflict, a claim's dossier, a speaker's scorecard, a topic's"
        " timeline.",
    ),
}

DESCRIPTION = "Record who said what, where and when; check it; see where accounts conflict."
DATABASE_URL_ENV = "FACTCHECK_DATABASE_URL"
USER_ENV = "FACTCHECK_USER"
DB_HELP = f"Database URL; default: ${DATABASE_URL_ENV}, else a file in your data directory."
AS_HELP = f"Who the change log records; default: ${USER_ENV}, else your login."
VERSION_HELP = "Show the version and exit."
HELP_HELP = "Show this message and exit."
HELP_OPTIONS = ("--help", "-h")

# (option, short form, metavar, help), in the order the help lists them.
OPTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("--db", "", "URL", DB_HELP),
    ("--as", "", "NAME", AS_HELP),
    ("--version", "", "", VERSION_HELP),
    ("--help", "-h", "", HELP_HELP),
)

# What Click exits with when a group that needs a command is called without one.
NO_ARGS_EXIT = 2
DEFAULT_WIDTH = 80


def version_line() -> str:
    return f"factcheck {__version__}"


def answer_without_typer(args: list[str]) -> int | None:
    """Print the version or the top-level help for these arguments and return the exit code,
    or return None when the arguments need the full command line."""
    if args == ["--version"]:
        sys.stdout.write(version_line() + "\n")
        return 0
    if not args or (len(args) == 1 and args[0] in HELP_OPTIONS):
        sys.stdout.write(root_help(terminal_width()) + "\n")
        return 0 if args else NO_ARGS_EXIT
    return None


def terminal_width() -> int:
    """The width the help is laid out for: $COLUMNS, else the terminal's, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(sys.stdout.fileno()).columns
    except (AttributeError, OSError, ValueError):
        return DEFAULT_WIDTH


def root_help(width: int = DEFAULT_WIDTH) -> str:
    """The help of ``factcheck`` itself, in the boxed layout of the sub-commands' help."""
    width = max(width, 40)
    options = [
        (f"{name} {short}".rstrip() if not metavar else name, metavar, text)
        for name, short, metavar, text in OPTIONS
    ]
    lines = [
        "",
        " Usage: factcheck [OPTIONS] COMMAND [ARGS]...",
        "",
        *(" " + line for line in _wrap(DESCRIPTION, width - 2)),
        "",
        *_panel("Options", [(name, meta, text) for name, meta, text in options], width),
        *_panel("Commands", [(name, "", e.summary) for name, e in COMMANDS.items()], width),
    ]
    return "\n".join(lines)


def _panel(title: str, rows: list[tuple[str, str, str]], width: int) -> list[str]:
    inner = width - 4
    first = max(len(name) for name, _, _ in rows)
    second = max(len(meta) for _, meta, _ in rows)
    lead = first + 2 + (second + 2 if second else 0)
    top = f"╭─ {title} " + "─" * (width - len(title) - 5) + "╮"
    body = []
    for name, meta, text in rows:
        head = name.ljust(first + 2) + (meta.ljust(second + 2) if second else "")
        wrapped = _wrap(text, max(inner - lead, 10)) or [""]
        for index, line in enumerate(wrapped):
            cell = (head if index == 0 else " " * lead) + line
            body.append("│ " + cell.ljust(inner) + " │")
    return [top, *body, "╰" + "─" * (width - 2) + "╯"]


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(line)
    return lines
