"""Every model round-trips on the backend under test: what goes in comes back out, field by
field, including non-Latin text, partial dates, times of day and UTC datetimes."""

from datetime import UTC, date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.exc import StatementError
from sqlalchemy.orm import Session

from factcheck.models import (
    Actor,
    ActorAlias,
    ActorKind,
    Affiliation,
    Appearance,
    Base,
    Bucket,
    ChangeAction,
    ChangeLogEntry,
    Claim,
    ClaimLink,
    ClaimStance,
    ClaimStatus,
    ClaimTopic,
    Correction,
    CorrectionKind,
    DatePrecision,
    Evidence,
    EvidenceStance,
    LinkKind,
    LinkMethod,
    LinkStatus,
    Proposition,
    PropositionTopic,
    RatingLevel,
    RatingLevelAlias,
    RatingScale,
    Source,
    SourceKind,
    Stance,
    Topic,
    Verdict,
    Wording,
)

KST = timezone(timedelta(hours=9))
RI_QUOTE_KO = (
    "우리가 요구한 것은 전면적인 제재 해제가 아니라 일부 해제, "
    "구체적으로는 유엔 제재 결의 11건 중 5건"
)
RI_NAME_RU = "Рі Йон Хо"  # noqa: RUF001
RI_KEY_RU = "рі йон хо"  # noqa: RUF001
RI_NAME_AR = "ري يونغ هو"
RETRACTED_AT = datetime(2019, 3, 5, 9, 30, 15, 250_000, tzinfo=KST)
CHANGES = {
    "name": ["Ri Yong-ho", "Ri Yong Ho"],
    "aliases": [[], ["리용호", RI_NAME_RU]],
    "detail": {"score": 0.5, "confirmed": True, "note": None},
}

Row = dict[str, Any]
Snapshot = dict[type[Base], dict[int, Row]]


def columns(obj: Base) -> Row:
    return {attr.key: getattr(obj, attr.key) for attr in inspect(obj).mapper.column_attrs}


def snapshot(session: Session, objects: list[Base]) -> Snapshot:
    """Column values by class and id: the objects given, plus the association rows and the
    change log that the flushes wrote."""
    rows: Snapshot = {}
    every = [
        *objects,
        *session.scalars(select(ClaimTopic)),
        *session.scalars(select(PropositionTopic)),
        *session.scalars(select(ChangeLogEntry)),
    ]
    for obj in every:
        rows.setdefault(type(obj), {})[obj.id] = columns(obj)
    return rows


def reread(engine: Engine, expected: Snapshot) -> Snapshot:
    with Session(engine) as session:
        return {
            cls: {
                id_: columns(obj)
                for id_ in ids
                if (obj := session.get(cls, id_)) is not None  # a missing row fails below
            }
            for cls, ids in expected.items()
        }


def level(session: Session, scale: str, label_key: str) -> RatingLevel:
    return session.scalars(
        select(RatingLevel)
        .join(RatingScale)
        .where(RatingScale.slug == scale, RatingLevel.label_key == label_key)
    ).one()


