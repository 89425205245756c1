"""factcheck: a claim-tracking and fact-check database with a terminal front end."""

__version__ = "0.1.0"
