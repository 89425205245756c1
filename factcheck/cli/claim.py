"""``factcheck claim``: who said what, where and when."""

from enum import StrEnum
from typing import Annotated, Any

import typer

from factcheck.cli import prompts
from factcheck.cli.output import (
    FormatOption,
    OutputFormat,
    created,
    emit,
    render_record,
    render_rows,
)
from factcheck.cli.state import session
from factcheck.enums import Stance

app = typer.Typer(help="Add, list, show, edit and retract claims.", no_args_is_help=True)

COLUMNS = [
    "id",
    "said",
    "said_time",
    "speaker",
    "speaker_id",
    "wording",
    "text",
    "venue",
    "language",
    "topics",
    "first_source_id",
    "first_source_url",
    "status",
    "retracted_at",
    "retraction_reason",
]
TABLE_COLUMNS = ["id", "said", "speaker", "wording", "text", "topics", "status"]


class StatusFilter(StrEnum):
    ACTIVE = "active"
    RETRACTED = "retracted"
    ALL = "all"


# The filters of claim list, which search shares.
SpeakerFilter = Annotated[str | None, typer.Option(help="Only this speaker's.")]
TopicFilter = Annotated[str | None, typer.Option(help="Only claims with this topic.")]
SinceFilter = Annotated[str | None, typer.Option(help="Said on or after: YYYY[-MM[-DD]].")]
UntilFilter = Annotated[
    str | None, typer.Option(help="Said on or before (the whole month or year).")
]
StatusOption = Annotated[StatusFilter, typer.Option(help="Active, retracted or all claims.")]
SourceFilter = Annotated[
    str | None,
    typer.Option(metavar="URL|ID", help="First reported in, or appearing in, this source."),
]


def filter_arguments(
    db: Any,
    *,
    speaker: str | None,
    topic: str | None,
    since: str | None,
    until: str | None,
    status: StatusFilter,
    source: str | None,
) -> dict[str, Any]:
    """The filter options as the keyword arguments of ``claims.list_claims``."""
    from factcheck.enums import ClaimStatus
    from factcheck.services import actors, lookup
    from factcheck.services.dates import parse_optional_date

    return {
        "since": parse_optional_date(since, field="--since"),
        "until": parse_optional_date(until, field="--until"),
        "speaker": actors.resolve_actor(db, speaker, role="speaker") if speaker else None,
        "topic": lookup.get_topic(db, topic) if topic else None,
        "status": None if status is StatusFilter.ALL else ClaimStatus(status.value),
        "source": lookup.get_source(db, source) if source else None,
    }


def _stance_text(stance: dict[str, Any]) -> str:
    return f"{stance['stance']} proposition #{stance['proposition_id']}: {stance['proposition']}"


def _flat(record: dict[str, Any], fmt: OutputFormat) -> dict[str, Any]:
    """Stances as one line each, for the table and CSV."""
    if fmt in (OutputFormat.TABLE, OutputFormat.CSV):
        return {**record, "stances": [_stance_text(s) for s in record["stances"]]}
    return record


