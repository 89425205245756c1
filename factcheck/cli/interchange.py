"""``factcheck import`` and ``factcheck export``: files in the native format and the formats
of the field (ClaimReview, LIAR, CSV)."""

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, BinaryIO

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
    skip_invalid: Annotated[
        bool,
        typer.Option(
            "--skip-invalid",
            help="Import the valid records; write the others, with the reasons, to --rejects.",
        ),
    ] = False,
    rejects: Annotated[
        str | None,
        typer.Option(
            metavar="FILE",
            help="Where --skip-invalid writes rejected records (JSON Lines);"
            " default: FILE.rejects.jsonl, or rejects.jsonl for standard input.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import a file: native YAML or JSON (docs/native-format.md), schema.org ClaimReview
    JSON-LD (docs/claimreview.md) or LIAR TSV (docs/liar.md).

    Records are matched by key: the same file again changes nothing; a changed record updates.

    One bad record and nothing is written; the error names the file, line, record and field.

    --skip-invalid instead leaves bad records, and those referring to them, out (see --rejects).

    A summary of rows created, updated, unchanged and rejected goes to stderr.

    A progress bar shows on stderr while the file is read, when stderr is a terminal.

    Example: factcheck import fixtures/hanoi-summit.yaml

    Example: factcheck import claims.json --skip-invalid --rejects bad.jsonl

    Example: factcheck export --topic sanctions | factcheck --db sqlite:///copy.db import -

    Example: factcheck import fact-checks.jsonld
    """
    from factcheck.importers.document import open_binary
    from factcheck.importers.runner import CountedReader, RejectsFile, import_stream, text_stream

    if rejects is not None and not skip_invalid:
        raise InvalidInput("--rejects is only used with --skip-invalid", "add --skip-invalid")
    name = "<stdin>" if file == STDIO else file
    raw = sys.stdin.buffer if file == STDIO else open_binary(Path(file), name)
    rejected = None
    if skip_invalid:
        rejected = RejectsFile(
            rejects or ("rejects.jsonl" if file == STDIO else f"{file}.rejects.jsonl")
        )
    counted = CountedReader(raw)
    try:
        with _progress(name, raw) as advance, session(ctx) as db:
            summary = import_stream(
                db,
                name,
                text_stream(counted),
                fmt=fmt,
                on_reject=rejected,
                on_piece=lambda: advance(counted.count),
            )
            if dry_run:
                db.rollback()
    except BaseException:
        if rejected is not None:
            rejected.discard()
        raise
    finally:
        if raw is not sys.stdin.buffer:
            raw.close()
    if rejected is not None:
        rejected.close()
    verb = "Checked" if dry_run else "Imported"
    tail = " Nothing was written (--dry-run)." if dry_run else ""
    if not summary.changed and not dry_run:
        tail = " Nothing changed."
    say(f"{verb} {name}.{tail}")
    for line in summary.lines(rejected=skip_invalid):
        say(f"  {line}")
    if rejected is not None and rejected.count:
        noun = "record" if rejected.count == 1 else "records"
        say(f"Rejected {rejected.count} {noun}; see {rejected.path}.")


@contextmanager
def _progress(name: str, raw: BinaryIO) -> Iterator[Callable[[int], None]]:
    """A function that moves a progress bar on stderr to a number of bytes read: drawn only
    when stderr is a terminal, else doing nothing."""
    if not sys.stderr.isatty():
        yield lambda _done: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    try:
        total: int | None = os.fstat(raw.fileno()).st_size or None
    except (OSError, ValueError):
        total = None
    console = Console(file=sys.stderr)
    columns = (TextColumn("{task.description}"), BarColumn(), DownloadColumn())
    with Progress(*columns, TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task(f"Importing {Path(name).name}", total=total)
        yield lambda done: bar.update(task, completed=done)


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
            help="Output format; default: native-json for a .json FILE, csv for a .csv FILE,"
            " claimreview for .jsonld, else native-yaml.",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
) -> None:
    """Export the database, or the claims the filters select: native YAML or JSON, CSV, or
    ClaimReview JSON-LD.

    Everything the selected claims need comes along (docs/native-format.md). CSV holds one
    row per claim with its current verdict (docs/csv.md). --format claimreview writes the
    current verdicts as schema.org ClaimReview JSON-LD (docs/claimreview.md); a verdict
    without a URL is named on stderr and left out.

    Filters combine: a claim must match each one given; --claim may be repeated.
    Exported, imported into an empty database and exported again, a file comes out the same.

    Example: factcheck export -o hanoi.yaml

    Example: factcheck export --speaker "Donald Trump" --topic sanctions --format native-json

    Example: factcheck export --format csv --topic sanctions -o claims.csv

    Example: factcheck export --format claimreview -o reviews.jsonld
    """
    from factcheck.exporters import claims_csv, format_for
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
        if chosen is ExportFormat.CLAIMREVIEW:
            from factcheck.exporters import claimreview

            with _destination(path) as write:
                outcome = claimreview.export(db, write, condition=condition)
            for line in outcome.left_out:
                say(f"Warning: {line}")
            noun = "ClaimReview" if outcome.written == 1 else "ClaimReviews"
            say(f"Exported to {path or 'standard output'}: {outcome.written} {noun}.")
            return
        with _destination(path) as write:
            if chosen is ExportFormat.CSV:
                counts = claims_csv.export(db, write, condition=condition)
            else:
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
