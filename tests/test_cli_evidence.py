"""``factcheck appearance`` and ``factcheck evidence``: the records that hang off a claim,
through the command line."""

import json

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from factcheck.enums import DatePrecision, EvidenceStance
from factcheck.models import Appearance, Evidence
from tests.conftest import invoke
from tests.helpers_records import (
    ARABIC_TEXT,
    FP_TITLE,
    FP_URL,
    RI_CYRILLIC,
    RI_TEXT,
    add_claim,
    add_source,
    count,
    log_rows,
    masked,
    ok,
)

CPAC_EXCERPT = "they were willing to do much less on the sanction front"
SOURCE_JSON = (
    '  "source": {\n'
    '    "id": 1,\n'
    f'    "url": "{FP_URL}",\n'
    '    "title": "There\'s a Silver Lining in the Clouds Over the North Korea Negotiations"\n'
    "  },\n"
)


@pytest.fixture
def claim(db_env: str, engine: Engine) -> int:
    """A claim and the Foreign Policy article (source #1) that reports it."""
    add_source(engine)
    return add_claim(engine, "They wanted the sanctions lifted in their entirety.")


# appearance add


def test_appearance_add_prints_the_id_and_stores_it(claim: int, engine: Engine) -> None:
    result = invoke(
        "appearance",
        "add",
        str(claim),
        "--source",
        "HTTPS://ForeignPolicy.com:443/2019/03/05/silver-lining/?utm_source=twitter#top",
        "--date",
        "2019-03",
        "--locator",
        "paragraph 4",
        "--excerpt",
        CPAC_EXCERPT,
    )

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == "Added appearance #1 of claim #1.\n"
    with Session(engine) as session:
        appearance = session.scalars(select(Appearance)).one()
        assert (appearance.claim_id, appearance.source_id) == (claim, 1)
        assert str(appearance.appeared_on) == "2019-03-01"
        assert appearance.appeared_precision is DatePrecision.MONTH
        assert (appearance.locator, appearance.excerpt) == ("paragraph 4", CPAC_EXCERPT)
    assert log_rows(engine, "appearances") == [
        (
            "tester",
            "insert",
            1,
            {
                "claim_id": [None, 1],
                "source_id": [None, 1],
                "appeared_on": [None, "2019-03-01"],
                "appeared_precision": [None, "month"],
                "locator": [None, "paragraph 4"],
                "excerpt": [None, CPAC_EXCERPT],
            },
        )
    ]


def test_appearance_add_prints_json(claim: int) -> None:
    result = invoke(
        "appearance", "add", "#1", "--source", "1", "--date", "2019-03-02", "--format", "json"
    )

    assert result.exit_code == 0, result.stderr
    assert masked(result.stdout) == (
        "{\n"
        '  "id": 1,\n'
        '  "claim_id": 1,\n'
        f"{SOURCE_JSON}"
        '  "date": "2019-03-02",\n'
        '  "locator": null,\n'
        '  "excerpt": null,\n'
        '  "created_at": "<time>",\n'
        '  "updated_at": "<time>"\n'
        "}\n"
    )


def test_appearance_add_prints_jsonl_and_csv(claim: int) -> None:
    jsonl = ok("appearance", "add", "1", "--source", "1", "--excerpt", RI_TEXT, "-f", "jsonl")
    csv = ok("appearance", "add", "1", "--source", "1", "--date", "2019", "-f", "csv")

    assert masked(jsonl) == (
        '{"id": 1, "claim_id": 1, "source": {"id": 1, '
        f'"url": "{FP_URL}", "title": "{FP_TITLE}"}}, "date": null, "locator": null, '
        f'"excerpt": "{RI_TEXT}", "created_at": "<time>", "updated_at": "<time>"}}\n'
    )
    assert masked(csv) == (
        "id,claim_id,source_id,source_url,source_title,date,locator,excerpt,"
        "created_at,updated_at\n"
        f"2,1,1,{FP_URL},{FP_TITLE},2019,,,<time>,<time>\n"
    )


