"""Claims, speakers and topics as plain rows (services/rows.py): the few columns they name
have the models' types, and a claim added as rows is stored and logged exactly as the ORM
stores and logs the same claim."""

import json
from datetime import date, time
from typing import Any

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from factcheck.db import StrEnumType
from factcheck.enums import ClaimStatus, DatePrecision, Stance, Wording
from factcheck.errors import Ambiguous, NotFound
from factcheck.models import (
    Actor,
    ActorAlias,
    Base,
    Claim,
    ClaimStance,
    Proposition,
    Source,
    Topic,
)
from factcheck.services import rows
from factcheck.services.dates import PartialDate


@pytest.mark.parametrize("light", rows.LIGHT_TABLES, ids=lambda light: light.name)
def test_each_column_named_has_the_type_the_model_gives_it(light: Any) -> None:
    mapped = Base.metadata.tables[light.name]
    for column in light.c:
        expected = mapped.c[column.name].type
        assert type(column.type) is type(expected), column.name
        if isinstance(expected, StrEnumType):
            assert column.type.enum_class is expected.enum_class, column.name


def _logged(session: Session, object_type: str, object_id: int) -> list[tuple[str, Any]]:
    """The change-log entries of one row: action and changes, the changes' keys in order."""
    found = session.execute(
        text(
            "SELECT action, CAST(changes AS TEXT) FROM change_log"
            " WHERE object_type = :type AND object_id = :id ORDER BY id"
        ),
        {"type": object_type, "id": object_id},
    )
    return [(action, json.loads(changes, object_pairs_hook=list)) for action, changes in found]


def _stored(session: Session, claim_id: int) -> dict[str, Any]:
    claim = session.get_one(Claim, claim_id)
    columns = {
        column.key: getattr(claim, column.key)
        for column in Claim.__table__.columns
        if column.key not in ("id", "created_at", "updated_at")
    }
    return {
        **columns,
        "topics": [tag.slug for tag in claim.topics],
        "stances": [
            (stance.proposition_id, stance.stance)
            for stance in session.scalars(
                select(ClaimStance).where(ClaimStance.claim_id == claim_id)
            )
        ],
    }


def test_a_claim_added_as_rows_is_the_claim_the_orm_adds(engine: Engine) -> None:
    with Session(engine, info={"user": "tester"}) as session:
        speaker = Actor(name="Ri Yong Ho", name_key="ri yong ho")
        source = Source(url="https://example.org/ri-press-conference")
        sanctions = Topic(name="Sanctions", slug="sanctions")
        proposition = Proposition(text="North Korea sought the lifting of all sanctions.")
        session.add_all([speaker, source, sanctions, proposition])
        session.flush()
        said = PartialDate(date(2019, 3, 1), DatePrecision.DAY, time(0, 30))

        by_orm = Claim(
            text="We asked for partial relief: five resolutions of 2016-2017.",
            wording=Wording.QUOTE,
            speaker=speaker,
            stated_on=said.value,
            stated_precision=said.precision,
            stated_time=said.clock,
            venue="Press conference, Hanoi",
            language="ko",
            first_source=source,
            status=ClaimStatus.ACTIVE,
            topics=[sanctions],
        )
        session.add(by_orm)
        session.add(ClaimStance(claim=by_orm, proposition=proposition, stance=Stance.DENIES))
        session.flush()

        as_rows = rows.add_claim(
            session,
            text="  We asked for partial relief: five resolutions of 2016-2017. ",
            speaker_id=speaker.id,
            said=said,
            venue="Press conference, Hanoi",
            source_id=source.id,
            wording=Wording.QUOTE,
            topics=["Sanctions", "sanctions"],
            language="ko",
            proposition_id=proposition.id,
            stance=" Denies",
        )
        session.expire_all()

        assert _stored(session, as_rows) == _stored(session, by_orm.id)
        assert _logged(session, "claims", as_rows) == _logged(session, "claims", by_orm.id)
        stance_of = select(ClaimStance.id).where(ClaimStance.claim_id == by_orm.id)
        [(action, by_orm_changes)] = _logged(
            session, "claim_stances", session.scalars(stance_of).one()
        )
        stance_of = select(ClaimStance.id).where(ClaimStance.claim_id == as_rows)
        [(action, changes)] = _logged(session, "claim_stances", session.scalars(stance_of).one())
        # The same entry but for the claim's id.
        assert changes[0] == ("claim_id", [None, as_rows])
        assert (action, changes[1:]) == ("insert", by_orm_changes[1:])


def test_a_new_topic_is_logged_as_the_orm_logs_one(engine: Engine) -> None:
    with Session(engine, info={"user": "tester"}) as session:
        session.add(Topic(name="Yongbyon", slug="yongbyon"))
        session.flush()
        created = rows.topic_id(session, "  North Korea ")
        assert rows.topic_id(session, "north korea") == created
        by_orm = session.scalars(select(Topic.id).where(Topic.slug == "yongbyon")).one()
        [(action, changes)] = _logged(session, "topics", created)
        assert (action, changes) == (
            "insert",
            [("name", [None, "North Korea"]), ("slug", [None, "north-korea"])],
        )
        assert _logged(session, "topics", by_orm) == [
            ("insert", [("name", [None, "Yongbyon"]), ("slug", [None, "yongbyon"])])
        ]
        user = session.scalar(text("SELECT user_name FROM change_log ORDER BY id DESC"))
        assert user == "tester"


def test_speakers_are_found_by_id_name_key_and_alias_past_merges(engine: Engine) -> None:
    with Session(engine) as session:
        kept = Actor(name="Donald Trump", name_key="donald trump")
        merged = Actor(name="D. Trump", name_key="d trump")
        namesake = Actor(name="Ri Yong Ho", name_key="ri yong ho")
        other = Actor(name="Ri Yong-ho", name_key="ri yong ho")
        session.add_all([kept, merged, namesake, other])
        session.flush()
        merged.merged_into_id = kept.id
        session.add(ActorAlias(actor=kept, alias="POTUS", alias_key="potus"))
        session.flush()
        expected = rows.Named(kept.id, "Donald Trump")
        for reference in ("Donald Trump", "DONALD  trump", "potus", f"#{merged.id}", str(kept.id)):
            assert rows.resolve_actor(session, reference, role="speaker") == expected
        assert rows.actor_matches(session, "D. Trump") == []
        with pytest.raises(Ambiguous, match="matches 2 actors"):
            rows.resolve_actor(session, "ri yong ho", role="speaker")
        with pytest.raises(NotFound, match="did you mean: Donald Trump"):
            rows.resolve_actor(session, "Donald Trum", role="speaker")
