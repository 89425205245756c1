"""``factcheck export --format csv``: one row per claim with its current verdict, in stable
columns, with cells a spreadsheet would run as formulas neutralised."""

import csv
import io
from pathlib import Path

from factcheck.exporters.claims_csv import COLUMNS
from tests.conftest import invoke

SMALL = """\
factcheck: 1
actors:
  - {key: trump, name: Donald Trump}
  - {key: desk-a, name: Desk A, kind: organization}
  - {key: desk-b, name: Desk B, kind: organization}
sources:
  - {key: fp, url: "https://foreignpolicy.com/silver-lining", title: Silver Lining}
  - {key: notes, title: "=Notes of the day"}
claims:
  - key: sanctions
    text: 'They wanted the sanctions lifted, "in their entirety".'
    wording: quote
    speaker: trump
    said: "2019-03-01 00:00"
    venue: Press conference, Hanoi
    language: en
    source: fp
    topics: [sanctions, Hanoi summit]
  - key: formula
    text: '=HYPERLINK("http://example.com")'
    speaker: trump
    said: 2019-03
    venue: "+1 rally"
    source: notes
    status: retracted
    retraction: {at: "2019-03-04T10:00:00Z", reason: Misquoted}
  - key: growth
    text: |-
      -5% growth
      over two lines
    speaker: trump
    venue: "@home"
verdicts:
  - {key: a1, claim: sanctions, reviewer: desk-a, scale: politifact, rating: barely-true,
     date: 2019-03-03}
  - {key: b1, claim: sanctions, reviewer: desk-b, scale: basic, rating: Misleading,
     date: 2019-03-04, url: "https://desk-b.example/review"}
  - {key: a2, claim: sanctions, reviewer: desk-a, scale: politifact, rating: "True",
     date: 2019-03-05, url: "https://desk-a.example/r/1", supersedes: a1}
  - {key: g1, claim: growth, reviewer: desk-b, scale: basic, rating: Unproven}
  - {key: g2, claim: growth, reviewer: desk-a, scale: politifact, rating: pants-fire}
"""
HEADER = ",".join(COLUMNS) + "\n"
SMALL_CSV = (
    HEADER + '1,sanctions,1,Donald Trump,2019-03-01 00:00,quote,"They wanted the sanctions lifted,'
    ' ""in their entirety"".","Press conference, Hanoi",en,Hanoi summit | sanctions,active,'
    "https://foreignpolicy.com/silver-lining,3,True,true,1.0,politifact,Desk A,2019-03-05,"
    "https://desk-a.example/r/1,2\n"
    "2,formula,1,Donald Trump,2019-03,paraphrase,"
    '"\'=HYPERLINK(""http://example.com"")",\'+1 rally,,,retracted,\'=Notes of the day,'
    ",,,,,,,,0\n"
    "3,growth,1,Donald Trump,,paraphrase,\"'-5% growth\nover two lines\",'@home,,,active,,"
    "5,Pants on Fire,false,0.0,politifact,Desk A,,,2\n"
)
HANOI_CSV = (
    HEADER + "1,trump-all-sanctions,4,Donald Trump,2019-02-28,paraphrase,North Korea wanted the"
    " sanctions lifted in their entirety in exchange for closing the Yongbyon nuclear complex.,"
    '"Press conference, Hanoi",en,Hanoi summit | North Korea | sanctions,active,'
    "There's a Silver Lining in the Clouds Over the North Korea Negotiations,1,Mostly False,"
    "false,0.4,politifact,PolitiFact,2019-03-04,https://www.politifact.com/factchecks/1/,1\n"
    "2,ri-partial-relief,5,Ri Yong Ho,2019-03-01 00:00,paraphrase,North Korea sought only"
    " partial relief: the lifting of five UN Security Council resolutions adopted in 2016 and"
    ' 2017.,"Press conference around midnight, Hanoi",en,Hanoi summit | North Korea |'
    " sanctions,active,There's a Silver Lining in the Clouds Over the North Korea Negotiations,"
    ",,,,,,,,0\n"
    '3,trump-cpac-repeat,4,Donald Trump,2019-03-02,quote,"they put out a statement that,'
    " actually, they were willing to do much less on the sanction front. But you see, that's"
    ' not what happened there.",CPAC speech,en,Hanoi summit | North Korea | sanctions,active,'
    "There's a Silver Lining in the Clouds Over the North Korea Negotiations,,,,,,,,,0\n"
    '4,trump-no-more-sanctions,4,Donald Trump,2019-02-28,paraphrase,"He did not want to add'
    ' sanctions on North Korea, because there are ""a lot of great people in North Korea that'
    ' have to live also"".","Press conference, Hanoi",en,Hanoi summit | North Korea |'
    " sanctions,active,There's a Silver Lining in the Clouds Over the North Korea Negotiations,"
    ",,,,,,,,0\n"
    "5,trump-kim-vision,4,Donald Trump,2019-02-28,quote,\"Kim has a certain vision, and it's"
    ' not exactly our vision, but it\'s a lot closer than it was a year ago.","Press'
    " conference, Hanoi\",en,Hanoi summit | North Korea,active,There's a Silver Lining in the"
    " Clouds Over the North Korea Negotiations,,,,,,,,,0\n"
    '6,pompeo-weeks-ahead,6,Mike Pompeo,2019-02-28,paraphrase,"He looked forward to'
    ' continuing to work with the North Korean side ""in the weeks ahead"".","Press'
    " conference, Hanoi\",en,Hanoi summit | North Korea,active,There's a Silver Lining in the"
    " Clouds Over the North Korea Negotiations,,,,,,,,,0\n"
)
FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "hanoi-summit.yaml"


