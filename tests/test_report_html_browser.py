"""The HTML contradiction report as a browser renders it: Debian's Chromium, headless, reads
the page from a file; both sides are on the page and a claim holding markup stays text."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import invoke
from tests.test_walkthrough import run_script, walkthrough_commands

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# CI installs Chromium; elsewhere the test says why it did not run.
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="needs Debian's chromium (apt-get install chromium)",
)
PAYLOAD = "<script>document.title='pwned'</script><img src=x onerror=alert(1)>"


def dump_dom(page: Path, tmp_path: Path) -> str:
    assert CHROMIUM is not None, "chromium is not installed"
    done = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_browser_shows_both_sides_and_keeps_markup_inert(db_env: str, tmp_path: Path) -> None:
    ids = run_script(walkthrough_commands())
    hostile = invoke("claim", "add", PAYLOAD, "--speaker", "Ri Yong Ho", "--said", "2019-03-01")
    assert hostile.exit_code == 0, hostile.stderr
    linked = invoke("link", "add", ids["trump"], hostile.stdout.strip(), "--kind", "contradicts")
    assert linked.exit_code == 0, linked.stderr
    result = invoke("report", "contradictions", "--format", "html")
    assert result.exit_code == 0, result.stderr
    page = tmp_path / "report.html"
    page.write_text(result.stdout, encoding="utf-8")

    dom = dump_dom(page, tmp_path)

    assert "in their entirety in exchange for closing the Yongbyon" in dom
    assert "five UN Security Council resolutions adopted in 2016 and 2017" in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom
    assert "<script>document.title" not in dom
    assert "pwned</title>" not in dom
    assert '<img src="x"' not in dom
