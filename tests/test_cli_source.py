"""``factcheck source``: add, list and show, through the command line, on a real database."""

# The Cyrillic test data is deliberate: non-Latin text must work everywhere.
# ruff: noqa: RUF001

import json
import re

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from factcheck.models import Actor, ActorKind, ChangeLogEntry, Source
from tests.conftest import invoke

FP_URL = "https://foreignpolicy.com/2019/03/05/silver-lining/"
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00")


def masked(text: str) -> str:
    """``text`` with every UTC timestamp replaced by ``<time>``."""
    return TIMESTAMP.sub("<time>", text)


def count(engine: Engine, model: type) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def add_foreign_policy() -> None:
    ok("actor", "add", "Foreign Policy", "--kind", "organization", "--alias", "FP")


def test_add_prints_the_id_and_stores_the_normalised_url(db_env: str, engine: Engine) -> None:
    result = invoke(
        "source", "add", "HTTPS://ForeignPolicy.com:443/2019/03/05/silver-lining/?utm_source=x#top"
    )

    assert result.exit_code == 0, result.stderr
    assert result.stdout == "1\n"
    assert result.stderr == f"Added article source {FP_URL} (#1).\n"
    with Session(engine) as session:
        source = session.scalars(select(Source)).one()
        assert source.url == FP_URL
        assert source.title is None


def test_add_with_every_option_prints_the_source_as_json(db_env: str) -> None:
    add_foreign_policy()

    result = invoke(
        "source",
        "add",
        FP_URL,
        "--title",
        "There's a Silver Lining in the Clouds Over the North Korea Negotiations",
        "--publisher",
        "fp",
        "--published",
        "2019-03",
        "--kind",
        "transcript",
        "--archive-url",
        "https://web.archive.org/web/2019/https://foreignpolicy.com/x#frag",
        "--language",
        "en-us",
        "--format",
        "json",
    )

    assert result.exit_code == 0, result.stderr
    assert masked(result.stdout) == (
        "{\n"
        '  "id": 1,\n'
        f'  "url": "{FP_URL}",\n'
        '  "title": "There\'s a Silver Lining in the Clouds Over the North Korea Negotiations",\n'
        '  "kind": "transcript",\n'
        '  "publisher": "Foreign Policy",\n'
        '  "publisher_id": 1,\n'
        '  "published": "2019-03",\n'
        '  "archive_url": "https://web.archive.org/web/2019/https://foreignpolicy.com/x",\n'
        '  "language": "en-US",\n'
        '  "licence": null,\n'
        '  "content_hash": null,\n'
        '  "created_at": "<time>",\n'
        '  "updated_at": "<time>"\n'
        "}\n"
    )


def test_add_jsonl_and_csv_print_the_created_source(db_env: str) -> None:
    jsonl = invoke("source", "add", "https://example.com/a", "--format", "jsonl")
    csv = invoke("source", "add", "https://example.com/b", "--title", "B", "-f", "csv")

    assert jsonl.exit_code == 0 and csv.exit_code == 0
    assert json.loads(jsonl.stdout)["url"] == "https://example.com/a"
    assert len(jsonl.stdout.splitlines()) == 1
    assert masked(csv.stdout) == (
        "id,url,title,kind,publisher,publisher_id,published,archive_url,language,licence,"
        "content_hash,created_at,updated_at\n"
        "2,https://example.com/b,B,article,,,,,,,,<time>,<time>\n"
    )


def test_new_publisher_is_created_as_an_organisation(db_env: str, engine: Engine) -> None:
    result = invoke("source", "add", FP_URL, "--publisher", "Foreign Policy", "--new")

    assert result.exit_code == 0, result.stderr
    with Session(engine) as session:
        publisher = session.scalars(select(Actor)).one()
        assert (publisher.name, publisher.kind) == ("Foreign Policy", ActorKind.ORGANIZATION)
        assert session.scalars(select(Source)).one().publisher_id == publisher.id


