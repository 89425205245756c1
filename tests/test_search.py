"""``factcheck search``: words, phrases and prefixes over claims and what hangs off them; the
index follows every write, single or bulk."""

import json
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from factcheck.resources import fixtures_dir
from tests.conftest import invoke

HANOI = fixtures_dir() / "hanoi-summit.yaml"
TRUMP_TEXT = "North Korea wanted the sanctions lifted in their entirety"
RI_TEXT = "North Korea sought only partial relief"


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def found(query: str, *options: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ok("search", query, "--format", "json", *options))
    return rows


def texts(query: str, *options: str) -> list[str]:
    return [row["text"] for row in found(query, *options)]


@pytest.fixture
def hanoi(db_env: str) -> None:
    ok("import", str(HANOI))


def test_yongbyon_finds_both_conflicting_claims(hanoi: None) -> None:
    rows = found("yongbyon")

    assert [row["speaker"] for row in rows[:2]] == ["Donald Trump", "Ri Yong Ho"]
    assert rows[0]["text"].startswith(TRUMP_TEXT)
    assert rows[0]["matched"] == ["claim", "proposition"]
    # Ri's words do not name Yongbyon; the proposition Ri denies does.
    assert rows[1]["text"].startswith(RI_TEXT)
    assert rows[1]["matched"] == ["proposition"]
    assert rows[1]["stances"][0]["stance"] == "denies"


def test_words_all_match_in_any_case_and_any_order(hanoi: None) -> None:
    assert texts("COMPLEX yongbyon Nuclear") == texts("nuclear complex yongbyon")
    assert texts("yongbyon partial") == []


def test_phrases_match_words_in_order(hanoi: None) -> None:
    assert [t[:57] for t in texts('"lifted in their entirety"')] == [TRUMP_TEXT]
    assert texts('"entirety lifted"') == []


def test_prefixes_and_plural_endings(hanoi: None) -> None:
    assert [t[:38] for t in texts("resolu*")] == [RI_TEXT]
    # "sanction" finds "sanctions", and the other way round.
    assert texts("sanction") == texts("sanctions")
    assert len(texts("sanction")) == 4


def test_venue_source_title_and_evidence_are_searched(hanoi: None) -> None:
    cpac = found("cpac")
    assert [row["matched"] for row in cpac] == [["claim"]]
    titled = found('"silver lining"')
    assert len(titled) == 6
    assert {tuple(row["matched"]) for row in titled} == {("source",)}
    # The evidence on Ri's claim speaks of "the North Korean demand".
    assert [row["matched"] for row in found("demand")] == [["evidence"]]


def test_filters_are_those_of_claim_list(hanoi: None) -> None:
    assert len(found("sanctions", "--speaker", "Donald Trump")) == 3
    assert [row["speaker"] for row in found("sanctions", "--speaker", "Ri Yong Ho")] == [
        "Ri Yong Ho"
    ]
    assert [row["said"] for row in found("sanctions", "--since", "2019-03-02")] == ["2019-03-02"]
    assert len(found("hanoi", "--topic", "sanctions")) == 3
    assert len(found("hanoi")) == 5
    assert len(found("hanoi", "--limit", "2")) == 2


def test_csv_and_jsonl_carry_the_claim_columns_and_where_it_matched(hanoi: None) -> None:
    csv_lines = ok("search", "cpac", "--format", "csv").splitlines()
    assert csv_lines[0] == (
        "id,said,said_time,speaker,speaker_id,wording,text,venue,language,topics,"
        "first_source_id,first_source_url,status,retracted_at,retraction_reason,matched"
    )
    assert csv_lines[1].endswith(
        ",CPAC speech,en,Hanoi summit; North Korea; sanctions,1,,active,,,claim"
    )
    lines = ok("search", "yongbyon", "--format", "jsonl").splitlines()
    assert [json.loads(line)["matched"] for line in lines] == [
        ["claim", "proposition"],
        ["proposition"],
        ["proposition"],
    ]


