"""``factcheck demo``: the Hanoi summit example, loaded and reported."""

import typer

from factcheck.cli.output import say
from factcheck.cli.report import FormatOption, emit_report
from factcheck.cli.state import session
from factcheck.reports.render import ReportFormat

FIXTURE = "hanoi-summit.yaml"
TOPIC = "Hanoi summit"


def demo(ctx: typer.Context, fmt: FormatOption = ReportFormat.TABLE) -> None:
    """Load the 2019 Hanoi summit example and print its contradiction report.

    Trump said North Korea wanted all sanctions lifted for closing Yongbyon; Ri Yong Ho said
    it sought only partial relief; a US official later backed Ri's account. The example goes
    into the database in use, through the same import as `factcheck import`; running the demo
    again changes nothing.

    Example: factcheck demo --format html > hanoi.html
    """
    from factcheck.importers.native import import_file
    from factcheck.reports.contradictions import contradiction_report
    from factcheck.resources import fixtures_dir
    from factcheck.services import lookup

    with session(ctx) as db:
        summary = import_file(db, fixtures_dir() / FIXTURE)
    created = sum(tally.created for tally in summary.tallies.values())
    say(
        f"Loaded the Hanoi summit example ({created} records added)."
        if summary.changed
        else "The Hanoi summit example is already loaded."
    )
    with session(ctx, write=False) as db:
        report = contradiction_report(db, topic=lookup.get_topic(db, TOPIC))
    emit_report(report, fmt)
