"""``factcheck import`` of the LIAR dataset's TSV layout: rows become claims, speakers,
affiliations, topics and PolitiFact verdicts; a second import changes nothing; a bad row
anywhere is named by its line and column and leaves the database as it was."""

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from factcheck.importers import ImportFormat, detect_format
from factcheck.importers.liar import LiarPiece, pieces, readable
from factcheck.models import Actor, Affiliation, Claim, RatingLevel, Verdict
from tests.conftest import invoke
from tests.helpers_interchange import table_counts
from tests.helpers_liar import liar_file, liar_row

ROWS = 10_000
CREATED = """\
Imported {name}.
  actors: 257 created, 0 updated, 0 unchanged
  topics: 7 created, 0 updated, 63 unchanged
  claims: 10000 created, 0 updated, 0 unchanged
  verdicts: 10000 created, 0 updated, 0 unchanged
"""
UNCHANGED = """\
Imported {name}. Nothing changed.
  actors: 0 created, 0 updated, 257 unchanged
  topics: 0 created, 0 updated, 70 unchanged
  claims: 0 created, 0 updated, 10000 unchanged
  verdicts: 0 created, 0 updated, 10000 unchanged
"""
SMALL = (
    "2635.json\tfalse\tSays the Annies List political group supports third-trimester abortions"
    " on demand.\tabortion\tdwayne-bohac\tState representative\tTexas\trepublican\t0\t1\t0\t0\t0"
    "\ta mailer\n"
    "10540.json\thalf-true\tWhen did the decline of coal start? It started when natural gas took"
    " off.\tenergy,history,job-accomplishments\tscott-surovell\tState delegate\tVirginia"
    "\tdemocrat\t0\t0\t1\t1\t0\ta floor speech.\n"
    '324.json\tmostly-true\tHillary Clinton agrees with John McCain "by voting to give George'
    ' Bush the benefit of the doubt on Iran."\tforeign-policy\tbarack-obama\tPresident\tIllinois'
    "\tdemocrat\t70\t71\t160\t163\t9\tDenver\n"
    "1123.json\tfalse\tHealth care reform legislation is likely to mandate free sex change"
    " surgeries.\thealth-care\tblog-posting\t\t\tnone\t7\t19\t3\t5\t44\ta news release\n"
    "9028.json\thalf-true\tThe economic turnaround started at the end of my term.\t"
    "economy,jobs\tcharlie-crist\t\tFlorida\tdemocrat\t15\t9\t20\t19\t2\tan interview on CNN\n"
    "12465.json\ttrue\tThe Chicago Bears have had more starting quarterbacks in the last 10"
    " years than the total number of tenured (UW) faculty fired.\teducation\trobin-vos"
    "\tWisconsin Assembly speaker\tWisconsin\trepublican\t0\t3\t2\t5\t1\ta an online opinion"
    "-piece\n"
    "2342.json\tbarely-true\tJim Dunnam has not lived in the district he represents for years"
    " now.\tcandidates-biography\trepublican-party-texas\t\tTexas\trepublican\t3\t1\t1\t3\t1"
    "\ta press release.\n"
    "153.json\tpants-fire\tSays Barack Obama is a Muslim.\treligion\t\t\t\t\t\t\t\t\t\ta chain"
    " e-mail\n"
)


