"""``factcheck claim`` and ``factcheck topic``, through the command line, on a real database."""

# The Cyrillic test data is deliberate: non-Latin text must work everywhere.
# ruff: noqa: RUF001

import json
import re
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from factcheck.models import (
    Actor,
    ChangeLogEntry,
    Claim,
    ClaimStance,
    ClaimStatus,
    ClaimTopic,
    DatePrecision,
    Proposition,
    Source,
    Stance,
    Topic,
    Wording,
)
from tests.conftest import invoke

TRUMP_TEXT = "They wanted the sanctions lifted in their entirety"
RI_TEXT = "We proposed the partial lifting of sanctions: five of the eleven UN resolutions"
FP_URL = "https://foreignpolicy.com/2019/03/05/silver-lining/"
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")
WRITTEN = (Claim, Source, Actor, Topic, ClaimTopic, ClaimStance, ChangeLogEntry)


def masked(text: str) -> str:
    """``text`` with every UTC timestamp replaced by ``<time>``."""
    return TIMESTAMP.sub("<time>", text)


def counts(engine: Engine) -> dict[str, int]:
    """Rows in every table a claim command can write to."""
    with Session(engine) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in WRITTEN
        }


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def claim_log(engine: Engine) -> list[tuple[str, str, int, dict[str, Any]]]:
    with Session(engine) as session:
        rows = session.scalars(
            select(ChangeLogEntry)
            .where(ChangeLogEntry.object_type == "claims")
            .order_by(ChangeLogEntry.id)
        ).all()
        return [(row.user_name, row.action.value, row.object_id, row.changes) for row in rows]


@pytest.fixture
def people(db_env: str) -> None:
    """Donald Trump (#1) and Ri Yong Ho (#2), with aliases."""
    ok("actor", "add", "Donald Trump", "--alias", "President Trump", "--alias", "donald-trump")
    ok("actor", "add", "Ri Yong Ho", "--alias", "리용호", "--alias", "Рі Йон Хо")


@pytest.fixture
def proposition(engine: Engine, people: None) -> int:
    with Session(engine) as session:
        record = Proposition(text="North Korea asked for all sanctions to be lifted")
        session.add(record)
        session.commit()
        return record.id


def add_trump(*extra: str) -> str:
    return ok(
        "claim",
        "add",
        TRUMP_TEXT,
        "--speaker",
        "President Trump",
        "--said",
        "2019-02-28",
        "--venue",
        "Press conference, Hanoi",
        "--quote",
        *extra,
    )


def test_add_prints_the_id_and_stores_the_claim(people: None, engine: Engine) -> None:
    result = invoke(
        "claim",
        "add",
        TRUMP_TEXT,
        "--speaker",
        "president trump",
        "--said",
        "2019-02-28 14:30",
        "--venue",
        "Press conference, Hanoi",
        "--quote",
        "--topic",
        "North Korea",
        "--topic",
        "sanctions",
        "--topic",
        "north-korea",
        "--language",
        "EN",
    )

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == "Added claim #1 by Donald Trump.\n"
    with Session(engine) as session:
        claim = session.get_one(Claim, 1)
        assert claim.text == TRUMP_TEXT
        assert claim.speaker.name == "Donald Trump"
        assert claim.wording is Wording.QUOTE
        assert str(claim.stated_on) == "2019-02-28"
        assert claim.stated_precision is DatePrecision.DAY
        assert str(claim.stated_time) == "14:30:00"
        assert claim.language == "en"
        assert claim.status is ClaimStatus.ACTIVE
        assert [topic.slug for topic in claim.topics] == ["north-korea", "sanctions"]


