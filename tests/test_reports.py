"""``factcheck report``: the Hanoi case of the README walk-through, entered through the command
line, in every report and every format.

The golden files in tests/golden/ hold the contradiction report of the walk-through in
Markdown, JSON, CSV and HTML; it has no timestamps and its ids are the same on every backend.
After a deliberate change of the output, rewrite them with
``FACTCHECK_UPDATE_GOLDEN=1 pytest tests/test_reports.py`` and read the diff.
"""

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.conftest import invoke
from tests.test_walkthrough import VERDICTS_MARKER, run_script, walkthrough_commands

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE_GOLDEN = os.environ.get("FACTCHECK_UPDATE_GOLDEN") == "1"
FAVOURS_RI = "The record favours Ri Yong Ho's account:"


@pytest.fixture
def tagged(db_env: str) -> None:
    """A database whose one record is a proposition with the topic "Hanoi summit"."""
    result = invoke("proposition", "add", "Anything at all", "--topic", "Hanoi summit")
    assert result.exit_code == 0, result.stderr


@pytest.fixture
def hanoi(db_env: str) -> dict[str, int]:
    """The README's walk-through and its verdicts, entered command by command."""
    variables = run_script(walkthrough_commands())
    variables = run_script(walkthrough_commands(VERDICTS_MARKER), variables)
    return {name: int(value) for name, value in variables.items()}


