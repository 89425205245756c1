"""``factcheck match``: the known claims closest to a new text, robust to rewording; and its
measured quality on tests/eval/paraphrases.yaml."""

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import select

from factcheck.db import unit_of_work
from factcheck.models import Claim
from factcheck.resources import fixtures_dir
from factcheck.services import matching
from factcheck.services.text import slugify
from tests.conftest import invoke

HANOI = fixtures_dir() / "hanoi-summit.yaml"
PARAPHRASES = Path(__file__).resolve().parent / "eval" / "paraphrases.yaml"
TRUMP_TEXT = (
    "North Korea wanted the sanctions lifted in their entirety in exchange for closing the"
    " Yongbyon nuclear complex."
)


def ok(*args: str) -> str:
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def matches(text: str, *options: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(ok("match", text, "--format", "json", *options))
    return rows


@pytest.fixture
def hanoi(db_env: str) -> None:
    ok("import", str(HANOI))


def test_reworded_hanoi_claim_finds_trumps_claim_first(hanoi: None) -> None:
    rows = matches("Pyongyang demanded that every sanction be removed in return for Yongbyon")

    assert rows[0]["text"] == TRUMP_TEXT
    assert rows[0]["speaker"] == "Donald Trump"
    assert rows[0]["said"] == "2019-02-28"
    assert rows[0]["low_confidence"] is False
    assert all(0 < row["score"] < rows[0]["score"] for row in rows[1:])


def test_the_same_words_score_one_whatever_case_order_and_punctuation(hanoi: None) -> None:
    exact = matches(TRUMP_TEXT)
    shuffled = matches(
        "YONGBYON nuclear complex -- closing it, in exchange for: the sanctions lifted in"
        " their entirety; what North Korea wanted"
    )

    assert exact[0]["score"] == 1.0
    assert shuffled[0]["text"] == TRUMP_TEXT
    assert shuffled[0]["score"] > 0.9


def test_apostrophes_and_plurals_do_not_count(db_env: str) -> None:
    ok(
        "claim",
        "add",
        "Bush's tax cut mostly helped the richest Americans",
        "--speaker",
        "A",
        "--new",
    )
    ok("claim", "add", "Tax cuts for small businesses created jobs", "--speaker", "A")

    rows = matches("bushs tax cuts mostly helped the richest american")

    assert rows[0]["text"].startswith("Bush's")
    assert rows[0]["score"] == 1.0


def test_verdicts_come_with_the_match(hanoi: None) -> None:
    ok("actor", "add", "PolitiFact", "--kind", "organization")
    ok(
        "verdict",
        "add",
        "1",
        "--by",
        "PolitiFact",
        "--scale",
        "politifact",
        "--rating",
        "false",
        "--date",
        "2019-03-04",
    )

    row = matches("sanctions lifted in their entirety for Yongbyon")[0]

    assert [(v["rating"], v["reviewer"], v["scale"], v["date"]) for v in row["verdicts"]] == [
        ("False", "PolitiFact", "politifact", "2019-03-04")
    ]
    csv = ok("match", "sanctions lifted in their entirety", "--limit", "1", "--format", "csv")
    assert csv.endswith(',active,,,"False (PolitiFact, 2019-03-04)"\n')


def test_short_texts_are_low_confidence(hanoi: None) -> None:
    result = invoke("match", "Yongbyon sanctions lifted", "--format", "json")

    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert rows[0]["text"] == TRUMP_TEXT
    assert all(row["low_confidence"] for row in rows)
    assert result.stderr.startswith("Low confidence: the text has fewer than six words")
    assert not any(
        row["low_confidence"] for row in matches("Yongbyon sanctions were lifted in full")
    )


def test_limit_min_score_and_csv(hanoi: None) -> None:
    text = "Pyongyang demanded that every sanction be removed in return for Yongbyon"
    assert len(matches(text, "--limit", "1")) == 1
    assert [row["text"] for row in matches(text, "--min-score", "0.1")] == [TRUMP_TEXT]
    lines = ok("match", text, "--format", "csv", "--limit", "1").splitlines()
    assert lines[0].startswith("score,low_confidence,id,said,")
    assert lines[0].endswith(",status,retracted_at,retraction_reason,verdicts")
    assert lines[1].startswith("0.")
    assert ",no,1,2019-02-28," in lines[1]


def test_retracted_claims_are_not_matched(hanoi: None) -> None:
    ok("claim", "retract", "1", "--reason", "entered twice")

    assert TRUMP_TEXT not in [row["text"] for row in matches(TRUMP_TEXT)]


def test_a_text_of_common_words_finds_the_newest_claims_with_its_rarest(
    db_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok("claim", "add", "Taxes rose while wages fell yesterday", "--speaker", "A", "--new")
    ok("claim", "add", "Taxes rose while wages fell again", "--speaker", "A")
    ok("claim", "add", "Wages fell", "--speaker", "A")
    ok("claim", "add", "Taxes and wages rose while prices fell", "--speaker", "A")
    # Every word is as common as can be: the claims with all of the three rarest are the
    # candidates, the newest first, up to the limit; the closest of those comes first.
    monkeypatch.setattr(matching, "FREQUENCY_CAP", 1)
    monkeypatch.setattr(matching, "CANDIDATES", 2)
    text = "Taxes rose while wages fell yesterday"
    assert {row["id"] for row in matches(text)} == {2, 4}
    monkeypatch.setattr(matching, "CANDIDATES", 300)
    assert matches(text)[0]["id"] == 1


def test_no_match_and_bad_options(hanoi: None) -> None:
    nothing = invoke("match", "Zanzibar cloves", "--format", "json")
    assert nothing.exit_code == 0
    assert json.loads(nothing.stdout) == []
    assert nothing.stderr == "No known claim is like this text.\n"
    blank = invoke("match", "   ")
    assert (blank.exit_code, blank.stderr) == (4, "Error: text is empty (give a text)\n")
    assert invoke("match", "x", "--min-score", "1.5").exit_code == 2


def load_paraphrase_set(url: str) -> list[dict[str, Any]]:
    """The claims of the evaluation set, imported into the database at ``url``."""
    claims: list[dict[str, Any]] = yaml.safe_load(PARAPHRASES.read_text(encoding="utf-8"))["claims"]
    speakers = sorted({claim["speaker"] for claim in claims})
    document = {
        "factcheck": 1,
        "actors": [{"key": slugify(name), "name": name} for name in speakers],
        "claims": [
            {
                "key": claim["key"],
                "text": claim["text"],
                "speaker": slugify(claim["speaker"]),
                "wording": "paraphrase",
            }
            for claim in claims
        ],
    }
    path = Path(url.removeprefix("sqlite:///")).parent / "paraphrases.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    ok("import", str(path))
    return claims


def test_evaluation_set_is_large_and_varied() -> None:
    claims = yaml.safe_load(PARAPHRASES.read_text(encoding="utf-8"))["claims"]
    rewordings = [text for claim in claims for text in claim.get("paraphrases", [])]

    assert sum(1 for claim in claims if claim.get("paraphrases")) >= 40
    assert len({claim["speaker"] for claim in claims}) >= 10
    assert all(text not in {claim["text"] for claim in claims} for text in rewordings)


def test_match_puts_the_right_claim_first_for_nine_paraphrases_in_ten(
    db_env: str, tmp_path: Path
) -> None:
    claims = load_paraphrase_set(f"sqlite:///{tmp_path / 'x'}")
    hits, misses = 0, []
    with unit_of_work(db_env, user="tester", write=False) as session:
        rows = session.execute(select(Claim.import_key, Claim.id)).all()
        ids = dict(rows)
        for claim in claims:
            for text in claim.get("paraphrases", []):
                found = matching.match_claims(session, text, limit=1)
                if found and found[0].claim_id == ids[claim["key"]]:
                    hits += 1
                else:
                    misses.append(text)

    total = hits + len(misses)
    assert total >= 40
    assert hits / total >= 0.9, misses