def run_import(path: Path, *options: str) -> tuple[int, str, str]:
    result = invoke("import", str(path), *options)
    return result.exit_code, result.stdout, result.stderr.replace(str(path.parent) + "/", "")


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_10000_row_file_imports_and_a_second_import_changes_nothing(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path / "train.tsv", liar_file(ROWS))
    assert run_import(path) == (0, "", CREATED.format(name="train.tsv"))
    counts = table_counts(engine)
    assert run_import(path) == (0, "", UNCHANGED.format(name="train.tsv"))
    assert table_counts(engine) == counts
    with Session(engine) as session:
        ratings = session.execute(
            select(RatingLevel.label, func.count())
            .join(Verdict, Verdict.level_id == RatingLevel.id)
            .group_by(RatingLevel.label)
            .order_by(RatingLevel.label)
        ).all()
        assert ratings == [
            ("False", 1667),
            ("Half True", 1667),
            ("Mostly False", 1667),
            ("Mostly True", 1667),
            ("Pants on Fire", 1666),
            ("True", 1666),
        ]
        # Speaker 7's job title changes halfway: both roles are kept, each once.
        roles = session.scalars(
            select(Affiliation.role)
            .join(Actor, Actor.id == Affiliation.actor_id)
            .where(Actor.import_key == "liar:speaker:speaker-7", Affiliation.role.is_not(None))
            .order_by(Affiliation.id)
        ).all()
        assert roles == ["Governor", "President"]
    result = invoke("export", "--format", "csv")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == ROWS + 1
    assert lines[-1] == (
        "10000,liar:10000.json,257,Unknown speaker,,paraphrase,"
        "Says statement 10000 holds for speaker 0.,a news release,en,education | immigration,"
        "active,,10000,False,false,0.2,politifact,PolitiFact,,,1"
    )
    assert [line.split(",", 1)[0] for line in lines[1:]] == [str(n) for n in range(1, ROWS + 1)]


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            "9000.json\tmaybe" + "\tx" * 12,
            "label (column 2) 'maybe' is not a LIAR label (use one of: true, mostly-true,"
            " half-true, barely-true, false, pants-fire)",
        ),
        (
            "9000.json\ttrue\tA statement.",
            "the row has 3 columns, not 14 (a LIAR row has 14 tab-separated columns: id, label,"
            " statement, subjects, speaker, job_title, state, party, barely_true_count,"
            " false_count, half_true_count, mostly_true_count, pants_on_fire_count, context)",
        ),
        (
            "9000.json\ttrue\t  " + "\t" * 11,
            "statement (column 3) is blank (give the statement)",
        ),
        (
            liar_row(9000).replace("\t1\t", "\tone\t", 1),
            "false_count (column 10) 'one' is not a whole number (the credit-history counts are"
            " whole numbers or blank)",
        ),
        (
            liar_row(8999),
            "id (column 1) '8999.json' is also the id on line 8999 (a statement is listed once)",
        ),
    ],
)
def test_a_bad_row_at_line_9000_is_named_and_nothing_is_written(
    db_env: str, engine: Engine, tmp_path: Path, row: str, error: str
) -> None:
    assert run_import(write(tmp_path / "first.tsv", SMALL))[0] == 0
    before = table_counts(engine)
    path = write(tmp_path / "train.tsv", liar_file(ROWS, replace={9000: row}))
    assert run_import(path) == (4, "", f"Error: train.tsv:9000: {error}\n")
    assert table_counts(engine) == before


