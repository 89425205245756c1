"""A random sequence of changes through the services, each in its own transaction as a
command makes it, keeps the promises of the data after every step:

- every contradiction the report shows has two live (not retracted) sides;
- a symmetric link (contradicts, same-as) is stored once, lower claim id first;
- the latest verdict of each reviewer on a claim is the one the reports show;
- the change log has a row for every change, and none for a change that failed;
- re-importing a file, or importing an export of the database into it, changes nothing.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    multiple,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from factcheck.db import make_engine, translate_errors
from factcheck.enums import ActorKind, ClaimStatus, LinkKind, LinkStatus, Stance
from factcheck.errors import FactcheckError
from factcheck.exporters.native import export
from factcheck.importers import import_text
from factcheck.models import (
    Actor,
    ChangeLogEntry,
    Claim,
    ClaimLink,
    ClaimStance,
    Correction,
    Verdict,
)
from factcheck.reports.contradictions import contradiction_report
from factcheck.reports.dossier import claim_report
from factcheck.services import actors, corrections, links, propositions, verdicts
from factcheck.services import claims as claim_service
from tests.conftest import PostgresDatabase
from tests.helpers_fuzz import SeededDatabase, fuzz_settings

SPEAKERS = ["Speaker One", "Speaker Two"]
REVIEWERS = ["Desk One", "Desk Two"]
RATINGS = ["True", "Mostly true", "Misleading", "False", "Unproven"]
SAMPLE = """\
factcheck: 1
actors:
  - {key: sample-speaker, name: Sample Speaker}
claims:
  - key: sample-claim
    text: Something said once, imported from a file.
    speaker: sample-speaker
    said: 2020-05
