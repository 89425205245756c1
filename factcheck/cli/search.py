"""``factcheck search`` and ``factcheck match``: find claims by their words, or the known claims
closest to a new text."""

from typing import Annotated, Any

import typer

from factcheck.cli.claim import COLUMNS as CLAIM_COLUMNS
from factcheck.cli.claim import (
    SinceFilter,
    SourceFilter,
    SpeakerFilter,
    StatusFilter,
    StatusOption,
    TopicFilter,
    UntilFilter,
    filter_arguments,
)
from factcheck.cli.output import FormatOption, OutputFormat, emit, render_rows, say
from factcheck.cli.state import session

SEARCH_COLUMNS = [*CLAIM_COLUMNS, "matched"]
SEARCH_TABLE_COLUMNS = ["id", "said", "speaker", "text", "matched", "status"]
MATCH_COLUMNS = ["score", "low_confidence", *CLAIM_COLUMNS, "verdicts"]
MATCH_TABLE_COLUMNS = ["score", "id", "said", "speaker", "text", "verdicts"]


def _flat(record: dict[str, Any], fmt: OutputFormat) -> dict[str, Any]:
    """Stances and verdicts as one line each, for the table and CSV."""
    if fmt not in (OutputFormat.TABLE, OutputFormat.CSV):
        return record
    flat = dict(record)
    flat["stances"] = [
        f"{s['stance']} proposition #{s['proposition_id']}: {s['proposition']}"
        for s in record["stances"]
    ]
    if "verdicts" in record:
        flat["verdicts"] = [
            f"{v['rating']} ({v['reviewer']}{', ' + v['date'] if v['date'] else ''})"
            for v in record["verdicts"]
        ]
    return flat


def search(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help='Words, "a phrase", or a prefix*.')],
    speaker: SpeakerFilter = None,
    topic: TopicFilter = None,
    since: SinceFilter = None,
    until: UntilFilter = None,
    status: StatusOption = StatusFilter.ACTIVE,
    source: SourceFilter = None,
    limit: Annotated[int, typer.Option(min=1, help="At most this many.")] = 20,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Find claims by the words of their text or venue, of the propositions they take a side
    on, of their evidence, or of their sources' titles; the best matches first.

    Every word must match (common words such as "the" are skipped); "double quotes" make a
    phrase and word* a prefix. Case, accents and plural endings do not count. The filters are
    those of claim list; "matched" says where the words were found.

    Each place ranks at most its 1,000 matches added last (filters applied first), so that a
    page comes at once over millions of claims; on SQLite, a query with a word in 20,000
    claims or more lists them newest first.

    Example: factcheck search 'yongbyon "in exchange" sanction*' --since 2019 --format json
    """
    from factcheck.services import search as searching

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
        found = searching.search_claims(db, query, **filters, limit=limit)
        rows = [_flat(row, fmt) for row in searching.hit_views(db, found)]
    emit(render_rows(rows, SEARCH_COLUMNS, fmt, table_columns=SEARCH_TABLE_COLUMNS))


def match(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="The new text: a claim heard or read.")],
    limit: Annotated[int, typer.Option(min=1, max=1000, help="At most this many.")] = 10,
    min_score: Annotated[
        float, typer.Option(min=0.0, max=1.0, help="Only matches scoring this much (0 to 1).")
    ] = 0.0,
    fmt: FormatOption = OutputFormat.TABLE,
) -> None:
    """Has this been checked? The known active claims closest to TEXT, best first, each with
    its similarity score (0 to 1), speaker, date and current verdicts.

    Rewording does not hide a match: word order, case, punctuation, apostrophes, plural endings
    and a few changed words count little. Matches of a text under six words are flagged
    low-confidence.

    Example: factcheck match "Pyongyang demanded that every sanction be removed in return for
    Yongbyon" --min-score 0.1 --format json
    """
    from factcheck.services import matching

    with session(ctx, write=False) as db:
        found = matching.match_claims(db, text, limit=limit, min_score=min_score)
        rows = [_flat(row, fmt) for row in matching.match_views(db, found)]
    emit(render_rows(rows, MATCH_COLUMNS, fmt, table_columns=MATCH_TABLE_COLUMNS))
    if not rows:
        say("No known claim is like this text.")
    elif rows[0]["low_confidence"]:
        say(f"Low confidence: the text has fewer than six words; {len(rows)} matches shown.")
