"""Every report format on the Hanoi fixture, as loaded by ``factcheck demo``, against golden
files. Rewrite them after a deliberate change with ``FACTCHECK_UPDATE_GOLDEN=1`` and read the
diff."""

import pytest

from tests.conftest import invoke
from tests.test_reports import check_golden

FORMATS = {"table": "txt", "markdown": "md", "json": "json", "csv": "csv", "html": "html"}
REPORTS = {
    "contradictions": ("contradictions",),
    "speaker": ("speaker", "Donald Trump"),
    "timeline": ("timeline", "--topic", "Hanoi summit"),
}


@pytest.fixture
def fixture_loaded(db_env: str) -> None:
    result = invoke("demo", "--format", "json")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize("report", list(REPORTS))
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_fixture_report_matches_golden_file(fixture_loaded: None, report: str, fmt: str) -> None:
    result = invoke("report", *REPORTS[report], "--format", fmt, env={"COLUMNS": "100"})

    assert result.exit_code == 0, result.stderr
    check_golden(f"fixture-{report}.{FORMATS[fmt]}", result.stdout)
