"""The enumerations live in factcheck.enums, which the command line can import cheaply."""

from factcheck.enums import *  # noqa: F403
