"""Claims, sources and actors put straight into a test database through the ORM, so that
tests of the records hanging off claims do not depend on the claim and source commands."""

import re
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from factcheck.enums import ClaimStatus, Wording
from factcheck.models import Actor, ChangeLogEntry, Claim, Source
from factcheck.services.lookup import normalize_url
from factcheck.services.text import normalize_key
from tests.conftest import invoke

FP_URL = "https://foreignpolicy.com/2019/03/05/silver-lining/"
FP_TITLE = "There's a Silver Lining in the Clouds Over the North Korea Negotiations"
RI_TEXT = "우리가 요구한 것은 전면적인 제재 해제가 아니라 일부 해제이다."
RI_CYRILLIC = "Рі Йон Хо"  # noqa: RUF001 - Cyrillic on purpose
ARABIC_TEXT = "طالبت كوريا الشمالية برفع جزئي للعقوبات"
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")


def masked(text: str) -> str:
    """``text`` with every UTC timestamp replaced by ``<time>``."""
    return TIMESTAMP.sub("<time>", text)


def ok(*args: str) -> str:
    """Run a command that must succeed; its stdout."""
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def _speaker(session: Session, name: str) -> Actor:
    found = session.scalar(select(Actor).where(Actor.name == name))
    if found is not None:
        return found
    actor = Actor(name=name, name_key=normalize_key(name))
    session.add(actor)
    session.flush()
    return actor


def add_claim(engine: Engine, text: str, speaker: str = "Donald Trump", **fields: Any) -> int:
    """A new quoted claim; ``retracted=True`` retracts it."""
    retracted = fields.pop("retracted", False)
    with Session(engine, info={"user": "fixture"}) as session:
        claim = Claim(
            text=text, wording=Wording.QUOTE, speaker=_speaker(session, speaker), **fields
        )
        if retracted:
            claim.status = ClaimStatus.RETRACTED
            claim.retracted_at = datetime.now(UTC)
            claim.retraction_reason = "entered twice"
        session.add(claim)
        session.commit()
        return claim.id


def add_source(engine: Engine, url: str | None = FP_URL, title: str | None = FP_TITLE) -> int:
    with Session(engine, info={"user": "fixture"}) as session:
        source = Source(url=normalize_url(url) if url else None, title=title)
        session.add(source)
        session.commit()
        return source.id


def count(engine: Engine, model: type[Any]) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def log_rows(engine: Engine, object_type: str) -> list[tuple[str, str, int, dict[str, Any]]]:
    """(user, action, object id, changes) of the change log for one table, oldest first."""
    with Session(engine) as session:
        rows = session.execute(
            select(
                ChangeLogEntry.user_name,
                ChangeLogEntry.action,
                ChangeLogEntry.object_id,
                ChangeLogEntry.changes,
            )
            .where(ChangeLogEntry.object_type == object_type)
            .order_by(ChangeLogEntry.id)
        ).all()
    return [(user, action.value, object_id, changes) for user, action, object_id, changes in rows]