def test_appearance_of_a_retracted_claim_is_allowed_and_says_so(
    db_env: str, engine: Engine
) -> None:
    add_source(engine)
    retracted = add_claim(engine, "Entered twice.", retracted=True)

    result = invoke("appearance", "add", str(retracted), "--source", "1")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Added appearance #1 of claim #1 (claim #1 is retracted).\n"
    assert count(engine, Appearance) == 1


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (
            ["--source", "https://example.com/unknown"],
            "Error: no source 'https://example.com/unknown'"
            " (add it first with: factcheck source add URL)\n",
            3,
        ),
        (
            ["--source", "7"],
            "Error: no source '7' (add it first with: factcheck source add URL)\n",
            3,
        ),
        (
            ["--source", "Foreign Policy"],
            "Error: URL 'Foreign Policy' is not a web address (give an http(s):// URL)\n",
            4,
        ),
        ([], "Error: source is missing (give --source URL|ID)\n", 4),
        (
            ["--source", "1", "--date", "2019-02-30"],
            "Error: --date '2019-02-30' does not exist (day is out of range for month)\n",
            4,
        ),
        (
            ["--source", "1", "--date", "March 2019"],
            "Error: --date 'March 2019' is not a date"
            " (use YYYY-MM-DD, YYYY-MM or YYYY, optionally with HH:MM)\n",
            4,
        ),
        (
            ["--source", "1", "--locator", "p" * 301],
            "Error: locator is 301 characters long (the limit is 300)\n",
            4,
        ),
        (
            ["--source", "1", "--excerpt", "a\x00"],
            "Error: excerpt contains a NUL character (remove it)\n",
            4,
        ),
    ],
)
def test_appearance_add_errors_write_nothing(
    claim: int, engine: Engine, args: list[str], message: str, code: int
) -> None:
    result = invoke("appearance", "add", str(claim), *args)

    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)
    assert count(engine, Appearance) == 0
    assert log_rows(engine, "appearances") == []


def test_appearance_add_to_an_unknown_claim(claim: int, engine: Engine) -> None:
    result = invoke("appearance", "add", "9", "--source", "1")

    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == "Error: no claim #9 (see: factcheck claim list)\n"
    assert count(engine, Appearance) == 0


def test_the_same_appearance_twice_is_a_conflict(claim: int, engine: Engine) -> None:
    ok("appearance", "add", "1", "--source", "1", "--locator", "p. 4")

    again = invoke("appearance", "add", "1", "--source", FP_URL, "--locator", "p. 4")
    elsewhere = invoke("appearance", "add", "1", "--source", FP_URL, "--locator", "p. 5")

    assert (again.exit_code, again.stdout) == (5, "")
    assert again.stderr == (
        "Error: appearance #1 already records this (see: factcheck appearance show 1)\n"
    )
    assert elsewhere.exit_code == 0, elsewhere.stderr
    assert count(engine, Appearance) == 2


# appearance list and show


def test_appearance_list_orders_by_date_then_undated(claim: int, engine: Engine) -> None:
    add_source(engine, url=None, title="CPAC transcript")
    ok("appearance", "add", "1", "--source", "1")
    ok("appearance", "add", "1", "--source", "2", "--date", "2019-03-02", "--locator", "41:10")
    ok("appearance", "add", "1", "--source", "1", "--date", "2019-03")
    other = add_claim(engine, "Another claim.")
    ok("appearance", "add", str(other), "--source", "1")

    csv = ok("appearance", "list", "1", "--format", "csv")

    assert csv == (
        "id,claim_id,source_id,source_url,source_title,date,locator,excerpt\n"
        f"3,1,1,{FP_URL},{FP_TITLE},2019-03,,\n"
        "2,1,2,,CPAC transcript,2019-03-02,41:10,\n"
        f"1,1,1,{FP_URL},{FP_TITLE},,,\n"
    )


