"""``factcheck import`` and ``factcheck export``: files in the native YAML or JSON format."""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from factcheck.cli.output import emit, say
from factcheck.cli.state import session
from factcheck.errors import InvalidInput
from factcheck.exporters import ExportFormat
from factcheck.importers import ImportFormat

STDIO = "-"
# Output to the terminal goes out in pieces of about this many characters.
CHUNK = 1 << 16


def import_(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="The file to read; - reads standard input.")
    ],
    fmt: Annotated[
        ImportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="The file's format; default: told from its name and content.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the file and count the changes; write nothing.")
    ] = False,
) -> None:
    """Import a file in the native format (docs/native-format.md), YAML or JSON.

    Records are matched by key: the same file again changes nothing; a changed record updates.
    One bad record and nothing is written; the error names the file, line, record and field.
    A summary of the rows created, updated and left unchanged goes to stderr.

    Example: factcheck import fixtures/hanoi-summit.yaml

    Example: factcheck export --topic sanctions | factcheck --db sqlite:///copy.db import -
    """
    from factcheck.importers import import_text
    from factcheck.importers.document import decode, read_bytes

    name = "<stdin>" if file == STDIO else file
    raw = sys.stdin.buffer.read() if file == STDIO else read_bytes(Path(file), name)
    text = decode(raw, name)
    with session(ctx) as db:
        summary = import_text(db, name, text, fmt=fmt)
        if dry_run:
            db.rollback()
    verb = "Checked" if dry_run else "Imported"
    tail = " Nothing was written (--dry-run)." if dry_run else ""
    if not summary.changed and not dry_run:
        tail = " Nothing changed."
    say(f"{verb} {name}.{tail}")
    for line in summary.lines():
        say(f"  {line}")


def export(
    ctx: typer.Context,
    topic: Annotated[
        str | None, typer.Option(help="Only claims with this topic, and what they need.")
    ] = None,
    speaker: Annotated[
        str | None, typer.Option(help="Only claims by this speaker (name, alias or id).")
    ] = None,
    claims: Annotated[
        list[str] | None,
        typer.Option("--claim", metavar="ID", help="Only this claim (repeatable)."),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write to FILE instead of standard output.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format; default: native-json for a .json FILE, else native-yaml.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export the database, or the claims the filters select, in the native format.

    Everything the selected claims need comes along (docs/native-format.md).

    Filters combine: a claim must match each one given; --claim may be repeated.
    Exported, imported into an empty database and exported again, a file comes out the same.

    Example: factcheck export -o hanoi.yaml

    Example: factcheck export --speaker "Donald Trump" --topic sanctions --format native-json
    """
    from factcheck.exporters import format_for
    from factcheck.exporters.native import export as write_export
    from factcheck.exporters.native import snapshot
    from factcheck.exporters.selection import claim_filter
    from factcheck.services import actors, lookup

    path = None if output in (None, STDIO) else Path(output)
    if output is not None and "\x00" in output:
        raise InvalidInput(f"cannot write {output!r}: a file name holds no NUL", "check the path")
    chosen = fmt or format_for(path)
    with session(ctx, write=False) as db:
        snapshot(db)
        condition = claim_filter(
            topic=lookup.get_topic(db, topic) if topic is not None else None,
            speaker=actors.resolve_actor(db, speaker, role="speaker") if speaker else None,
            claim_ids=[lookup.get_claim(db, reference).id for reference in claims or []],
        )
        with _destination(path) as write:
            counts = write_export(db, write, condition=condition, fmt=chosen)
    parts = ", ".join(f"{name} {count}" for name, count in counts.items()) or "nothing"
    say(f"Exported to {path or 'standard output'}: {parts}.")


@contextmanager
def _destination(path: Path | None) -> Iterator[Callable[[str], None]]:
    """A function that writes pieces of text to ``path`` or standard output. A file is
    written beside its final place and moved there once complete."""
    if path is None:
        pieces: list[str] = []
        size = 0

        def buffered(text: str) -> None:
            nonlocal size
            pieces.append(text)
            size += len(text)
            if size >= CHUNK:
                emit("".join(pieces))
                pieces.clear()
                size = 0

        yield buffered
        emit("".join(pieces))
        return
    # A name of its own beside the target, opened as a new file (so with the usual
    # permissions), and moved over the target once complete.
    if path.is_dir():
        raise InvalidInput(f"cannot write {path}: it is a directory", "give a file name")
    partial = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        handle = partial.open("x", encoding="utf-8", newline="\n")
    except OSError as error:
        raise InvalidInput(f"cannot write {path}: {error.strerror}") from None
    try:
        with handle:

            def write(text: str) -> None:
                handle.write(text)

            yield write
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