def test_unknown_publisher_lists_candidates_and_writes_nothing(db_env: str, engine: Engine) -> None:
    add_foreign_policy()

    result = invoke("source", "add", FP_URL, "--publisher", "Foreign Polcy")

    assert result.exit_code == 3
    assert result.stdout == ""
    assert result.stderr == (
        "Error: no publisher named 'Foreign Polcy' "
        "(did you mean: Foreign Policy (#1); or add it with --new)\n"
    )
    assert count(engine, Source) == 0
    assert count(engine, Actor) == 1


def test_ambiguous_publisher_is_an_error(db_env: str, engine: Engine) -> None:
    ok("actor", "add", "Chosun", "--kind", "organization")
    ok("actor", "add", "Chosun", "--kind", "organization", "--allow-duplicate")

    result = invoke("source", "add", FP_URL, "--publisher", "chosun")

    assert result.exit_code == 6
    assert result.stderr == (
        "Error: publisher 'chosun' matches 2 actors: Chosun (#1), Chosun (#2)"
        " (give the id, e.g. #1)\n"
    )
    assert count(engine, Source) == 0


def test_duplicate_url_is_a_conflict_naming_the_existing_source(
    db_env: str, engine: Engine
) -> None:
    ok("source", "add", FP_URL)
    log_rows = count(engine, ChangeLogEntry)

    result = invoke("source", "add", "https://FOREIGNPOLICY.com/2019/03/05/silver-lining/#x")

    assert result.exit_code == 5
    assert result.stderr == (
        f"Error: source #1 already has the URL {FP_URL} "
        "(use --source 1, or see: factcheck source show 1)\n"
    )
    assert count(engine, Source) == 1
    assert count(engine, ChangeLogEntry) == log_rows


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/x", "URL 'ftp://example.com/x' is not a web address"),
        ("example.com/x", "URL 'example.com/x' is not a web address"),
        ("https://example.com/a b", "URL 'https://example.com/a b' contains spaces"),
        ("https://example.com:99999/", "URL 'https://example.com:99999/' is not a valid URL"),
    ],
)
def test_bad_url_is_invalid_input(db_env: str, engine: Engine, url: str, message: str) -> None:
    result = invoke("source", "add", url)

    assert result.exit_code == 4
    assert result.stderr.startswith(f"Error: {message}")
    assert count(engine, Source) == 0


def test_bad_archive_url_is_invalid_input(db_env: str, engine: Engine) -> None:
    result = invoke("source", "add", FP_URL, "--archive-url", "archive.org")

    assert result.exit_code == 4
    assert result.stderr == (
        "Error: archive URL 'archive.org' is not a web address (give an http(s):// URL)\n"
    )
    assert count(engine, Source) == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2019-02-30", "Error: --published '2019-02-30' does not exist (day is out of range"),
        ("March 2019", "Error: --published 'March 2019' is not a date (use YYYY-MM-DD"),
        ("2019-03-01 10:00", "Error: --published '2019-03-01 10:00' has a time"),
    ],
)
def test_bad_published_date_is_invalid_input(
    db_env: str, engine: Engine, value: str, message: str
) -> None:
    result = invoke("source", "add", FP_URL, "--published", value)

    assert result.exit_code == 4
    assert result.stderr.startswith(message)
    assert count(engine, Source) == 0


def test_published_date_keeps_its_precision(db_env: str) -> None:
    ok("source", "add", "https://example.com/day", "--published", "2019-02-28")
    ok("source", "add", "https://example.com/year", "--published", "2019")

    rows = json.loads(ok("source", "list", "--format", "json"))

    assert [row["published"] for row in rows] == ["2019-02-28", "2019"]


def test_bad_language_tag_is_invalid_input(db_env: str, engine: Engine) -> None:
    result = invoke("source", "add", FP_URL, "--language", "english")

    assert result.exit_code == 4
    assert result.stderr == (
        "Error: language 'english' is not a language tag (use a BCP 47 tag such as en, ko or"
        " en-US)\n"
    )
    assert count(engine, Source) == 0