def report(*args: str, width: int = 100) -> str:
    result = invoke("report", *args, env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def flat(text: str) -> str:
    """``text`` with its line breaks and runs of spaces as single spaces."""
    return " ".join(text.split())


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")


def test_contradiction_json_shows_trump_and_ri_side_by_side(hanoi: dict[str, int]) -> None:
    data = json.loads(report("contradictions", "--format", "json"))
    assert data["count"] == 1
    (group,) = data["groups"]
    assert group["proposition"]["id"] == hanoi["prop"]
    assert group["proposition"]["topics"] == ["Hanoi summit"]
    (main,) = group["contradictions"]
    assert main["claims"] == [hanoi["trump"], hanoi["ri"]]
    assert [basis["kind"] for basis in main["basis"]] == ["link", "stances"]
    trump, ri = main["sides"]
    assert (trump["speaker"]["name"], ri["speaker"]["name"]) == ("Donald Trump", "Ri Yong Ho")
    assert trump["speaker"]["roles"][0]["role"] == "President"
    assert ri["speaker"]["roles"][0]["role"] == "Foreign Minister"
    assert (trump["said"], trump["said_precision"]) == ("2019-02-28", "day")
    assert (ri["said"], ri["said_time"]) == ("2019-03-01", "00:00")
    assert (trump["stance"], ri["stance"]) == ("asserts", "denies")
    assert trump["venue"] == "Press conference, Hanoi"
    assert trump["first_source"]["publisher"] == "Foreign Policy"
    assert [repeat["claim_id"] for repeat in trump["repeats"]] == [hanoi["cpac"]]
    assert trump["repeats"][0]["venue"] == "CPAC speech"
    (correction,) = trump["corrections"]
    assert correction["issued_by"]["name"] == "Trump administration official"
    assert correction["issued_by"]["roles"][0]["role"] == "Administration official"
    assert correction["date"] == "2019-03"
    assert correction["source"]["title"].startswith("There's a Silver Lining")
    assert [v["rating"] for v in trump["verdicts"]] == ["False"]
    assert ri["evidence"][0]["stance"] == "supports"
    assessment = main["assessment"]
    assert assessment["outcome"] == "favours"
    assert assessment["favoured_claim_id"] == hanoi["ri"]
    assert assessment["scores"] == [-2, 1]
    assert assessment["summary"].startswith(FAVOURS_RI)
    assert "Trump administration official" in assessment["reason"]


def test_a_repeat_is_shown_with_the_claim_it_repeats(hanoi: dict[str, int]) -> None:
    """The CPAC claim denies nothing new: it is Trump's Hanoi claim again, so it appears as
    that side's repeat, not as a second contradiction, unless a link of its own says so."""
    assert json.loads(report("contradictions", "-f", "json"))["count"] == 1
    linked = invoke("link", "add", str(hanoi["ri"]), str(hanoi["cpac"]), "--kind", "contradicts")
    assert linked.exit_code == 0, linked.stderr
    data = json.loads(report("contradictions", "-f", "json"))
    pairs = [c["claims"] for g in data["groups"] for c in g["contradictions"]]
    assert pairs == [[hanoi["trump"], hanoi["ri"]], [hanoi["ri"], hanoi["cpac"]]]


@pytest.mark.parametrize("width", [60, 80, 100])
def test_contradiction_table_is_readable_at_any_width(hanoi: dict[str, int], width: int) -> None:
    output = report("contradictions", width=width)
    lines = output.splitlines()
    assert max(len(line) for line in lines) <= width
    text = flat(output)
    assert "CONTRADICTION 1 of 1: Donald Trump vs Ri Yong Ho" in text
    for word in ("President", "Foreign", "Minister", "2019-02-28", "2019-03-01", "CPAC"):
        assert word in output
    assert any("Verdicts: False (politifact)" in line for line in lines)
    assert any("Corrections: third-party" in line for line in lines)
    assert any("Repeated later: 2019-03-02, CPAC" in line for line in lines)
    assert f"{FAVOURS_RI} Trump administration official" in text
    side_by_side = any("Donald Trump · claim #1" in line and "Ri Yong Ho" in line for line in lines)
    assert side_by_side is (width >= 80)
    if width < 80:
        assert "versus" in lines


def test_contradiction_report_formats_match_golden_files(hanoi: dict[str, int]) -> None:
    for fmt, suffix in (("markdown", "md"), ("json", "json"), ("csv", "csv"), ("html", "html")):
        check_golden(f"hanoi-contradictions.{suffix}", report("contradictions", "-f", fmt))


def test_contradiction_csv_has_one_row_per_side(hanoi: dict[str, int]) -> None:
    rows = list(csv.DictReader(io.StringIO(report("contradictions", "-f", "csv"))))
    assert [(row["contradiction"], row["side"], row["speaker"]) for row in rows] == [
        ("1", "1", "Donald Trump"),
        ("1", "2", "Ri Yong Ho"),
    ]
    assert rows[0]["role"] == "President, United States"
    assert rows[0]["favoured"] == "no" and rows[1]["favoured"] == "yes"
    assert rows[0]["score"] == "-2"
    assert "Trump administration official" in rows[0]["corrections"]


def test_contradiction_html_is_one_page_with_sides_next_to_each_other(
    hanoi: dict[str, int],
) -> None:
    page = report("contradictions", "-f", "html")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('<div class="sides">') == 1
    assert page.count('<article class="side') == 2
    assert "<script" not in page and "<link" not in page and "@import" not in page
    assert " src=" not in page and "url(" not in page
    assert "Trump administration official" in page
    assert '<article class="side favoured"><h4>Ri Yong Ho' in page


def test_markdown_report_renders_as_the_tables_it_means(hanoi: dict[str, int]) -> None:
    text = report("contradictions", "-f", "markdown")
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert html.count("<table>") == 1
    assert "<th>Donald Trump, claim #1</th>" in html
    assert "<td>Role at the time</td>" in html
    assert f"<strong>Assessment:</strong> {FAVOURS_RI}" in html


def test_claim_dossier_has_the_full_history(hanoi: dict[str, int]) -> None:
    data = json.loads(report("claim", str(hanoi["trump"]), "-f", "json"))
    claim = data["claim"]
    assert claim["speaker"]["roles"][0]["role"] == "President"
    assert [v["rating"] for v in claim["verdicts"]] == ["False"]
    history = data["verdict_history"]
    assert [(v["rating"], v["is_current"]) for v in history] == [
        ("Mostly False", False),
        ("False", True),
    ]
    assert history[0]["superseded_by_id"] == history[1]["id"]
    assert [link["relation"] for link in data["links"]] == ["contradicts", "is repeated by"]
    (contradiction,) = data["contradictions"]
    assert contradiction["assessment"]["favoured_claim_id"] == hanoi["ri"]
    objects = [change["object"] for change in data["changes"]]
    assert objects[0] == f"claim:{hanoi['trump']}"
    assert {"link:1", "link:2", "correction:1", "verdict:1", "verdict:2"} <= set(objects)
    table = flat(report("claim", str(hanoi["trump"]), width=60))
    assert "VERDICT HISTORY (2)" in table
    assert "[superseded by verdict #2]" in table
    assert "link #2: is repeated by claim #3 by Donald Trump" in table


def test_every_report_renders_in_every_format_within_the_width(hanoi: dict[str, int]) -> None:
    reports = [
        ("contradictions",),
        ("claim", str(hanoi["ri"])),
        ("speaker", "Donald Trump"),
        ("timeline", "--topic", "Hanoi summit"),
    ]
    for args in reports:
        for width in (60, 80):
            output = report(*args, width=width)
            assert max(len(line) for line in output.splitlines()) <= width, (args, width)
        assert json.loads(report(*args, "-f", "json"))["report"] == (
            "contradictions" if args[0] == "contradictions" else args[0]
        )
        assert report(*args, "-f", "html").rstrip().endswith("</html>")
        assert list(csv.reader(io.StringIO(report(*args, "-f", "csv"))))[1:]
        assert report(*args, "-f", "markdown").startswith("# ")


def test_scorecard_counts_verdicts_contradictions_and_corrections(hanoi: dict[str, int]) -> None:
    data = json.loads(report("speaker", "President Trump", "-f", "json"))
    assert data["speaker"]["name"] == "Donald Trump"
    assert data["claims"] == {"total": 2, "active": 2, "retracted": 0, "rated": 1, "unrated": 1}
    assert data["verdicts"]["by_bucket"] == {"true": 0, "mixture": 0, "false": 1, "other": 0}
    assert data["verdicts"]["by_level"] == [
        {
            "scale": "politifact",
            "rating": "False",
            "position": 5,
            "bucket": "false",
            "score": 0.2,
            "count": 1,
        }
    ]
    found = data["contradictions"]
    assert (found["with_others"], found["self"], found["disfavoured"]) == (1, 0, 1)
    assert data["corrections"]["by_kind"]["third-party"] == 1
    page = report("speaker", "Donald Trump", "-f", "html")
    chart = re.search(r"<svg class=\"chart\".*?</svg>", page, flags=re.DOTALL)
    assert chart is not None
    assert chart.group().count("<rect") == 4
    assert "<title>Current verdicts by bucket</title>" in chart.group()
    table = report("speaker", "Donald Trump", width=80)
    assert re.search(r"^false\s+1 █+$", table, flags=re.MULTILINE)
    assert "CONTRADICTIONS WITH OTHERS: 1" in table


def test_timeline_lists_claims_verdicts_and_corrections_in_date_order(
    hanoi: dict[str, int],
) -> None:
    data = json.loads(report("timeline", "--topic", "hanoi-summit", "-f", "json"))
    assert [(e["date"], e["kind"]) for e in data["events"]] == [
        ("2019-02-28", "claim"),
        ("2019-03", "correction"),
        ("2019-03-01", "claim"),
        ("2019-03-02", "claim"),
        (None, "verdict"),
        (None, "verdict"),
    ]
    since = report("timeline", "--topic", "Hanoi summit", "--since", "2019-03-01", "-f", "json")
    dates = [event["date"] for event in json.loads(since)["events"]]
    assert dates == ["2019-03", "2019-03-01", "2019-03-02"]
    until = report("timeline", "--topic", "Hanoi summit", "--until", "2019-02", "-f", "json")
    assert [event["id"] for event in json.loads(until)["events"]] == [hanoi["trump"]]


SCRIPT = '<script>alert("x")</script> **bold** [link](javascript:alert(1)) <b>&amp;</b>'


def test_text_from_the_database_stays_escaped(hanoi: dict[str, int]) -> None:
    ok = invoke(
        "claim",
        "add",
        SCRIPT,
        "--speaker",
        "Ri Yong Ho",
        "--said",
        "2019-03-03",
        "--proposition",
        str(hanoi["prop"]),
        "--stance",
        "denies",
    )
    assert ok.exit_code == 0, ok.stderr
    page = report("contradictions", "-f", "html")
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    text = report("contradictions", "-f", "markdown")
    assert "<script" not in text and "<b>" not in text
    rendered = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script" not in rendered and "<b>" not in rendered and "<strong>bold" not in rendered
    assert 'href="javascript' not in rendered
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; **bold**" in rendered
    table = report("contradictions")
    assert SCRIPT.split()[0] in table


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("contradictions", "--speaker", "Nobody Known"), 3, "no speaker named 'Nobody Known'"),
        (("speaker", "Nobody Known"), 3, "no speaker named 'Nobody Known'"),
        (("contradictions", "--topic", "no such topic"), 3, "no topic 'no such topic'"),
        (("timeline", "--topic", "no such topic"), 3, "no topic 'no such topic'"),
        (("claim", "999"), 3, "no claim #999"),
        (("claim", "abc"), 4, "claim id 'abc' is not a number"),
        (("contradictions", "--proposition", "999"), 3, "no proposition #999"),
        (("contradictions", "--since", "2019-02-30"), 4, "--since '2019-02-30' does not exist"),
        (("contradictions", "--until", "March"), 4, "--until 'March' is not a date"),
        (
            ("contradictions", "--since", "2019-04", "--until", "2019-03"),
            4,
            "--until 2019-03 is before --since 2019-04",
        ),
        (("timeline", "--topic", "Hanoi summit", "--since", "2019-1-x"), 4, "is not a date"),
        (
            ("timeline", "--topic", "Hanoi summit", "--since", "2020", "--until", "2019"),
            4,
            "--until 2019 is before --since 2020",
        ),
    ],
)
def test_bad_input_is_one_error_line(
    tagged: None, args: tuple[str, ...], code: int, message: str
) -> None:
    result = invoke("report", *args)
    assert result.exit_code == code, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines


def test_unknown_format_and_missing_topic_are_usage_errors(db_env: str) -> None:
    assert invoke("report", "contradictions", "--format", "pdf").exit_code == 2
    assert invoke("report", "timeline").exit_code == 2


def test_empty_database_reports_nothing_found(db_env: str) -> None:
    assert "No contradictions found." in report("contradictions")
    data: dict[str, Any] = json.loads(report("contradictions", "-f", "json"))
    assert (data["count"], data["groups"]) == (0, [])
    assert report("contradictions", "-f", "csv").count("\n") == 1
