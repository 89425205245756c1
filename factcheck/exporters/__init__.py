"""Writing the database out: one module per format.

This package's own module stays light (no SQLAlchemy), so that the command line can name
the formats without loading the database layer.
"""

from enum import StrEnum
from pathlib import Path


class ExportFormat(StrEnum):
    NATIVE_YAML = "native-yaml"
    NATIVE_JSON = "native-json"
    CSV = "csv"
    CLAIMREVIEW = "claimreview"


def format_for(path: Path | None) -> ExportFormat:
    """The format a file's name asks for: JSON for ``.json``, CSV for ``.csv``, ClaimReview
    for ``.jsonld``, else YAML."""
    suffix = path.suffix.lower() if path is not None else ""
    if suffix == ".jsonld":
        return ExportFormat.CLAIMREVIEW
    if suffix == ".json":
        return ExportFormat.NATIVE_JSON
    if suffix == ".csv":
        return ExportFormat.CSV
    return ExportFormat.NATIVE_YAML