def build_hanoi_graph(session: Session) -> list[Base]:
    """The Hanoi summit case, touching every table, flushed but not committed."""
    ministry = Actor(
        name="Ministry of Foreign Affairs (DPRK)",
        name_key="ministry of foreign affairs dprk",
        kind=ActorKind.ORGANIZATION,
        description="조선민주주의인민공화국 외무성",
    )
    ri = Actor(
        name="Ri Yong Ho",
        name_key="ri yong ho",
        kind=ActorKind.PERSON,
        description="Foreign Minister of North Korea, 2016-2020",
        import_key="actor:ri-yong-ho",
    )
    trump = Actor(name="Donald Trump", name_key="donald trump", kind=ActorKind.PERSON)
    foreign_policy = Actor(
        name="Foreign Policy", name_key="foreign policy", kind=ActorKind.ORGANIZATION
    )
    politifact = Actor(name="PolitiFact", name_key="politifact", kind=ActorKind.ORGANIZATION)
    aliases = [
        ActorAlias(actor=ri, alias="리용호", alias_key="리용호"),
        ActorAlias(actor=ri, alias=RI_NAME_RU, alias_key=RI_KEY_RU),
        ActorAlias(actor=ri, alias=RI_NAME_AR, alias_key=RI_NAME_AR),
        ActorAlias(actor=trump, alias="President Trump", alias_key="president trump"),
    ]
    affiliation = Affiliation(
        actor=ri,
        organization=ministry,
        role="Foreign Minister",
        started_on=date(2016, 5, 1),
        started_precision=DatePrecision.MONTH,
        ended_on=date(2020, 1, 1),
        ended_precision=DatePrecision.YEAR,
    )
    article = Source(
        kind=SourceKind.ARTICLE,
        title="There's a Silver Lining in the Clouds Over the North Korea Negotiations",
        url="https://foreignpolicy.com/2019/03/01/silver-lining-north-korea-negotiations/",
        archive_url="https://web.archive.org/web/2019/https://foreignpolicy.com/2019/03/01/",
        publisher=foreign_policy,
        published_on=date(2019, 3, 1),
        published_precision=DatePrecision.MONTH,
        content_hash="sha256:" + "ab" * 32,
        licence="All rights reserved",
        language="en",
        import_key="source:fp-silver-lining",
    )
    transcript = Source(
        kind=SourceKind.TRANSCRIPT,
        title="리용호 외무상 기자회견 (하노이)",
        published_on=date(2019, 3, 1),
        published_precision=DatePrecision.DAY,
        language="ko",
    )
    cpac = Source(kind=SourceKind.VIDEO, title="CPAC 2019: President Trump", language="en")
    sanctions = Topic(name="Sanctions", slug="sanctions", description="제재 / санкции")
    nuclear = Topic(name="Nuclear programme", slug="nuclear")
    trump_claim = Claim(
        text="Basically, they wanted the sanctions lifted in their entirety, "
        "and we couldn't do that.",
        wording=Wording.QUOTE,
        speaker=trump,
        stated_on=date(2019, 2, 28),
        stated_precision=DatePrecision.DAY,
        venue="Press conference, JW Marriott, Hanoi",
        language="en",
        topics=[sanctions, nuclear],
        import_key="claim:trump-hanoi",
    )
    ri_claim = Claim(
        text=RI_QUOTE_KO,
        wording=Wording.QUOTE,
        speaker=ri,
        stated_on=date(2019, 3, 1),
        stated_precision=DatePrecision.DAY,
        stated_time=time(0, 5),
        venue="Press conference, Melia Hotel, Hanoi",
        language="ko",
        first_source=transcript,
        topics=[sanctions],
    )
    duplicate = Claim(
        text="North Korea only asked for partial relief.",
        wording=Wording.PARAPHRASE,
        speaker=ri,
        stated_on=date(2019, 3, 1),
        stated_precision=DatePrecision.MONTH,
        status=ClaimStatus.RETRACTED,
        retracted_at=RETRACTED_AT,
        retraction_reason="entered twice; the quote is the record",
    )
    proposition = Proposition(
        text="North Korea asked for all sanctions to be lifted in exchange for Yongbyon",
        topics=[sanctions],
        import_key="proposition:all-sanctions-for-yongbyon",
    )
    session.add_all([trump_claim, ri_claim, duplicate, proposition, article, cpac, affiliation])
    session.add_all(aliases)
    session.flush()

    stances = [
        ClaimStance(claim=trump_claim, proposition=proposition, stance=Stance.ASSERTS),
        ClaimStance(claim=ri_claim, proposition=proposition, stance=Stance.DENIES),
    ]
    appearance = Appearance(
        claim=trump_claim,
        source=cpac,
        appeared_on=date(2019, 3, 2),
        appeared_precision=DatePrecision.DAY,
        locator="01:23:45",
        excerpt="they put out a statement that, actually, they were willing to do much less "
        "on the sanction front. But you see, that's not what happened there.",
    )
    evidence = Evidence(
        claim=trump_claim,
        source=article,
        stance=EvidenceStance.REFUTES,
        excerpt="A Trump administration official confirmed that Ri's description was accurate.",
        locator="paragraph 6",
        note="the official spoke on background",
    )
    low, high = sorted([trump_claim.id, ri_claim.id])
    link = ClaimLink(
        claim_a_id=low,
        claim_b_id=high,
        kind=LinkKind.CONTRADICTS,
        status=LinkStatus.CONFIRMED,
        method=LinkMethod.RULE,
        score=0.875,
        reason="opposite stances on one proposition",
        note="all sanctions vs five resolutions",
    )
    mostly_false = level(session, "politifact", "mostly false")
    verdict = Verdict(
        claim=trump_claim,
        reviewer=politifact,
        scale_id=mostly_false.scale_id,
        level=mostly_false,
        explanation="North Korea asked for five of eleven resolutions to be lifted.",
        review_url="https://www.politifact.com/factchecks/2019/mar/01/donald-trump/",
        review_source=article,
        reviewed_on=date(2019, 3, 1),
        reviewed_precision=DatePrecision.DAY,
        import_key="verdict:politifact-1",
    )
    session.add_all([*stances, appearance, evidence, link, verdict])
    session.flush()

    false = level(session, "politifact", "false")
    revision = Verdict(
        claim=trump_claim,
        reviewer=politifact,
        scale_id=false.scale_id,
        level=false,
        explanation="Revised after the State Department briefing.",
        reviewed_on=date(2019, 3, 1),
        reviewed_precision=DatePrecision.MONTH,
        supersedes_id=verdict.id,
    )
    claim_correction = Correction(
        claim=trump_claim,
        kind=CorrectionKind.THIRD_PARTY,
        issued_by=ministry,
        issued_on=date(2019, 3, 1),
        issued_precision=DatePrecision.DAY,
        text="북측은 민수경제와 인민생활에 지장을 주는 제재 5건의 해제를 요구했다.",
        source=transcript,
    )
    verdict_correction = Correction(
        verdict=verdict,
        kind=CorrectionKind.NEWSROOM,
        issued_by=politifact,
        issued_on=date(2019, 3, 1),
        issued_precision=DatePrecision.MONTH,
        text="An earlier version gave the wrong date for the press conference.",
    )
    scale = RatingScale(
        slug="snopes",
        name="Snopes",
        description="Snopes ratings",
        publisher=politifact,
        is_builtin=False,
    )
    unproven = RatingLevel(
        scale=scale, label="Unproven", label_key="unproven", position=1, bucket=Bucket.OTHER
    )
    scam = RatingLevel(
        scale=scale, label="Scam", label_key="scam", position=2, score=0.0, bucket=Bucket.FALSE
    )
    session.add_all([revision, claim_correction, verdict_correction, scale, unproven, scam])
    session.flush()
    level_alias = RatingLevelAlias(level_id=scam.id, alias="Arnaque", alias_key="arnaque")
    entry = ChangeLogEntry(
        user_name="리용호 팀",
        action=ChangeAction.MERGE,
        object_type="actors",
        object_id=ri.id,
        changes=CHANGES,
    )
    session.add_all([level_alias, entry])
    session.flush()
    return [
        ministry,
        ri,
        trump,
        foreign_policy,
        politifact,
        *aliases,
        affiliation,
        article,
        transcript,
        cpac,
        sanctions,
        nuclear,
        trump_claim,
        ri_claim,
        duplicate,
        proposition,
        *stances,
        appearance,
        evidence,
        link,
        verdict,
        revision,
        claim_correction,
        verdict_correction,
        scale,
        unproven,
        scam,
        level_alias,
        entry,
    ]


