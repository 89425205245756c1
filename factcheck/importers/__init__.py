"""Reading files into the database: one module per format.

This package's own module stays light (no SQLAlchemy), so that the command line can name
the formats without loading the database layer; a format's module is imported when used.

A format other than the native one is a module with these functions:

- ``sniff(name: str, head: str) -> bool``: whether a file named ``name`` whose first
  characters are ``head`` is in this format;
- ``pieces(name: str, stream: TextIO) -> Iterator[document.Piece]``: the file read as
  pieces in the native format's shape, a batch of records at a time, each imported in turn
  into one transaction by the native importer; among them, a ``document.Invalid`` for each
  record it cannot read (given before the first piece, so that a failing import writes
  nothing it need not);
- optionally ``finish(session: Session, piece) -> document.Piece``: the piece completed with
  what the database holds (a ClaimReview rating's scale level), called just before the piece
  is imported.

The native format is read the same way (``native.pieces``), its pieces parts of one document.
``runner`` reads any file through these.
"""

import importlib
import io
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factcheck.errors import InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from factcheck.importers.native import Summary


class ImportFormat(StrEnum):
    NATIVE = "native"
    CLAIMREVIEW = "claimreview"
    LIAR = "liar"


# How many characters of a file its format is told from.
HEAD_SIZE = 1 << 16


def format_module(fmt: ImportFormat) -> Any:
    """The module that reads ``fmt``."""
    return importlib.import_module(f"factcheck.importers.{fmt.value}")


def detect_format(name: str, text: str) -> ImportFormat:
    """The format of a file, from its name and its first lines."""
    head = text[:HEAD_SIZE]
    for fmt in (ImportFormat.LIAR, ImportFormat.CLAIMREVIEW, ImportFormat.NATIVE):
        if format_module(fmt).sniff(name, head):
            return fmt
    raise InvalidInput(
        f"cannot tell the format of {name}",
        "give --format; formats: " + ", ".join(member.value for member in ImportFormat),
    )


def import_text(
    session: "Session", name: str, text: str, *, fmt: ImportFormat | None = None
) -> "Summary":
    """Import ``text`` (the contents of the file ``name``) in ``fmt``, else the format it
    looks like."""
    from factcheck.importers.runner import import_stream

    return import_stream(session, name, io.StringIO(text), fmt=fmt)


def import_file(session: "Session", path: Path, *, fmt: ImportFormat | None = None) -> "Summary":
    """Import the file at ``path``, read as a stream."""
    from factcheck.importers.document import open_binary
    from factcheck.importers.runner import import_stream, text_stream

    name = str(path)
    with open_binary(path, name) as raw:
        return import_stream(session, name, text_stream(raw), fmt=fmt)
