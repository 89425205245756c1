"""``factcheck link``: add, list, show, confirm and reject links between claims, through the
command line."""

import json

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from factcheck.enums import LinkKind, LinkMethod, LinkStatus
from factcheck.errors import Conflict, InvalidInput
from factcheck.models import ClaimLink
from factcheck.services import links, lookup
from tests.conftest import invoke
from tests.helpers_records import RI_TEXT, add_claim, count, log_rows, masked, ok

TRUMP_TEXT = "They wanted the sanctions lifted in their entirety."
CPAC_TEXT = "They were willing to do much less on the sanction front. That's not what happened."


@pytest.fixture
def claims(db_env: str, engine: Engine) -> tuple[int, int, int]:
    """Trump at Hanoi (#1), Ri Yong Ho under his Korean name (#2), Trump at CPAC (#3)."""
    return (
        add_claim(engine, TRUMP_TEXT),
        add_claim(engine, RI_TEXT, speaker="리용호"),
        add_claim(engine, CPAC_TEXT),
    )


def stored(engine: Engine) -> list[tuple[int, int, str, str, str]]:
    with Session(engine) as session:
        rows = session.execute(
            select(
                ClaimLink.claim_a_id,
                ClaimLink.claim_b_id,
                ClaimLink.kind,
                ClaimLink.status,
                ClaimLink.method,
            ).order_by(ClaimLink.id)
        ).all()
    return [(a, b, kind.value, status.value, method.value) for a, b, kind, status, method in rows]


def suggest(engine: Engine, claim_a: int, claim_b: int, kind: LinkKind) -> int:
    """A link proposed by a similarity measure, as a matcher would record it."""
    with Session(engine, info={"user": "matcher"}) as session:
        added = links.add_link(
            session,
            claim_a=lookup.get_claim(session, claim_a),
            claim_b=lookup.get_claim(session, claim_b),
            kind=kind,
            status=LinkStatus.SUGGESTED,
            method=LinkMethod.SIMILARITY,
            score=0.87,
            reason="same speaker, 0.87 cosine",
        )
        session.commit()
        return added.link.id


LINK_JSON = (
    "{\n"
    '  "id": 1,\n'
    '  "kind": "contradicts",\n'
    '  "claim_a": {\n'
    '    "id": 1,\n'
    f'    "text": "{TRUMP_TEXT}",\n'
    '    "speaker": "Donald Trump",\n'
    '    "status": "active"\n'
    "  },\n"
    '  "claim_b": {\n'
    '    "id": 2,\n'
    f'    "text": "{RI_TEXT}",\n'
    '    "speaker": "리용호",\n'
    '    "status": "active"\n'
    "  },\n"
    '  "status": "confirmed",\n'
    '  "method": "manual",\n'
    '  "score": null,\n'
    '  "reason": null,\n'
    '  "note": "전부 대 일부",\n'
    '  "created_at": "<time>",\n'
    '  "updated_at": "<time>"\n'
    "}\n"
)
CSV_HEADER = (
    "id,kind,claim_a_id,claim_a_text,claim_a_speaker,claim_a_status,claim_b_id,"
    "claim_b_text,claim_b_speaker,claim_b_status,status,method,score,reason,note\n"
)


# add


def test_add_prints_the_id_and_stores_a_confirmed_manual_link(
    claims: tuple[int, int, int], engine: Engine
) -> None:
    result = invoke("link", "add", "1", "2", "--kind", "contradicts", "--note", "전부 대 일부")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == "Added link #1: claim #1 contradicts claim #2.\n"
    assert stored(engine) == [(1, 2, "contradicts", "confirmed", "manual")]
    assert log_rows(engine, "claim_links") == [
        (
            "tester",
            "insert",
            1,
            {
                "claim_a_id": [None, 1],
                "claim_b_id": [None, 2],
                "kind": [None, "contradicts"],
                "status": [None, "confirmed"],
                "method": [None, "manual"],
                "note": [None, "전부 대 일부"],
            },
        )
    ]