def test_every_model_round_trips_field_by_field(engine: Engine) -> None:
    with Session(engine) as session:
        expected = snapshot(session, build_hanoi_graph(session))
        session.commit()

    assert set(expected) == {mapper.class_ for mapper in Base.registry.mappers}
    assert reread(engine, expected) == expected


def test_relationships_resolve_after_reload(engine: Engine) -> None:
    with Session(engine) as session:
        build_hanoi_graph(session)
        session.commit()

    with Session(engine) as session:
        ri = session.scalars(select(Actor).where(Actor.name == "Ri Yong Ho")).one()
        assert {alias.alias for alias in ri.aliases} == {"리용호", RI_NAME_RU, RI_NAME_AR}
        [affiliation] = ri.affiliations
        assert affiliation.organization is not None
        assert affiliation.organization.description == "조선민주주의인민공화국 외무성"

        ri_claim = session.scalars(select(Claim).where(Claim.text == RI_QUOTE_KO)).one()
        assert [topic.slug for topic in ri_claim.topics] == ["sanctions"]
        assert ri_claim.first_source is not None
        assert ri_claim.first_source.title == "리용호 외무상 기자회견 (하노이)"

        verdicts = session.scalars(select(Verdict).order_by(Verdict.id)).all()
        assert [(v.scale.slug, v.level.label) for v in verdicts] == [
            ("politifact", "Mostly False"),
            ("politifact", "False"),
        ]
        assert verdicts[1].supersedes_id == verdicts[0].id
        corrections = session.scalars(select(Correction).order_by(Correction.id)).all()
        assert [c.claim.speaker.name if c.claim else None for c in corrections] == [
            "Donald Trump",
            None,
        ]
        assert [c.verdict.id if c.verdict else None for c in corrections] == [
            None,
            verdicts[0].id,
        ]


