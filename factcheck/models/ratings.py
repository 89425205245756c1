"""Verdict vocabularies as data, the verdicts given with them, and corrections."""

from datetime import date

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base
from factcheck.enums import Bucket, CorrectionKind, DatePrecision
from factcheck.models.actors import Actor
from factcheck.models.base import (
    NAME_LENGTH,
    URL_LENGTH,
    Imported,
    Timestamped,
    date_column,
    enum_check,
    enum_column,
    not_blank,
    partial_date_checks,
    precision_column,
)
from factcheck.models.claims import Claim
from factcheck.models.sources import Source


class RatingScale(Timestamped, Base):
    """A verdict vocabulary: PolitiFact's Truth-O-Meter, the Pinocchios, a plain scale."""

    __tablename__ = "rating_scales"
    __table_args__ = (not_blank("slug"), not_blank("name"))

    slug: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    description: Mapped[str | None] = mapped_column(Text)
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    is_builtin: Mapped[bool] = mapped_column(Boolean, default=False)

    levels: Mapped[list["RatingLevel"]] = relationship(
        back_populates="scale", order_by="RatingLevel.position"
    )
    publisher: Mapped[Actor | None] = relationship()


class RatingLevel(Timestamped, Base):
    """One rating of a scale; position 1 is the most accurate, score 1.0 fully true."""

    __tablename__ = "rating_levels"
    __table_args__ = (
        UniqueConstraint("scale_id", "label_key"),
        UniqueConstraint("scale_id", "position"),
        # The target of the verdicts' (scale_id, level_id) foreign key.
        UniqueConstraint("scale_id", "id"),
        CheckConstraint("position >= 1", name="position_positive"),
        CheckConstraint("score IS NULL OR (score >= 0 AND score <= 1)", name="score_range"),
        enum_check("bucket", Bucket),
        not_blank("label"),
    )

    scale_id: Mapped[int] = mapped_column(ForeignKey("rating_scales.id"))
    label: Mapped[str] = mapped_column(String(NAME_LENGTH))
    label_key: Mapped[str] = mapped_column(String(NAME_LENGTH))
    position: Mapped[int] = mapped_column()
    score: Mapped[float | None] = mapped_column(Float)
    bucket: Mapped[Bucket] = enum_column(Bucket)

    scale: Mapped[RatingScale] = relationship(back_populates="levels")
    aliases: Mapped[list["RatingLevelAlias"]] = relationship(order_by="RatingLevelAlias.id")


class RatingLevelAlias(Timestamped, Base):
    """Another spelling of a level (``barely-true`` for Mostly False)."""

    __tablename__ = "rating_level_aliases"
    __table_args__ = (UniqueConstraint("level_id", "alias_key"), not_blank("alias"))

    level_id: Mapped[int] = mapped_column(ForeignKey("rating_levels.id"))
    alias: Mapped[str] = mapped_column(String(NAME_LENGTH))
    alias_key: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)


class Verdict(Timestamped, Imported, Base):
    """A reviewer's rating of a claim; a revision is a new row that supersedes the old one."""

    __tablename__ = "verdicts"
    __table_args__ = (
        # The level must belong to the verdict's scale.
        ForeignKeyConstraint(
            ["scale_id", "level_id"],
            ["rating_levels.scale_id", "rating_levels.id"],
            name="fk_verdicts_level_in_scale",
        ),
        CheckConstraint("supersedes_id IS NULL OR supersedes_id <> id", name="not_self"),
        *partial_date_checks("reviewed"),
    )

    claim_id: Mapped[int] = mapped_column(ForeignKey("claims.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    scale_id: Mapped[int] = mapped_column(ForeignKey("rating_scales.id"))
    level_id: Mapped[int] = mapped_column(index=True)
    explanation: Mapped[str | None] = mapped_column(Text)
    review_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    review_source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)
    reviewed_on: Mapped[date | None] = date_column()
    reviewed_precision: Mapped[DatePrecision | None] = precision_column()
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id"), unique=True)

    claim: Mapped[Claim] = relationship()
    reviewer: Mapped[Actor] = relationship()
    scale: Mapped[RatingScale] = relationship(foreign_keys=[scale_id])
    level: Mapped[RatingLevel] = relationship(
        primaryjoin="Verdict.level_id == RatingLevel.id", foreign_keys=[level_id]
    )
    review_source: Mapped[Source | None] = relationship()


class Correction(Timestamped, Imported, Base):
    """A later statement that corrects a claim or a verdict."""

    __tablename__ = "corrections"
    __table_args__ = (
        CheckConstraint("(claim_id IS NULL) <> (verdict_id IS NULL)", name="one_target"),
        enum_check("kind", CorrectionKind),
        not_blank("text"),
        *partial_date_checks("issued"),
    )

    claim_id: Mapped[int | None] = mapped_column(ForeignKey("claims.id"), index=True)
    verdict_id: Mapped[int | None] = mapped_column(ForeignKey("verdicts.id"), index=True)
    kind: Mapped[CorrectionKind] = enum_column(CorrectionKind)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    issued_on: Mapped[date | None] = date_column()
    issued_precision: Mapped[DatePrecision | None] = precision_column()
    text: Mapped[str] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("sources.id"), index=True)

    claim: Mapped[Claim | None] = relationship()
    verdict: Mapped[Verdict | None] = relationship()
    issued_by: Mapped[Actor] = relationship()
    source: Mapped[Source | None] = relationship()
