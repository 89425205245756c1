"""The database's own rules reject bad rows on both backends, and ``translate_errors`` words
each rejection as the sentence a user sees."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from factcheck.constraints import describe_violation
from factcheck.db import translate_errors
from factcheck.errors import Conflict, InvalidInput
from factcheck.models import (
    Actor,
    ActorKind,
    Affiliation,
    Base,
    Claim,
    ClaimLink,
    ClaimStatus,
    Correction,
    CorrectionKind,
    DatePrecision,
    LinkKind,
    Proposition,
    RatingLevel,
    RatingScale,
    Source,
    Verdict,
    Wording,
)

MISSING_REFERENCE = "the change refers to something that does not exist"
FP_URL = "https://foreignpolicy.com/2019/03/01/silver-lining-north-korea-negotiations/"


@dataclass(frozen=True)
class Seeded:
    """Ids of a small valid graph the bad rows refer to."""

    trump: int
    state_department: int
    low_claim: int
    high_claim: int
    source: int
    verdict: int
    proposition: int
    politifact: int
    mostly_false: int
    four_pinocchios: int


@pytest.fixture
def seeded(engine: Engine) -> Seeded:
    with Session(engine) as session:
        trump = Actor(name="Donald Trump", name_key="donald trump")
        state = Actor(
            name="U.S. Department of State",
            name_key="u s department of state",
            kind=ActorKind.ORGANIZATION,
        )
        claims = [
            Claim(text=words, wording=Wording.QUOTE, speaker=trump)
            for words in ("They wanted the sanctions lifted in their entirety.", "Not so.")
        ]
        source = Source(title="There's a Silver Lining", url=FP_URL)
        proposition = Proposition(text="North Korea asked for all sanctions to be lifted")
        session.add_all([*claims, state, source, proposition])
        session.flush()
        politifact = session.scalars(
            select(RatingScale).where(RatingScale.slug == "politifact")
        ).one()
        levels = {level.label_key: level for level in politifact.levels}
        four_pinocchios = session.scalars(
            select(RatingLevel.id).where(RatingLevel.label_key == "four pinocchios")
        ).one()
        verdict = Verdict(
            claim=claims[0],
            reviewer=state,
            scale_id=politifact.id,
            level_id=levels["mostly false"].id,
        )
        session.add(verdict)
        session.commit()
        low, high = sorted(claim.id for claim in claims)
        return Seeded(
            trump=trump.id,
            state_department=state.id,
            low_claim=low,
            high_claim=high,
            source=source.id,
            verdict=verdict.id,
            proposition=proposition.id,
            politifact=politifact.id,
            mostly_false=levels["mostly false"].id,
            four_pinocchios=four_pinocchios,
        )


BadRows = Callable[[Seeded], list[Base]]


def rejected(database_url: str, engine: Engine, rows: list[Base]) -> Conflict:
    """The Conflict raised when ``rows`` are flushed through ``translate_errors``."""
    with (
        pytest.raises(Conflict) as raised,
        translate_errors(database_url),
        Session(engine) as session,
    ):
        session.add_all(rows)
        session.flush()
    return raised.value


def link(a: int, b: int, kind: LinkKind) -> ClaimLink:
    return ClaimLink(claim_a_id=a, claim_b_id=b, kind=kind)


def claim(s: Seeded, **fields: Any) -> Claim:
    fields.setdefault("text", "They wanted the sanctions lifted in their entirety.")
    return Claim(wording=Wording.QUOTE, speaker_id=s.trump, **fields)


def correction(*, claim_id: int | None, verdict_id: int | None, s: Seeded) -> Correction:
    return Correction(
        claim_id=claim_id,
        verdict_id=verdict_id,
        kind=CorrectionKind.THIRD_PARTY,
        issued_by_id=s.state_department,
        text="North Korea asked for five resolutions to be lifted, not all of them.",
    )


BAD_ROWS: dict[str, tuple[BadRows, str]] = {
    "link_to_self": (
        lambda s: [link(s.low_claim, s.low_claim, LinkKind.SUPPORTS)],
        "a claim cannot be linked to itself",
    ),
    "contradicts_stored_higher_id_first": (
        lambda s: [link(s.high_claim, s.low_claim, LinkKind.CONTRADICTS)],
        "a symmetric link must be stored lower claim id first",
    ),
    "same_as_stored_higher_id_first": (
        lambda s: [link(s.high_claim, s.low_claim, LinkKind.SAME_AS)],
        "a symmetric link must be stored lower claim id first",
    ),
    "duplicate_link": (
        lambda s: [
            link(s.low_claim, s.high_claim, LinkKind.CONTRADICTS),
            link(s.low_claim, s.high_claim, LinkKind.CONTRADICTS),
        ],
        "these two claims are already linked this way",
    ),
    "duplicate_source_url": (
        lambda s: [Source(title="Silver lining, again", url=FP_URL)],
        "a source with this URL already exists",
    ),
    "correction_of_claim_and_verdict": (
        lambda s: [correction(claim_id=s.low_claim, verdict_id=s.verdict, s=s)],
        "a correction targets exactly one claim or one verdict",
    ),
    "correction_of_nothing": (
        lambda s: [correction(claim_id=None, verdict_id=None, s=s)],
        "a correction targets exactly one claim or one verdict",
    ),
    "date_without_precision": (
        lambda s: [claim(s, stated_on=date(2019, 2, 28))],
        "the stated date needs a precision (day, month or year), and a precision needs a date",
    ),
    "precision_without_date": (
        lambda s: [claim(s, stated_precision=DatePrecision.DAY)],
        "the stated date needs a precision (day, month or year), and a precision needs a date",
    ),
    "time_without_day_precision": (
        lambda s: [
            claim(
                s,
                stated_on=date(2019, 3, 1),
                stated_precision=DatePrecision.MONTH,
                stated_time=time(0, 5),
            )
        ],
        "a time of day needs a date given to the day",
    ),
    "retracted_claim_without_reason": (
        lambda s: [
            claim(s, status=ClaimStatus.RETRACTED, retracted_at=datetime(2019, 3, 5, tzinfo=UTC))
        ],
        "a retracted claim needs the time and the reason of its retraction,"
        " and an active claim has neither",
    ),
    "active_claim_with_retraction_reason": (
        lambda s: [claim(s, retraction_reason="duplicate")],
        "a retracted claim needs the time and the reason of its retraction,"
        " and an active claim has neither",
    ),
    "blank_claim_text": (
        lambda s: [claim(s, text="   ")],
        "the text cannot be blank",
    ),
    "affiliation_ending_before_it_starts": (
        lambda s: [
            Affiliation(
                actor_id=s.trump,
                role="President",
                started_on=date(2017, 1, 20),
                started_precision=DatePrecision.DAY,
                ended_on=date(2016, 1, 1),
                ended_precision=DatePrecision.YEAR,
            )
        ],
        "an affiliation cannot end before it starts",
    ),
    "affiliation_with_itself": (
        lambda s: [Affiliation(actor_id=s.trump, organization_id=s.trump)],
        "an actor cannot be affiliated with itself",
    ),
    "claim_by_unknown_speaker": (
        lambda s: [Claim(text="Unattributed.", wording=Wording.QUOTE, speaker_id=999_999)],
        MISSING_REFERENCE,
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_bad_row_is_rejected_with_its_sentence(
    database_url: str, engine: Engine, seeded: Seeded, case: str
) -> None:
    make_rows, message = BAD_ROWS[case]
    error = rejected(database_url, engine, make_rows(seeded))
    assert error.message == message
    assert str(error) == f"{message} (nothing was written)"


def test_verdict_level_from_another_scale_is_rejected(
    database_url: str, engine: Engine, seeded: Seeded, backend: str
) -> None:
    wrong_level = Verdict(
        claim_id=seeded.low_claim,
        reviewer_id=seeded.state_department,
        scale_id=seeded.politifact,
        level_id=seeded.four_pinocchios,
    )
    error = rejected(database_url, engine, [wrong_level])
    # SQLite reports "FOREIGN KEY constraint failed" without naming the constraint.
    expected = {
        "postgresql": "the rating does not belong to the verdict's scale",
        "sqlite": MISSING_REFERENCE,
    }
    assert error.message == expected[backend]


@pytest.mark.parametrize("kind", [LinkKind.SUPPORTS, LinkKind.REPEATS, LinkKind.CLARIFIES], ids=str)
def test_directed_link_may_point_either_way(engine: Engine, seeded: Seeded, kind: LinkKind) -> None:
    with Session(engine) as session:
        session.add_all(
            [
                link(seeded.high_claim, seeded.low_claim, kind),
                link(seeded.low_claim, seeded.high_claim, kind),
            ]
        )
        session.commit()
        stored = session.scalar(select(func.count()).select_from(ClaimLink))
    assert stored == 2


@pytest.mark.parametrize("kind", [LinkKind.CONTRADICTS, LinkKind.SAME_AS], ids=str)
def test_symmetric_link_stored_lower_id_first_is_accepted(
    engine: Engine, seeded: Seeded, kind: LinkKind
) -> None:
    with Session(engine) as session:
        session.add(link(seeded.low_claim, seeded.high_claim, kind))
        session.commit()
        stored = session.scalars(select(ClaimLink)).one()
    assert (stored.claim_a_id, stored.claim_b_id, stored.kind) == (
        seeded.low_claim,
        seeded.high_claim,
        kind,
    )


def test_sources_without_url_may_coexist(engine: Engine, seeded: Seeded) -> None:
    with Session(engine) as session:
        session.add_all([Source(title="Press conference, Hanoi"), Source(title="CPAC 2019")])
        session.commit()
        without_url = session.scalar(
            select(func.count()).select_from(Source).where(Source.url.is_(None))
        )
    assert without_url == 2


STAMPS = {"created_at": "2019-03-01 00:00:00", "updated_at": "2019-03-01 00:00:00"}


def valid_row(s: Seeded, table: str) -> dict[str, Any]:
    """A valid row of a table with an enumerated column, as plain column values."""
    rows: dict[str, dict[str, Any]] = {
        "actors": {"name": "Ri Yong Ho", "name_key": "ri yong ho", "kind": "person"},
        "sources": {"kind": "transcript", "title": "Press conference, Hanoi"},
        "claims": {
            "text": "We asked for partial relief.",
            "wording": "quote",
            "speaker_id": s.trump,
            "status": "active",
        },
        "affiliations": {"actor_id": s.trump, "role": "President"},
        "appearances": {"claim_id": s.low_claim, "source_id": s.source},
        "evidence": {"claim_id": s.low_claim, "source_id": s.source, "stance": "refutes"},
        "claim_links": {
            "claim_a_id": s.high_claim,
            "claim_b_id": s.low_claim,
            "kind": "supports",
            "status": "suggested",
            "method": "similarity",
        },
        "claim_stances": {
            "claim_id": s.low_claim,
            "proposition_id": s.proposition,
            "stance": "asserts",
        },
        "rating_levels": {
            "scale_id": s.politifact,
            "label": "Full Flop",
            "label_key": "full flop",
            "position": 7,
            "bucket": "false",
        },
        "verdicts": {
            "claim_id": s.low_claim,
            "reviewer_id": s.state_department,
            "scale_id": s.politifact,
            "level_id": s.mostly_false,
        },
        "corrections": {
            "claim_id": s.low_claim,
            "kind": "clarification",
            "issued_by_id": s.state_department,
            "text": "Five resolutions, not all.",
        },
        "change_log": {
            "user_name": "tester",
            "action": "insert",
            "object_type": "claims",
            "object_id": s.low_claim,
            "changes": "{}",
        },
    }
    return rows[table] | STAMPS


# table, column, a bad value (with any column it needs to be checked), the sentence (or the
# sentences, when the bad value breaks more than one rule)
EnumCase = tuple[str, str, dict[str, str], str | tuple[str, ...]]
ENUM_CASES: list[EnumCase] = [
    ("actors", "kind", {"kind": "robot"}, "the kind must be one of: person, organization"),
    (
        "sources",
        "kind",
        {"kind": "rumour"},
        "the kind must be one of: article, transcript, video, audio, press-release,"
        " official-record, social-post, dataset, review, other",
    ),
    (
        "sources",
        "published_precision",
        {"published_on": "2019-03-01", "published_precision": "week"},
        "the published precision must be one of: day, month, year",
    ),
    ("claims", "wording", {"wording": "rumour"}, "the wording must be one of: quote, paraphrase"),
    # An unknown status also breaks the retraction rule; the backends report either first.
    (
        "claims",
        "status",
        {"status": "deleted"},
        (
            "the status must be one of: active, retracted",
            "a retracted claim needs the time and the reason of its retraction,"
            " and an active claim has neither",
        ),
    ),
    (
        "claims",
        "stated_precision",
        {"stated_on": "2019-03-01", "stated_precision": "era"},
        "the stated precision must be one of: day, month, year",
    ),
    (
        "affiliations",
        "started_precision",
        {"started_on": "2016-05-01", "started_precision": "week"},
        "the started precision must be one of: day, month, year",
    ),
    (
        "affiliations",
        "ended_precision",
        {"ended_on": "2020-01-01", "ended_precision": "week"},
        "the ended precision must be one of: day, month, year",
    ),
    (
        "appearances",
        "appeared_precision",
        {"appeared_on": "2019-03-02", "appeared_precision": "hour"},
        "the appeared precision must be one of: day, month, year",
    ),
    (
        "evidence",
        "stance",
        {"stance": "maybe"},
        "the stance must be one of: supports, refutes, context",
    ),
    (
        "claim_links",
        "kind",
        {"kind": "rebuts"},
        "the kind must be one of: contradicts, supports, repeats, same-as, clarifies",
    ),
    (
        "claim_links",
        "status",
        {"status": "pending"},
        "the status must be one of: suggested, confirmed, rejected",
    ),
    (
        "claim_links",
        "method",
        {"method": "guess"},
        "the method must be one of: manual, rule, similarity",
    ),
    (
        "claim_stances",
        "stance",
        {"stance": "doubts"},
        "the stance must be one of: asserts, denies, qualifies",
    ),
    (
        "rating_levels",
        "bucket",
        {"bucket": "unknown"},
        "the bucket must be one of: true, mixture, false, other",
    ),
    (
        "verdicts",
        "reviewed_precision",
        {"reviewed_on": "2019-03-01", "reviewed_precision": "week"},
        "the reviewed precision must be one of: day, month, year",
    ),
    (
        "corrections",
        "kind",
        {"kind": "erratum"},
        "the kind must be one of: retraction, clarification, third-party, newsroom",
    ),
    (
        "corrections",
        "issued_precision",
        {"issued_on": "2019-03-01", "issued_precision": "week"},
        "the issued precision must be one of: day, month, year",
    ),
    (
        "change_log",
        "action",
        {"action": "erase"},
        "the action must be one of: insert, update, delete, retract, merge",
    ),
]


def insert_raw(engine: Engine, table: str, values: dict[str, Any]) -> None:
    """Insert with plain SQL, past the Python enums, so that only the database judges."""
    names = ", ".join(values)
    params = ", ".join(f":{name}" for name in values)
    with engine.begin() as connection:
        connection.execute(text(f"INSERT INTO {table} ({names}) VALUES ({params})"), values)


def test_every_enumerated_column_is_covered() -> None:
    from factcheck.db import StrEnumType

    enumerated = {
        (table.name, column.name)
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, StrEnumType)
    }
    assert {(table, column) for table, column, _, _ in ENUM_CASES} == enumerated


@pytest.mark.parametrize("table", sorted({case[0] for case in ENUM_CASES}))
def test_valid_raw_row_is_accepted(engine: Engine, seeded: Seeded, table: str) -> None:
    insert_raw(engine, table, valid_row(seeded, table))
    with engine.connect() as connection:
        count = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
    assert count >= 1


@pytest.mark.parametrize(
    ("table", "column", "bad", "message"),
    ENUM_CASES,
    ids=[f"{table}.{column}" for table, column, _, _ in ENUM_CASES],
)
def test_unknown_enum_value_is_rejected(
    database_url: str,
    engine: Engine,
    seeded: Seeded,
    table: str,
    column: str,
    bad: dict[str, str],
    message: str | tuple[str, ...],
) -> None:
    row = valid_row(seeded, table) | bad
    with pytest.raises(Conflict) as raised, translate_errors(database_url):
        insert_raw(engine, table, row)
    assert raised.value.message in ((message,) if isinstance(message, str) else message)


def test_missing_required_value_names_the_column(
    database_url: str, engine: Engine, seeded: Seeded
) -> None:
    row = valid_row(seeded, "claims")
    del row["text"]
    with pytest.raises(Conflict) as raised, translate_errors(database_url):
        insert_raw(engine, "claims", row)
    assert raised.value.message == "a required value is missing: claims.text"


def test_every_named_constraint_has_a_sentence() -> None:
    generic = []
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            name = str(constraint.name)
            sentence = describe_violation(f'violates check constraint "{name}"')
            if sentence.startswith("the change breaks the rule"):
                generic.append(name)
    assert generic == []


@pytest.mark.parametrize(
    ("driver_message", "sentence"),
    [
        (
            'insert or update on table "verdicts" violates foreign key constraint'
            ' "fk_verdicts_level_in_scale"',
            "the rating does not belong to the verdict's scale",
        ),
        (
            'insert or update on table "claims" violates foreign key constraint'
            ' "fk_claims_speaker_id_actors"',
            MISSING_REFERENCE,
        ),
        ("FOREIGN KEY constraint failed", MISSING_REFERENCE),
        (
            'update or delete on table "claims" violates foreign key constraint'
            ' "fk_verdicts_claim_id_claims" on table "verdicts"',
            "the change removes something that other records still refer to",
        ),
        ("UNIQUE constraint failed: topics.slug", "a topic with this name already exists"),
        ("something else entirely", "the change breaks a rule of the database"),
    ],
)
def test_driver_message_is_worded_for_people(driver_message: str, sentence: str) -> None:
    assert describe_violation(driver_message) == sentence


def test_value_longer_than_its_column_is_refused_on_postgresql(
    database_url: str, engine: Engine, backend: str
) -> None:
    name = "Ri Yong Ho " * 40
    too_long = Actor(name=name, name_key=name.lower())
    if backend == "sqlite":
        # SQLite ignores declared lengths; the services check them on both backends.
        with Session(engine) as session:
            session.add(too_long)
            session.commit()
            assert session.scalar(select(func.length(Actor.name))) == len(name)
        return
    with (
        pytest.raises(InvalidInput) as raised,
        translate_errors(database_url),
        Session(engine) as session,
    ):
        session.add(too_long)
        session.commit()
    assert raised.value.message == (
        "the database refused a value: value too long for type character varying(300)"
    )