def test_unknown_kind_is_a_usage_error(db_env: str, engine: Engine) -> None:
    result = invoke("source", "add", FP_URL, "--kind", "blog")

    assert result.exit_code == 2
    assert "blog" in result.stderr
    assert count(engine, Source) == 0


def test_missing_url_without_a_terminal_is_an_error(db_env: str) -> None:
    result = invoke("source", "add", input="")

    assert result.exit_code == 4
    assert result.stderr == "Error: URL is missing (give URL)\n"


def test_over_long_title_is_invalid_input(db_env: str, engine: Engine) -> None:
    result = invoke("source", "add", FP_URL, "--title", "x" * 100_001)

    assert result.exit_code == 4
    assert result.stderr == "Error: title is 100,001 characters long (the limit is 100,000)\n"
    assert count(engine, Source) == 0


def test_non_latin_titles_and_publishers_round_trip(db_env: str) -> None:
    ok(
        "source",
        "add",
        "https://kcna.kp/ko/article/1",
        "--title",
        "조선중앙통신 보도",
        "--publisher",
        "조선중앙통신",
        "--new",
        "--language",
        "ko",
    )
    ok(
        "source",
        "add",
        "https://tass.ru/politika/1",
        "--title",
        "Рі Йон Хо о санкциях",
        "--publisher",
        "ТАСС",
        "--new",
        "--language",
        "ru",
    )
    ok(
        "source",
        "add",
        "https://aljazeera.net/news/1",
        "--title",
        "قمة هانوي",
        "--publisher",
        "الجزيرة",
        "--new",
        "--language",
        "ar",
    )

    rows = json.loads(ok("source", "list", "--format", "json"))
    table = ok("source", "list")

    assert [(row["title"], row["publisher"]) for row in rows] == [
        ("조선중앙통신 보도", "조선중앙통신"),
        ("Рі Йон Хо о санкциях", "ТАСС"),
        ("قمة هانوي", "الجزيرة"),
    ]
    assert "ТАСС" in table and "الجزيرة" in table
    assert (
        json.loads(ok("source", "show", "https://tass.ru/politika/1", "-f", "json"))["publisher"]
        == "ТАСС"
    )


def add_three_sources() -> None:
    add_foreign_policy()
    ok(
        "source",
        "add",
        FP_URL,
        "--title",
        "Silver lining",
        "--publisher",
        "FP",
        "--published",
        "2019-03",
    )
    ok(
        "source",
        "add",
        "https://www.whitehouse.gov/briefings/hanoi/",
        "--kind",
        "transcript",
        "--title",
        "Remarks in Hanoi",
        "--published",
        "2019-02-28",
    )
    ok("source", "add", "https://foreignpolicy.com/2019/03/10/other/", "--publisher", "FP")


def test_list_as_csv(db_env: str) -> None:
    add_three_sources()

    assert ok("source", "list", "--format", "csv") == (
        "id,kind,url,title,publisher,publisher_id,published,archive_url,language\n"
        f"1,article,{FP_URL},Silver lining,Foreign Policy,1,2019-03,,\n"
        "2,transcript,https://www.whitehouse.gov/briefings/hanoi/,Remarks in Hanoi,,,2019-02-28,,\n"
        "3,article,https://foreignpolicy.com/2019/03/10/other/,,Foreign Policy,1,,,\n"
    )


def test_list_as_json_and_jsonl(db_env: str) -> None:
    add_three_sources()

    rows = json.loads(ok("source", "list", "--format", "json"))
    lines = ok("source", "list", "--format", "jsonl").splitlines()

    assert [json.loads(line) for line in lines] == rows
    assert rows[1] == {
        "id": 2,
        "url": "https://www.whitehouse.gov/briefings/hanoi/",
        "title": "Remarks in Hanoi",
        "kind": "transcript",
        "publisher": None,
        "publisher_id": None,
        "published": "2019-02-28",
        "archive_url": None,
        "language": None,
        "licence": None,
        "content_hash": None,
        "created_at": rows[1]["created_at"],
        "updated_at": rows[1]["updated_at"],
    }
    assert TIMESTAMP.fullmatch(rows[1]["created_at"])