@pytest.mark.parametrize("kind", ["contradicts", "same-as"])
def test_a_symmetric_link_is_stored_lower_id_first_whatever_the_order(
    claims: tuple[int, int, int], engine: Engine, kind: str
) -> None:
    result = invoke("link", "add", "#2", "1", "--kind", kind, "--format", "json")

    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert (record["claim_a"]["id"], record["claim_b"]["id"]) == (1, 2)
    assert result.stderr == f"Added link #1: claim #1 {kind} claim #2.\n"
    assert stored(engine) == [(1, 2, kind, "confirmed", "manual")]


def test_a_directed_link_keeps_its_direction_and_the_reverse_is_another_link(
    claims: tuple[int, int, int], engine: Engine
) -> None:
    ok("link", "add", "3", "1", "--kind", "repeats")
    ok("link", "add", "1", "3", "--kind", "repeats")

    assert stored(engine) == [
        (3, 1, "repeats", "confirmed", "manual"),
        (1, 3, "repeats", "confirmed", "manual"),
    ]


def test_add_prints_json_jsonl_and_csv(claims: tuple[int, int, int]) -> None:
    as_json = invoke(
        "link", "add", "1", "2", "--kind", "contradicts", "--note", "전부 대 일부", "-f", "json"
    )
    as_jsonl = ok("link", "add", "3", "1", "--kind", "repeats", "--format", "jsonl")
    as_csv = ok("link", "add", "2", "3", "--kind", "clarifies", "--format", "csv")

    assert as_json.exit_code == 0, as_json.stderr
    assert masked(as_json.stdout) == LINK_JSON
    assert masked(as_jsonl) == (
        '{"id": 2, "kind": "repeats", '
        f'"claim_a": {{"id": 3, "text": "{CPAC_TEXT}", "speaker": "Donald Trump", '
        '"status": "active"}, '
        f'"claim_b": {{"id": 1, "text": "{TRUMP_TEXT}", "speaker": "Donald Trump", '
        '"status": "active"}, '
        '"status": "confirmed", "method": "manual", "score": null, "reason": null, '
        '"note": null, "created_at": "<time>", "updated_at": "<time>"}\n'
    )
    assert masked(as_csv) == (
        CSV_HEADER.rstrip("\n") + ",created_at,updated_at\n"
        f"3,clarifies,2,{RI_TEXT},리용호,active,3,{CPAC_TEXT},Donald Trump,active,"
        "confirmed,manual,,,,<time>,<time>\n"
    )


def test_a_self_link_is_an_error_and_writes_nothing(
    claims: tuple[int, int, int], engine: Engine
) -> None:
    result = invoke("link", "add", "1", "#1", "--kind", "repeats")

    assert (result.exit_code, result.stdout) == (5, "")
    assert result.stderr == "Error: claim #1 cannot be linked to itself (give two claims)\n"
    assert count(engine, ClaimLink) == 0
    assert log_rows(engine, "claim_links") == []


@pytest.mark.parametrize("order", [("1", "2"), ("2", "1")])
def test_a_duplicate_symmetric_link_is_an_error_in_either_order(
    claims: tuple[int, int, int], engine: Engine, order: tuple[str, str]
) -> None:
    ok("link", "add", "2", "1", "--kind", "contradicts")

    result = invoke("link", "add", *order, "--kind", "contradicts", "--note", "again")

    assert (result.exit_code, result.stdout) == (5, "")
    assert result.stderr == (
        "Error: link #1 already records claim #1 contradicts claim #2; it is confirmed"
        " (see: factcheck link show 1)\n"
    )
    assert stored(engine) == [(1, 2, "contradicts", "confirmed", "manual")]
    assert len(log_rows(engine, "claim_links")) == 1


def test_a_duplicate_directed_link_is_an_error(
    claims: tuple[int, int, int], engine: Engine
) -> None:
    ok("link", "add", "3", "1", "--kind", "repeats")

    result = invoke("link", "add", "3", "1", "--kind", "repeats")

    assert result.exit_code == 5
    assert result.stderr.startswith("Error: link #1 already records claim #3 repeats claim #1;")
    assert count(engine, ClaimLink) == 1


