"""Reports read their data set-based: the number of SQL statements does not grow with the
number of contradictions (10 or 1,000, put in with Core executemany). The contradiction report
reads its claims in batches of ``contradictions.BATCH`` pairs (more than 1,000), a fixed number
of statements each, so that its memory does not grow with the report either."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine, event, insert, select
from sqlalchemy.orm import Session

from factcheck.enums import ActorKind, Stance
from factcheck.models import (
    Actor,
    Affiliation,
    Appearance,
    Claim,
    ClaimLink,
    ClaimStance,
    ClaimTopic,
    Correction,
    Evidence,
    Proposition,
    RatingLevel,
    RatingScale,
    Source,
    Topic,
    Verdict,
)
from factcheck.reports import contradictions
from factcheck.reports.contradictions import Filters, contradiction_report
from factcheck.reports.render import render
from factcheck.reports.scorecard import speaker_report
from factcheck.reports.timeline import timeline_report
from factcheck.services.text import normalize_key

NOW = datetime(2024, 1, 1, tzinfo=UTC)
FIRST_DAY = date(2019, 1, 1)


def setup(engine: Engine) -> dict[str, int]:
    """The actors, source, topic and rating that every contradiction below shares."""
    with Session(engine, info={"user": "fixture"}) as session:
        made = {
            name: Actor(name=name, name_key=normalize_key(name), kind=kind)
            for name, kind in (
                ("Donald Trump", ActorKind.PERSON),
                ("Ri Yong Ho", ActorKind.PERSON),
                ("United States", ActorKind.ORGANIZATION),
                ("Example Fact Desk", ActorKind.ORGANIZATION),
            )
        }
        session.add_all(made.values())
        session.flush()
        session.add(
            Affiliation(
                actor_id=made["Donald Trump"].id,
                organization_id=made["United States"].id,
                role="President",
            )
        )
        source = Source(url="https://example.org/hanoi", title="Hanoi")
        topic = Topic(name="Hanoi summit", slug="hanoi-summit")
        session.add_all([source, topic])
        session.flush()
        level = session.execute(
            select(RatingLevel.id, RatingLevel.scale_id)
            .join(RatingScale, RatingScale.id == RatingLevel.scale_id)
            .where(RatingScale.slug == "politifact", RatingLevel.label == "False")
        ).one()
        session.commit()
        return {
            "trump": made["Donald Trump"].id,
            "ri": made["Ri Yong Ho"].id,
            "us": made["United States"].id,
            "desk": made["Example Fact Desk"].id,
            "source": source.id,
            "topic": topic.id,
            "level": level.id,
            "scale": level.scale_id,
        }


def bulk_contradictions(engine: Engine, ids: dict[str, int], first: int, count: int) -> None:
    """Contradictions ``first`` to ``first + count - 1``: each a Trump claim and a Ri claim on
    their own proposition, linked and of opposite stances, with a repeat, an appearance,
    evidence, a verdict and a correction."""
    numbers = range(first, first + count)
    stamps = {"created_at": NOW, "updated_at": NOW}

    def claim(number: int, offset: int, speaker: str) -> dict[str, Any]:
        return {
            "id": offset + number,
            "text": f"Claim {offset + number}",
            "wording": "quote",
            "speaker_id": ids[speaker],
            "stated_on": FIRST_DAY + timedelta(days=number),
            "stated_precision": "day",
            "first_source_id": ids["source"],
            "status": "active",
            **stamps,
        }

    trump, ri, repeat = 100_000, 200_000, 300_000
    rows: list[tuple[Any, list[dict[str, Any]]]] = [
        (Proposition, [{"id": n, "text": f"Proposition {n}", **stamps} for n in numbers]),
        (
            Claim,
            [claim(n, trump, "trump") for n in numbers]
            + [claim(n, ri, "ri") for n in numbers]
            + [claim(n, repeat, "trump") for n in numbers],
        ),
        (
            ClaimTopic,
            [
                {"claim_id": offset + n, "topic_id": ids["topic"], **stamps}
                for n in numbers
                for offset in (trump, ri)
            ],
        ),
        (
            ClaimStance,
            [
                {"claim_id": offset + n, "proposition_id": n, "stance": stance, **stamps}
                for n in numbers
                for offset, stance in ((trump, Stance.ASSERTS), (ri, Stance.DENIES))
            ],
        ),
        (
            ClaimLink,
            [
                {
                    "claim_a_id": a + n,
                    "claim_b_id": b + n,
                    "kind": kind,
                    "status": "confirmed",
                    "method": "manual",
                    **stamps,
                }
                for n in numbers
                for a, b, kind in ((trump, ri, "contradicts"), (repeat, trump, "repeats"))
            ],
        ),
        (
            Appearance,
            [{"claim_id": trump + n, "source_id": ids["source"], **stamps} for n in numbers],
        ),
        (
            Evidence,
            [
                {"claim_id": ri + n, "source_id": ids["source"], "stance": "supports", **stamps}
                for n in numbers
            ],
        ),
        (
            Verdict,
            [
                {
                    "claim_id": trump + n,
                    "reviewer_id": ids["desk"],
                    "scale_id": ids["scale"],
                    "level_id": ids["level"],
                    **stamps,
                }
                for n in numbers
            ],
        ),
        (
            Correction,
            [
                {
                    "claim_id": trump + n,
                    "kind": "third-party",
                    "issued_by_id": ids["us"],
                    "text": "Ri's account was the accurate one.",
                    **stamps,
                }
                for n in numbers
            ],
        ),
    ]
    with engine.begin() as connection:
        for model, values in rows:
            connection.execute(insert(model), values)


@contextmanager
def counted(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def test_statement_counts_do_not_grow_with_the_contradictions(db_env: str, engine: Engine) -> None:
    ids = setup(engine)

    reports: dict[str, Callable[[Session], dict[str, Any]]] = {
        "contradictions": lambda session: contradiction_report(session),
        "speaker": lambda session: speaker_report(session, session.get_one(Actor, ids["trump"])),
        "timeline": lambda session: timeline_report(session, session.get_one(Topic, ids["topic"])),
    }

    def run_all() -> dict[str, tuple[int, dict[str, Any]]]:
        """Each report with the number of statements it ran."""
        found = {}
        with Session(engine) as session:
            for name, build in reports.items():
                with counted(engine) as statements:
                    report = build(session)
                found[name] = (len(statements), report)
        return found

    bulk_contradictions(engine, ids, 1, 10)
    small = run_all()
    bulk_contradictions(engine, ids, 11, 990)
    large = run_all()

    assert small["contradictions"][1]["count"] == 10
    assert large["contradictions"][1]["count"] == 1000
    assert large["speaker"][1]["contradictions"]["disfavoured"] == 1000
    # Two tagged claims, a verdict and a correction each time.
    assert large["timeline"][1]["count"] == 1000 * 4
    for name in reports:
        assert small[name][0] == large[name][0], name
    assert small["contradictions"][0] <= 15

    item = large["contradictions"][1]["groups"][-1]["contradictions"][0]
    trump_side = item["sides"][0]
    assert trump_side["speaker"]["roles"][0]["role"] == "President"
    assert [repeat["claim_id"] for repeat in trump_side["repeats"]] == [301_000]
    assert len(trump_side["appearances"]) == len(trump_side["verdicts"]) == 1
    assert item["assessment"]["scores"] == [-2, 1]
    assert render(large["contradictions"][1], "csv").count("\n") == 2001


def test_contradictions_are_read_batch_by_batch(
    db_env: str, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The contradiction report holds the claims of one batch of pairs at a time: its
    statements grow by one batch's eleven for each further ``BATCH`` pairs, never per pair,
    and the report (as a whole or as streamed JSON) is the same however it is cut."""
    ids = setup(engine)
    bulk_contradictions(engine, ids, 1, 25)
    with Session(engine) as session:
        with counted(engine) as whole_statements:
            whole = contradiction_report(session)
        monkeypatch.setattr(contradictions, "BATCH", 10)
        with counted(engine) as cut_statements:
            cut = contradiction_report(session)
        streamed = "".join(contradictions.contradiction_report_json(session, Filters()))
    assert whole["count"] == 25
    assert cut == whole
    assert streamed == render(whole, "json")
    # The first report began the transaction.
    whole_reads = [statement for statement in whole_statements if statement != "BEGIN IMMEDIATE"]
    assert len(cut_statements) == len(whole_reads) + 2 * 11


def test_streamed_json_of_no_contradictions(db_env: str, engine: Engine) -> None:
    setup(engine)
    with Session(engine) as session:
        report = contradiction_report(session)
        streamed = "".join(contradictions.contradiction_report_json(session, Filters()))
    assert report["count"] == 0
    assert streamed == render(report, "json")