def test_partial_dates_times_and_text_come_back_exactly(engine: Engine) -> None:
    with Session(engine) as session:
        build_hanoi_graph(session)
        session.commit()

    with Session(engine) as session:
        ri_claim = session.scalars(select(Claim).where(Claim.text == RI_QUOTE_KO)).one()
        assert (ri_claim.stated_on, ri_claim.stated_precision, ri_claim.stated_time) == (
            date(2019, 3, 1),
            DatePrecision.DAY,
            time(0, 5),
        )
        assert ri_claim.language == "ko"
        article = session.scalars(select(Source).where(Source.kind == SourceKind.ARTICLE)).one()
        assert (article.published_on, article.published_precision) == (
            date(2019, 3, 1),
            DatePrecision.MONTH,
        )
        affiliation = session.scalars(select(Affiliation)).one()
        assert (affiliation.ended_on, affiliation.ended_precision) == (
            date(2020, 1, 1),
            DatePrecision.YEAR,
        )
        alias_keys = set(session.scalars(select(ActorAlias.alias_key)))
        assert alias_keys == {"리용호", RI_KEY_RU, RI_NAME_AR, "president trump"}
        entry = session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.action == ChangeAction.MERGE)
        ).one()
        assert entry.changes == CHANGES
        assert entry.user_name == "리용호 팀"


def test_datetimes_come_back_aware_in_utc(engine: Engine) -> None:
    before = datetime.now(UTC)
    with Session(engine) as session:
        build_hanoi_graph(session)
        session.commit()
    after = datetime.now(UTC)

    with Session(engine) as session:
        retracted = session.scalars(
            select(Claim).where(Claim.status == ClaimStatus.RETRACTED)
        ).one()
        assert retracted.retracted_at == RETRACTED_AT
        assert retracted.retracted_at is not None
        assert retracted.retracted_at.tzinfo is UTC
        assert retracted.retracted_at.hour == 0  # 09:30 in Seoul is 00:30 UTC
        for claim in session.scalars(select(Claim)):
            assert claim.created_at.tzinfo is UTC
            assert claim.updated_at.tzinfo is UTC
            assert before <= claim.created_at <= after