def test_add_as_json_prints_the_whole_claim(proposition: int) -> None:
    ok("source", "add", FP_URL)

    result = invoke(
        "claim",
        "add",
        RI_TEXT,
        "--speaker",
        "리용호",
        "--said",
        "2019-03-01 00:00",
        "--venue",
        "Press conference, Hanoi",
        "--source",
        "1",
        "--topic",
        "sanctions",
        "--topic",
        "North Korea",
        "--proposition",
        str(proposition),
        "--stance",
        "denies",
        "--format",
        "json",
    )

    assert result.exit_code == 0, result.stderr
    assert masked(result.stdout) == (
        "{\n"
        '  "id": 1,\n'
        f'  "text": "{RI_TEXT}",\n'
        '  "wording": "paraphrase",\n'
        '  "speaker": "Ri Yong Ho",\n'
        '  "speaker_id": 2,\n'
        '  "said": "2019-03-01",\n'
        '  "said_time": "00:00",\n'
        '  "venue": "Press conference, Hanoi",\n'
        '  "language": null,\n'
        '  "first_source_id": 1,\n'
        f'  "first_source_url": "{FP_URL}",\n'
        '  "topics": [\n'
        '    "North Korea",\n'
        '    "sanctions"\n'
        "  ],\n"
        '  "stances": [\n'
        "    {\n"
        f'      "proposition_id": {proposition},\n'
        '      "proposition": "North Korea asked for all sanctions to be lifted",\n'
        '      "stance": "denies"\n'
        "    }\n"
        "  ],\n"
        '  "status": "active",\n'
        '  "retracted_at": null,\n'
        '  "retraction_reason": null,\n'
        '  "created_at": "<time>",\n'
        '  "updated_at": "<time>"\n'
        "}\n"
    )
    assert result.stderr == "Added claim #1 by Ri Yong Ho.\n"


def test_add_as_jsonl_and_csv_prints_the_claim(people: None) -> None:
    jsonl = add_trump("--format", "jsonl")
    csv = ok("claim", "add", "Short one", "--speaker", "Ri Yong Ho", "--said", "2019", "-f", "csv")

    assert len(jsonl.splitlines()) == 1
    assert json.loads(jsonl)["wording"] == "quote"
    assert masked(csv) == (
        "id,text,wording,speaker,speaker_id,said,said_time,venue,language,first_source_id,"
        "first_source_url,topics,stances,status,retracted_at,retraction_reason,created_at,"
        "updated_at\n"
        "2,Short one,paraphrase,Ri Yong Ho,2,2019,,,,,,,,active,,,<time>,<time>\n"
    )


def test_paraphrase_is_the_default_and_precision_is_kept(people: None, engine: Engine) -> None:
    ok("claim", "add", "A", "--speaker", "Ri Yong Ho", "--said", "2019-03")
    ok("claim", "add", "B", "--speaker", "Ri Yong Ho", "--said", "2019", "--paraphrase")

    with Session(engine) as session:
        first, second = session.scalars(select(Claim).order_by(Claim.id)).all()
    assert (first.wording, first.stated_precision, str(first.stated_on)) == (
        Wording.PARAPHRASE,
        DatePrecision.MONTH,
        "2019-03-01",
    )
    assert (second.wording, second.stated_precision) == (Wording.PARAPHRASE, DatePrecision.YEAR)


def test_unknown_source_url_becomes_a_new_source(people: None, engine: Engine) -> None:
    result = invoke(
        "claim",
        "add",
        TRUMP_TEXT,
        "--speaker",
        "Donald Trump",
        "--source",
        "https://WhiteHouse.gov/remarks?utm_source=tw",
    )

    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "Added claim #1 by Donald Trump; new source https://whitehouse.gov/remarks (#1).\n"
    )
    again = invoke(
        "claim",
        "add",
        "Again",
        "--speaker",
        "Donald Trump",
        "--source",
        "https://whitehouse.gov/remarks",
    )
    assert again.stderr == "Added claim #2 by Donald Trump.\n"
    with Session(engine) as session:
        assert session.scalars(select(Claim.first_source_id)).all() == [1, 1]
        assert session.scalar(select(func.count()).select_from(Source)) == 1


@pytest.mark.parametrize(
    ("source", "code", "message"),
    [
        ("7", 3, "Error: no source '7' (add it first with: factcheck source add URL)\n"),
        ("#7", 3, "Error: no source '#7' (add it first with: factcheck source add URL)\n"),
        (
            "www.example.com",
            4,
            "Error: URL 'www.example.com' is not a web address (give an http(s):// URL)\n",
        ),
    ],
)
def test_unknown_source_id_or_bad_url_is_an_error(
    people: None, engine: Engine, source: str, code: int, message: str
) -> None:
    before = counts(engine)

    result = invoke("claim", "add", TRUMP_TEXT, "--speaker", "Donald Trump", "--source", source)

    assert result.exit_code == code
    assert result.stdout == ""
    assert result.stderr == message
    assert counts(engine) == before


