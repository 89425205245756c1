"""The ``claims`` section (with each claim's topics, stances, appearances and evidence) and
the ``links`` section."""

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from functools import partial

from sqlalchemy import Connection, bindparam, select, text

from factcheck.enums import (
    ChangeAction,
    ClaimStatus,
    EvidenceStance,
    LinkKind,
    LinkMethod,
    LinkStatus,
    Stance,
    Wording,
)
from factcheck.errors import Conflict
from factcheck.importers.bulk import BATCH_SIZE, Change, table_of
from factcheck.importers.native import Context, Parsed, scratch_table
from factcheck.importers.native_sources import log_topics, topic_ids, topic_slugs, write_topics
from factcheck.importers.records import Record
from factcheck.models import Appearance, Claim, ClaimLink, ClaimStance, ClaimTopic, Evidence
from factcheck.services.text import MAX_NAME_LENGTH, clean_language

CLAIM_FIELDS = (
    "key",
    "text",
    "wording",
    "speaker",
    "said",
    "venue",
    "language",
    "source",
    "topics",
    "stances",
    "status",
    "retraction",
    "appearances",
    "evidence",
)
STANCE_FIELDS = ("proposition", "stance")
RETRACTION_FIELDS = ("at", "reason")
APPEARANCE_FIELDS = ("key", "source", "date", "locator", "excerpt")
EVIDENCE_FIELDS = ("key", "source", "stance", "excerpt", "locator", "note")
LINK_FIELDS = ("key", "from", "to", "kind", "status", "method", "score", "reason", "note")

CLAIMS = table_of(Claim)
CLAIM_TOPICS = table_of(ClaimTopic)
STANCES = table_of(ClaimStance)
APPEARANCES = table_of(Appearance)
EVIDENCE = table_of(Evidence)
LINKS = table_of(ClaimLink)

AT_FORMS = "use ISO 8601 with a UTC offset, e.g. 2019-03-04T10:00:00Z"


def import_claims(context: Context) -> None:
    for batch in context.records("claims"):
        parsed = [_parse_claim(record) for record in batch]
        appearances = [child for item in parsed for child in item.extra["appearances"]]
        evidence = [child for item in parsed for child in item.extra["evidence"]]
        context.resolve([*parsed, *appearances, *evidence])
        context.keys["propositions"].fetch(
            context, [key for item in parsed for _record, key, _stance in item.extra["stances"]]
        )
        topics = topic_ids(context, parsed)
        before = partial(_before_writing, context, topics)
        changes = context.write(CLAIMS, "claims", parsed, before=before)
        write_topics(context, CLAIM_TOPICS, "claim_id", changes, topics)
        _write_stances(context, parsed, changes)
        context.count("claims", changes)
        ids = {change.key: change.row_id for change in changes}
        for item in parsed:
            for child in (*item.extra["appearances"], *item.extra["evidence"]):
                child.values["claim_id"] = ids[item.key]
        context.count("appearances", context.write(APPEARANCES, "appearances", appearances))
        context.count("evidence", context.write(EVIDENCE, "evidence", evidence))
        context.writer.flush_log()


def _before_writing(context: Context, topics: dict[str, list[int]], changes: list[Change]) -> None:
    """What the change log says of the claims: their topics, and a retraction as one."""
    log_topics(context, CLAIM_TOPICS, "claim_id", changes, topics)
    for change in changes:
        status = change.changes.get("status")
        if status and status[1] == ClaimStatus.RETRACTED.value:
            change.action = ChangeAction.RETRACT


def _parse_claim(record: Record) -> Parsed:
    record.only(CLAIM_FIELDS)
    key = record.key()
    said = record.date("said", allow_time=True)
    status = record.choice("status", ClaimStatus, ClaimStatus.ACTIVE)
    retracted_at, reason = _retraction(record, status)
    values = {
        "text": record.required_text("text"),
        "wording": record.choice("wording", Wording, Wording.PARAPHRASE),
        "stated_on": said.value if said else None,
        "stated_precision": said.precision if said else None,
        "stated_time": said.clock if said else None,
        "venue": record.text("venue"),
        "language": record.check("language", clean_language, record.string("language")),
        "status": status,
        "retracted_at": retracted_at,
        "retraction_reason": reason,
    }
    refs = {
        "speaker_id": ("speaker", "actors", record.reference("speaker", required=True)),
        "first_source_id": ("source", "sources", record.reference("source")),
    }
    extra = {
        "topics": topic_slugs(record),
        "stances": _stances(record),
        "appearances": [_appearance(child) for child in record.children("appearances")],
        "evidence": [_evidence(child) for child in record.children("evidence")],
    }
    return Parsed(record, key, values, refs, extra)