def test_naive_datetime_is_rejected(engine: Engine) -> None:
    with Session(engine) as session:
        speaker = Actor(name="Donald Trump", name_key="donald trump")
        claim = Claim(
            text="They wanted the sanctions lifted in their entirety.",
            wording=Wording.QUOTE,
            speaker=speaker,
            status=ClaimStatus.RETRACTED,
            retracted_at=datetime(2019, 3, 5, 9, 30),
            retraction_reason="duplicate",
        )
        session.add(claim)
        with pytest.raises(StatementError, match="naive datetime"):
            session.flush()


def scale_levels(engine: Engine, slug: str) -> list[tuple[str, str, int, float | None, Bucket]]:
    with Session(engine) as session:
        scale = session.scalars(select(RatingScale).where(RatingScale.slug == slug)).one()
        assert scale.is_builtin
        return [
            (level.label, level.label_key, level.position, level.score, level.bucket)
            for level in scale.levels
        ]


def test_politifact_scale_is_seeded_in_order(engine: Engine) -> None:
    assert scale_levels(engine, "politifact") == [
        ("True", "true", 1, 1.0, Bucket.TRUE),
        ("Mostly True", "mostly true", 2, 0.8, Bucket.TRUE),
        ("Half True", "half true", 3, 0.6, Bucket.MIXTURE),
        ("Mostly False", "mostly false", 4, 0.4, Bucket.FALSE),
        ("False", "false", 5, 0.2, Bucket.FALSE),
        ("Pants on Fire", "pants on fire", 6, 0.0, Bucket.FALSE),
    ]


def test_pinocchios_scale_is_seeded_in_order(engine: Engine) -> None:
    assert scale_levels(engine, "pinocchios") == [
        ("Geppetto Checkmark", "geppetto checkmark", 1, 1.0, Bucket.TRUE),
        ("One Pinocchio", "one pinocchio", 2, 0.75, Bucket.TRUE),
        ("Two Pinocchios", "two pinocchios", 3, 0.5, Bucket.MIXTURE),
        ("Three Pinocchios", "three pinocchios", 4, 0.25, Bucket.FALSE),
        ("Four Pinocchios", "four pinocchios", 5, 0.0, Bucket.FALSE),
    ]


def test_basic_scale_is_seeded_in_order(engine: Engine) -> None:
    assert scale_levels(engine, "basic") == [
        ("True", "true", 1, 1.0, Bucket.TRUE),
        ("Mostly true", "mostly true", 2, 0.75, Bucket.TRUE),
        ("Misleading", "misleading", 3, 0.5, Bucket.MIXTURE),
        ("False", "false", 4, 0.0, Bucket.FALSE),
        ("Unproven", "unproven", 5, None, Bucket.OTHER),
    ]


@pytest.mark.parametrize(
    ("scale", "alias", "alias_key", "label"),
    [
        ("politifact", "barely-true", "barely true", "Mostly False"),
        ("politifact", "pants-fire", "pants fire", "Pants on Fire"),
        ("pinocchios", "Geppetto", "geppetto", "Geppetto Checkmark"),
        ("basic", "Unverified", "unverified", "Unproven"),
    ],
)
def test_seeded_alias_names_its_level(
    engine: Engine, scale: str, alias: str, alias_key: str, label: str
) -> None:
    with Session(engine) as session:
        found = session.execute(
            select(RatingLevel.label, RatingLevelAlias.alias)
            .join(RatingLevel, RatingLevel.id == RatingLevelAlias.level_id)
            .join(RatingScale)
            .where(RatingScale.slug == scale, RatingLevelAlias.alias_key == alias_key)
        ).one()
    assert tuple(found) == (label, alias)


def test_seeded_scales_are_exactly_the_three_builtin_ones(engine: Engine) -> None:
    with Session(engine) as session:
        slugs = session.scalars(select(RatingScale.slug).order_by(RatingScale.slug)).all()
        # The stored strings, not what the enum type would make of them.
        buckets = set(session.scalars(text("SELECT DISTINCT bucket FROM rating_levels")))
    assert slugs == ["basic", "pinocchios", "politifact"]
    assert buckets == {"true", "mixture", "false", "other"}
