"""Claims and what hangs off them: topics, stances, appearances, evidence and links."""

from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base, UTCDateTime
from factcheck.enums import (
    SYMMETRIC_LINK_KINDS,
    ClaimStatus,
    DatePrecision,
    EvidenceStance,
    LinkKind,
    LinkMethod,
    LinkStatus,
    Stance,
    Wording,
)
from factcheck.models.actors import Actor
from factcheck.models.base import (
    LANGUAGE_LENGTH,
    NAME_LENGTH,
    Imported,
    Timestamped,
    date_column,
    enum_check,
    enum_column,
    not_blank,
    partial_date_checks,
    precision_column,
)
from factcheck.models.sources import Source, Topic


class Claim(Timestamped, Imported, Base):
    """One statement by one speaker at one time, as a verbatim quote or a paraphrase."""

    __tablename__ = "claims"
    __table_args__ = (
        not_blank("text"),
        enum_check("wording", Wording),
        enum_check("status", ClaimStatus),
        *partial_date_checks("stated"),
        CheckConstraint("stated_time IS NULL OR stated_precision = 'day'", name="time_needs_day"),
        CheckConstraint(
            "(status = 'active' AND retracted_at IS NULL AND retraction_reason IS NULL)"
            " OR (status = 'retracted' AND retracted_at IS NOT NULL"
            " AND retraction_reason IS NOT NULL)",
            name="retraction",
        ),
    )

    text: Mapped[str] = mapped_column(Text)
    wording: Mapped[Wording] = enum_column(Wording)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    stated_on: Mapped[date | None] = date_column()
    stated_precision: Mapped[DatePrecision | None] = precision_column()
    stated_time: Mapped[time | None] = mapped_column()
    venue: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(LANGUAGE_LENGTH))
    first_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    status: Mapped[ClaimStatus] = enum_column(ClaimStatus, default=ClaimStatus.ACTIVE)
    retracted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retraction_reason: Mapped[str | None] = mapped_column(Text)

    speaker: Mapped[Actor] = relationship()
    first_source: Mapped[Source | None] = relationship()
    topics: Mapped[list[Topic]] = relationship(secondary="claim_topics", order_by=Topic.slug)


class ClaimTopic(Timestamped, Base):
    __tablename__ = "claim_topics"
    __table_args__ = (UniqueConstraint("claim_id", "topic_id"),)

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)


class Proposition(Timestamped, Imported, Base):
    """A neutral, checkable statement that claims take a side on."""

    __tablename__ = "propositions"
    __table_args__ = (not_blank("text"),)

    text: Mapped[str] = mapped_column(Text)

    topics: Mapped[list[Topic]] = relationship(secondary="proposition_topics", order_by=Topic.slug)


class PropositionTopic(Timestamped, Base):
    __tablename__ = "proposition_topics"
    __table_args__ = (UniqueConstraint("proposition_id", "topic_id"),)

    proposition_id: Mapped[int] = mapped_column(ForeignKey("propositions.id"))
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)


class ClaimStance(Timestamped, Base):
    """The side a claim takes on a proposition."""

    __tablename__ = "claim_stances"
    __table_args__ = (UniqueConstraint("claim_id", "proposition_id"), enum_check("stance", Stance))

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    proposition_id: Mapped[int] = mapped_column(ForeignKey("propositions.id"), index=True)
    stance: Mapped[Stance] = enum_column(Stance)

    claim: Mapped[Claim] = relationship()
    proposition: Mapped[Proposition] = relationship()


class Appearance(Timestamped, Imported, Base):
    """The claim said or printed again somewhere."""

    __tablename__ = "appearances"
    __table_args__ = partial_date_checks("appeared")

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    appeared_on: Mapped[date | None] = date_column()
    appeared_precision: Mapped[DatePrecision | None] = precision_column()
    # Where in the source: a line, a timestamp, a page.
    locator: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    excerpt: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship()
    source: Mapped[Source] = relationship()


class Evidence(Timestamped, Imported, Base):
    """A source excerpt that bears on a claim."""

    __tablename__ = "evidence"
    __table_args__ = (enum_check("stance", EvidenceStance),)

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id"), index=True)
    stance: Mapped[EvidenceStance] = enum_column(EvidenceStance)
    excerpt: Mapped[str | None] = mapped_column(Text)
    locator: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    note: Mapped[str | None] = mapped_column(Text)

    claim: Mapped[Claim] = relationship()
    source: Mapped[Source] = relationship()


_SYMMETRIC = ", ".join(f"'{kind.value}'" for kind in sorted(SYMMETRIC_LINK_KINDS))


class ClaimLink(Timestamped, Imported, Base):
    """A typed edge between two claims; symmetric kinds are stored with the lower id first."""

    __tablename__ = "claim_links"
    __table_args__ = (
        UniqueConstraint("claim_a_id", "claim_b_id", "kind"),
        CheckConstraint("claim_a_id <> claim_b_id", name="not_self"),
        CheckConstraint(
            f"kind NOT IN ({_SYMMETRIC}) OR claim_a_id < claim_b_id", name="symmetric_ordered"
        ),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score_range"),
        enum_check("kind", LinkKind),
        enum_check("status", LinkStatus),
        enum_check("method", LinkMethod),
    )

    claim_a_id: Mapped[int] = mapped_column(ForeignKey("claims.id"))
    claim_b_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    kind: Mapped[LinkKind] = enum_column(LinkKind)
    status: Mapped[LinkStatus] = enum_column(LinkStatus, default=LinkStatus.CONFIRMED)
    method: Mapped[LinkMethod] = enum_column(LinkMethod, default=LinkMethod.MANUAL)
    score: Mapped[float | None] = mapped_column(Float)
    # Why a rule or a similarity measure proposed the link, in one line.
    reason: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    note: Mapped[str | None] = mapped_column(Text)

    claim_a: Mapped[Claim] = relationship(foreign_keys=[claim_a_id])
    claim_b: Mapped[Claim] = relationship(foreign_keys=[claim_b_id])