def test_appearance_list_json_jsonl_and_table(claim: int) -> None:
    ok("appearance", "add", "1", "--source", "1", "--excerpt", ARABIC_TEXT, "--date", "2019")

    listed = ok("appearance", "list", "1", "--format", "json")
    lines = ok("appearance", "list", "1", "--format", "jsonl")
    table = ok("appearance", "list", "1")

    assert masked(listed) == (
        "[\n"
        "  {\n"
        '    "id": 1,\n'
        '    "claim_id": 1,\n'
        '    "source": {\n'
        '      "id": 1,\n'
        f'      "url": "{FP_URL}",\n'
        f'      "title": "{FP_TITLE}"\n'
        "    },\n"
        '    "date": "2019",\n'
        '    "locator": null,\n'
        f'    "excerpt": "{ARABIC_TEXT}",\n'
        '    "created_at": "<time>",\n'
        '    "updated_at": "<time>"\n'
        "  }\n"
        "]\n"
    )
    assert [json.loads(line)["excerpt"] for line in lines.splitlines()] == [ARABIC_TEXT]
    header = [cell.strip() for cell in table.splitlines()[0].split("┃")]
    assert header == ["id", "date", "source", "locator", "excerpt"]
    assert "طالبت" in table
    assert "https://foreignpolicy.com/" in table


def test_appearance_list_of_a_claim_without_any(claim: int) -> None:
    assert ok("appearance", "list", "1", "--format", "json") == "[]\n"
    unknown = invoke("appearance", "list", "5")
    assert (unknown.exit_code, unknown.stderr) == (
        3,
        "Error: no claim #5 (see: factcheck claim list)\n",
    )


def test_appearance_show(claim: int) -> None:
    ok("appearance", "add", "1", "--source", "1", "--locator", "¶ 4")

    shown = ok("appearance", "show", "1", "--format", "csv")
    table = ok("appearance", "show", "1")
    missing = invoke("appearance", "show", "2")

    assert masked(shown) == (
        "id,claim_id,source_id,source_url,source_title,date,locator,excerpt,created_at,updated_at\n"
        f"1,1,1,{FP_URL},{FP_TITLE},,¶ 4,,<time>,<time>\n"
    )
    assert "source_url" in table and FP_URL in table
    assert (missing.exit_code, missing.stdout) == (3, "")
    assert missing.stderr == "Error: no appearance #2 (see: factcheck appearance list CLAIM)\n"


# evidence add


def test_evidence_add_prints_the_id_and_stores_it(claim: int, engine: Engine) -> None:
    result = invoke(
        "evidence",
        "add",
        "1",
        "--source",
        FP_URL,
        "--stance",
        "refutes",
        "--excerpt",
        "a US official confirmed Ri's account",
        "--locator",
        "paragraph 6",
        "--note",
        f"{RI_CYRILLIC} was right",
    )

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == "Added evidence #1 on claim #1 (refutes).\n"
    with Session(engine) as session:
        evidence = session.scalars(select(Evidence)).one()
        assert (evidence.claim_id, evidence.source_id, evidence.stance) == (
            1,
            1,
            EvidenceStance.REFUTES,
        )
        assert evidence.note == f"{RI_CYRILLIC} was right"
    assert log_rows(engine, "evidence") == [
        (
            "tester",
            "insert",
            1,
            {
                "claim_id": [None, 1],
                "source_id": [None, 1],
                "stance": [None, "refutes"],
                "excerpt": [None, "a US official confirmed Ri's account"],
                "locator": [None, "paragraph 6"],
                "note": [None, f"{RI_CYRILLIC} was right"],
            },
        )
    ]


