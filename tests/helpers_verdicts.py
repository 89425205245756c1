"""Actors, claims and sources put straight into a test database through the ORM, so that the
verdict, correction and log tests depend on no other command; and counts to show that a
failed command wrote nothing."""

import json
import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from factcheck.enums import ActorKind, ClaimStatus, Wording
from factcheck.models import (
    Actor,
    ChangeLogEntry,
    Claim,
    Correction,
    RatingLevel,
    RatingScale,
    Source,
    Verdict,
)
from factcheck.services.lookup import normalize_url
from factcheck.services.text import normalize_key

FIXTURE_USER = "fixture"
TRUMP_CLAIM = (
    "North Korea wanted the sanctions lifted in their entirety in exchange for closing Yongbyon."
)
RI_CLAIM = "The North only sought the lifting of five UN Security Council resolutions."
FP_URL = "https://foreignpolicy.com/2019/03/05/silver-lining/"
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00$")


def add_actor(engine: Engine, name: str, kind: ActorKind = ActorKind.PERSON) -> int:
    with Session(engine, info={"user": FIXTURE_USER}) as session:
        actor = Actor(name=name, name_key=normalize_key(name), kind=kind)
        session.add(actor)
        session.commit()
        return actor.id


def add_claim(engine: Engine, text: str, speaker_id: int, *, retracted: bool = False) -> int:
    with Session(engine, info={"user": FIXTURE_USER}) as session:
        claim = Claim(text=text, wording=Wording.PARAPHRASE, speaker_id=speaker_id)
        if retracted:
            claim.status = ClaimStatus.RETRACTED
            claim.retracted_at = datetime.now(UTC)
            claim.retraction_reason = "entered twice"
        session.add(claim)
        session.commit()
        return claim.id


def retract(engine: Engine, claim_id: int) -> None:
    """Retract a claim after the fact, as the claim commands do."""
    with Session(engine, info={"user": FIXTURE_USER}) as session:
        claim = session.get_one(Claim, claim_id)
        claim.status = ClaimStatus.RETRACTED
        claim.retracted_at = datetime.now(UTC)
        claim.retraction_reason = "duplicate"
        session.commit()


def add_source(engine: Engine, url: str = FP_URL) -> int:
    with Session(engine, info={"user": FIXTURE_USER}) as session:
        source = Source(url=normalize_url(url), title="There's a Silver Lining")
        session.add(source)
        session.commit()
        return source.id


def hanoi(engine: Engine) -> dict[str, int]:
    """Trump's and Ri's claims, and two reviewers: PolitiFact and The Washington Post."""
    trump = add_actor(engine, "Donald Trump")
    ri = add_actor(engine, "Ri Yong Ho")
    return {
        "trump": trump,
        "ri": ri,
        "politifact": add_actor(engine, "PolitiFact", ActorKind.ORGANIZATION),
        "post": add_actor(engine, "The Washington Post", ActorKind.ORGANIZATION),
        "trump_claim": add_claim(engine, TRUMP_CLAIM, trump),
        "ri_claim": add_claim(engine, RI_CLAIM, ri),
    }


def counts(engine: Engine) -> dict[str, int]:
    """How many actors, verdicts, corrections, sources and change-log rows there are."""
    with Session(engine) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Actor, Verdict, Correction, Source, ChangeLogEntry)
        }


def one_json(stdout: str) -> dict[str, Any]:
    """The object a command printed as JSON, after checking its timestamp is UTC ISO 8601."""
    record: dict[str, Any] = json.loads(stdout)
    assert ISO_TIME.match(record["created_at"]), record["created_at"]
    return record


def pretty(value: Any) -> str:
    """What ``--format json`` prints for ``value``."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def level_id(engine: Engine, scale: str, label: str) -> int:
    """The id of a rating level of a built-in scale."""
    with Session(engine) as session:
        found = session.scalar(
            select(RatingLevel.id)
            .join(RatingScale, RatingLevel.scale_id == RatingScale.id)
            .where(RatingScale.slug == scale, RatingLevel.label == label)
        )
        assert found is not None
        return found


def scale_id(engine: Engine, slug: str) -> int:
    with Session(engine) as session:
        found = session.scalar(select(RatingScale.id).where(RatingScale.slug == slug))
        assert found is not None
        return found
