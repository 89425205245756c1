"""The assessment rule, the periods roles are matched by, and the renderers' escaping: pure
functions of report data, tested without a database."""

import csv
import io
from datetime import date
from typing import Any

import pytest

from factcheck.enums import DatePrecision
from factcheck.reports.assessment import assess
from factcheck.reports.periods import covers, period
from factcheck.reports.render import render
from factcheck.reports.render_markdown import escape


def side(
    claim_id: int, speaker: str, said: str | None = "2019-03-01", **items: Any
) -> dict[str, Any]:
    return {
        "id": claim_id,
        "speaker": {"id": sum(map(ord, speaker)), "name": speaker, "roles": []},
        "said": said,
        "verdicts": items.get("verdicts", []),
        "evidence": items.get("evidence", []),
        "corrections": items.get("corrections", []),
    }


def verdict(bucket: str, rating: str, *, current: bool = True) -> dict[str, Any]:
    return {
        "id": 1,
        "reviewer": "Desk",
        "rating": rating,
        "bucket": bucket,
        "date": None,
        "is_current": current,
    }


def evidence(stance: str, excerpt: str | None = None) -> dict[str, Any]:
    source = {"publisher": "Foreign Policy", "title": None, "url": None}
    return {"id": 2, "stance": stance, "excerpt": excerpt, "note": None, "source": source}


def correction(target: str, kind: str = "third-party") -> dict[str, Any]:
    return {
        "id": 3,
        "target": target,
        "kind": kind,
        "date": "2019-03",
        "text": "Ri's account was the accurate one.",
        "issued_by": {"name": "A US official", "roles": []},
    }


def test_a_correction_counts_against_the_claim_it_corrects() -> None:
    result = assess(side(1, "Trump", corrections=[correction("claim:1")]), side(2, "Ri"))
    assert (result["outcome"], result["favoured_claim_id"], result["scores"]) == (
        "favours",
        2,
        [-1, 0],
    )
    assert result["summary"] == (
        "The record favours Ri's account: A US official corrected Trump's claim in 2019-03:"
        " “Ri's account was the accurate one.”."
    )


def test_corrections_of_verdicts_and_superseded_verdicts_do_not_count() -> None:
    first = side(
        1,
        "Trump",
        corrections=[correction("verdict:7")],
        verdicts=[verdict("false", "False", current=False)],
    )
    result = assess(first, side(2, "Ri"))
    assert result["outcome"] == "unresolved"
    assert result["summary"].startswith("Unresolved: neither claim")


def test_verdict_buckets_and_evidence_stances_score_one_point_each() -> None:
    first = side(1, "A", verdicts=[verdict("true", "True")], evidence=[evidence("refutes")])
    second = side(
        2, "B", verdicts=[verdict("mixture", "Half True")], evidence=[evidence("context")]
    )
    result = assess(first, second)
    assert result["scores"] == [0, 0]
    assert result["summary"] == (
        "Unresolved: the record does not decide between them (A's claim scores 0, B's claim 0)."
    )
    assert [item["points"] for item in result["items"]] == [1, -1, 0, 0]


def test_the_reason_names_the_decisive_items_in_order() -> None:
    first = side(
        1,
        "Trump",
        verdicts=[verdict("false", "False")],
        evidence=[evidence("supports")],
        corrections=[correction("claim:1")],
    )
    second = side(2, "Ri", evidence=[evidence("supports", "five resolutions")])
    result = assess(first, second)
    assert result["favoured_claim_id"] == 2
    assert result["reason"].split("; ")[1:] == [
        "Desk rated Trump's claim False",
        "evidence from Foreign Policy supports Ri's claim: “five resolutions”",
    ]
    decisive = [item["kind"] for item in result["items"] if item["decisive"]]
    assert decisive == ["correction", "verdict", "evidence"]


def test_more_than_three_decisive_items_are_counted_not_listed() -> None:
    many = [evidence("refutes") for _ in range(5)]
    result = assess(side(1, "A", evidence=many), side(2, "B"))
    assert result["reason"].endswith("; and 2 more items")


def test_a_flip_names_the_claims_by_date() -> None:
    first = side(1, "Trump", said="2019-02-28", corrections=[correction("claim:1")])
    result = assess(first, side(2, "Trump", said="2019-06-30"))
    assert first["speaker"]["id"] == side(2, "Trump")["speaker"]["id"]
    assert result["summary"].startswith(
        "The record favours Trump's claim of 2019-06-30: A US official corrected the claim of"
        " 2019-02-28"
    )


@pytest.mark.parametrize(
    ("started", "ended", "when", "expected"),
    [
        (("2017-01-20", "day"), ("2021-01-20", "day"), ("2019-02-28", "day"), True),
        (("2017-01-20", "day"), ("2021-01-20", "day"), ("2021-01-21", "day"), False),
        (("2016-05-01", "month"), ("2020-01-01", "month"), ("2020-01-31", "day"), True),
        (("2019-03-05", "day"), None, ("2019-03-01", "month"), True),
        (None, ("2019-01-01", "year"), ("2020-01-01", "year"), False),
        (None, None, None, True),
        (("2017-01-20", "day"), None, None, False),
    ],
)
def test_roles_cover_any_part_of_a_partial_date(
    started: tuple[str, str] | None,
    ended: tuple[str, str] | None,
    when: tuple[str, str] | None,
    expected: bool,
) -> None:
    def to_period(value: tuple[str, str] | None) -> Any:
        if value is None:
            return None
        return period(date.fromisoformat(value[0]), DatePrecision(value[1]))

    assert covers(to_period(started), to_period(ended), to_period(when)) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("# not a heading", "\\# not a heading"),
        ("a *b* _c_ `d` [e](f) | g ~h~", "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\| g \\~h\\~"),
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        ("two\nlines", "two lines"),
    ],
)
def test_markdown_escaping(text: str, expected: str) -> None:
    assert escape(text) == expected


def empty_timeline(topic: str, text: str) -> dict[str, Any]:
    event = {
        "date": "2019-03-01",
        "date_precision": "day",
        "time": None,
        "kind": "claim",
        "id": 1,
        "claim_id": 1,
        "claim_speaker": "<i>Ri</i>",
        "actor": {"id": 1, "name": "<i>Ri</i>", "roles": []},
        "text": text,
        "wording": "quote",
        "venue": None,
        "status": "active",
    }
    return {
        "report": "timeline",
        "topic": topic,
        "filters": {"since": None, "until": None, "include_retracted": False},
        "count": 1,
        "events": [event],
    }


def test_html_escapes_names_titles_and_text() -> None:
    page = render(empty_timeline("<script>x</script>", '"><img src=x onerror=alert(1)>'), "html")
    assert "<script>" not in page and "<img" not in page and "<i>" not in page
    assert "<title>Timeline: &lt;script&gt;x&lt;/script&gt;</title>" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_csv_neutralises_formulas_but_not_numbers() -> None:
    output = render(empty_timeline("t", '=HYPERLINK("http://x")'), "csv")
    (row,) = csv.DictReader(io.StringIO(output))
    assert row["text"] == '\'=HYPERLINK("http://x")'
    assert row["id"] == "1"