def _retraction(record: Record, status: ClaimStatus) -> tuple[datetime | None, str | None]:
    retraction = record.mapping("retraction")
    if status is ClaimStatus.ACTIVE:
        if retraction is not None:
            record.fail("retraction", "an active claim has no retraction", "give status: retracted")
        return None, None
    if retraction is None:
        record.fail(
            "retraction",
            "a retracted claim needs its retraction",
            "give retraction: {at: 2019-03-04T10:00:00Z, reason: ...}",
        )
    retraction.only(RETRACTION_FIELDS)
    text = retraction.string("at")
    if text is None:
        retraction.fail("at", "at is missing", AT_FORMS)
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        retraction.fail("at", f"at {text!r} is not a date and time", AT_FORMS)
    if moment.tzinfo is None:
        retraction.fail("at", f"at {text!r} has no UTC offset", AT_FORMS)
    return moment.astimezone(UTC), retraction.required_text("reason")


def _stances(record: Record) -> list[tuple[Record, str, Stance]]:
    stances = []
    seen: set[str] = set()
    for child in record.children("stances", key="proposition"):
        child.only(STANCE_FIELDS)
        proposition = child.reference("proposition", required=True)
        assert proposition is not None
        if proposition in seen:
            child.fail(
                "proposition",
                f"the claim already takes a stance on {proposition!r}",
                "a claim takes one stance on a proposition",
                error_class=Conflict,
            )
        seen.add(proposition)
        stances.append((child, proposition, child.choice("stance", Stance)))
    return stances


def _appearance(record: Record) -> Parsed:
    record.only(APPEARANCE_FIELDS)
    appeared = record.date("date")
    values = {
        "appeared_on": appeared.value if appeared else None,
        "appeared_precision": appeared.precision if appeared else None,
        "locator": record.name("locator"),
        "excerpt": record.text("excerpt"),
    }
    refs = {"source_id": ("source", "sources", record.reference("source", required=True))}
    return Parsed(record, record.key(), values, refs)


def _evidence(record: Record) -> Parsed:
    record.only(EVIDENCE_FIELDS)
    values = {
        "stance": record.choice("stance", EvidenceStance),
        "excerpt": record.text("excerpt"),
        "locator": record.name("locator"),
        "note": record.text("note"),
    }
    refs = {"source_id": ("source", "sources", record.reference("source", required=True))}
    return Parsed(record, record.key(), values, refs)


def _write_stances(context: Context, parsed: Sequence[Parsed], changes: Sequence[Change]) -> None:
    """Each claim's stances become those of the file; a changed stance is an update."""
    index = context.keys["propositions"]
    wanted = {
        change.row_id: [
            {"proposition_id": index.resolve(record, "proposition", key), "stance": stance}
            for record, key, stance in item.extra["stances"]
        ]
        for item, change in zip(parsed, changes, strict=True)
        if item.extra["stances"] or not change.is_new
    }
    new = {change.row_id for change in changes if change.is_new}
    altered = context.writer.mirror(STANCES, "claim_id", wanted, ("proposition_id",), created=new)
    for change in changes:
        if change.id in altered:
            change.touched = True


# The claims a link links, lower id first for a symmetric kind, and its kind.
Triple = tuple[int, int, LinkKind]