"""
# The tables whose every row must have an insert in the change log.
LOGGED = {
    "claims": Claim.id,
    "claim_links": ClaimLink.id,
    "claim_stances": ClaimStance.id,
    "verdicts": Verdict.id,
    "corrections": Correction.id,
}

texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1).filter(
    str.strip
)


class Ledger(RuleBasedStateMachine):
    """Claims, links, stances, verdicts, corrections, retractions, imports and exports."""

    engine: ClassVar[Engine]
    url: ClassVar[str]
    reset: ClassVar[Callable[[], None]]

    claims = Bundle("claims")

    def __init__(self) -> None:
        super().__init__()
        type(self).reset()
        self.latest: dict[tuple[int, int], int] = {}
        self.retracted: set[int] = set()
        self.added: set[int] = set()
        self.log_rows = 0
        with self.unit() as session:
            self.speakers = [actors.add_actor(session, name=name).id for name in SPEAKERS]
            self.reviewers = [
                actors.add_actor(session, name=name, kind=ActorKind.ORGANIZATION).id
                for name in REVIEWERS
            ]
            self.proposition = propositions.add_proposition(session, text="A checkable fact").id
        self.log_rows = self.count_log()

    @contextmanager
    def unit(self) -> Iterator[Session]:
        """One command's transaction: committed when the block ends, rolled back on error."""
        with translate_errors(self.url), Session(self.engine, info={"user": "tester"}) as db:
            try:
                yield db
                db.commit()
            except BaseException:
                db.rollback()
                raise

    def count_log(self) -> int:
        with Session(self.engine) as session:
            return session.scalar(select(func.count()).select_from(ChangeLogEntry)) or 0

    def attempt(self, change: Callable[[Session], Any]) -> Any:
        """``change`` in one transaction; None if it was refused. A change adds change-log rows,
        a refused one adds none."""
        try:
            with self.unit() as session:
                result = change(session)
        except FactcheckError:
            assert self.count_log() == self.log_rows, "a failed change left change-log rows"
            return None
        rows = self.count_log()
        assert rows > self.log_rows, "a change left no change-log row"
        self.log_rows = rows
        return result

    @rule(target=claims, speaker=st.sampled_from([0, 1]), text=texts)
    def add_claim(self, speaker: int, text: str) -> Any:
        def change(session: Session) -> int:
            actor = session.get_one(Actor, self.speakers[speaker])
            return claim_service.add_claim(session, text=text, speaker=actor).id

        claim_id = self.attempt(change)
        if claim_id is None:
            return multiple()
        self.added.add(claim_id)
        return claim_id

    @rule(
        first=claims,
        second=claims,
        kind=st.sampled_from(LinkKind),
        status=st.sampled_from([LinkStatus.CONFIRMED, LinkStatus.SUGGESTED]),
    )
    def link(self, first: int, second: int, kind: LinkKind, status: LinkStatus) -> None:
        self.attempt(
            lambda session: links.add_link(
                session,
                claim_a=session.get_one(Claim, first),
                claim_b=session.get_one(Claim, second),
                kind=kind,
                status=status,
            )
        )

    @rule(claim=claims, stance=st.sampled_from(Stance), replace=st.booleans())
    def take_stance(self, claim: int, stance: Stance, replace: bool) -> None:
        self.attempt(
            lambda session: propositions.set_stance(
                session,
                session.get_one(Claim, claim),
                propositions.get_proposition(session, self.proposition),
                stance,
                replace=replace,
            )
        )

    @rule(claim=claims, reviewer=st.sampled_from([0, 1]), rating=st.sampled_from(RATINGS))
    def verdict(self, claim: int, reviewer: int, rating: str) -> None:
        def change(session: Session) -> int:
            actor = session.get_one(Actor, self.reviewers[reviewer])
            level = verdicts.resolve_rating(session, actor, rating, scale="basic")
            target = session.get_one(Claim, claim)
            return verdicts.add_verdict(session, claim=target, reviewer=actor, level=level).id

        verdict_id = self.attempt(change)
        if verdict_id is not None:
            self.latest[claim, self.reviewers[reviewer]] = verdict_id

    @rule(claim=claims, issuer=st.sampled_from([0, 1]), text=texts)
    def correct(self, claim: int, issuer: int, text: str) -> None:
        def change(session: Session) -> int:
            actor = session.get_one(Actor, self.reviewers[issuer])
            target = session.get_one(Claim, claim)
            return corrections.add_correction(session, target=target, issued_by=actor, text=text).id

        self.attempt(change)

    @rule(claim=claims, text=texts)
    def edit(self, claim: int, text: str) -> None:
        self.attempt(
            lambda session: claim_service.edit_claim(
                session, session.get_one(Claim, claim), text=text
            )
        )

    @rule(claim=claims, reason=texts)
    def retract(self, claim: int, reason: str) -> None:
        retracted = self.attempt(
            lambda session: (
                claim_service.retract_claim(
                    session, session.get_one(Claim, claim), reason=reason
                ).id
            )
        )
        if retracted is not None:
            self.retracted.add(claim)

    @rule()
    def import_sample(self) -> None:
        """The first import writes; the same file again changes nothing."""
        with self.unit() as session:
            summary = import_text(session, "sample.yaml", SAMPLE)
        rows = self.count_log()
        assert (rows > self.log_rows) == summary.changed, summary.lines()
        self.log_rows = rows
        with self.unit() as session:
            assert not import_text(session, "sample.yaml", SAMPLE).changed
        assert self.count_log() == self.log_rows

    @rule()
    def export_and_reimport(self) -> None:
        """The database's own export, imported into it twice: the first time adds the rows
        entered at the terminal again, under the keys the export gave them (as
        docs/native-format.md says); the second time changes nothing."""
        pieces: list[str] = []
        with self.unit() as session:
            export(session, pieces.append)
        for attempt in range(2):
            with self.unit() as session:
                summary = import_text(session, "export.yaml", "".join(pieces))
            rows = self.count_log()
            assert (rows > self.log_rows) == summary.changed, summary.lines()
            assert attempt == 0 or not summary.changed, summary.lines()
            self.log_rows = rows

    @invariant()
    def contradictions_have_two_live_sides(self) -> None:
        with Session(self.engine) as session:
            for include_suggested in (False, True):
                report = contradiction_report(session, include_suggested=include_suggested)
                for group in report["groups"]:
                    for item in group["contradictions"]:
                        sides = item["sides"]
                        assert len(sides) == 2 and sides[0]["id"] != sides[1]["id"]
                        for side in sides:
                            assert side["status"] == ClaimStatus.ACTIVE.value
                            assert side["id"] not in self.retracted

    @invariant()
    def symmetric_links_are_stored_once(self) -> None:
        with Session(self.engine) as session:
            seen: set[tuple[int, int, LinkKind]] = set()
            for link in session.scalars(select(ClaimLink)):
                pair = (link.claim_a_id, link.claim_b_id)
                if link.kind.is_symmetric:
                    assert pair[0] < pair[1], f"link #{link.id} is stored higher id first"
                    pair = (min(pair), max(pair))
                assert (*pair, link.kind) not in seen, f"link #{link.id} is stored twice"
                seen.add((*pair, link.kind))

    @invariant()
    def reports_show_the_latest_verdicts(self) -> None:
        with Session(self.engine) as session:
            by_claim: dict[int, set[int]] = {}
            for (claim_id, _reviewer), verdict_id in self.latest.items():
                by_claim.setdefault(claim_id, set()).add(verdict_id)
            for claim_id, expected in by_claim.items():
                report = claim_report(session, session.get_one(Claim, claim_id))
                shown = {verdict["id"] for verdict in report["claim"]["verdicts"]}
                assert shown == expected, (claim_id, shown, expected)
            report = contradiction_report(session, include_suggested=True)
            for group in report["groups"]:
                for item in group["contradictions"]:
                    for side in item["sides"]:
                        if side["id"] not in self.added:
                            continue  # a copy an import made
                        shown = {verdict["id"] for verdict in side["verdicts"]}
                        assert shown == by_claim.get(side["id"], set()), side["id"]

    @invariant()
    def every_row_has_its_insert_logged(self) -> None:
        with Session(self.engine) as session:
            for table, id_column in LOGGED.items():
                ids = set(session.scalars(select(id_column)))
                logged = set(
                    session.scalars(
                        select(ChangeLogEntry.object_id).where(
                            ChangeLogEntry.object_type == table, ChangeLogEntry.action == "insert"
                        )
                    )
                )
                assert ids <= logged, (table, ids - logged)


@pytest.fixture
def ledger_database(
    postgres_database: PostgresDatabase | None, sqlite_template: Path, tmp_path: Path
) -> Iterator[SeededDatabase]:
    """An empty migrated database (the built-in scales only), put back before each run."""
    if postgres_database is not None:
        postgres_database.reset()
        yield SeededDatabase(postgres_database.url, postgres=postgres_database)
        return
    yield SeededDatabase(f"sqlite:///{tmp_path / 'ledger.db'}", template=sqlite_template)


def test_changes_keep_the_promises_of_the_data(ledger_database: SeededDatabase) -> None:
    engine = make_engine(ledger_database.url)

    def reset() -> None:
        engine.dispose()
        ledger_database.reset()

    Ledger.engine, Ledger.url, Ledger.reset = engine, ledger_database.url, staticmethod(reset)
    try:
        run_state_machine_as_test(
            Ledger, settings=settings(fuzz_settings(10), stateful_step_count=15)
        )
    finally:
        engine.dispose()
