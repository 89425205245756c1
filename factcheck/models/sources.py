"""Documents that claims, evidence and verdicts come from; topics that tag claims."""

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from factcheck.db import Base
from factcheck.enums import DatePrecision, SourceKind
from factcheck.models.actors import Actor
from factcheck.models.base import (
    LANGUAGE_LENGTH,
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


class Source(Timestamped, Imported, Base):
    """A document: article, transcript, video, press release, official record, post, dataset."""

    __tablename__ = "sources"
    __table_args__ = (
        enum_check("kind", SourceKind),
        CheckConstraint("url IS NOT NULL OR title IS NOT NULL", name="url_or_title"),
        *partial_date_checks("published"),
    )

    kind: Mapped[SourceKind] = enum_column(SourceKind, default=SourceKind.ARTICLE)
    title: Mapped[str | None] = mapped_column(Text)
    # Normalised by the services before it is stored; unique when present.
    url: Mapped[str | None] = mapped_column(String(URL_LENGTH), unique=True)
    archive_url: Mapped[str | None] = mapped_column(String(URL_LENGTH))
    publisher_id: Mapped[int | None] = mapped_column(ForeignKey("actors.id"), index=True)
    published_on: Mapped[date | None] = date_column()
    published_precision: Mapped[DatePrecision | None] = precision_column()
    content_hash: Mapped[str | None] = mapped_column(String(128))
    licence: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    language: Mapped[str | None] = mapped_column(String(LANGUAGE_LENGTH))

    publisher: Mapped[Actor | None] = relationship()


class Topic(Timestamped, Base):
    """A tag on claims and propositions."""

    __tablename__ = "topics"
    __table_args__ = (not_blank("name"), not_blank("slug"))

    name: Mapped[str] = mapped_column(String(NAME_LENGTH))
    slug: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