class SeenLinks:
    """The links the file gave so far, by their claims and kind, to find the same link given
    twice: kept in a temporary table of the import's connection rather than in memory, as a
    long file holds many."""

    TABLE = "factcheck_import_links"

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        scratch_table(
            connection,
            self.TABLE,
            "claim_a_id INTEGER NOT NULL, claim_b_id INTEGER NOT NULL, kind VARCHAR(20) NOT NULL,"
            " import_key VARCHAR(200) NOT NULL, PRIMARY KEY (claim_a_id, claim_b_id, kind)",
        )
        self.find = text(
            f"SELECT claim_a_id, claim_b_id, kind, import_key FROM {self.TABLE}"
            " WHERE claim_a_id IN :firsts"
        ).bindparams(bindparam("firsts", expanding=True))
        self.insert = text(
            f"INSERT INTO {self.TABLE} (claim_a_id, claim_b_id, kind, import_key)"
            " VALUES (:first, :second, :kind, :key)"
        )

    def taken(self, triples: Iterable[Triple]) -> dict[Triple, str]:
        """Of ``triples``, those of links given before, with their keys."""
        wanted = set(triples)
        firsts = sorted({first for first, _second, _kind in wanted})
        found: dict[Triple, str] = {}
        for start in range(0, len(firsts), BATCH_SIZE):
            rows = self.connection.execute(
                self.find, {"firsts": firsts[start : start + BATCH_SIZE]}
            )
            for first, second, kind, key in rows:
                triple = (first, second, LinkKind(kind))
                if triple in wanted:
                    found[triple] = key
        return found

    def note(self, links: dict[Triple, str]) -> None:
        rows = [
            {"first": first, "second": second, "kind": kind.value, "key": key}
            for (first, second, kind), key in links.items()
        ]
        if rows:
            self.connection.execute(self.insert, rows)


def import_links(context: Context) -> None:
    seen: SeenLinks | None = context.memo.get("links.seen")
    if seen is None:
        seen = context.memo["links.seen"] = SeenLinks(context.writer.connection)
    for batch in context.records("links"):
        parsed = [_parse_link(record) for record in batch]
        context.resolve(parsed)
        taken = seen.taken(_ordered(item) for item in parsed)
        new: dict[Triple, str] = {}
        for item in parsed:
            _check_link(item, taken, new)
        seen.note(new)
        _check_links_free(context, parsed)
        context.count("links", context.write(LINKS, "links", parsed))
        context.writer.flush_log()


def _parse_link(record: Record) -> Parsed:
    record.only(LINK_FIELDS)
    values = {
        "kind": record.choice("kind", LinkKind),
        "status": record.choice("status", LinkStatus, LinkStatus.CONFIRMED),
        "method": record.choice("method", LinkMethod, LinkMethod.MANUAL),
        "score": record.score("score"),
        "reason": record.text("reason", limit=MAX_NAME_LENGTH),
        "note": record.text("note"),
    }
    refs = {
        "claim_a_id": ("from", "claims", record.reference("from", required=True)),
        "claim_b_id": ("to", "claims", record.reference("to", required=True)),
    }
    return Parsed(record, record.key(), values, refs)


def _ordered(item: Parsed) -> Triple:
    """Symmetric kinds are stored lower claim id first: the link's claims so, and its kind."""
    first, second = item.values["claim_a_id"], item.values["claim_b_id"]
    kind = item.values["kind"]
    if kind.is_symmetric and second < first:
        first, second = second, first
    item.values["claim_a_id"], item.values["claim_b_id"] = first, second
    return first, second, kind


def _check_link(item: Parsed, taken: dict[Triple, str], new: dict[Triple, str]) -> None:
    """An error for a link of a claim to itself, or a link given twice (``taken`` by an
    earlier piece of the file, or ``new`` in this one); else it is noted in ``new``."""
    triple = (item.values["claim_a_id"], item.values["claim_b_id"], item.values["kind"])
    if triple[0] == triple[1]:
        item.record.fail("to", "a claim cannot be linked to itself", error_class=Conflict)
    other = taken.get(triple) or new.setdefault(triple, item.key)
    if other != item.key:
        item.record.fail(
            None,
            f"link {other!r} already links these claims this way",
            "keep one",
            error_class=Conflict,
        )


def _check_links_free(context: Context, parsed: Sequence[Parsed]) -> None:
    """An error when a link the file does not hold already records a link of the batch."""
    wanted = {
        (item.values["claim_a_id"], item.values["claim_b_id"], item.values["kind"]): item
        for item in parsed
    }
    firsts = sorted({first for first, _second, _kind in wanted})
    query = select(
        LINKS.c.id, LINKS.c.import_key, LINKS.c.claim_a_id, LINKS.c.claim_b_id, LINKS.c.kind
    )
    defined = context.keys["links"].defined
    for row in context.writer.connection.execute(query.where(LINKS.c.claim_a_id.in_(firsts))):
        item = wanted.get((row.claim_a_id, row.claim_b_id, row.kind))
        if item is None or row.import_key == item.key:
            continue
        if row.import_key is None or row.import_key not in defined:
            item.record.fail(
                None,
                f"link #{row.id} already links these claims this way",
                f"see: factcheck link show {row.id}",
                error_class=Conflict,
            )