def test_evidence_add_prints_json_jsonl_and_csv(claim: int) -> None:
    as_json = ok("evidence", "add", "1", "--source", "1", "--stance", "context", "-f", "json")
    as_jsonl = ok(
        "evidence",
        "add",
        "1",
        "--source",
        "1",
        "--stance",
        "supports",
        "--excerpt",
        RI_TEXT,
        "-f",
        "jsonl",
    )
    as_csv = ok(
        "evidence",
        "add",
        "1",
        "--source",
        "1",
        "--stance",
        "refutes",
        "--note",
        "=1+1",
        "-f",
        "csv",
    )

    assert masked(as_json) == (
        "{\n"
        '  "id": 1,\n'
        '  "claim_id": 1,\n'
        '  "stance": "context",\n'
        f"{SOURCE_JSON}"
        '  "excerpt": null,\n'
        '  "locator": null,\n'
        '  "note": null,\n'
        '  "created_at": "<time>",\n'
        '  "updated_at": "<time>"\n'
        "}\n"
    )
    assert masked(as_jsonl) == (
        '{"id": 2, "claim_id": 1, "stance": "supports", "source": {"id": 1, '
        f'"url": "{FP_URL}", "title": "{FP_TITLE}"}}, "excerpt": "{RI_TEXT}", '
        '"locator": null, "note": null, "created_at": "<time>", "updated_at": "<time>"}\n'
    )
    assert masked(as_csv) == (
        "id,claim_id,stance,source_id,source_url,source_title,excerpt,locator,note,"
        "created_at,updated_at\n"
        f"3,1,refutes,1,{FP_URL},{FP_TITLE},,,'=1+1,<time>,<time>\n"
    )


def test_evidence_on_a_retracted_claim_is_allowed_and_says_so(db_env: str, engine: Engine) -> None:
    add_source(engine)
    add_claim(engine, "Entered twice.", retracted=True)

    result = invoke("evidence", "add", "1", "--source", "1", "--stance", "context")

    assert result.exit_code == 0, result.stderr
    assert result.stderr == "Added evidence #1 on claim #1 (context) (claim #1 is retracted).\n"


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (
            ["--source", "https://example.com/x", "--stance", "supports"],
            "Error: no source 'https://example.com/x'"
            " (add it first with: factcheck source add URL)\n",
            3,
        ),
        (
            ["--source", "ftp://example.com/x", "--stance", "supports"],
            "Error: URL 'ftp://example.com/x' is not a web address (give an http(s):// URL)\n",
            4,
        ),
        (["--stance", "supports"], "Error: source is missing (give --source URL|ID)\n", 4),
        (["--source", "1"], "Error: stance is missing (give --stance)\n", 4),
        (
            ["--source", "1", "--stance", "supports", "--locator", "x" * 301],
            "Error: locator is 301 characters long (the limit is 300)\n",
            4,
        ),
        (
            ["--source", "1", "--stance", "supports", "--note", "x" * 100_001],
            "Error: note is 100,001 characters long (the limit is 100,000)\n",
            4,
        ),
    ],
)
def test_evidence_add_errors_write_nothing(
    claim: int, engine: Engine, args: list[str], message: str, code: int
) -> None:
    result = invoke("evidence", "add", "1", *args)

    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)
    assert count(engine, Evidence) == 0
    assert log_rows(engine, "evidence") == []


def test_evidence_with_an_unknown_stance_is_a_usage_error(claim: int, engine: Engine) -> None:
    result = invoke("evidence", "add", "1", "--source", "1", "--stance", "proves")

    assert result.exit_code == 2
    assert "Invalid value for '--stance': 'proves' is not one of" in result.stderr
    assert count(engine, Evidence) == 0


def test_evidence_on_an_unknown_claim(claim: int, engine: Engine) -> None:
    result = invoke("evidence", "add", "x1", "--source", "1", "--stance", "supports")

    assert (result.exit_code, result.stdout) == (4, "")
    assert result.stderr == "Error: claim id 'x1' is not a number (give the claim's id)\n"
    assert count(engine, Evidence) == 0