def test_apostrophes_do_not_hide_a_word(db_env: str) -> None:
    ok("claim", "add", "Bush's tax cuts went mostly to the richest", "--speaker", "A", "--new")
    ok("claim", "add", "The Bushs left Texas for Maine", "--speaker", "A")
    ok("claim", "add", "O'Brien voted twice", "--speaker", "A")

    assert len(found("bushs")) == 2
    assert len(found("Bush's")) == 2
    assert len(found("bush")) == 2
    assert texts("o'brien") == ["O'Brien voted twice"]


NOTHING_TO_SEARCH = [
    ("", "nothing to search for in ''"),
    ("*", "nothing to search for in '*'"),
    ('"', "nothing to search for in '\"'"),
    ("the AND or NOT", "nothing to search for"),
    ("(-:)", "nothing to search for"),
    ("\x00", "nothing to search for in '\\x00'"),
    ("\U0001f600", "nothing to search for"),
    ("q*", "the prefix q* in 'q*' is too short"),
    ("x " * 600, "the query is 1,200 characters long"),
]


def test_queries_with_nothing_to_search_are_one_line_errors(hanoi: None) -> None:
    for query, message in NOTHING_TO_SEARCH:
        result = invoke("search", query)

        assert result.exit_code == 4, query
        assert result.stdout == ""
        assert result.stderr.startswith(f"Error: {message}"), query
        assert result.stderr.count("\n") == 1


PLAIN_TEXT = [
    ('yongbyon"', 3),
    ("AND yongbyon OR NOT", 3),
    ("yongbyon:", 3),
    ("(yongbyon)", 3),
    ("yongbyon\x00", 3),
    ("yongbyon \U0001f600", 3),
    ("^yongbyon", 3),
    ("'yongbyon'", 3),
    ("yongbyon -hanoi", 1),
    # Characters between letters join the words into a phrase.
    ("NEAR(yongbyon)", 0),
    ("{text}:yongbyon", 0),
    ("yong\x00byon*", 0),
]


def test_operators_are_read_as_plain_text(hanoi: None) -> None:
    for query, count in PLAIN_TEXT:
        assert len(found(query)) == count, query


def test_a_query_after_two_dashes_may_start_with_one(hanoi: None) -> None:
    rows = json.loads(ok("search", "--format", "json", "--", "-yongbyon"))
    assert len(rows) == 3


def test_index_follows_adds_edits_and_retractions(db_env: str) -> None:
    ok("claim", "add", "The dam at Kariba holds back the Zambezi", "--speaker", "A", "--new")
    assert len(found("kariba")) == 1

    ok("claim", "edit", "1", "--text", "The dam at Kainji holds back the Niger")
    assert found("kariba") == []
    assert len(found("kainji niger")) == 1

    ok("claim", "edit", "1", "--venue", "Lagos radio interview")
    assert [row["matched"] for row in found("lagos")] == [["claim"]]

    ok("claim", "retract", "1", "--reason", "misheard")
    assert found("kainji") == []
    assert [row["status"] for row in found("kainji", "--status", "all")] == ["retracted"]
    assert [row["status"] for row in found("kainji", "--status", "retracted")] == ["retracted"]


def test_index_follows_evidence_and_sources_added(db_env: str) -> None:
    ok("claim", "add", "Inflation fell every month this year", "--speaker", "A", "--new")
    ok("source", "add", "https://stats.example/cpi", "--title", "Monthly price statistics")
    assert [row["matched"] for row in found("monthly statistics")] == []
    ok(
        "evidence",
        "add",
        "1",
        "--source",
        "https://stats.example/cpi",
        "--stance",
        "refutes",
        "--excerpt",
        "Consumer prices rose in March and in June",
    )
    assert [row["matched"] for row in found("consumer prices")] == [["evidence"]]
    assert [row["matched"] for row in found("monthly statistics")] == [["source"]]


def test_index_follows_rows_deleted(hanoi: None, engine: Engine) -> None:
    assert len(found("demand")) == 1
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM evidence"))
    assert found("demand") == []