@pytest.mark.parametrize(
    ("args", "message", "code"),
    [
        (["1", "9", "--kind", "supports"], "Error: no claim #9 (see: factcheck claim list)\n", 3),
        (
            ["1", "two", "--kind", "supports"],
            "Error: claim id 'two' is not a number (give the claim's id)\n",
            4,
        ),
        (["1", "2"], "Error: kind is missing (give --kind)\n", 4),
        (
            ["1", "2", "--kind", "supports", "--note", "n" * 100_001],
            "Error: note is 100,001 characters long (the limit is 100,000)\n",
            4,
        ),
    ],
)
def test_add_errors_write_nothing(
    claims: tuple[int, int, int], engine: Engine, args: list[str], message: str, code: int
) -> None:
    result = invoke("link", "add", *args)

    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)
    assert count(engine, ClaimLink) == 0


def test_add_with_an_unknown_kind_is_a_usage_error(
    claims: tuple[int, int, int], engine: Engine
) -> None:
    result = invoke("link", "add", "1", "2", "--kind", "refutes")

    assert result.exit_code == 2
    assert "Invalid value for '--kind': 'refutes' is not one of" in result.stderr
    assert count(engine, ClaimLink) == 0


def test_a_missing_kind_is_asked_for_on_a_terminal(
    claims: tuple[int, int, int], engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("factcheck.cli.prompts.interactive", lambda: True)

    answered = invoke("link", "add", "2", "1", input="Same-As\n")
    mistyped = invoke("link", "add", "2", "3", input="opposes\n")

    assert answered.exit_code == 0, answered.stderr
    assert answered.stdout.endswith("1\n")
    assert stored(engine) == [(1, 2, "same-as", "confirmed", "manual")]
    assert mistyped.exit_code == 4
    assert mistyped.stderr.endswith(
        "Error: kind 'opposes' is not known"
        " (use one of: contradicts, supports, repeats, same-as, clarifies)\n"
    )
    assert count(engine, ClaimLink) == 1


@pytest.mark.parametrize("previous", [LinkStatus.SUGGESTED, LinkStatus.REJECTED])
def test_adding_a_suggested_or_rejected_link_confirms_it(
    claims: tuple[int, int, int], engine: Engine, previous: LinkStatus
) -> None:
    link_id = suggest(engine, 2, 1, LinkKind.CONTRADICTS)
    if previous is LinkStatus.REJECTED:
        ok("link", "reject", str(link_id))

    result = invoke("link", "add", "1", "2", "--kind", "contradicts", "--note", "checked")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{link_id}\n"
    assert result.stderr == (
        f"Confirmed link #1 (was {previous.value}): claim #1 contradicts claim #2.\n"
    )
    assert stored(engine) == [(1, 2, "contradicts", "confirmed", "similarity")]
    record = json.loads(ok("link", "show", "1", "--format", "json"))
    assert (record["score"], record["reason"], record["note"]) == (
        0.87,
        "same speaker, 0.87 cosine",
        "checked",
    )
    assert log_rows(engine, "claim_links")[-1] == (
        "tester",
        "update",
        1,
        {"status": [previous.value, "confirmed"], "note": [None, "checked"]},
    )


def test_a_second_suggestion_of_a_rejected_link_is_a_conflict(
    claims: tuple[int, int, int], engine: Engine
) -> None:
    link_id = suggest(engine, 1, 2, LinkKind.SAME_AS)
    ok("link", "reject", str(link_id))

    with pytest.raises(Conflict, match="already records claim #1 same-as claim #2; it is rejected"):
        suggest(engine, 2, 1, LinkKind.SAME_AS)

    assert stored(engine) == [(1, 2, "same-as", "rejected", "similarity")]


def test_a_score_out_of_range_is_invalid(claims: tuple[int, int, int], engine: Engine) -> None:
    with Session(engine) as session:
        first, second = lookup.get_claim(session, 1), lookup.get_claim(session, 2)
        with pytest.raises(InvalidInput, match=r"score 1.5 is out of range"):
            links.add_link(session, claim_a=first, claim_b=second, kind="supports", score=1.5)
    assert count(engine, ClaimLink) == 0


# list


def linked(engine: Engine) -> None:
    """#1: 1 contradicts 2; #2: 3 repeats 1 (suggested); #3: 2 clarifies 4, 4 retracted."""
    ok("link", "add", "2", "1", "--kind", "contradicts", "--note", "전부 대 일부")
    suggest(engine, 3, 1, LinkKind.REPEATS)
    add_claim(engine, "Withdrawn.", speaker="리용호", retracted=True)
    ok("link", "add", "2", "4", "--kind", "clarifies")


def test_list_json_leaves_out_links_of_retracted_claims(
    claims: tuple[int, int, int], engine: Engine
) -> None:
    linked(engine)

    result = invoke("link", "list", "--format", "json")

    assert result.exit_code == 0, result.stderr
    records = json.loads(result.stdout)
    assert [record["id"] for record in records] == [1, 2]
    indented = "".join("  " + line + "\n" for line in LINK_JSON.splitlines())
    assert masked(result.stdout).startswith("[\n" + indented.rstrip("\n") + ",\n")
    assert records[1]["method"] == "similarity"
    assert (records[1]["score"], records[1]["reason"]) == (0.87, "same speaker, 0.87 cosine")


def test_list_csv_with_retracted_claims_included(
    claims: tuple[int, int, int], engine: Engine
) -> None:
    linked(engine)

    result = invoke("link", "list", "--include-retracted", "--format", "csv")

    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        CSV_HEADER + f"1,contradicts,1,{TRUMP_TEXT},Donald Trump,active,2,{RI_TEXT},리용호,active,"
        "confirmed,manual,,,전부 대 일부\n"
        + f"2,repeats,3,{CPAC_TEXT},Donald Trump,active,1,{TRUMP_TEXT},Donald Trump,active,"
        'suggested,similarity,0.87,"same speaker, 0.87 cosine",\n'
        + f"3,clarifies,2,{RI_TEXT},리용호,active,4,Withdrawn.,리용호,retracted,"
        "confirmed,manual,,,\n"
    )


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        (["--status", "suggested"], [2]),
        (["--status", "confirmed"], [1]),
        (["--status", "rejected"], []),
        (["--kind", "contradicts"], [1]),
        (["--kind", "clarifies"], []),
        (["--kind", "clarifies", "--include-retracted"], [3]),
        (["--claim", "2"], [1, 3]),
        (["--claim", "#4"], [3]),
        (["--claim", "1", "--status", "suggested", "--kind", "repeats"], [2]),
    ],
)
def test_list_filters(
    claims: tuple[int, int, int], engine: Engine, args: list[str], ids: list[int]
) -> None:
    linked(engine)

    lines = ok("link", "list", *args, "--format", "jsonl").splitlines()

    assert [json.loads(line)["id"] for line in lines] == ids


