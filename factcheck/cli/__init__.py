"""The command-line front end: parse, open one unit of work, call a service, render."""

from factcheck.cli.app import app, main

__all__ = ["app", "main"]