def test_list_as_a_table(db_env: str) -> None:
    add_three_sources()

    lines = ok("source", "list").splitlines()

    assert lines[0].split() == [
        "id",
        "┃",
        "kind",
        "┃",
        "url",
        "┃",
        "title",
        "┃",
        "publisher",
        "┃",
        "published",
    ]
    assert lines[2].startswith("1  │ article")
    assert "Remarks in Hanoi" in "\n".join(lines)


def test_list_filters_by_publisher_and_kind(db_env: str) -> None:
    add_three_sources()

    by_publisher = json.loads(ok("source", "list", "--publisher", "Foreign Policy", "-f", "json"))
    by_kind = json.loads(ok("source", "list", "--kind", "transcript", "-f", "json"))
    both = json.loads(ok("source", "list", "--publisher", "FP", "--kind", "video", "-f", "json"))

    assert [row["id"] for row in by_publisher] == [1, 3]
    assert [row["id"] for row in by_kind] == [2]
    assert both == []


def test_list_with_an_unknown_publisher_is_an_error(db_env: str) -> None:
    add_three_sources()

    result = invoke("source", "list", "--publisher", "Foreign Pollicy")

    assert result.exit_code == 3
    assert result.stderr.startswith("Error: no publisher named 'Foreign Pollicy' (did you mean:")


def test_show_by_url_or_id(db_env: str) -> None:
    add_three_sources()

    by_url = ok(
        "source",
        "show",
        "https://ForeignPolicy.com/2019/03/05/silver-lining/?utm_x=1",
        "-f",
        "json",
    )
    by_id = ok("source", "show", "1", "-f", "json")
    by_hash = ok("source", "show", "#1", "-f", "json")
    table = ok("source", "show", "1")

    assert by_url == by_id == by_hash
    assert json.loads(by_id)["title"] == "Silver lining"
    assert "publisher" in table and "Foreign Policy" in table


def test_show_as_csv_and_jsonl(db_env: str) -> None:
    add_three_sources()

    assert masked(ok("source", "show", "2", "-f", "csv")) == (
        "id,url,title,kind,publisher,publisher_id,published,archive_url,language,licence,"
        "content_hash,created_at,updated_at\n"
        "2,https://www.whitehouse.gov/briefings/hanoi/,Remarks in Hanoi,transcript,,,2019-02-28,"
        ",,,,<time>,<time>\n"
    )
    assert json.loads(ok("source", "show", "2", "-f", "jsonl"))["id"] == 2


@pytest.mark.parametrize(
    ("reference", "code", "message"),
    [
        ("9", 3, "Error: no source '9' (add it first with: factcheck source add URL)\n"),
        (
            "https://example.com/none",
            3,
            "Error: no source 'https://example.com/none' (add it first with: factcheck source add"
            " URL)\n",
        ),
        ("nonsense", 4, "Error: URL 'nonsense' is not a web address (give an http(s):// URL)\n"),
    ],
)
def test_show_unknown_source_is_an_error(
    db_env: str, reference: str, code: int, message: str
) -> None:
    result = invoke("source", "show", reference)

    assert result.exit_code == code
    assert result.stderr == message


def test_add_is_logged_with_the_user(db_env: str, engine: Engine) -> None:
    ok("source", "add", "https://example.com/a", "--title", "A")
    ok("--as", "alice", "source", "add", "https://example.com/b")

    with Session(engine) as session:
        rows = session.scalars(
            select(ChangeLogEntry)
            .where(ChangeLogEntry.object_type == "sources")
            .order_by(ChangeLogEntry.id)
        ).all()
    assert [(row.user_name, row.action.value, row.object_id) for row in rows] == [
        ("tester", "insert", 1),
        ("alice", "insert", 2),
    ]
    assert rows[0].changes == {
        "kind": [None, "article"],
        "title": [None, "A"],
        "url": [None, "https://example.com/a"],
    }


@pytest.mark.parametrize("command", ["add", "list", "show"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke("source", command, "--help")

    assert result.exit_code == 0
    assert "Example: factcheck source " + command in result.stdout
