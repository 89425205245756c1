"""People and organisations, their aliases and their affiliations."""

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base
from factcheck.enums import ActorKind, DatePrecision
from factcheck.models.base import (
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


class Actor(Timestamped, Imported, Base):
    """A person or an organisation that speaks, publishes, reviews or corrects."""

    __tablename__ = "actors"
    __table_args__ = (
        enum_check("kind", ActorKind),
        not_blank("name"),
        CheckConstraint("merged_into_id IS NULL OR merged_into_id <> id", name="not_merged_self"),
    )

    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    # Case- and accent-folded name, for lookups.
    name_key: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    kind: Mapped[ActorKind] = enum_column(ActorKind, default=ActorKind.PERSON)
    description: Mapped[str | None] = mapped_column(Text)
    # A merged duplicate stays, pointing at the actor it was merged into.
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)

    aliases: Mapped[list["ActorAlias"]] = relationship(
        back_populates="actor", order_by="ActorAlias.id"
    )
    affiliations: Mapped[list["Affiliation"]] = relationship(
        back_populates="actor",
        foreign_keys="Affiliation.actor_id",
        order_by="Affiliation.id",
    )


class ActorAlias(Timestamped, Base):
    """Another name an actor goes by (``donald-trump``, ``President Trump``)."""

    __tablename__ = "actor_aliases"
    __table_args__ = (UniqueConstraint("actor_id", "alias_key"), not_blank("alias"))

    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    alias: Mapped[str] = mapped_column(String(NAME_LENGTH))
    alias_key: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)

    actor: Mapped[Actor] = relationship(back_populates="aliases")


class Affiliation(Timestamped, Base):
    """An actor's role, usually in an organisation, over a range of dates."""

    __tablename__ = "affiliations"
    __table_args__ = (
        CheckConstraint("organization_id IS NOT NULL OR role IS NOT NULL", name="role_or_org"),
        CheckConstraint("organization_id IS NULL OR organization_id <> actor_id", name="not_self"),
        CheckConstraint(
            "started_on IS NULL OR ended_on IS NULL OR ended_on >= started_on",
            name="dates_ordered",
        ),
        *partial_date_checks("started"),
        *partial_date_checks("ended"),
    )

    actor_id: Mapped[int] = mapped_column(ForeignKey("actors.id"), index=True)
    organization_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    started_on: Mapped[date | None] = date_column()
    started_precision: Mapped[DatePrecision | None] = precision_column()
    ended_on: Mapped[date | None] = date_column()
    ended_precision: Mapped[DatePrecision | None] = precision_column()

    actor: Mapped[Actor] = relationship(back_populates="affiliations", foreign_keys=[actor_id])
    organization: Mapped[Actor | None] = relationship(foreign_keys=[organization_id])