def test_the_same_evidence_twice_is_a_conflict(claim: int, engine: Engine) -> None:
    ok("evidence", "add", "1", "--source", "1", "--stance", "refutes", "--excerpt", "no")

    again = invoke(
        "evidence",
        "add",
        "1",
        "--source",
        FP_URL,
        "--stance",
        "refutes",
        "--excerpt",
        "no",
        "--note",
        "a different note is still the same evidence",
    )
    other_stance = invoke(
        "evidence", "add", "1", "--source", "1", "--stance", "context", "--excerpt", "no"
    )

    assert (again.exit_code, again.stdout) == (5, "")
    assert (
        again.stderr == "Error: evidence #1 already records this (see: factcheck evidence show 1)\n"
    )
    assert other_stance.exit_code == 0, other_stance.stderr
    assert count(engine, Evidence) == 2


# evidence list and show


def test_evidence_list_in_every_format(claim: int, engine: Engine) -> None:
    add_source(engine, url="https://www.politifact.com/x/", title=None)
    ok("evidence", "add", "1", "--source", "1", "--stance", "refutes", "--excerpt", RI_TEXT)
    ok("evidence", "add", "1", "--source", "2", "--stance", "context", "--locator", "p1")
    other = add_claim(engine, "Another claim.")
    ok("evidence", "add", str(other), "--source", "1", "--stance", "supports")

    csv = ok("evidence", "list", "1", "--format", "csv")
    listed = json.loads(ok("evidence", "list", "1", "--format", "json"))
    lines = ok("evidence", "list", "1", "--format", "jsonl").splitlines()
    table = ok("evidence", "list", "1")

    assert csv == (
        "id,claim_id,stance,source_id,source_url,source_title,excerpt,locator,note\n"
        f"1,1,refutes,1,{FP_URL},{FP_TITLE},{RI_TEXT},,\n"
        "2,1,context,2,https://www.politifact.com/x/,,,p1,\n"
    )
    assert [(row["id"], row["stance"], row["source"]["id"]) for row in listed] == [
        (1, "refutes", 1),
        (2, "context", 2),
    ]
    assert [json.loads(line) for line in lines] == listed
    header = [cell.strip() for cell in table.splitlines()[0].split("┃")]
    assert header == ["id", "stance", "source", "excerpt", "locator", "note"]
    assert "#2 https://www.politifact.com/x/" in table
    assert "우리가" in table


def test_evidence_list_filters_by_stance(claim: int) -> None:
    ok("evidence", "add", "1", "--source", "1", "--stance", "refutes")
    ok("evidence", "add", "1", "--source", "1", "--stance", "context")

    csv = ok("evidence", "list", "1", "--stance", "context", "--format", "csv")

    assert csv == (
        "id,claim_id,stance,source_id,source_url,source_title,excerpt,locator,note\n"
        f"2,1,context,1,{FP_URL},{FP_TITLE},,,\n"
    )


def test_evidence_show(claim: int) -> None:
    ok("evidence", "add", "1", "--source", "1", "--stance", "refutes", "--note", RI_CYRILLIC)

    record = json.loads(ok("evidence", "show", "1", "--format", "json"))
    table = ok("evidence", "show", "#1")
    missing = invoke("evidence", "show", "3")

    assert (record["id"], record["stance"], record["note"]) == (1, "refutes", RI_CYRILLIC)
    assert record["source"] == {"id": 1, "url": FP_URL, "title": FP_TITLE}
    assert RI_CYRILLIC in table and "source_title" in table
    assert (missing.exit_code, missing.stdout) == (3, "")
    assert missing.stderr == "Error: no evidence #3 (see: factcheck evidence list CLAIM)\n"


@pytest.mark.parametrize(
    ("noun", "command"),
    [(n, c) for n in ("appearance", "evidence") for c in ("add", "list", "show")],
)
def test_every_command_has_help_with_an_example(noun: str, command: str) -> None:
    result = invoke(noun, command, "--help")

    assert result.exit_code == 0
    assert f"Example: factcheck {noun} {command}" in result.stdout