def test_unknown_speaker_lists_candidates(people: None, engine: Engine) -> None:
    before = counts(engine)

    result = invoke("claim", "add", TRUMP_TEXT, "--speaker", "Donald Trimp")

    assert result.exit_code == 3
    assert result.stderr == (
        "Error: no speaker named 'Donald Trimp' "
        "(did you mean: Donald Trump (#1); or add it with --new)\n"
    )
    assert counts(engine) == before


def test_ambiguous_speaker_is_an_error(people: None, engine: Engine) -> None:
    ok("actor", "add", "Kim Yong Chol")
    ok("actor", "add", "Kim Yong Chol", "--allow-duplicate")
    before = counts(engine)

    result = invoke("claim", "add", "Text", "--speaker", "kim yong chol")

    assert result.exit_code == 6
    assert result.stderr == (
        "Error: speaker 'kim yong chol' matches 2 actors: Kim Yong Chol (#3), Kim Yong Chol (#4)"
        " (give the id, e.g. #3)\n"
    )
    assert counts(engine) == before


def test_new_creates_the_speaker(people: None, engine: Engine) -> None:
    result = invoke("claim", "add", "Text", "--speaker", "Mike Pompeo", "--new")

    assert result.exit_code == 0, result.stderr
    with Session(engine) as session:
        assert session.get_one(Claim, 1).speaker.name == "Mike Pompeo"


def test_missing_speaker_without_a_terminal_is_an_error(people: None, engine: Engine) -> None:
    before = counts(engine)

    result = invoke("claim", "add", TRUMP_TEXT, input="")

    assert result.exit_code == 4
    assert result.stderr == "Error: speaker is missing (give --speaker NAME)\n"
    assert counts(engine) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--said", "2019-02-30"),
            "Error: --said '2019-02-30' does not exist (day is out of range",
        ),
        (("--said", "28 Feb 2019"), "Error: --said '28 Feb 2019' is not a date (use YYYY-MM-DD"),
        (("--said", "2019-02-28 25:00"), "Error: --said '2019-02-28 25:00' does not exist"),
        (("--language", "Korean"), "Error: language 'Korean' is not a language tag"),
        (("--venue", "bad\x00venue"), "Error: venue contains a NUL character (remove it)"),
    ],
)
def test_malformed_values_are_invalid_input(
    people: None, engine: Engine, args: tuple[str, ...], message: str
) -> None:
    before = counts(engine)

    result = invoke("claim", "add", TRUMP_TEXT, "--speaker", "Donald Trump", *args)

    assert result.exit_code == 4
    assert result.stderr.startswith(message), result.stderr
    assert counts(engine) == before


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Error: claim text is missing (give TEXT)\n"),
        ("   ", "Error: claim text is missing (give TEXT)\n"),
        ("x" * 100_001, "Error: claim text is 100,001 characters long (the limit is 100,000)\n"),
    ],
)
def test_empty_or_over_long_text_is_invalid_input(
    people: None, engine: Engine, text: str, message: str
) -> None:
    before = counts(engine)

    result = invoke("claim", "add", text, "--speaker", "Donald Trump", "--topic", "new topic")

    assert result.exit_code == 4
    assert result.stderr == message
    assert counts(engine) == before


def test_stance_goes_with_a_proposition(proposition: int, engine: Engine) -> None:
    before = counts(engine)
    message = (
        "Error: a stance needs a proposition, and a proposition a stance "
        "(give both --proposition ID and --stance, or neither)\n"
    )

    no_proposition = invoke("claim", "add", "T", "--speaker", "Donald Trump", "--stance", "asserts")
    no_stance = invoke(
        "claim", "add", "T", "--speaker", "Donald Trump", "--proposition", str(proposition)
    )

    assert (no_proposition.exit_code, no_proposition.stderr) == (4, message)
    assert (no_stance.exit_code, no_stance.stderr) == (4, message)
    assert counts(engine) == before


def test_unknown_proposition_is_an_error(proposition: int, engine: Engine) -> None:
    before = counts(engine)

    result = invoke(
        "claim",
        "add",
        "T",
        "--speaker",
        "Donald Trump",
        "--proposition",
        "99",
        "--stance",
        "asserts",
    )

    assert result.exit_code == 3
    assert result.stderr == "Error: no proposition #99 (see: factcheck proposition list)\n"
    assert counts(engine) == before


