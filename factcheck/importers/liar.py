"""Placeholder: replaced by the liar reader."""

from collections.abc import Iterator
from typing import TextIO

from factcheck.errors import InvalidInput
from factcheck.importers.document import Piece


def sniff(name: str, head: str) -> bool:
    return False


def pieces(name: str, stream: TextIO) -> Iterator[Piece]:
    raise InvalidInput("liar files cannot be read yet")