@app.command()
def add(
    ctx: typer.Context,
    text: Annotated[str | None, typer.Argument(help="What was said.")] = None,
    speaker: Annotated[str | None, typer.Option(help="Who said it (name, alias or id).")] = None,
    new: Annotated[bool, typer.Option("--new", help="Create the speaker if unknown.")] = False,
    said: Annotated[
        str | None, typer.Option(help="When: YYYY[-MM[-DD]], optionally with HH:MM.")
    ] = None,
    venue: Annotated[str | None, typer.Option(help="Where: an event, a programme, a post.")] = None,
    source: Annotated[
        str | None,
        typer.Option(
            metavar="URL|ID",
            help="Where it was first reported; a new URL is added as a source.",
        ),
    ] = None,
    quote: Annotated[
        bool, typer.Option("--quote/--paraphrase", help="Verbatim words, or a paraphrase.")
    ] = False,
    topic: Annotated[list[str] | None, typer.Option(help="A topic tag (repeatable).")] = None,
    language: Annotated[
        str | None, typer.Option(help="Language of the text: en, ko, en-US, ...")
    ] = None,
    proposition: Annotated[
        str | None, typer.Option(metavar="ID", help="A proposition the claim takes a side on.")
    ] = None,
    stance: Annotated[
        Stance | None, typer.Option(help="The side it takes (with --proposition).")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Add a claim: one statement by one speaker at one time.

    An unknown --source URL becomes a new source (kind article); an unknown id is an error.

    Example: factcheck claim add "They wanted the sanctions lifted in their entirety"
    --speaker "Donald Trump" --said 2019-02-28 --venue "Press conference, Hanoi" --quote
    --topic "North Korea" --language en
    """
    # Plain rows, unless an option names another object: the ORM costs this command more
    # than the rest of its work (services/rows.py).
    from factcheck.enums import Wording
    from factcheck.services import rows
    from factcheck.services.dates import parse_optional_date

    text = prompts.required(text, "claim text", "TEXT")
    speaker = prompts.required(speaker, "speaker", "--speaker NAME")
    date = parse_optional_date(said, field="--said", allow_time=True)
    rows.require_stance_pair(proposition, stance)
    notes = []
    with session(ctx) as db:
        actor = prompts.named_actor(db, speaker, role="speaker", create=new)
        source_id = None
        if source:
            from factcheck.services import sources

            first_source, is_new = sources.source_for(db, source)
            source_id = first_source.id
            if is_new:
                notes.append(f"new source {sources.source_label(first_source)}")
        proposition_id = None
        if proposition:
            from factcheck.services import propositions

            proposition_id = propositions.get_proposition(db, proposition).id
        claim_id = rows.add_claim(
            db,
            text=text,
            speaker_id=actor.id,
            said=date,
            venue=venue,
            source_id=source_id,
            wording=Wording.QUOTE if quote else Wording.PARAPHRASE,
            topics=topic or [],
            language=language,
            proposition_id=proposition_id,
            stance=stance,
        )
        [record] = rows.claim_views_of(db, [claim_id])
    extra = f"; {', '.join(notes)}" if notes else ""
    message = f"Added claim #{record['id']} by {record['speaker']}{extra}."
    created(record["id"], message, record, fmt)


@app.command("list")
def list_(
    ctx: typer.Context,
    speaker: SpeakerFilter = None,
    topic: TopicFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    status: StatusOption = StatusFilter.ACTIVE,
    source: SourceFilter = None,
    limit: Annotated[int | None, typer.Option(min=1, help="At most this many.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """List claims in the order they were said (undated ones last); retracted claims are
    left out unless --status asks for them.

    Example: factcheck claim list --speaker "Donald Trump" --since 2019-02 --format csv
    """
    from factcheck.services import claims

    with session(ctx, write=False) as db:
        filters = filter_arguments(
            db,
            speaker=speaker,
            topic=topic,
            since=since,
            until=until,
            status=status,
            source=source,
        )
        found = claims.list_claims(db, **filters, limit=limit)
        rows = [_flat(row, fmt) for row in claims.claim_views(db, found)]
    emit(render_rows(rows, COLUMNS, fmt, table_columns=TABLE_COLUMNS))


@app.command()
def show(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Show one claim, retracted or not, with its topics and stances.

    Example: factcheck claim show 12 --format json
    """
    from factcheck.services import claims, lookup

    with session(ctx, write=False) as db:
        record = claims.claim_view(lookup.get_claim(db, claim_id))
    emit(render_record(_flat(record, fmt), fmt))


@app.command()
def edit(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    text: Annotated[str | None, typer.Option(help="New text.")] = None,
    venue: Annotated[str | None, typer.Option(help='New venue ("" clears it).')] = None,
    said: Annotated[
        str | None, typer.Option(help='New date, optionally with HH:MM ("" clears it).')
    ] = None,
    quote: Annotated[
        bool | None, typer.Option("--quote/--paraphrase", help="Verbatim words, or a paraphrase.")
    ] = None,
    language: Annotated[str | None, typer.Option(help='New language ("" clears it).')] = None,
    topic: Annotated[list[str] | None, typer.Option(help="Add this topic (repeatable).")] = None,
    remove_topic: Annotated[
        list[str] | None, typer.Option(help="Remove this topic (repeatable).")
    ] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Change a claim; the change log keeps the old values. Retracted claims stay as they are.

    Example: factcheck claim edit 12 --said "2019-03-01 00:30" --topic sanctions
    """
    from factcheck.enums import Wording
    from factcheck.services import claims, lookup
    from factcheck.services.dates import parse_optional_date

    clear_said = said is not None and not said.strip()
    date = parse_optional_date(said, field="--said", allow_time=True)
    with session(ctx) as db:
        claim = lookup.get_claim(db, claim_id)
        changed = claims.edit_claim(
            db,
            claim,
            text=text,
            venue=venue,
            said=date,
            clear_said=clear_said,
            wording=None if quote is None else Wording.QUOTE if quote else Wording.PARAPHRASE,
            language=language,
            add_topics=topic or [],
            remove_topics=remove_topic or [],
        )
        record = claims.claim_view(claim)
    what = f"changed {', '.join(changed)}" if changed else "nothing changed"
    created(record["id"], f"Claim #{record['id']}: {what}.", record, fmt)


@app.command()
def retract(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    reason: Annotated[str | None, typer.Option(help="Why it is retracted.")] = None,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Retract a claim: it is kept, with its links and history, but left out of lists.

    Example: factcheck claim retract 12 --reason "entered twice; see claim 11"
    """
    from factcheck.services import claims, lookup

    reason = prompts.required(reason, "reason", "--reason R")
    with session(ctx) as db:
        claim = claims.retract_claim(db, lookup.get_claim(db, claim_id), reason=reason)
        record = claims.claim_view(claim)
    created(record["id"], f"Retracted claim #{record['id']}.", record, fmt)