def test_list_table(claims: tuple[int, int, int], engine: Engine) -> None:
    linked(engine)

    result = invoke("link", "list", "--include-retracted")

    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [cell.strip() for cell in lines[0].split("┃")] == [
        "id",
        "claim a",
        "kind",
        "claim b",
        "status",
        "method",
        "note",
    ]
    rows = [[cell.strip() for cell in line.split("│")] for line in lines[2:]]
    assert rows[0][:6] == [
        "1",
        "#1 Donald Trump",
        "contradicts",
        "#2 리용호",
        "confirmed",
        "manual",
    ]
    assert rows[1][:6] == [
        "2",
        "#3 Donald Trump",
        "repeats",
        "#1 Donald Trump",
        "suggested",
        "similarity",
    ]
    assert rows[2][3] == "#4 리용호 [retracted]"


def test_list_errors(claims: tuple[int, int, int]) -> None:
    unknown = invoke("link", "list", "--claim", "8")
    bad_status = invoke("link", "list", "--status", "pending")

    assert (unknown.exit_code, unknown.stdout) == (3, "")
    assert unknown.stderr == "Error: no claim #8 (see: factcheck claim list)\n"
    assert bad_status.exit_code == 2
    assert "Invalid value for '--status'" in bad_status.stderr


def test_list_of_no_links(claims: tuple[int, int, int]) -> None:
    assert ok("link", "list", "--format", "json") == "[]\n"
    assert ok("link", "list", "--format", "csv") == CSV_HEADER


# show