def export_csv(*args: str) -> str:
    result = invoke("export", "--format", "csv", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def load_hanoi_with_a_verdict() -> None:
    assert invoke("import", str(FIXTURE)).exit_code == 0
    result = invoke(
        "verdict",
        "add",
        "1",
        "--by",
        "PolitiFact",
        "--new",
        "--scale",
        "politifact",
        "--rating",
        "barely-true",
        "--date",
        "2019-03-04",
        "--url",
        "https://www.politifact.com/factchecks/1/",
    )
    assert result.exit_code == 0, result.stderr


def test_each_claim_is_one_row_with_its_latest_current_verdict(db_env: str, tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    assert invoke("import", str(path)).exit_code == 0
    result = invoke("export", "--format", "csv")
    assert (result.exit_code, result.stdout) == (0, SMALL_CSV)
    assert result.stderr == "Exported to standard output: claims 3.\n"
    rows = list(csv.reader(io.StringIO(SMALL_CSV)))
    assert [len(row) for row in rows] == [len(COLUMNS)] * 4


def test_the_hanoi_fixture_exports_with_its_verdict(db_env: str) -> None:
    load_hanoi_with_a_verdict()
    assert export_csv() == HANOI_CSV


def test_filters_select_the_rows(db_env: str, tmp_path: Path) -> None:
    load_hanoi_with_a_verdict()
    lines = HANOI_CSV.splitlines(keepends=True)
    assert export_csv("--speaker", "Ri Yong Ho") == HEADER + lines[2]
    assert export_csv("--claim", "3", "--claim", "1") == HEADER + lines[1] + lines[3]
    assert export_csv("--speaker", "Donald Trump", "--topic", "North Korea", "--claim", "2") == (
        HEADER
    )
    target = tmp_path / "claims.csv"
    result = invoke("export", "--topic", "sanctions", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"Exported to {target}: claims 4.\n"
    assert target.read_text(encoding="utf-8") == "".join(lines[:5])


def test_an_empty_database_gives_the_header_alone(db_env: str) -> None:
    assert export_csv() == HEADER
