"""``factcheck report contradictions`` filters, and how pairs are found, grouped and marked.

The records are put in through the services in one session (faster than the command line,
which tests/test_reports.py exercises); the reports are read through the command line.
"""

import json
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from factcheck.enums import ActorKind, LinkMethod, LinkStatus, Stance
from factcheck.services import actors, claims, links, lookup, propositions
from factcheck.services.dates import parse_date
from tests.conftest import invoke

HANOI = "North Korea asked for all sanctions to be lifted in exchange for closing Yongbyon"


def build(engine: Engine) -> dict[str, int]:
    """Contradictions of every origin:

    - t1 (Trump, 2019-02-28) asserts the Hanoi proposition, r1 (Ri, 2019-03-01) denies it, and
      t2 (Trump, 2019-06-30) denies it too: t1-r1, and the flip t1-t2;
    - q (Ri, 2019-03-05) asserts it but is retracted: r1-q and q-t2 only with retracted claims;
    - x (Biden, 2020-05-01) and y (Warren, 2020-06-01), tagged "economy", joined by a confirmed
      contradicts link and no proposition;
    - z1 (Sanders, 2021-01-01) and z2 (Warren, 2021-02-01): a suggested link;
    - w1 and w2: a rejected link, which never counts.
    """
    with Session(engine, info={"user": "fixture"}) as session:
        us = actors.add_actor(session, name="United States", kind=ActorKind.ORGANIZATION)
        people = {
            name: actors.add_actor(session, name=name)
            for name in ("Donald Trump", "Ri Yong Ho", "Joe Biden", "Elizabeth Warren", "Bernie")
        }
        actors.add_affiliation(
            session,
            people["Donald Trump"],
            organization=us,
            role="President",
            started=parse_date("2017-01-20"),
            ended=parse_date("2021-01-20"),
        )
        hanoi = propositions.add_proposition(session, text=HANOI, topics=["Hanoi summit"])

        def claim(key: str, speaker: str, said: str, **fields: Any) -> Any:
            return claims.add_claim(
                session,
                text=f"Claim {key}",
                speaker=people[speaker],
                said=parse_date(said),
                **fields,
            )

        made = {
            "t1": claim(
                "t1", "Donald Trump", "2019-02-28", proposition=hanoi, stance=Stance.ASSERTS
            ),
            "r1": claim("r1", "Ri Yong Ho", "2019-03-01", proposition=hanoi, stance=Stance.DENIES),
            "t2": claim(
                "t2", "Donald Trump", "2019-06-30", proposition=hanoi, stance=Stance.DENIES
            ),
            "q": claim("q", "Ri Yong Ho", "2019-03-05", proposition=hanoi, stance=Stance.ASSERTS),
            "x": claim("x", "Joe Biden", "2020-05-01", topics=["economy"]),
            "y": claim("y", "Elizabeth Warren", "2020-06-01", topics=["economy"]),
            "z1": claim("z1", "Bernie", "2021-01-01", topics=["healthcare"]),
            "z2": claim("z2", "Elizabeth Warren", "2021-02-01", topics=["healthcare"]),
            "w1": claim("w1", "Bernie", "2021-03-01", topics=["healthcare"]),
            "w2": claim("w2", "Joe Biden", "2021-04-01", topics=["healthcare"]),
        }
        claims.retract_claim(session, made["q"], reason="misattributed")
        links.add_link(session, claim_a=made["x"], claim_b=made["y"], kind="contradicts")
        for pair, status in ((("z1", "z2"), LinkStatus.SUGGESTED), (("w1", "w2"), "rejected")):
            links.add_link(
                session,
                claim_a=made[pair[0]],
                claim_b=made[pair[1]],
                kind="contradicts",
                status=status,
                method=LinkMethod.SIMILARITY,
                score=0.9,
            )
        session.commit()
        return {key: value.id for key, value in made.items()} | {"hanoi": hanoi.id}


@pytest.fixture
def ids(db_env: str, engine: Engine) -> dict[str, int]:
    return build(engine)


