"""Reading files into the database: one module per format.

This package's own module stays light (no SQLAlchemy), so that the command line can name
the formats without loading the database layer; a format's module is imported when used.

A format other than the native one is a module with two functions:

- ``sniff(name: str, head: str) -> bool``: whether a file named ``name`` whose first
  characters are ``head`` is in this format;
- ``pieces(name: str, stream: TextIO) -> Iterator[document.Piece]``: the file read as
  pieces in the native format's shape, a batch of records at a time, each imported in turn
  into one transaction by the native importer;
- optionally ``finish(session: Session, piece) -> document.Piece``: the piece completed with
  what the database holds (a ClaimReview rating's scale level), called just before the piece
  is imported.
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
    from factcheck.importers import native

    chosen = fmt or detect_format(name, text)
    if chosen is ImportFormat.NATIVE:
        return native.import_text(session, name, text)
    summary = native.Summary()
    module = format_module(chosen)
    finish = getattr(module, "finish", None)
    for piece in module.pieces(name, io.StringIO(text)):
        ready = finish(session, piece) if finish is not None else piece
        native.import_document(session, ready, summary=summary)
    return summary


def import_file(session: "Session", path: Path, *, fmt: ImportFormat | None = None) -> "Summary":
    from factcheck.importers.document import decode, read_bytes

    name = str(path)
    return import_text(session, name, decode(read_bytes(path, name), name), fmt=fmt)
