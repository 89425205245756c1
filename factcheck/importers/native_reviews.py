"""The ``scales``, ``verdicts`` and ``corrections`` sections.

Scales are named by slug, not keyed: the built-in ones (``factcheck scale list``) are referred
to and never defined. A verdict supersedes one listed before it (the file lists verdicts
oldest first) or one already in the database, on the same claim.
"""

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import RowMapping, Table, select

from factcheck.changes import log_value
from factcheck.enums import Bucket, ChangeAction, CorrectionKind
from factcheck.errors import Conflict
from factcheck.importers.bulk import table_of
from factcheck.importers.native import Context, Parsed
from factcheck.importers.records import Record
from factcheck.models import Correction, RatingLevel, RatingLevelAlias, RatingScale, Verdict
from factcheck.services.actors import clean_alias
from factcheck.services.lookup import normalize_url
from factcheck.services.ratings import find_level, get_scale
from factcheck.services.text import normalize_key, slugify

SCALE_FIELDS = ("slug", "name", "description", "publisher", "levels")
LEVEL_FIELDS = ("label", "score", "bucket", "aliases")
VERDICT_FIELDS = (
    "key",
    "claim",
    "reviewer",
    "scale",
    "rating",
    "explanation",
    "url",
    "date",
    "source",
    "supersedes",
)
CORRECTION_FIELDS = ("key", "claim", "verdict", "kind", "by", "date", "text", "source")

SCALES = table_of(RatingScale)
LEVELS = table_of(RatingLevel)
LEVEL_ALIASES = table_of(RatingLevelAlias)
VERDICTS = table_of(Verdict)
CORRECTIONS = table_of(Correction)

# Levels that move are parked this far up first, so that no two share a position meanwhile.
_PARKED = 1_000_000

Level = tuple[Record, dict[str, Any], list[dict[str, Any]]]


def import_scales(context: Context) -> None:
    """Custom scales, matched by slug; their levels by label. Scales are few: one statement
    a scale is plenty."""
    parsed = [
        _parse_scale(record) for batch in context.records("scales", key="slug") for record in batch
    ]
    slugs = [item.key for item in parsed]
    for position, item in enumerate(parsed):
        if item.key in slugs[:position]:
            item.record.fail(
                "slug",
                f"slug {item.key!r} is also used by scales[{slugs.index(item.key)}]",
                error_class=Conflict,
            )
    context.resolve(parsed)
    query = select(SCALES).where(SCALES.c.slug.in_(slugs))
    found = {row["slug"]: row for row in context.writer.connection.execute(query).mappings()}
    for item in parsed:
        old = found.get(item.key)
        if old is not None and old["is_builtin"]:
            item.record.fail(
                "slug",
                f"scale {item.key!r} is built in",
                "refer to it by its slug without defining it",
                error_class=Conflict,
            )
        if old is None:
            (scale_id,) = context.writer.insert_rows(SCALES, [{**item.values, "is_builtin": False}])
            status = "created"
        else:
            scale_id = old["id"]
            status = "updated" if _update(context, SCALES, old, item.values) else "unchanged"
        if _write_levels(context, item.record, scale_id, item.extra["levels"]):
            status = "updated" if status == "unchanged" else status
        context.summary["scales"].add(status)


def _parse_scale(record: Record) -> Parsed:
    record.only(SCALE_FIELDS)
    slug = record.key("slug")
    if slugify(slug) != slug:
        record.fail("slug", f"slug {slug!r} is not a slug", f"use {slugify(slug)!r}")
    values = {
        "slug": slug,
        "name": record.required_name("name"),
        "description": record.text("description"),
    }
    refs = {"publisher_id": ("publisher", "actors", record.reference("publisher"))}
    return Parsed(record, slug, values, refs, {"levels": _parse_levels(record)})


def _parse_levels(record: Record) -> list[Level]:
    children = record.children("levels", key="label")
    if not children:
        record.fail("levels", "a scale needs at least one level", "list its levels, best first")
    levels = []
    labels: set[str] = set()
    for position, level in enumerate(children, 1):
        level.only(LEVEL_FIELDS)
        label = level.required_name("label")
        label_key = normalize_key(label)
        if not label_key:
            level.fail("label", f"label {label!r} has no letters or digits")
        if label_key in labels:
            level.fail("label", f"label {label!r} is given twice", error_class=Conflict)
        labels.add(label_key)
        values = {
            "label": label,
            "label_key": label_key,
            "position": position,
            "score": level.score("score"),
            "bucket": level.choice("bucket", Bucket),
        }
        aliases: dict[str, str] = {}
        for text in level.strings("aliases"):
            alias, alias_key = level.check("aliases", clean_alias, text)
            if alias_key in aliases:
                level.fail("aliases", f"alias {alias!r} is given twice", error_class=Conflict)
            aliases[alias_key] = alias
        wanted = [{"alias": alias, "alias_key": key} for key, alias in aliases.items()]
        levels.append((level, values, wanted))
    return levels