def found(*args: str) -> list[list[int]]:
    """The claim pairs the JSON report lists, in report order."""
    result = invoke("report", "contradictions", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    return [item["claims"] for group in data["groups"] for item in group["contradictions"]]


def pairs(ids: dict[str, int], *names: str) -> list[list[int]]:
    return [[ids[name] for name in pair.split("-")] for pair in names]


def test_default_counts_confirmed_links_and_opposite_stances(ids: dict[str, int]) -> None:
    assert found() == pairs(ids, "t1-r1", "t1-t2", "x-y")


def test_groups_by_proposition_then_by_topic(ids: dict[str, int]) -> None:
    result = invoke("report", "contradictions", "--format", "json")
    groups = json.loads(result.stdout)["groups"]
    assert [(g["proposition"] and g["proposition"]["id"], g["topic"]) for g in groups] == [
        (ids["hanoi"], None),
        (None, "economy"),
    ]
    table = invoke("report", "contradictions", env={"COLUMNS": "100"}).stdout
    assert f"Proposition #{ids['hanoi']}: {HANOI}" in table
    assert "Topic: economy" in table


def test_self_shows_only_flips_by_one_speaker(ids: dict[str, int]) -> None:
    assert found("--self") == pairs(ids, "t1-t2")
    result = invoke("report", "contradictions", "--self", env={"COLUMNS": "80"})
    assert "CONTRADICTION 1 of 1: Donald Trump: claim #1 vs claim #3 [SELF-CONTRADICTION]" in (
        result.stdout
    )
    assert "Role at the time: President" in result.stdout
    assert "Filters: self-contradictions only." in result.stdout


def test_speaker_matches_either_side(ids: dict[str, int]) -> None:
    assert found("--speaker", "Ri Yong Ho") == pairs(ids, "t1-r1")
    assert found("--speaker", "Elizabeth Warren") == pairs(ids, "x-y")
    assert found("--speaker", "Donald Trump", "--self") == pairs(ids, "t1-t2")


def test_topic_matches_claims_and_their_propositions(ids: dict[str, int]) -> None:
    assert found("--topic", "economy") == pairs(ids, "x-y")
    assert found("--topic", "hanoi-summit") == pairs(ids, "t1-r1", "t1-t2")
    assert found("--topic", "healthcare") == []


def test_proposition_needs_both_claims_on_it(ids: dict[str, int]) -> None:
    assert found("--proposition", str(ids["hanoi"])) == pairs(ids, "t1-r1", "t1-t2")


def test_dates_match_when_either_claim_was_said_in_the_range(ids: dict[str, int]) -> None:
    assert found("--since", "2020") == pairs(ids, "x-y")
    assert found("--until", "2019-02") == pairs(ids, "t1-r1", "t1-t2")
    assert found("--since", "2019-04", "--until", "2019-12") == pairs(ids, "t1-t2")
    assert found("--since", "2019-03-02", "--until", "2019-06-29") == []


def test_suggested_links_count_only_when_asked_and_are_marked(ids: dict[str, int]) -> None:
    assert found("--include-suggested") == pairs(ids, "t1-r1", "t1-t2", "x-y", "z1-z2")
    data = json.loads(
        invoke("report", "contradictions", "--include-suggested", "-f", "json").stdout
    )
    suggested = data["groups"][-1]["contradictions"][0]
    assert suggested["suggested"] is True
    assert suggested["basis"][0]["status"] == "suggested"
    assert data["filters"]["include_suggested"] is True
    table = invoke("report", "contradictions", "--include-suggested", env={"COLUMNS": "80"})
    assert "[SUGGESTED]" in table.stdout
    assert "suggested link #2 by similarity 0.90" in " ".join(table.stdout.split())


def test_retracted_claims_are_left_out_unless_asked_for(ids: dict[str, int]) -> None:
    with_retracted = found("--include-retracted")
    assert pairs(ids, "r1-q", "q-t2")[0] in with_retracted
    assert pairs(ids, "q-t2")[0] in with_retracted
    assert len(with_retracted) == 5
    table = invoke("report", "contradictions", "--include-retracted", env={"COLUMNS": "80"})
    assert "[RETRACTED CLAIM]" in table.stdout
    assert "Status: retracted: misattributed" in table.stdout


def test_a_pair_found_both_ways_is_one_contradiction(db_env: str, engine: Engine) -> None:
    built = build(engine)
    with Session(engine, info={"user": "fixture"}) as session:
        t1, r1 = (lookup.get_claim(session, built[key]) for key in ("t1", "r1"))
        links.add_link(session, claim_a=r1, claim_b=t1, kind="contradicts", note="both ways")
        session.commit()
    data = json.loads(invoke("report", "contradictions", "-f", "json").stdout)
    first = data["groups"][0]["contradictions"][0]
    assert first["claims"] == [built["t1"], built["r1"]]
    assert [basis["kind"] for basis in first["basis"]] == ["link", "stances"]
    assert data["count"] == 3


def test_unresolved_when_the_record_does_not_decide(ids: dict[str, int]) -> None:
    data = json.loads(invoke("report", "contradictions", "--topic", "economy", "-f", "json").stdout)
    assessment = data["groups"][0]["contradictions"][0]["assessment"]
    assert assessment["outcome"] == "unresolved"
    assert assessment["favoured_claim_id"] is None
    assert assessment["summary"] == (
        "Unresolved: neither claim has a verdict, evidence or a correction on record."
    )


def test_scorecard_counts_self_contradictions(ids: dict[str, int]) -> None:
    data = json.loads(invoke("report", "speaker", "Donald Trump", "-f", "json").stdout)
    found_ = data["contradictions"]
    assert (found_["with_others"], found_["self"], found_["unresolved"]) == (1, 1, 1)
    assert [item["claims"] for item in found_["items"] if item["self"]] == pairs(ids, "t1-t2")
    ri = json.loads(invoke("report", "speaker", "Ri Yong Ho", "-f", "json").stdout)
    assert ri["claims"] == {"total": 2, "active": 1, "retracted": 1, "rated": 0, "unrated": 1}
