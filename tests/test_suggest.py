"""``factcheck link suggest``: proposed contradictions, stored as suggested links, counted
only once confirmed, never proposed twice; and ``link remove``."""

import inspect
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from factcheck.enums import LinkKind, LinkMethod, LinkStatus
from factcheck.models import ClaimLink, Topic
from factcheck.services import contrast
from factcheck.services.suggest import suggest_contradictions
from tests.conftest import invoke
from tests.helpers_records import log_rows, ok

HANOI = Path(__file__).resolve().parent.parent / "fixtures" / "hanoi-summit.yaml"

# Claims by key; the water pair contradicts itself, the clinic pair says one thing twice.
SMALL = """\
factcheck: 1
actors:
  - {key: chen, name: Linda Chen}
  - {key: costa, name: Yara Costa}
  - {key: obi, name: Grace Obi}
claims:
  - key: water-safe
    speaker: chen
    topics: [Water]
    text: The city's tap water is safe to drink.
  - key: water-unsafe
    speaker: costa
    topics: [Water]
    text: The city's tap water is not safe to drink.
  - key: reservoir
    speaker: chen
    topics: [Water]
    text: The new reservoir opened in April.
  - {key: turnout-up, speaker: obi, topics: [Elections], text: Turnout increased in every district.}
  - {key: turnout-down, speaker: obi, topics: [Elections], text: Turnout fell in most districts.}
  - {key: clinic, speaker: chen, topics: [Health], text: The rural clinic will not close next year.}
  - {key: clinic-again, speaker: obi, topics: [Health], text: The rural clinic won't close.}
"""


def load(tmp_path: Path, text: str = SMALL) -> None:
    path = tmp_path / "claims.yaml"
    path.write_text(text, encoding="utf-8")
    ok("import", str(path))