def test_stance_is_recorded(proposition: int, engine: Engine) -> None:
    add_trump("--proposition", f"#{proposition}", "--stance", "asserts")

    with Session(engine) as session:
        stance = session.scalars(select(ClaimStance)).one()
    assert (stance.claim_id, stance.proposition_id, stance.stance) == (
        1,
        proposition,
        Stance.ASSERTS,
    )


@pytest.mark.parametrize(
    ("speaker", "text", "language"),
    [
        ("리용호", "우리는 제재의 부분적 해제를 요구했다", "ko"),
        ("Рі Йон Хо", "Мы просили лишь частичного снятия санкций", "ru"),
        ("Ri Yong Ho", "طلبنا رفعاً جزئياً للعقوبات", "ar"),
    ],
)
def test_non_latin_text_round_trips(people: None, speaker: str, text: str, language: str) -> None:
    ok("claim", "add", text, "--speaker", speaker, "--language", language, "--topic", "제재")

    shown = json.loads(ok("claim", "show", "1", "--format", "json"))
    listed = ok("claim", "list", "--format", "csv").splitlines()
    table = ok("claim", "show", "1")

    assert (shown["text"], shown["speaker"], shown["language"], shown["topics"]) == (
        text,
        "Ri Yong Ho",
        language,
        ["제재"],
    )
    assert listed[1] == f"1,,,Ri Yong Ho,2,paraphrase,{text},,{language},제재,,,active,,"
    assert text in table
    assert json.loads(ok("topic", "list", "-f", "json")) == [
        {"id": 1, "name": "제재", "slug": "제재", "claims": 1}
    ]


def add_hanoi_claims() -> None:
    """Trump (#1, 2019-02-28), Ri (#2, 2019-03-01 00:00), CPAC (#3, 2019-03-02), undated (#4)."""
    ok("source", "add", FP_URL)
    add_trump("--topic", "North Korea", "--source", FP_URL)
    ok(
        "claim",
        "add",
        RI_TEXT,
        "--speaker",
        "Ri Yong Ho",
        "--said",
        "2019-03-01 00:00",
        "--topic",
        "North Korea",
        "--topic",
        "Sanctions",
    )
    ok(
        "claim",
        "add",
        "They were willing to do much less on the sanction front",
        "--speaker",
        "Donald Trump",
        "--said",
        "2019-03-02",
        "--venue",
        "CPAC",
        "--quote",
    )
    ok("claim", "add", "An undated remark", "--speaker", "Donald Trump")
    ok("appearance", "add", "3", "--source", FP_URL)


def ids(*args: str) -> list[int]:
    return [row["id"] for row in json.loads(ok("claim", "list", *args, "--format", "json"))]


def test_list_is_in_the_order_things_were_said(people: None) -> None:
    ok("claim", "add", "Later", "--speaker", "Donald Trump", "--said", "2019-03-02")
    ok("claim", "add", "Undated", "--speaker", "Donald Trump")
    ok("claim", "add", "Evening", "--speaker", "Donald Trump", "--said", "2019-03-01 21:00")
    ok("claim", "add", "Same day", "--speaker", "Donald Trump", "--said", "2019-03-01")
    ok("claim", "add", "Morning", "--speaker", "Donald Trump", "--said", "2019-03-01 08:00")

    assert ids() == [4, 5, 3, 1, 2]


def test_list_filters(people: None) -> None:
    add_hanoi_claims()

    assert ids() == [1, 2, 3, 4]
    assert ids("--speaker", "donald-trump") == [1, 3, 4]
    assert ids("--speaker", "리용호") == [2]
    assert ids("--topic", "north korea") == [1, 2]
    assert ids("--topic", "Sanctions") == [2]
    assert ids("--since", "2019-03") == [2, 3]
    assert ids("--until", "2019-03-01") == [1, 2]
    assert ids("--until", "2019-02") == [1]
    assert ids("--since", "2019", "--until", "2019") == [1, 2, 3]
    assert ids("--source", FP_URL) == [1, 3]
    assert ids("--source", "1") == [1, 3]
    assert ids("--limit", "2") == [1, 2]
    assert ids("--speaker", "Donald Trump", "--since", "2019-03-01", "--limit", "5") == [3]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--speaker", "Donald Trimp"), 3, "Error: no speaker named 'Donald Trimp' (did you mean"),
        (("--topic", "Iran"), 3, "Error: no topic 'Iran' (see: factcheck topic list)"),
        (("--source", "9"), 3, "Error: no source '9'"),
        (("--since", "2019-13"), 4, "Error: --since '2019-13' does not exist"),
        (("--since", "2019-03", "--until", "2019-02"), 4, "Error: --until 2019-02 is before"),
        (("--limit", "0"), 2, ""),
        (("--status", "deleted"), 2, ""),
    ],
)
def test_list_with_bad_filters_is_an_error(
    people: None, args: tuple[str, ...], code: int, message: str
) -> None:
    result = invoke("claim", "list", *args)

    assert result.exit_code == code
    assert result.stderr.startswith(message)