def _update(
    context: Context, table: Table, old: RowMapping | Mapping[str, Any], values: Mapping[str, Any]
) -> bool:
    """Set the ``values`` that differ on the row ``old``, and log them; whether any did."""
    changes = {
        name: [log_value(old[name]), log_value(value)]
        for name, value in values.items()
        if old[name] != value
    }
    if changes:
        context.writer.update_rows(table, [(old["id"], values)], list(values))
        context.writer.log(table, old["id"], ChangeAction.UPDATE, changes)
    return bool(changes)


def _write_levels(context: Context, record: Record, scale_id: int, levels: Sequence[Level]) -> bool:
    """Make the scale's levels those of the file; whether anything changed. A level of the
    database that the file leaves out is an error: verdicts may rate with it."""
    writer = context.writer
    query = select(LEVELS).where(LEVELS.c.scale_id == scale_id)
    current = {row["label_key"]: row for row in writer.connection.execute(query).mappings()}
    listed = {values["label_key"] for _level, values, _aliases in levels}
    for label_key, row in current.items():
        if label_key not in listed:
            record.fail(
                "levels",
                f"level {row['label']!r} is missing",
                "a level cannot be removed: list every level of the scale",
                error_class=Conflict,
            )
    kept = [
        (current[values["label_key"]], values)
        for _level, values, _aliases in levels
        if values["label_key"] in current
    ]
    moved = [(old, values) for old, values in kept if old["position"] != values["position"]]
    if moved:
        parked = [(old["id"], {"position": old["position"] + _PARKED}) for old, _v in moved]
        writer.update_rows(LEVELS, parked, ["position"])
    changed = False
    for old, values in kept:
        changed = _update(context, LEVELS, old, {**values, "scale_id": scale_id}) or changed
    new = [
        {**values, "scale_id": scale_id}
        for _level, values, _aliases in levels
        if values["label_key"] not in current
    ]
    new_ids = iter(writer.insert_rows(LEVELS, new))
    aliases: dict[int, list[dict[str, Any]]] = {}
    for _level, values, wanted in levels:
        existing = current.get(values["label_key"])
        aliases[existing["id"] if existing is not None else next(new_ids)] = wanted
    altered = writer.mirror(LEVEL_ALIASES, "level_id", aliases, ("alias",))
    return changed or bool(new) or bool(altered)


def import_verdicts(context: Context) -> None:
    # Scales are read through the ORM, once for the pieces of a file (its scales come before
    # its verdicts): rows this import wrote must not come from the ORM's cache.
    scales: dict[str, RatingScale] | None = context.memo.get("verdicts.scales")
    if scales is None:
        context.session.expire_all()
        scales = context.memo["verdicts.scales"] = {}
    superseded: dict[int, str] = context.memo.setdefault("verdicts.superseded", {})
    for batch in context.records("verdicts"):
        parsed = [_parse_verdict(context, record, scales) for record in batch]
        context.resolve(parsed)
        context.keys["verdicts"].fetch(
            context, [key for item in parsed if (key := item.extra["supersedes"])]
        )
        taken = _superseded_in_database(context, parsed)
        # Verdicts are written in runs that hold no revision of a verdict of the same run,
        # so that what a revision supersedes has its id.
        run: list[Parsed] = []
        in_run: set[str] = set()
        for item in parsed:
            position = int(item.record.path[1])
            earlier = item.extra["supersedes"]
            if earlier in in_run:
                context.count("verdicts", context.write(VERDICTS, "verdicts", run))
                run, in_run = [], set()
            item.values["supersedes_id"] = _supersedes(context, item, position, earlier)
            _claim_superseded(item, superseded, taken)
            run.append(item)
            in_run.add(item.key)
        context.count("verdicts", context.write(VERDICTS, "verdicts", run))
        context.writer.flush_log()