def test_rows_become_claims_speakers_affiliations_topics_and_verdicts(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    assert run_import(write(tmp_path / "sample.tsv", SMALL)) == (
        0,
        "",
        "Imported sample.tsv.\n"
        "  actors: 16 created, 0 updated, 0 unchanged\n"
        "  topics: 11 created, 0 updated, 0 unchanged\n"
        "  claims: 8 created, 0 updated, 0 unchanged\n"
        "  verdicts: 8 created, 0 updated, 0 unchanged\n",
    )
    result = invoke("actor", "show", "Barack Obama", "--format", "json")
    assert result.exit_code == 0, result.stderr
    with Session(engine) as session:
        obama = session.scalars(select(Actor).where(Actor.name == "Barack Obama")).one()
        assert obama.import_key == "liar:speaker:barack-obama"
        assert [alias.alias for alias in obama.aliases] == ["barack-obama"]
        assert obama.description is None
        assert [
            (affiliation.role, affiliation.organization and affiliation.organization.name)
            for affiliation in obama.affiliations
        ] == [("President", None), (None, "Illinois"), (None, "Democratic Party")]
        democrats = session.scalars(select(Actor).where(Actor.name == "Democratic Party")).one()
        assert (democrats.kind.value, democrats.import_key) == (
            "organization",
            "liar:party:democrat",
        )
        assert [alias.alias for alias in democrats.aliases] == ["democrat"]
        claim = session.scalars(select(Claim).where(Claim.import_key == "liar:10540.json")).one()
        assert (claim.speaker.name, claim.venue, claim.wording.value, claim.language) == (
            "Scott Surovell",
            "a floor speech.",
            "paraphrase",
            "en",
        )
        assert [topic.name for topic in claim.topics] == [
            "energy",
            "history",
            "job-accomplishments",
        ]
        assert claim.stated_on is None
        chain = session.scalars(select(Claim).where(Claim.import_key == "liar:153.json")).one()
        assert (chain.speaker.name, chain.speaker.import_key, chain.topics[0].name) == (
            "Unknown speaker",
            "liar:unknown-speaker",
            "religion",
        )
        blog = session.scalars(select(Actor).where(Actor.name == "Blog Posting")).one()
        assert blog.affiliations == []  # no job, no state, party "none"
        verdicts = session.execute(
            select(Claim.import_key, RatingLevel.label, Actor.name, Verdict.review_url)
            .join(Verdict, Verdict.claim_id == Claim.id)
            .join(RatingLevel, RatingLevel.id == Verdict.level_id)
            .join(Actor, Actor.id == Verdict.reviewer_id)
            .order_by(Claim.id)
        ).all()
        assert verdicts == [
            ("liar:2635.json", "False", "PolitiFact", None),
            ("liar:10540.json", "Half True", "PolitiFact", None),
            ("liar:324.json", "Mostly True", "PolitiFact", None),
            ("liar:1123.json", "False", "PolitiFact", None),
            ("liar:9028.json", "Half True", "PolitiFact", None),
            ("liar:12465.json", "True", "PolitiFact", None),
            ("liar:2342.json", "Mostly False", "PolitiFact", None),
            ("liar:153.json", "Pants on Fire", "PolitiFact", None),
        ]
    # The credit-history counts describe the speaker: they are checked, never stored.
    dumped = invoke("export").stdout
    assert "163" not in dumped and "160" not in dumped


def test_a_changed_row_updates_its_claim_and_verdict_only(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    path = write(tmp_path / "sample.tsv", SMALL)
    assert run_import(path)[0] == 0
    write(path, SMALL.replace("324.json\tmostly-true", "324.json\tpants-fire"))
    assert run_import(path) == (
        0,
        "",
        "Imported sample.tsv.\n"
        "  actors: 0 created, 0 updated, 16 unchanged\n"
        "  topics: 0 created, 0 updated, 11 unchanged\n"
        "  claims: 0 created, 0 updated, 8 unchanged\n"
        "  verdicts: 0 created, 1 updated, 7 unchanged\n",
    )
    with Session(engine) as session:
        label = session.scalar(
            select(RatingLevel.label)
            .join(Verdict, Verdict.level_id == RatingLevel.id)
            .join(Claim, Claim.id == Verdict.claim_id)
            .where(Claim.import_key == "liar:324.json")
        )
        assert label == "Pants on Fire"


def test_standard_input_and_unnamed_files_are_told_by_their_first_line(
    db_env: str, tmp_path: Path
) -> None:
    result = invoke("import", "-", input=SMALL)
    assert result.exit_code == 0, result.stderr
    assert "claims: 8 created" in result.stderr
    assert run_import(write(tmp_path / "rows.txt", SMALL))[2].endswith(
        "claims: 0 created, 0 updated, 8 unchanged\n  verdicts: 0 created, 0 updated, 8 unchanged\n"
    )
    empty = write(tmp_path / "empty.tsv", "\n\n")
    assert run_import(empty) == (0, "", "Imported empty.tsv. Nothing changed.\n")


@pytest.mark.parametrize(
    ("name", "head", "fmt"),
    [
        ("test.tsv", "anything", ImportFormat.LIAR),
        ("rows.txt", SMALL.splitlines()[0], ImportFormat.LIAR),
        ("rows", "1.json\tTRUE" + "\t" * 12, ImportFormat.LIAR),
        ("rows.txt", "1.json\tunknown" + "\t" * 12, None),
        ("rows.txt", "1.json\ttrue\tonly three", None),
    ],
)
def test_the_layout_is_told_by_the_name_or_the_first_line(
    name: str, head: str, fmt: ImportFormat | None
) -> None:
    if fmt is None:
        with pytest.raises(Exception, match="cannot tell the format"):
            detect_format(name, head)
    else:
        assert detect_format(name, head) is fmt


@pytest.mark.parametrize(
    ("slug", "name"),
    [("barack-obama", "Barack Obama"), ("blog-posting", "Blog Posting"), ("o_neil  x", "O Neil X")],
)
def test_a_speaker_name_is_spelt_from_the_slug(slug: str, name: str) -> None:
    assert readable(slug) == name


@pytest.mark.parametrize(
    ("cells", "error"),
    [
        ({3: "abortion,!!"}, "subjects (column 4) has a topic that cannot be used: topic '!!' has"),
        ({4: "---"}, "speaker (column 5) '---' has no letters or digits"),
        ({5: "x" * 301}, "job_title (column 6) is 301 characters long (the limit is 300)"),
        ({0: " "}, "id (column 1) is blank (give the id)"),
        ({2: "A\x00B"}, "statement (column 3) contains a NUL character (remove it)"),
    ],
)
def test_each_column_is_checked_and_named(
    db_env: str, engine: Engine, tmp_path: Path, cells: dict[int, str], error: str
) -> None:
    row = SMALL.splitlines()[0].split("\t")
    for column, value in cells.items():
        row[column] = value
    path = write(tmp_path / "one.tsv", SMALL + "\t".join(row) + "\n")
    before = table_counts(engine)
    code, stdout, stderr = run_import(path)
    assert (code, stdout) == (4, "")
    assert stderr.startswith(f"Error: one.tsv:9: {error}"), stderr
    assert table_counts(engine) == before


class _Pipe(io.StringIO):
    """Text that can be read once only, like standard input."""

    def seekable(self) -> bool:
        return False

    def seek(self, *args: object) -> int:
        raise io.UnsupportedOperation("seek")


def test_a_stream_read_once_only_gives_the_same_pieces() -> None:
    text = liar_file(2500)
    from_file = [piece.data for piece in pieces("a.tsv", io.StringIO(text))]
    from_pipe = list(pieces("a.tsv", _Pipe(text)))
    assert [piece.data for piece in from_pipe] == from_file
    assert [len(data["claims"]) for data in from_file] == [1000, 1000, 500]
    # Each actor is defined once, by the first piece whose rows need it.
    assert [len(data["actors"]) for data in from_file] == [257, 0, 0]
    first, last = from_pipe[0], from_pipe[2]
    assert isinstance(first, LiarPiece) and isinstance(last, LiarPiece)
    assert last.where(("claims", 499, "text")) == "a.tsv:2500"
    assert first.where(("actors", 1, "name")) == "a.tsv:1"


def test_skip_invalid_imports_the_good_rows_and_writes_the_bad_ones_out(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    cells = liar_row(3).split("\t")
    cells[1] = "maybe"
    bad = "\t".join(cells)
    path = write(tmp_path / "train.tsv", liar_file(5, replace={3: bad}))
    code, _stdout, stderr = run_import(path, "--skip-invalid")
    assert code == 0, stderr
    assert "claims: 4 created, 0 updated, 0 unchanged, 1 rejected" in stderr
    rejects = [json.loads(line) for line in (tmp_path / "train.tsv.rejects.jsonl").open()]
    assert [(item["line"], item["data"]) for item in rejects] == [(3, bad)]
    assert "is not a LIAR label" in rejects[0]["error"]
    with Session(engine) as session:
        keys = session.scalars(select(Claim.import_key).order_by(Claim.import_key)).all()
    assert keys == ["liar:1.json", "liar:2.json", "liar:4.json", "liar:5.json"]