def test_list_as_csv(people: None) -> None:
    add_hanoi_claims()

    assert ok("claim", "list", "--speaker", "Ri Yong Ho", "--format", "csv") == (
        "id,said,said_time,speaker,speaker_id,wording,text,venue,language,topics,"
        "first_source_id,first_source_url,status,retracted_at,retraction_reason\n"
        f"2,2019-03-01,00:00,Ri Yong Ho,2,paraphrase,{RI_TEXT},,,North Korea; Sanctions,,,"
        "active,,\n"
    )


def test_list_as_json_and_jsonl(people: None) -> None:
    add_hanoi_claims()

    rows = json.loads(ok("claim", "list", "--format", "json"))
    lines = ok("claim", "list", "--format", "jsonl").splitlines()

    assert [json.loads(line) for line in lines] == rows
    assert rows[0] == {
        "id": 1,
        "text": TRUMP_TEXT,
        "wording": "quote",
        "speaker": "Donald Trump",
        "speaker_id": 1,
        "said": "2019-02-28",
        "said_time": None,
        "venue": "Press conference, Hanoi",
        "language": None,
        "first_source_id": 1,
        "first_source_url": FP_URL,
        "topics": ["North Korea"],
        "stances": [],
        "status": "active",
        "retracted_at": None,
        "retraction_reason": None,
        "created_at": rows[0]["created_at"],
        "updated_at": rows[0]["updated_at"],
    }
    assert TIMESTAMP.fullmatch(rows[0]["created_at"])


def test_list_as_a_table(people: None) -> None:
    add_hanoi_claims()

    table = ok("claim", "list")

    assert table.splitlines()[0].split() == [
        "id",
        "┃",
        "said",
        "┃",
        "speaker",
        "┃",
        "wording",
        "┃",
        "text",
        "┃",
        "topics",
        "┃",
        "status",
    ]
    assert "Ri Yong Ho" in table and "CPAC" not in table


def test_empty_list_in_every_format(db_env: str) -> None:
    assert ok("claim", "list", "-f", "json") == "[]\n"
    assert ok("claim", "list", "-f", "jsonl") == ""
    assert ok("claim", "list", "-f", "csv").count("\n") == 1


def test_retracted_claims_are_hidden_unless_asked_for(people: None) -> None:
    add_hanoi_claims()
    ok("claim", "retract", "3", "--reason", "entered twice")

    assert ids() == [1, 2, 4]
    assert ids("--status", "active") == [1, 2, 4]
    assert ids("--status", "retracted") == [3]
    assert ids("--status", "all") == [1, 2, 3, 4]
    assert json.loads(ok("topic", "list", "-f", "json"))[0]["claims"] == 2


def test_show_in_every_format(proposition: int) -> None:
    add_trump("--proposition", str(proposition), "--stance", "asserts", "--topic", "Yongbyon")

    shown = json.loads(ok("claim", "show", "1", "--format", "json"))
    jsonl = json.loads(ok("claim", "show", "#1", "--format", "jsonl"))
    csv = ok("claim", "show", "1", "--format", "csv")
    table = ok("claim", "show", "1")

    assert shown == jsonl
    assert shown["stances"] == [
        {
            "proposition_id": proposition,
            "proposition": "North Korea asked for all sanctions to be lifted",
            "stance": "asserts",
        }
    ]
    assert masked(csv).splitlines()[1] == (
        f"1,{TRUMP_TEXT},quote,Donald Trump,1,2019-02-28,,Press conference, Hanoi,,,,Yongbyon,"
        f"asserts proposition #{proposition}: North Korea asked for all sanctions to be lifted,"
        "active,,,<time>,<time>"
    ).replace("Press conference, Hanoi", '"Press conference, Hanoi"')
    assert "stances" in table and "asserts proposition" in table


