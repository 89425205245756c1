"""Writing the database out: one module per format.

This package's own module stays light (no SQLAlchemy), so that the command line can name
the formats without loading the database layer.
"""

from enum import StrEnum
from pathlib import Path


class ExportFormat(StrEnum):
    NATIVE_YAML = "native-yaml"
    NATIVE_JSON = "native-json"
    CLAIMREVIEW = "claimreview"


def format_for(path: Path | None) -> ExportFormat:
    """The format a file's name asks for: ClaimReview for ``.jsonld``, JSON for ``.json``,
    else YAML."""
    if path is not None and path.suffix.lower() == ".jsonld":
        return ExportFormat.CLAIMREVIEW
    if path is not None and path.suffix.lower() == ".json":
        return ExportFormat.NATIVE_JSON
    return ExportFormat.NATIVE_YAML