def _parse_verdict(context: Context, record: Record, scales: dict[str, RatingScale]) -> Parsed:
    record.only(VERDICT_FIELDS)
    key = record.key()
    scale_name = record.required_name("scale")
    if scale_name not in scales:
        scales[scale_name] = record.check("scale", get_scale, context.session, scale_name)
    scale = scales[scale_name]
    # PolitiFact's True and False read as booleans when left unquoted; they mean the labels.
    rating = record.raw("rating")
    label = str(rating) if isinstance(rating, bool) else record.required_name("rating")
    # Few distinct ratings among many verdicts: each is looked up once.
    levels: dict[tuple[int, str], int] = context.memo.setdefault("verdicts.levels", {})
    level_id = levels.get((scale.id, label))
    if level_id is None:
        level_id = levels[scale.id, label] = record.check("rating", find_level, scale, label).id
    url = record.string("url")
    reviewed = record.date("date")
    values: dict[str, Any] = {
        "scale_id": scale.id,
        "level_id": level_id,
        "explanation": record.text("explanation"),
        "review_url": record.check("url", normalize_url, url, field="url") if url else None,
        "reviewed_on": reviewed.value if reviewed else None,
        "reviewed_precision": reviewed.precision if reviewed else None,
    }
    supersedes = record.reference("supersedes")
    if supersedes == key:
        record.fail("supersedes", "a verdict cannot supersede itself")
    refs = {
        "claim_id": ("claim", "claims", record.reference("claim", required=True)),
        "reviewer_id": ("reviewer", "actors", record.reference("reviewer", required=True)),
        "review_source_id": ("source", "sources", record.reference("source")),
    }
    return Parsed(record, key, values, refs, {"supersedes": supersedes})


def _supersedes(context: Context, item: Parsed, position: int, earlier: str | None) -> int | None:
    """The id of the verdict ``item`` supersedes: one before it in the file, or in the
    database, on the same claim."""
    if earlier is None:
        return None
    index = context.keys["verdicts"]
    defined = index.defined.get(earlier)
    if defined is not None and defined > position:
        item.record.fail(
            "supersedes",
            f"supersedes {earlier!r}, which comes later in the file",
            "list verdicts oldest first",
        )
    target = index.resolve(item.record, "supersedes", earlier)
    if index.also.get(target) != item.values["claim_id"]:
        item.record.fail(
            "supersedes",
            f"supersedes {earlier!r}, a verdict on another claim",
            "a revision rates the same claim",
        )
    return target


def _superseded_in_database(context: Context, parsed: Sequence[Parsed]) -> dict[int, str]:
    """The verdicts of the database, left alone by this file, that already supersede a
    verdict a record of the batch supersedes: superseded id -> how to name the successor."""
    index = context.keys["verdicts"]
    targets = [index.ids[key] for item in parsed if (key := item.extra["supersedes"]) in index.ids]
    if not targets:
        return {}
    query = select(VERDICTS.c.id, VERDICTS.c.import_key, VERDICTS.c.supersedes_id).where(
        VERDICTS.c.supersedes_id.in_(targets)
    )
    return {
        row.supersedes_id: f"verdict #{row.id}"
        for row in context.writer.connection.execute(query)
        if row.import_key is None or row.import_key not in index.defined
    }


def _claim_superseded(item: Parsed, superseded: dict[int, str], taken: dict[int, str]) -> None:
    """A verdict is superseded once: an error when another one supersedes it already."""
    target = item.values["supersedes_id"]
    if target is None:
        return
    other = taken.get(target) or superseded.get(target)
    if other is not None and other != item.key:
        item.record.fail(
            "supersedes",
            f"{item.extra['supersedes']!r} is already superseded by {other}",
            "a verdict is revised once; supersede the latest revision",
            error_class=Conflict,
        )
    superseded[target] = item.key


def import_corrections(context: Context) -> None:
    for batch in context.records("corrections"):
        parsed = [_parse_correction(record) for record in batch]
        context.resolve(parsed)
        context.count("corrections", context.write(CORRECTIONS, "corrections", parsed))
        context.writer.flush_log()


def _parse_correction(record: Record) -> Parsed:
    record.only(CORRECTION_FIELDS)
    key = record.key()
    claim = record.reference("claim")
    verdict = record.reference("verdict")
    if claim is not None and verdict is not None:
        record.fail(
            "verdict",
            "the correction names both a claim and a verdict",
            "a correction corrects one of them",
        )
    if claim is None and verdict is None:
        record.fail(
            None,
            "the correction names neither a claim nor a verdict",
            "give claim: KEY or verdict: KEY",
        )
    issued = record.date("date")
    values = {
        "kind": record.choice("kind", CorrectionKind),
        "issued_on": issued.value if issued else None,
        "issued_precision": issued.precision if issued else None,
        "text": record.required_text("text"),
    }
    refs = {
        "claim_id": ("claim", "claims", claim),
        "verdict_id": ("verdict", "verdicts", verdict),
        "issued_by_id": ("by", "actors", record.reference("by", required=True)),
        "source_id": ("source", "sources", record.reference("source")),
    }
    return Parsed(record, key, values, refs)