def suggested(*args: str) -> list[dict[str, Any]]:
    result = invoke("link", "suggest", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def pairs(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(row["claim_a"]["text"][:20], row["claim_b"]["text"][:20]) for row in rows]


def links_of(engine: Engine) -> list[tuple[int, int, LinkStatus, LinkMethod]]:
    with Session(engine) as session:
        rows = session.execute(
            select(
                ClaimLink.claim_a_id, ClaimLink.claim_b_id, ClaimLink.status, ClaimLink.method
            ).where(ClaimLink.kind == LinkKind.CONTRADICTS)
        )
        return sorted((a, b, status, method) for a, b, status, method in rows)


def report_count(*args: str) -> int:
    report = json.loads(ok("report", "contradictions", "--format", "json", *args))
    count: int = report["count"]
    return count


def test_hanoi_suggests_the_removed_trump_ri_link_with_its_reason(db_env: str) -> None:
    ok("import", str(HANOI))
    ok("link", "remove", "1")
    rows = suggested()
    first = rows[0]
    assert (first["claim_a"]["speaker"], first["claim_b"]["speaker"]) == (
        "Donald Trump",
        "Ri Yong Ho",
    )
    assert first["status"] == "suggested"
    assert first["method"] == "rule"
    assert first["reason"] == (
        "opposite stances on proposition 1; same subject; 'entirety' vs 'partial'"
    )
    assert 0.9 <= first["score"] <= 1


def test_hanoi_confirm_counts_and_reject_is_never_suggested_again(db_env: str) -> None:
    ok("import", str(HANOI))
    ok("link", "remove", "1")

    def basis() -> list[dict[str, Any]]:
        report = json.loads(ok("report", "contradictions", "--format", "json"))
        for group in report["groups"]:
            for item in group["contradictions"]:
                if item["claims"] == [1, 2]:
                    found: list[dict[str, Any]] = item["basis"]
                    return found
        raise AssertionError("Trump vs Ri is not in the report")

    assert [item["kind"] for item in basis()] == ["stances"]
    rows = suggested()
    trump_ri = next(
        row["id"] for row in rows if row["claim_a"]["id"] == 1 and row["claim_b"]["id"] == 2
    )
    assert [item["kind"] for item in basis()] == ["stances"]
    ok("link", "confirm", str(trump_ri))
    assert [(item["kind"], item.get("status")) for item in basis()] == [
        ("link", "confirmed"),
        ("stances", None),
    ]
    ok("link", "reject", str(trump_ri))
    again = suggested("--min-score", "0")
    assert all((row["claim_a"]["id"], row["claim_b"]["id"]) != (1, 2) for row in again)


def test_suggestions_count_in_reports_only_once_confirmed(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    load(tmp_path)
    assert report_count() == 0
    rows = suggested()
    assert pairs(rows) == [
        ("Turnout increased in", "Turnout fell in most"),
        ("The city's tap water", "The city's tap water"),
    ]
    assert rows[0]["reason"] == (
        "self-contradiction (same speaker); same subject; 'every' vs 'most'; 'increased' vs 'fell'"
    )
    assert rows[1]["reason"] == "same subject; negated in one only ('not')"
    assert report_count() == 0
    assert report_count("--include-suggested") == 2
    ok("link", "confirm", str(rows[1]["id"]))
    assert report_count() == 1
    assert report_count("--self") == 0


def test_suggest_twice_adds_nothing_and_rejected_pairs_stay_out(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    load(tmp_path)
    first = suggested()
    assert len(links_of(engine)) == 2
    ok("link", "reject", str(first[0]["id"]))
    result = invoke("link", "suggest")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("id")
    assert "Suggested 0 contradictions from 5 candidate pairs (2 linked already)." in result.stderr
    assert sorted(status.value for _, _, status, _ in links_of(engine)) == [
        "rejected",
        "suggested",
    ]


def test_paraphrases_are_not_suggested(db_env: str, tmp_path: Path) -> None:
    load(tmp_path)
    rows = suggested("--min-score", "0")
    assert all("clinic" not in row["claim_a"]["text"] for row in rows)


def test_dry_run_stores_nothing(db_env: str, engine: Engine, tmp_path: Path) -> None:
    load(tmp_path)
    result = invoke("link", "suggest", "--dry-run", "--format", "jsonl")
    assert result.exit_code == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == [None, None]
    assert "Would suggest 2 contradictions" in result.stderr
    assert links_of(engine) == []


def test_topic_and_limit_narrow_the_suggestions(db_env: str, tmp_path: Path) -> None:
    load(tmp_path)
    assert pairs(suggested("--topic", "water", "--dry-run")) == [
        ("The city's tap water", "The city's tap water")
    ]
    assert len(suggested("--limit", "1", "--dry-run")) == 1


def test_unknown_topic_is_an_error(db_env: str, tmp_path: Path) -> None:
    load(tmp_path)
    result = invoke("link", "suggest", "--topic", "nowhere")
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stderr


def test_out_of_range_minimum_score_is_a_usage_error(db_env: str) -> None:
    assert invoke("link", "suggest", "--min-score", "1.5").exit_code == 2


def test_candidates_come_from_groups_capped_in_size(database_url: str, engine: Engine) -> None:
    text = SMALL.replace("topics: [Elections]", "topics: [Water]")
    with Session(engine, info={"user": "tester"}) as session:
        from factcheck.importers import ImportFormat, import_text

        import_text(session, "claims.yaml", text, fmt=ImportFormat.NATIVE)
        water = session.scalar(select(Topic).where(Topic.slug == "water"))
        every = suggest_contradictions(session, topic=water, dry_run=True, min_score=0)
        capped = suggest_contradictions(
            session, topic=water, dry_run=True, min_score=0, group_cap=3
        )
    assert every.candidates == 10
    assert capped.candidates == 3


def test_link_remove_deletes_and_logs(db_env: str, engine: Engine) -> None:
    ok("import", str(HANOI))
    result = invoke("link", "remove", "1")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Removed link #1: claim #1 contradicts claim #2.\n"
    assert [(a, b) for a, b, _, _ in links_of(engine)] == []
    deleted = [row for row in log_rows(engine, "claim_links") if row[1] == "delete"]
    assert deleted[0][2] == 1
    assert deleted[0][3]["kind"] == ["contradicts", None]
    assert invoke("link", "remove", "1").exit_code == 3


@pytest.mark.parametrize(
    ("first", "second", "kinds"),
    [
        (
            "They wanted the sanctions lifted in their entirety.",
            "They sought partial relief.",
            ["extent"],
        ),
        ("We will cut taxes.", "We won't cut taxes.", ["negation"]),
        ("We will cut taxes.", "We wont cut taxes.", ["negation"]),
        ("Crime increased.", "Crime decreased.", ["direction"]),
        ("The water is not safe.", "The water is dangerous.", []),
        ("We hired 2,000 nurses.", "We hired 400 nurses.", ["numbers"]),
        ("The debt is 3 billion dollars.", "The debt is 3,000,000,000 dollars.", []),
        ("The plant closes in 2025.", "The plant closes in 2035.", ["years"]),
    ],
)
def test_contrast_cues(first: str, second: str, kinds: list[str]) -> None:
    found = contrast.cues(contrast.features(first), contrast.features(second))
    assert [cue.kind for cue in found] == kinds


def test_command_line_default_minimum_score_is_the_service_default() -> None:
    from factcheck.cli.link import suggest
    from factcheck.services.suggest import DEFAULT_MIN_SCORE

    assert inspect.signature(suggest).parameters["min_score"].default == DEFAULT_MIN_SCORE
