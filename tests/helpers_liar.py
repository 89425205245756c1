"""LIAR-layout files made up for the tests, row by row, the same every run."""

LABELS = ("true", "mostly-true", "half-true", "barely-true", "false", "pants-fire")
STATES = ("Texas", "Ohio", "", "Rhode Island")
PARTIES = ("republican", "democrat", "none", "", "independent")
SUBJECTS = ("economy", "health-care", "taxes", "jobs", "education", "immigration", "energy")
VENUES = ("a news release", "a TV interview", "", "a campaign ad", "a speech")


def liar_row(number: int) -> str:
    """Row ``number`` (from 1): a statement of one of 250 speakers, whose job title changes
    halfway through the file; some fields empty, as in the real files."""
    speaker = number % 250
    subjects = ",".join(SUBJECTS[(number + step) % 7] for step in range(number % 3 + 1))
    cells = [
        f"{number}.json",
        LABELS[number % 6],
        f"Says statement {number} holds for speaker {speaker}.",
        subjects if number % 11 else "",
        f"speaker-{speaker}" if speaker else "",
        ("Governor" if number <= 5000 else "President") if speaker % 5 else "",
        STATES[speaker % 4],
        PARTIES[speaker % 5],
        *(str((number + count) % 40) if number % 13 else "" for count in range(5)),
        VENUES[number % 5],
    ]
    return "\t".join(cells)


def liar_file(rows: int, *, replace: dict[int, str] | None = None) -> str:
    """``rows`` rows, line ``n`` being ``liar_row(n)`` unless ``replace`` gives another."""
    lines = ((replace or {}).get(number, liar_row(number)) for number in range(1, rows + 1))
    return "\n".join(lines) + "\n"