@pytest.mark.parametrize(
    ("reference", "code", "message"),
    [
        ("42", 3, "Error: no claim #42 (see: factcheck claim list)\n"),
        ("abc", 4, "Error: claim id 'abc' is not a number (give the claim's id)\n"),
    ],
)
def test_show_unknown_claim_is_an_error(
    people: None, reference: str, code: int, message: str
) -> None:
    result = invoke("claim", "show", reference)

    assert result.exit_code == code
    assert result.stderr == message


def test_add_is_logged_with_topics_and_the_user(people: None, engine: Engine) -> None:
    add_trump("--topic", "North Korea")
    ok("--as", "alice", "claim", "add", "T", "--speaker", "Ri Yong Ho")

    log = claim_log(engine)

    assert log == [
        (
            "tester",
            "insert",
            1,
            {
                "text": [None, TRUMP_TEXT],
                "wording": [None, "quote"],
                "speaker_id": [None, 1],
                "stated_on": [None, "2019-02-28"],
                "stated_precision": [None, "day"],
                "venue": [None, "Press conference, Hanoi"],
                "status": [None, "active"],
                "topics": [None, [1]],
            },
        ),
        (
            "alice",
            "insert",
            2,
            {
                "text": [None, "T"],
                "wording": [None, "paraphrase"],
                "speaker_id": [None, 2],
                "status": [None, "active"],
            },
        ),
    ]


def test_edit_changes_fields_and_logs_the_old_values(people: None, engine: Engine) -> None:
    add_trump("--topic", "North Korea", "--topic", "Summits")

    result = invoke(
        "--as",
        "bob",
        "claim",
        "edit",
        "1",
        "--text",
        "They wanted all sanctions lifted",
        "--venue",
        "",
        "--said",
        "2019-02-28 16:00",
        "--paraphrase",
        "--language",
        "en-gb",
        "--topic",
        "Sanctions",
        "--remove-topic",
        "summits",
        "--format",
        "json",
    )

    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Claim #1: changed text, venue, language, wording, said, topics.\n"
    record = json.loads(result.stdout)
    assert {key: record[key] for key in ("text", "venue", "said", "said_time", "wording")} == {
        "text": "They wanted all sanctions lifted",
        "venue": None,
        "said": "2019-02-28",
        "said_time": "16:00",
        "wording": "paraphrase",
    }
    assert (record["language"], record["topics"]) == ("en-GB", ["North Korea", "Sanctions"])
    user, action, object_id, changes = claim_log(engine)[-1]
    assert (user, action, object_id) == ("bob", "update", 1)
    assert changes == {
        "text": [TRUMP_TEXT, "They wanted all sanctions lifted"],
        "venue": ["Press conference, Hanoi", None],
        "language": [None, "en-GB"],
        "wording": ["quote", "paraphrase"],
        "stated_time": [None, "16:00:00"],
        "topics": [[1, 2], [1, 3]],
    }


def test_edit_prints_the_id_and_can_clear_the_date(people: None, engine: Engine) -> None:
    add_trump()

    result = invoke("claim", "edit", "1", "--said", "")

    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "1\n",
        "Claim #1: changed said.\n",
    )
    with Session(engine) as session:
        claim = session.get_one(Claim, 1)
        assert (claim.stated_on, claim.stated_precision, claim.stated_time) == (None, None, None)


def test_edit_with_the_same_values_changes_nothing(people: None, engine: Engine) -> None:
    add_trump("--topic", "North Korea")
    before = counts(engine)

    result = invoke(
        "claim",
        "edit",
        "1",
        "--venue",
        "Press conference, Hanoi",
        "--topic",
        "north korea",
        "--quote",
    )

    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Claim #1: nothing changed.\n"
    assert counts(engine) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ((), 4, "Error: nothing to change on claim #1 (give --text, --venue"),
        (("--text", ""), 4, "Error: claim text is empty (give a claim text)\n"),
        (("--text", "x" * 100_001), 4, "Error: claim text is 100,001 characters long"),
        (("--said", "2019-02-30"), 4, "Error: --said '2019-02-30' does not exist"),
        (("--language", "xx-yyyyyyyyyyy"), 4, "Error: language 'xx-yyyyyyyyyyy' is not a"),
        (
            ("--topic", "New topic", "--remove-topic", "Iran"),
            4,
            "Error: claim #1 has no topic 'Iran' (its topics: Summits)\n",
        ),
    ],
)
def test_bad_edits_are_errors_and_write_nothing(
    people: None, engine: Engine, args: tuple[str, ...], code: int, message: str
) -> None:
    add_trump("--topic", "Summits")
    before = counts(engine)

    result = invoke("claim", "edit", "1", *args)

    assert result.exit_code == code
    assert result.stderr.startswith(message), result.stderr
    assert counts(engine) == before


