"""Reading a file into the database, whatever its format.

The file is read as a stream of UTF-8 text and never held whole: its format is told from its
name and its first characters, and its format's module turns it into pieces, each written
in turn into the caller's transaction (``native.Importer``).
"""

import gc
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TextIO, cast

from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput
from factcheck.importers import HEAD_SIZE, ImportFormat, detect_format, format_module
from factcheck.importers.document import Invalid
from factcheck.importers.native import Importer, Rejection, Summary

# How much is read from the file at a time.
BUFFER = 1 << 16


class CountedReader(io.RawIOBase):
    """A binary stream that counts the bytes read from it (for the progress bar)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.count += size
        return size


class _Prefixed(io.TextIOBase):
    """A text stream whose first characters, ``head``, were read already to tell its format."""

    def __init__(self, head: str, stream: TextIO) -> None:
        self._buffer = head
        self._stream = stream

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0:
            rest, self._buffer = self._buffer, ""
            return rest + self._stream.read()
        if self._buffer:
            head, self._buffer = self._buffer[:size], self._buffer[size:]
            return head
        return self._stream.read(size)

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        if self._buffer:
            end = self._buffer.find("\n")
            if end >= 0:
                line, self._buffer = self._buffer[: end + 1], self._buffer[end + 1 :]
                return line
            line, self._buffer = self._buffer, ""
            return line + self._stream.readline()
        return self._stream.readline()


def text_stream(raw: IO[bytes] | io.RawIOBase) -> TextIO:
    """UTF-8 text read from ``raw`` a buffer at a time, a byte order mark left out; line
    ends as they are."""
    return io.TextIOWrapper(
        io.BufferedReader(cast(io.RawIOBase, raw), BUFFER),
        encoding="utf-8-sig",
        newline="",
    )


def import_stream(
    session: Session,
    name: str,
    stream: TextIO,
    *,
    fmt: ImportFormat | None = None,
    on_reject: Callable[[Rejection], None] | None = None,
    on_piece: Callable[[], None] | None = None,
) -> Summary:
    """Import the file ``name`` read from ``stream``, in ``fmt`` or the format it looks like.

    One transaction, the caller's: a wrong record raises an error naming the file, the line
    or record and the field, and the caller rolls back. With ``on_reject``, wrong records are
    left out and given to it instead. ``on_piece`` is called after each piece is written.
    """
    with _fewer_collections():
        return _import_stream(session, name, stream, fmt, on_reject, on_piece)


# Allocations between two runs of the garbage collector's youngest generation, during an
# import (Python's default: 700).
COLLECT_EVERY = 10_000


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The cyclic garbage collector run less often: an import makes many short-lived
    containers (a record's fields, its row, its change-log entry), all freed by reference
    counting, and with the default threshold the collector walks each batch's objects again
    every few hundred of them, for nothing. The threshold is put back afterwards."""
    threshold = gc.get_threshold()
    gc.set_threshold(max(COLLECT_EVERY, threshold[0]), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _import_stream(
    session: Session,
    name: str,
    stream: TextIO,
    fmt: ImportFormat | None,
    on_reject: Callable[[Rejection], None] | None,
    on_piece: Callable[[], None] | None,
) -> Summary:
    importer: Importer | None = None
    try:
        head = stream.read(HEAD_SIZE)
        chosen = fmt or detect_format(name, head)
        rest = _Prefixed(head, stream)
        importer = Importer(session, shared=chosen is ImportFormat.NATIVE, on_reject=on_reject)
        module = format_module(chosen)
        finish = getattr(module, "finish", None)
        for piece in module.pieces(name, rest):
            if isinstance(piece, Invalid):
                importer.refuse(name, piece)
            else:
                importer.add(piece if finish is None else finish(session, piece))
            if on_piece is not None:
                on_piece()
    except BaseException as error:
        if importer is not None:
            importer.abandon()
            if isinstance(error, Exception):
                # A row of an earlier record that failed to be written is the first error.
                importer.settle()
        if isinstance(error, UnicodeDecodeError):
            raise InvalidInput(
                f"{name} is not UTF-8 text ({error.reason})", "save it as UTF-8"
            ) from None
        raise
    return importer.finish()


class RejectsFile:
    """Where ``--skip-invalid`` writes the records it leaves out: JSON Lines, one rejected
    record a line (docs/native-format.md), the file created only if a record is rejected."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.count = 0
        self._handle: TextIO | None = None

    def __call__(self, rejection: Rejection) -> None:
        if self._handle is None:
            try:
                self._handle = Path(self.path).open("w", encoding="utf-8", newline="\n")  # noqa: SIM115
            except OSError as error:
                raise InvalidInput(f"cannot write {self.path}: {error.strerror}") from None
        self._handle.write(json.dumps(rejection.as_json(), ensure_ascii=False, default=str) + "\n")
        self.count += 1

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()

    def discard(self) -> None:
        """Remove what was written: the import failed, so no record was left out of it."""
        if self._handle is not None:
            self._handle.close()
            Path(self.path).unlink(missing_ok=True)
            self._handle = None