def test_index_follows_bulk_imports_and_reimports(hanoi: None, tmp_path: Path) -> None:
    document = yaml.safe_load(HANOI.read_text(encoding="utf-8"))
    claim = next(c for c in document["claims"] if c["key"] == "trump-kim-vision")
    claim["text"] = "Kim has a certain vision about Wonsan beach resorts."
    document["sources"][0]["title"] = "Hanoi: the summit that ended early"
    changed = tmp_path / "hanoi.yaml"
    changed.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")

    ok("import", str(changed))

    assert len(found("wonsan")) == 1
    assert found("closer year ago") == []
    assert found("silver lining") == []
    assert len(found('"ended early"')) == 6


README = Path(__file__).resolve().parent.parent / "README.md"


def readme_examples() -> list[list[str]]:
    block = README.read_text(encoding="utf-8").split("<!-- search-examples:", 1)[1]
    lines = block.split("```sh\n", 1)[1].split("```", 1)[0].splitlines()
    return [shlex.split(line)[1:] for line in lines]


def test_readme_examples_run_on_the_hanoi_example(hanoi: None) -> None:
    examples = readme_examples()
    assert [args[0] for args in examples] == ["search", "search", "match", "match"]
    for args in examples:
        result = invoke(*args)
        assert result.exit_code == 0, (args, result.stderr)
        assert "Donald Trump" in result.stdout


@pytest.mark.parametrize("command", ["search", "match"])
def test_commands_have_help_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert f"Example: factcheck {command} " in result.stdout


def _many_with(word: str, count: int) -> None:
    ok("claim", "add", f"The {word} report number 0", "--speaker", "Other", "--new")
    for number in range(1, count):
        ok("claim", "add", f"The {word} report number {number}", "--speaker", "Other")


def test_each_place_ranks_only_its_matches_added_last(
    db_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factcheck.services import search

    ok("claim", "add", "The quarry report says quarry twice", "--speaker", "Early", "--new")
    _many_with("quarry", 4)
    monkeypatch.setattr(search, "MAX_RANKED", 3)
    # The early claim ranks best but is not among the three added last.
    assert [row["speaker"] for row in found("quarry", "--limit", "2")] == ["Other", "Other"]
    # A page longer than the bound ranks as many as it shows.
    assert len(found("quarry", "--limit", "10")) == 5
    # Filters are applied before the bound: the early claim is still found by its speaker.
    assert [row["speaker"] for row in found("quarry", "--speaker", "Early")] == ["Early"]
    monkeypatch.setattr(search, "MAX_RANKED", 1000)
    assert found("quarry", "--limit", "2")[0]["speaker"] == "Early"


def test_a_query_with_a_common_word_lists_the_newest_first(
    db_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite, where BM25 would read every entry of a common word to weigh it."""
    from factcheck.services import fulltext

    if not db_env.startswith("sqlite"):
        pytest.skip("PostgreSQL's ts_rank costs the same for common words")
    ok("claim", "add", "The quarry report says quarry twice", "--speaker", "Early", "--new")
    _many_with("quarry", 3)
    monkeypatch.setattr(fulltext, "COMMON_MATCHES", 3)
    ids = [row["id"] for row in found("report")]
    assert ids == sorted(ids, reverse=True) and len(ids) == 4


def test_hits_read_as_rows_are_the_claims_own_views(hanoi: None, db_env: str) -> None:
    """Search reads its page of claims as plain rows; each is the view claim show and claim
    list build from the claim itself: speaker, dates and times, sources, topics in slug order,
    stances, retraction."""
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from factcheck.db import make_engine
    from factcheck.models import Claim
    from factcheck.services.claims import claim_views
    from factcheck.services.rows import claim_views_of

    ok("claim", "retract", "2", "--reason", "misheard")
    ok("claim", "edit", "1", "--said", "2019-02-28 14:05:09")
    engine = make_engine(db_env)
    try:
        with Session(engine) as session:
            claims = list(session.scalars(select(Claim).order_by(Claim.id.desc())))
            ids = [claim.id for claim in claims]
            from_rows = claim_views_of(session, [*ids, 999_999])
            expected = claim_views(session, claims)
    finally:
        engine.dispose()
    assert len(expected) >= 3
    assert from_rows == expected
    assert any(view["stances"] for view in expected)
    assert any(len(view["topics"]) > 1 for view in expected)
    assert any(view["status"] == "retracted" for view in expected)
    assert any(view["said_time"] == "14:05:09" for view in expected)
