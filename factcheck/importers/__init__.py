"""Reading files into the database: one module per format.

This package's own module stays light (no SQLAlchemy), so that the command line can name
the formats without loading the database layer; a format's module is imported when used.
"""

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from factcheck.errors import InvalidInput

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from factcheck.importers.native import Summary


class ImportFormat(StrEnum):
    NATIVE = "native"


def detect_format(name: str, text: str) -> ImportFormat:
    """The format of a file, from its name and its first lines."""
    from factcheck.importers import native

    if native.sniff(name, text):
        return ImportFormat.NATIVE
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
    assert chosen is ImportFormat.NATIVE
    return native.import_text(session, name, text)


def import_file(session: "Session", path: Path, *, fmt: ImportFormat | None = None) -> "Summary":
    from factcheck.importers.document import decode, read_bytes

    name = str(path)
    return import_text(session, name, decode(read_bytes(path, name), name), fmt=fmt)