def test_show_in_every_format(claims: tuple[int, int, int]) -> None:
    ok("link", "add", "1", "2", "--kind", "contradicts", "--note", "전부 대 일부")

    as_json = ok("link", "show", "1", "--format", "json")
    as_jsonl = ok("link", "show", "#1", "--format", "jsonl")
    as_csv = ok("link", "show", "1", "--format", "csv")
    table = ok("link", "show", "1")

    assert masked(as_json) == LINK_JSON
    assert json.loads(as_jsonl) == json.loads(as_json)
    assert masked(as_csv) == (
        CSV_HEADER.rstrip("\n")
        + ",created_at,updated_at\n"
        + f"1,contradicts,1,{TRUMP_TEXT},Donald Trump,active,2,{RI_TEXT},리용호,active,"
        "confirmed,manual,,,전부 대 일부,<time>,<time>\n"
    )
    assert "claim_b_speaker" in table and "리용호" in table


@pytest.mark.parametrize(
    ("reference", "message", "code"),
    [
        ("4", "Error: no link #4 (see: factcheck link list)\n", 3),
        ("four", "Error: link id 'four' is not a number (give the link's id)\n", 4),
    ],
)
def test_show_unknown_or_malformed_id(
    claims: tuple[int, int, int], reference: str, message: str, code: int
) -> None:
    result = invoke("link", "show", reference)

    assert (result.exit_code, result.stdout, result.stderr) == (code, "", message)


# confirm and reject


def test_confirm_a_suggested_link_is_logged(claims: tuple[int, int, int], engine: Engine) -> None:
    link_id = suggest(engine, 3, 1, LinkKind.REPEATS)

    result = invoke("link", "confirm", str(link_id))

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == "Link #1 is now confirmed (was suggested): claim #3 repeats claim #1.\n"
    assert stored(engine) == [(3, 1, "repeats", "confirmed", "similarity")]
    assert [row[:3] for row in log_rows(engine, "claim_links")] == [
        ("matcher", "insert", 1),
        ("tester", "update", 1),
    ]
    assert log_rows(engine, "claim_links")[1][3] == {"status": ["suggested", "confirmed"]}


def test_reject_then_confirm_again_each_logged(
    claims: tuple[int, int, int], engine: Engine
) -> None:
    ok("link", "add", "1", "2", "--kind", "contradicts", "--note", "전부 대 일부")

    rejected = invoke(
        "--as", "reviewer", "link", "reject", "1", "--note", "different summit", "-f", "json"
    )
    confirmed = invoke("link", "confirm", "1")

    assert rejected.exit_code == 0, rejected.stderr
    record = json.loads(rejected.stdout)
    assert (record["status"], record["note"]) == ("rejected", "different summit")
    assert rejected.stderr == (
        "Link #1 is now rejected (was confirmed): claim #1 contradicts claim #2.\n"
    )
    assert confirmed.exit_code == 0, confirmed.stderr
    assert confirmed.stderr == (
        "Link #1 is now confirmed (was rejected): claim #1 contradicts claim #2.\n"
    )
    assert log_rows(engine, "claim_links")[1:] == [
        (
            "reviewer",
            "update",
            1,
            {"status": ["confirmed", "rejected"], "note": ["전부 대 일부", "different summit"]},
        ),
        ("tester", "update", 1, {"status": ["rejected", "confirmed"]}),
    ]


@pytest.mark.parametrize("command", ["confirm", "reject"])
def test_setting_the_status_a_link_has_is_an_error(
    claims: tuple[int, int, int], engine: Engine, command: str
) -> None:
    ok("link", "add", "1", "2", "--kind", "contradicts")
    if command == "reject":
        ok("link", "reject", "1")
    status = "confirmed" if command == "confirm" else "rejected"
    before = log_rows(engine, "claim_links")

    result = invoke("link", command, "1", "--note", "ignored")

    assert (result.exit_code, result.stdout) == (5, "")
    assert result.stderr == f"Error: link #1 is already {status} (nothing to change)\n"
    assert log_rows(engine, "claim_links") == before


@pytest.mark.parametrize("command", ["confirm", "reject"])
def test_confirm_and_reject_an_unknown_link(claims: tuple[int, int, int], command: str) -> None:
    result = invoke("link", command, "12")

    assert (result.exit_code, result.stdout) == (3, "")
    assert result.stderr == "Error: no link #12 (see: factcheck link list)\n"


@pytest.mark.parametrize("command", ["add", "list", "show", "confirm", "reject"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke("link", command, "--help")

    assert result.exit_code == 0
    assert f"Example: factcheck link {command}" in result.stdout
