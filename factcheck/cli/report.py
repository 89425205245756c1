"""``factcheck report``: contradictions, a claim's dossier, a speaker's scorecard, a timeline."""

from typing import TYPE_CHECKING, Annotated, Any

import typer

from factcheck.cli.output import emit, terminal_width
from factcheck.cli.state import session
from factcheck.reports.render import ReportFormat

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from factcheck.models import Actor

app = typer.Typer(
    help="Reports: where accounts conflict, a claim's dossier, a speaker's scorecard, a topic's"
    " timeline.",
    no_args_is_help=True,
)

FormatOption = Annotated[
    ReportFormat,
    typer.Option(
        "--format",
        "-f",
        help="Output format; html is one self-contained page.",
        case_sensitive=False,
    ),
]
SinceOption = Annotated[
    str | None, typer.Option(help="From this date on: YYYY[-MM[-DD]].", show_default=False)
]
UntilOption = Annotated[
    str | None,
    typer.Option(help="Until this date (the whole month or year).", show_default=False),
]
RetractedOption = Annotated[
    bool, typer.Option("--include-retracted", help="Take in retracted claims too.")
]


def _speaker(db: "Session", name: str) -> "Actor":
    """The speaker ``name`` denotes; an unknown name lists the closest known ones."""
    from factcheck.errors import NotFound
    from factcheck.services import actors, rows

    try:
        return actors.resolve_actor(db, name, role="speaker")
    except NotFound:
        candidates = rows.closest_names(db, name)
        hint = "did you mean: " + ", ".join(candidates) if candidates else None
        raise NotFound(f"no speaker named {name!r}", hint or "see: factcheck actor list") from None


def emit_report(report: dict[str, Any], fmt: ReportFormat) -> None:
    from factcheck.reports.render import render

    emit(render(report, fmt, width=terminal_width()))


@app.command()
def contradictions(
    ctx: typer.Context,
    topic: Annotated[
        str | None, typer.Option(help="Only where either claim, or its proposition, has it.")
    ] = None,
    speaker: Annotated[str | None, typer.Option(help="Only where this speaker is a side.")] = None,
    proposition: Annotated[
        str | None,
        typer.Option(metavar="ID", help="Only claims that both take a stance on it."),
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    self_only: Annotated[
        bool, typer.Option("--self", help="Only self-contradictions: one speaker on both sides.")
    ] = False,
    include_suggested: Annotated[
        bool,
        typer.Option("--include-suggested", help="Count suggested links too, marked as such."),
    ] = False,
    include_retracted: RetractedOption = False,
    fmt: FormatOption = ReportFormat.TABLE,
) -> None:
    """Every contradiction, side by side, and which side the record favours.

    A contradiction is a confirmed contradicts link, or two claims taking opposite stances
    (asserts, denies) on one proposition. Each shows, for both claims: the speaker and their
    role at the time, the date, the venue, the words, the sources, repeats, evidence, current
    verdicts and corrections; then which side the record favours, and why. A contradiction is
    in a date range when either claim was said in it.

    Example: factcheck report contradictions --topic "Hanoi summit" --format html > report.html
    """
    from factcheck.reports.contradictions import (
        Filters,
        contradiction_report_json,
        filtered_report,
    )
    from factcheck.services import lookup, propositions
    from factcheck.services.dates import parse_optional_date

    start = parse_optional_date(since, field="--since")
    end = parse_optional_date(until, field="--until")
    with session(ctx, write=False) as db:
        filters = Filters(
            topic=lookup.get_topic(db, topic) if topic is not None else None,
            speaker=_speaker(db, speaker) if speaker is not None else None,
            proposition=propositions.get_proposition(db, proposition)
            if proposition is not None
            else None,
            since=start,
            until=end,
            self_only=self_only,
            include_suggested=include_suggested,
            include_retracted=include_retracted,
        )
        if fmt is ReportFormat.JSON:
            # Written as it is read, so that memory does not grow with the report.
            for piece in contradiction_report_json(db, filters):
                emit(piece)
            return
        report = filtered_report(db, filters)
    emit_report(report, fmt)


@app.command()
def claim(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(metavar="ID", help="The claim's id.")],
    fmt: FormatOption = ReportFormat.TABLE,
) -> None:
    """A claim's dossier: everything on the claim, and its history.

    The claim with its speaker's role at the time, sources, repeats, evidence, current verdicts
    and corrections; its links of every kind and its contradictions; every verdict, superseded
    ones too; and the change log of the claim and of all that hangs off it.

    Example: factcheck report claim 1 --format markdown
    """
    from factcheck.reports.dossier import claim_report
    from factcheck.services import lookup

    with session(ctx, write=False) as db:
        report = claim_report(db, lookup.get_claim(db, claim_id))
    emit_report(report, fmt)


@app.command()
def speaker(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The speaker: name, alias or id.")],
    fmt: FormatOption = ReportFormat.TABLE,
) -> None:
    """A speaker's scorecard: claims, verdicts, contradictions and corrections.

    Claims (active and retracted), current verdicts by bucket and by rating, contradictions
    with others and how the record fell, self-contradictions, and corrections received.

    Example: factcheck report speaker "Donald Trump" --format html > trump.html
    """
    from factcheck.reports.scorecard import speaker_report

    with session(ctx, write=False) as db:
        report = speaker_report(db, _speaker(db, name))
    emit_report(report, fmt)


@app.command()
def timeline(
    ctx: typer.Context,
    topic: Annotated[str, typer.Option(help="The topic (name or slug).", show_default=False)],
    since: SinceOption = None,
    until: UntilOption = None,
    include_retracted: RetractedOption = False,
    fmt: FormatOption = ReportFormat.TABLE,
) -> None:
    """A topic's claims, the verdicts on them and their corrections, in date order.

    Undated events come last; superseded verdicts are events too. A claim belongs to the topic
    when it has the topic, or takes a stance on a proposition that has it.

    Example: factcheck report timeline --topic "Hanoi summit" --since 2019-02
    """
    from factcheck.reports.timeline import timeline_report
    from factcheck.services import lookup
    from factcheck.services.dates import parse_optional_date

    start = parse_optional_date(since, field="--since")
    end = parse_optional_date(until, field="--until")
    with session(ctx, write=False) as db:
        report = timeline_report(
            db,
            lookup.get_topic(db, topic),
            since=start,
            until=end,
            include_retracted=include_retracted,
        )
    emit_report(report, fmt)