def test_edit_unknown_claim_is_an_error(people: None) -> None:
    result = invoke("claim", "edit", "5", "--text", "x")

    assert result.exit_code == 3
    assert result.stderr == "Error: no claim #5 (see: factcheck claim list)\n"


def test_retract_keeps_the_claim_and_logs_a_retraction(people: None, engine: Engine) -> None:
    add_trump()

    result = invoke("--as", "carol", "claim", "retract", "1", "--reason", "entered twice")

    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        "1\n",
        "Retracted claim #1.\n",
    )
    shown = json.loads(ok("claim", "show", "1", "-f", "json"))
    assert (shown["status"], shown["retraction_reason"]) == ("retracted", "entered twice")
    assert TIMESTAMP.fullmatch(shown["retracted_at"])
    user, action, object_id, changes = claim_log(engine)[-1]
    assert (user, action, object_id) == ("carol", "retract", 1)
    assert changes["status"] == ["active", "retracted"]
    assert changes["retraction_reason"] == [None, "entered twice"]


def test_retract_as_json_prints_the_claim(people: None) -> None:
    add_trump()

    record = json.loads(ok("claim", "retract", "1", "--reason", "wrong speaker", "-f", "json"))

    assert (record["id"], record["status"]) == (1, "retracted")


def test_retract_twice_is_a_conflict(people: None, engine: Engine) -> None:
    add_trump()
    ok("claim", "retract", "1", "--reason", "entered twice")
    before = counts(engine)

    result = invoke("claim", "retract", "1", "--reason", "again")

    assert result.exit_code == 5
    assert re.fullmatch(
        r"Error: claim #1 was already retracted on \d{4}-\d\d-\d\d "
        r"\(see: factcheck claim show 1\)\n",
        result.stderr,
    )
    assert counts(engine) == before


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("1",), 4, "Error: reason is missing (give --reason R)\n"),
        (("1", "--reason", "  "), 4, "Error: reason is missing (give --reason R)\n"),
        (("8", "--reason", "r"), 3, "Error: no claim #8 (see: factcheck claim list)\n"),
    ],
)
def test_bad_retractions_are_errors(
    people: None, engine: Engine, args: tuple[str, ...], code: int, message: str
) -> None:
    add_trump()
    before = counts(engine)

    result = invoke("claim", "retract", *args, input="")

    assert (result.exit_code, result.stderr) == (code, message)
    assert counts(engine) == before


def test_editing_a_retracted_claim_is_a_conflict(people: None, engine: Engine) -> None:
    add_trump()
    ok("claim", "retract", "1", "--reason", "entered twice")
    before = counts(engine)

    result = invoke("claim", "edit", "1", "--text", "Changed")

    assert result.exit_code == 5
    assert result.stderr == (
        "Error: claim #1 is retracted and cannot be edited (add a new claim instead)\n"
    )
    assert counts(engine) == before


def test_topic_list_in_every_format(people: None) -> None:
    add_hanoi_claims()
    ok("claim", "add", "Another", "--speaker", "Ri Yong Ho", "--topic", "Yongbyon")

    assert ok("topic", "list", "--format", "csv") == (
        "id,name,slug,claims\n1,North Korea,north-korea,2\n2,Sanctions,sanctions,1\n"
        "3,Yongbyon,yongbyon,1\n"
    )
    assert json.loads(ok("topic", "list", "-f", "json"))[0] == {
        "id": 1,
        "name": "North Korea",
        "slug": "north-korea",
        "claims": 2,
    }
    assert len(ok("topic", "list", "-f", "jsonl").splitlines()) == 3
    assert "north-korea" in ok("topic", "list")


@pytest.mark.parametrize(
    ("noun", "command"),
    [
        ("claim", "add"),
        ("claim", "list"),
        ("claim", "show"),
        ("claim", "edit"),
        ("claim", "retract"),
        ("topic", "list"),
    ],
)
def test_every_command_has_help_with_an_example(noun: str, command: str) -> None:
    result = invoke(noun, command, "--help")

    assert result.exit_code == 0
    assert f"Example: factcheck {noun} {command}" in result.stdout
