"""Domain errors. Each carries the exit code the command line returns for it."""

from enum import IntEnum


class ExitCode(IntEnum):
    """Process exit codes; 2 stays the usage error of the command-line parser."""

    OK = 0
    FAILURE = 1
    USAGE = 2
    NOT_FOUND = 3
    INVALID = 4
    CONFLICT = 5
    AMBIGUOUS = 6
    SCHEMA = 7
    DATABASE = 8


class FactcheckError(Exception):
    """Base class of every error a user can cause."""

    exit_code = ExitCode.FAILURE

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class NotFound(FactcheckError):
    """A named or numbered object does not exist."""

    exit_code = ExitCode.NOT_FOUND


class InvalidInput(FactcheckError):
    """A value is malformed or out of range."""

    exit_code = ExitCode.INVALID


class Conflict(FactcheckError):
    """The change would break a rule of the data (duplicate, self-link, ...)."""

    exit_code = ExitCode.CONFLICT


class Ambiguous(FactcheckError):
    """A name matches more than one object."""

    exit_code = ExitCode.AMBIGUOUS


class SchemaMismatch(FactcheckError):
    """The database schema is behind or ahead of this version of the program."""

    exit_code = ExitCode.SCHEMA


class DatabaseUnavailable(FactcheckError):
    """The database cannot be opened or reached."""

    exit_code = ExitCode.DATABASE


class Unsupported(FactcheckError):
    """The command does not apply to this kind of database."""

    exit_code = ExitCode.FAILURE
