"""``factcheck import`` and ``factcheck export`` in the native format: every section read into
the right rows, re-imports that change nothing or update, errors that name the file, the line,
the record and the field and write nothing, byte-identical round trips, and export filters."""

import json
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from factcheck.enums import (
    ActorKind,
    Bucket,
    ClaimStatus,
    CorrectionKind,
    DatePrecision,
    EvidenceStance,
    LinkKind,
    LinkMethod,
    LinkStatus,
    SourceKind,
    Stance,
    Wording,
)
from factcheck.errors import InvalidInput
from factcheck.exporters import ExportFormat
from factcheck.importers.document import Syntax, parse
from factcheck.models import (
    Actor,
    Appearance,
    ChangeLogEntry,
    Claim,
    ClaimLink,
    ClaimStance,
    Correction,
    Evidence,
    Proposition,
    RatingScale,
    Source,
    Verdict,
)
from tests.conftest import PostgresDatabase, invoke
from tests.helpers_interchange import dump, fresh_database, load, table_counts
from tests.helpers_records import ARABIC_TEXT, RI_TEXT
from tests.test_startup import run_probe
from tests.test_walkthrough import VERDICTS_MARKER, run_script, walkthrough_commands

SAMPLE = """\
# Every section, every kind of field.
factcheck: 1
actors:
  - key: united-states
    name: United States
    kind: organization
    aliases: [US, USA]
  - key: dprk
    name: Democratic People's Republic of Korea
    kind: organization
    aliases: [DPRK, 조선민주주의인민공화국]
  - key: donald-trump
    name: Donald Trump
    aliases: [donald-trump, President Trump]
    affiliations:
      - organization: united-states
        role: President
        from: 2017-01-20
        until: 2021-01-20
  - key: ri-yong-ho
    name: 리용호
    aliases: [Ri Yong Ho, Рі Йон Хо]
    description: Foreign Minister of North Korea, 2016 to 2020
    affiliations:
      - {organization: dprk, role: Foreign Minister, from: 2016-05, until: 2020}
  - key: trump-duplicate
    name: D. J. Trump
    merged_into: donald-trump
  - key: example-desk
    name: Example Fact Desk
    kind: organization
scales:
  - slug: example-desk-scale
    name: Example Desk ratings
    description: Two ratings
    publisher: example-desk
    levels:
      - {label: Correct, score: 1.0, bucket: "true", aliases: [right, accurate]}
      - {label: Wrong, score: 0, bucket: false}
sources:
  - key: fp-silver-lining
    url: https://ForeignPolicy.com/2019/03/05/silver-lining/?utm_source=feed#top
    title: There's a Silver Lining in the Clouds Over the North Korea Negotiations
    kind: article
    publisher: united-states
    published: 2019-03
    archive_url: https://web.archive.org/web/2019/https://foreignpolicy.com/
    content_hash: sha256:0123abcd
    licence: CC BY 4.0
    language: en_us
  - key: kcna-statement
    title: KCNA statement
    kind: press-release
    language: ko
propositions:
  - key: nk-all-sanctions
    text: North Korea asked for all sanctions to be lifted
    topics: [Hanoi summit, Sanctions]
claims:
  - key: trump-hanoi
    text: North Korea wanted the sanctions lifted in their entirety.
    wording: paraphrase
    speaker: donald-trump
    said: 2019-02-28
    venue: Press conference, Hanoi
    language: en
    source: fp-silver-lining
    topics: [Hanoi summit, sanctions]
    stances:
      - {proposition: nk-all-sanctions, stance: asserts}
    appearances:
      - {key: trump-hanoi-fp, source: fp-silver-lining, date: 2019-03, locator: para 4}
  - key: ri-hanoi
    text: |-
      우리가 요구한 것은 전면적인 제재 해제가 아니라 일부 해제이다.
      طالبت كوريا الشمالية برفع جزئي للعقوبات
    wording: quote
    speaker: ri-yong-ho
    said: "2019-03-01 00:00"
    venue: Press conference around midnight, Hanoi
    language: ko
    source: kcna-statement
    topics: [Hanoi summit]
    stances:
      - {proposition: nk-all-sanctions, stance: denies}
    evidence:
      - key: ri-confirmed
        source: fp-silver-lining
        stance: supports
        excerpt: A Trump administration official confirmed Ri's account.
        locator: para 9
        note: The more accurate account
  - key: trump-cpac
    text: That's not what happened there.
    wording: quote
    speaker: donald-trump
    said: 2019
    status: retracted
    retraction: {at: "2019-03-04T10:15:30.5+01:00", reason: Entered twice}
links:
  - {key: trump-vs-ri, from: ri-hanoi, to: trump-hanoi, kind: contradicts, note: All or five?}
  - {key: cpac-repeats, from: trump-cpac, to: trump-hanoi, kind: repeats, status: suggested,
     method: similarity, score: 0.87, reason: same speaker}
verdicts:
  - {key: v1, claim: trump-hanoi, reviewer: example-desk, scale: politifact,
     rating: barely-true, url: "https://factcheck.example.org/hanoi", date: 2019-03-04}
  - {key: v2, claim: trump-hanoi, reviewer: example-desk, scale: politifact, rating: False,
     explanation: Revised after the official's confirmation, supersedes: v1,
     source: fp-silver-lining}
  - {key: v3, claim: ri-hanoi, reviewer: example-desk, scale: example-desk-scale,
     rating: accurate}
corrections:
  - key: official-backs-ri
    claim: trump-hanoi
    kind: third-party
    by: united-states
    date: 2019-03
    text: Ri Yong Ho's description was the more accurate one.
    source: fp-silver-lining
  - {key: desk-correction, verdict: v1, kind: newsroom, by: example-desk, text: Wrong URL.}
"""  # noqa: RUF001 - Cyrillic and Arabic on purpose

SUMMARY = """\
Imported data.yaml.
  actors: 6 created, 0 updated, 0 unchanged
  scales: 1 created, 0 updated, 0 unchanged
  sources: 2 created, 0 updated, 0 unchanged
  topics: 2 created, 0 updated, 0 unchanged
  propositions: 1 created, 0 updated, 0 unchanged
  claims: 3 created, 0 updated, 0 unchanged
  appearances: 1 created, 0 updated, 0 unchanged
  evidence: 1 created, 0 updated, 0 unchanged
  links: 2 created, 0 updated, 0 unchanged
  verdicts: 3 created, 0 updated, 0 unchanged
  corrections: 2 created, 0 updated, 0 unchanged
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "data.yaml"
    path.write_text(SAMPLE, encoding="utf-8")
    return path


def run_import(path: Path, *options: str) -> tuple[int, str, str]:
    result = invoke("import", str(path), *options)
    return result.exit_code, result.stdout, result.stderr.replace(str(path.parent) + "/", "")


def test_import_reads_every_section_into_its_rows(
    db_env: str, engine: Engine, sample: Path
) -> None:
    assert run_import(sample) == (0, "", SUMMARY)
    with Session(engine) as session:
        trump = session.scalars(select(Actor).where(Actor.import_key == "donald-trump")).one()
        assert (trump.name, trump.name_key, trump.kind) == (
            "Donald Trump",
            "donald trump",
            ActorKind.PERSON,
        )
        assert [alias.alias for alias in trump.aliases] == ["donald-trump", "President Trump"]
        ri = session.scalars(select(Actor).where(Actor.import_key == "ri-yong-ho")).one()
        (affiliation,) = ri.affiliations
        assert affiliation.organization is not None
        assert affiliation.organization.name == "Democratic People's Republic of Korea"
        assert (affiliation.role, affiliation.started_on, affiliation.started_precision) == (
            "Foreign Minister",
            date(2016, 5, 1),
            DatePrecision.MONTH,
        )
        assert (affiliation.ended_on, affiliation.ended_precision) == (
            date(2020, 1, 1),
            DatePrecision.YEAR,
        )
        duplicate = session.scalars(select(Actor).where(Actor.name == "D. J. Trump")).one()
        assert duplicate.merged_into_id == trump.id

        scale = session.scalars(
            select(RatingScale).where(RatingScale.slug == "example-desk-scale")
        ).one()
        assert scale.publisher is not None and scale.publisher.name == "Example Fact Desk"
        assert not scale.is_builtin
        assert [(lv.label, lv.position, lv.score, lv.bucket) for lv in scale.levels] == [
            ("Correct", 1, 1.0, Bucket.TRUE),
            ("Wrong", 2, 0.0, Bucket.FALSE),
        ]
        assert [alias.alias for alias in scale.levels[0].aliases] == ["right", "accurate"]

        fp = session.scalars(select(Source).where(Source.import_key == "fp-silver-lining")).one()
        assert fp.url == "https://foreignpolicy.com/2019/03/05/silver-lining/"
        assert (fp.kind, fp.published_on, fp.published_precision) == (
            SourceKind.ARTICLE,
            date(2019, 3, 1),
            DatePrecision.MONTH,
        )
        assert (fp.archive_url, fp.content_hash, fp.licence, fp.language) == (
            "https://web.archive.org/web/2019/https://foreignpolicy.com/",
            "sha256:0123abcd",
            "CC BY 4.0",
            "en-US",
        )
        assert (
            fp.publisher_id
            == session.scalars(select(Actor.id).where(Actor.import_key == "united-states")).one()
        )

        claims = {claim.import_key: claim for claim in session.scalars(select(Claim))}
        hanoi, ri_claim, cpac = claims["trump-hanoi"], claims["ri-hanoi"], claims["trump-cpac"]
        assert (hanoi.speaker_id, hanoi.wording, hanoi.first_source_id) == (
            trump.id,
            Wording.PARAPHRASE,
            fp.id,
        )
        assert [topic.name for topic in hanoi.topics] == ["Hanoi summit", "Sanctions"]
        assert ri_claim.text == f"{RI_TEXT}\n{ARABIC_TEXT}"
        assert (ri_claim.stated_on, ri_claim.stated_time, ri_claim.stated_precision) == (
            date(2019, 3, 1),
            time(0, 0),
            DatePrecision.DAY,
        )
        assert (cpac.status, cpac.retraction_reason, cpac.stated_precision) == (
            ClaimStatus.RETRACTED,
            "Entered twice",
            DatePrecision.YEAR,
        )
        assert cpac.retracted_at == datetime(2019, 3, 4, 9, 15, 30, 500000, tzinfo=UTC)
        stances = session.execute(
            select(ClaimStance.claim_id, ClaimStance.stance).order_by(ClaimStance.id)
        ).all()
        assert stances == [(hanoi.id, Stance.ASSERTS), (ri_claim.id, Stance.DENIES)]
        (proposition,) = session.scalars(select(Proposition))
        assert [topic.name for topic in proposition.topics] == ["Hanoi summit", "Sanctions"]

        (appearance,) = session.scalars(select(Appearance))
        assert (appearance.claim_id, appearance.source_id, appearance.locator) == (
            hanoi.id,
            fp.id,
            "para 4",
        )
        (evidence,) = session.scalars(select(Evidence))
        assert (evidence.claim_id, evidence.stance, evidence.note) == (
            ri_claim.id,
            EvidenceStance.SUPPORTS,
            "The more accurate account",
        )

        links = session.scalars(select(ClaimLink).order_by(ClaimLink.id)).all()
        # A contradiction is stored lower claim id first, whichever way the file names it.
        assert [(ln.claim_a_id, ln.claim_b_id, ln.kind) for ln in links] == [
            (hanoi.id, ri_claim.id, LinkKind.CONTRADICTS),
            (cpac.id, hanoi.id, LinkKind.REPEATS),
        ]
        assert (links[1].status, links[1].method, links[1].score, links[1].reason) == (
            LinkStatus.SUGGESTED,
            LinkMethod.SIMILARITY,
            0.87,
            "same speaker",
        )

        verdicts = {v.import_key: v for v in session.scalars(select(Verdict))}
        assert verdicts["v1"].level.label == "Mostly False"
        assert verdicts["v1"].review_url == "https://factcheck.example.org/hanoi"
        assert verdicts["v2"].supersedes_id == verdicts["v1"].id
        assert verdicts["v2"].review_source_id == fp.id
        assert (verdicts["v3"].scale.slug, verdicts["v3"].level.label) == (
            "example-desk-scale",
            "Correct",
        )
        corrections = {c.import_key: c for c in session.scalars(select(Correction))}
        official, desk = corrections["official-backs-ri"], corrections["desk-correction"]
        assert (official.claim_id, official.verdict_id, official.kind) == (
            hanoi.id,
            None,
            CorrectionKind.THIRD_PARTY,
        )
        assert (official.issued_on, official.issued_precision) == (
            date(2019, 3, 1),
            DatePrecision.MONTH,
        )
        assert (desk.claim_id, desk.verdict_id, desk.kind) == (
            None,
            verdicts["v1"].id,
            CorrectionKind.NEWSROOM,
        )


def test_every_row_an_import_writes_is_in_the_change_log(
    db_env: str, engine: Engine, sample: Path
) -> None:
    before = table_counts(engine)
    assert run_import(sample)[0] == 0
    after = table_counts(engine)
    with Session(engine) as session:
        logged = session.execute(select(ChangeLogEntry)).scalars().all()
    by_table: dict[str, int] = {}
    for entry in logged:
        assert entry.user_name == "tester"
        by_table[entry.object_type] = by_table.get(entry.object_type, 0) + 1
    # Topics of claims and propositions are logged with the row they tag, as the ORM does;
    # the merge of the duplicate actor is a second row of its own.
    expected = {
        table: after[table] - before[table]
        for table in after
        if after[table] > before[table]
        and table not in ("change_log", "claim_topics", "proposition_topics")
    }
    expected["actors"] += 1
    assert by_table == expected
    with Session(engine) as session:
        merge = session.scalars(
            select(ChangeLogEntry).where(ChangeLogEntry.action == "merge")
        ).one()
        claim = session.scalars(
            select(ChangeLogEntry).where(
                ChangeLogEntry.object_type == "claims", ChangeLogEntry.action == "insert"
            )
        ).first()
    assert list(merge.changes) == ["merged_into_id"]
    assert claim is not None
    assert claim.changes["import_key"] == [None, "trump-hanoi"]
    assert claim.changes["topics"][0] is None and len(claim.changes["topics"][1]) == 2


def test_json_file_gives_the_same_rows_as_yaml(
    postgres_database: PostgresDatabase | None, sqlite_template: Path, tmp_path: Path
) -> None:
    data = parse("data.yaml", SAMPLE, Syntax.YAML).data
    json_text = json.dumps(data, ensure_ascii=False, indent=1)
    first = fresh_database(postgres_database, sqlite_template, tmp_path)
    load(first, SAMPLE)
    from_yaml = dump(first)
    second = fresh_database(postgres_database, sqlite_template, tmp_path)
    summary = load(second, json_text, name="data.json")
    assert summary["claims"].created == 3
    assert dump(second) == from_yaml


def test_importing_the_same_file_again_changes_nothing(
    db_env: str, engine: Engine, sample: Path
) -> None:
    assert run_import(sample)[0] == 0
    before = table_counts(engine)
    code, _out, err = run_import(sample)
    assert code == 0
    assert err.startswith("Imported data.yaml. Nothing changed.\n")
    assert "  claims: 0 created, 0 updated, 3 unchanged\n" in err
    assert "  verdicts: 0 created, 0 updated, 3 unchanged\n" in err
    assert "created, 1 updated" not in err
    assert table_counts(engine) == before


def test_a_changed_record_updates_its_row_and_logs_old_and_new(
    db_env: str, engine: Engine, sample: Path
) -> None:
    assert run_import(sample)[0] == 0
    changed = (
        SAMPLE.replace("venue: Press conference, Hanoi", "venue: Hanoi, Vietnam")
        .replace("aliases: [donald-trump, President Trump]", "aliases: [donald-trump]")
        .replace("stance: denies}", "stance: qualifies}")
    )
    sample.write_text(changed, encoding="utf-8")
    before = table_counts(engine)
    code, _out, err = run_import(sample)
    assert code == 0, err
    assert "  actors: 0 created, 1 updated, 5 unchanged\n" in err
    assert "  claims: 0 created, 2 updated, 1 unchanged\n" in err
    after = table_counts(engine)
    assert after["claims"] == before["claims"]
    assert after["actor_aliases"] == before["actor_aliases"] - 1
    with Session(engine) as session:
        entries = session.scalars(
            select(ChangeLogEntry).order_by(ChangeLogEntry.id).offset(before["change_log"])
        ).all()
    assert [(e.object_type, e.action.value, e.changes) for e in entries] == [
        (
            "actor_aliases",
            "delete",
            {
                "actor_id": [3, None],
                "alias": ["President Trump", None],
                "alias_key": [
                    "president trump",
                    None,
                ],
            },
        ),
        ("claims", "update", {"venue": ["Press conference, Hanoi", "Hanoi, Vietnam"]}),
        ("claim_stances", "update", {"stance": ["denies", "qualifies"]}),
    ]


def test_a_claim_retracted_in_the_file_is_logged_as_a_retraction(
    db_env: str, engine: Engine, sample: Path
) -> None:
    assert run_import(sample)[0] == 0
    sample.write_text(
        SAMPLE.replace(
            "    venue: Press conference, Hanoi\n",
            "    venue: Press conference, Hanoi\n    status: retracted\n"
            "    retraction: {at: 2024-01-02T03:04:05Z, reason: Misquoted}\n",
        ),
        encoding="utf-8",
    )
    assert run_import(sample)[0] == 0
    with Session(engine) as session:
        entry = session.scalars(select(ChangeLogEntry).order_by(ChangeLogEntry.id.desc())).first()
    assert entry is not None
    assert (entry.action.value, entry.changes) == (
        "retract",
        {
            "status": ["active", "retracted"],
            "retracted_at": [None, "2024-01-02T03:04:05+00:00"],
            "retraction_reason": [None, "Misquoted"],
        },
    )


Broken = tuple[str, str, int, str]
# (replace this, with this, the error's exit code, what the error says)
BROKEN: list[Broken] = [
    (
        "said: 2019-02-28",
        "said: 2019-02-30",
        4,
        "data.yaml:64: claims[0] (key trump-hanoi): said '2019-02-30' does not exist",
    ),
    (
        "    venue: Press conference, Hanoi\n",
        "    venu: Press conference, Hanoi\n",
        4,
        "data.yaml:65: claims[0] (key trump-hanoi): unknown field 'venu' (fields: key, text,",
    ),
    (
        "speaker: ri-yong-ho",
        "speaker: ri-yong",
        3,
        "data.yaml:78: claims[1] (key ri-hanoi): speaker 'ri-yong' is not the key of any actor",
    ),
    (
        "kind: contradicts",
        "kind: contradict",
        4,
        "data.yaml:101: links[0] (key trump-vs-ri): kind 'contradict' is not known (use one of:",
    ),
    (
        "text: That's not what happened there.",
        "text: '   '",
        4,
        "data.yaml:94: claims[2] (key trump-cpac): text is empty (give a text)",
    ),
    (
        "url: https://ForeignPolicy.com",
        "url: ftp://ForeignPolicy.com",
        4,
        "data.yaml:42: sources[0] (key fp-silver-lining): url 'ftp://ForeignPolicy.com/",
    ),
    (
        "  - key: dprk\n",
        "  - key: united-states\n",
        5,
        "data.yaml:8: actors[1] (key united-states): key 'united-states' is also used by",
    ),
    (
        "    language: ko\npropositions",
        "    language: ko\n    language: en\npropositions",
        4,
        "data.yaml:55: the key 'language' is given twice (keep one)",
    ),
    ("factcheck: 1", "factcheck: 2", 4, "data.yaml:2: format version 2 is not supported"),
    ("factcheck: 1\n", "", 4, "data.yaml: the format version is missing"),
    (
        "supersedes: v1",
        "supersedes: v3",
        4,
        "verdicts[1] (key v2): supersedes 'v3', which comes later in the file",
    ),
    (
        "key: v2, claim: trump-hanoi",
        "key: v2, claim: ri-hanoi",
        4,
        "verdicts[1] (key v2): supersedes 'v1', a verdict on another claim",
    ),
    (
        "slug: example-desk-scale",
        "slug: politifact",
        5,
        "data.yaml:33: scales[0] (slug politifact): scale 'politifact' is built in",
    ),
    (
        "from: trump-cpac, to: trump-hanoi",
        "from: trump-cpac, to: trump-cpac",
        5,
        "links[1] (key cpac-repeats): a claim cannot be linked to itself",
    ),
    (
        "    retraction: {at:",
        "    retractio: {at:",
        4,
        "claims[2] (key trump-cpac): unknown field 'retractio'",
    ),
    (
        "status: retracted",
        "status: retracted\n    bogus: [1",
        4,
        "data.yaml:100: not valid YAML: did not find expected ',' or ']'",
    ),
    (
        "rating: accurate",
        "rating: 12",
        4,
        "data.yaml:111: verdicts[2] (key v3): rating must be text, not a number",
    ),
    (
        "rating: accurate",
        "rating: Very Right",
        4,
        "verdicts[2] (key v3): no rating 'Very Right' on example-desk-scale; ratings: Correct,",
    ),
    (
        "aliases: [US, USA]",
        "aliases: [US, USA, us]",
        5,
        "data.yaml:7: actors[0] (key united-states): aliases 'US' and 'us' are the same name",
    ),
    (
        "until: 2021-01-20",
        "until: 2016-01-20",
        4,
        "actors[2] (key donald-trump): affiliations[0]: the affiliation ends (2016-01-20)",
    ),
    (
        'at: "2019-03-04T10:15:30.5+01:00"',
        'at: "2019-03-04 10:15"',
        4,
        "claims[2] (key trump-cpac): retraction: at '2019-03-04 10:15' has no UTC offset",
    ),
    ("score: 0.87", "score: 1.5", 4, "links[1] (key cpac-repeats): score 1.5 is out of range"),
    (
        "desk-correction, verdict: v1",
        "desk-correction, claim: ri-hanoi, verdict: v1",
        4,
        "corrections[1] (key desk-correction): the correction names both a claim and a verdict",
    ),
    (
        "    evidence:\n      - key: ri-confirmed",
        "    appearances:\n      - {key: trump-hanoi-fp, source: kcna-statement}\n"
        "    evidence:\n      - key: ri-confirmed",
        5,
        "data.yaml:87: claims[1] (key ri-hanoi): appearances[0] (key trump-hanoi-fp): key"
        " 'trump-hanoi-fp' is also used by claims[0]: appearances[0]",
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "code", "message"),
    [case for case in BROKEN if case[3]],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else None,
)
def test_a_bad_record_is_named_and_nothing_is_written(
    db_env: str, engine: Engine, sample: Path, old: str, new: str, code: int, message: str
) -> None:
    assert old in SAMPLE
    sample.write_text(SAMPLE.replace(old, new, 1), encoding="utf-8")
    before = table_counts(engine)
    exit_code, stdout, stderr = run_import(sample)
    assert (exit_code, stdout) == (code, "")
    assert stderr.startswith("Error: ")
    assert message in stderr, stderr
    assert stderr.count("\n") == 1
    assert table_counts(engine) == before


def test_an_error_in_the_last_of_many_records_writes_nothing(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    lines = ["factcheck: 1", "actors:", "  - {key: speaker, name: A Speaker}", "claims:"]
    total = 2500
    for number in range(total):
        speaker = "speaker" if number < total - 1 else "nobody"
        lines.append(f"  - {{key: c{number}, text: Claim number {number}, speaker: {speaker}}}")
    path = tmp_path / "many.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = table_counts(engine)
    exit_code, _stdout, stderr = run_import(path)
    assert exit_code == 3
    assert stderr == (
        f"Error: many.yaml:{total + 4}: claims[{total - 1}] (key c{total - 1}): speaker 'nobody'"
        " is not the key of any actor (define it in the file or import it first; actor keys"
        " are case-sensitive)\n"
    )
    assert table_counts(engine) == before


def test_a_json_error_names_the_line_of_its_record(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    document = {
        "factcheck": 1,
        "actors": [{"key": "a", "name": "A"}, {"key": "b", "name": "B", "kind": "robot"}],
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    exit_code, _stdout, stderr = run_import(path)
    assert exit_code == 4
    assert stderr.startswith("Error: bad.json:8: actors[1] (key b): kind 'robot' is not known")
    path.write_text('{"factcheck": 1,\n "actors": [{"key": "a", "key": "b"}]}', encoding="utf-8")
    assert run_import(path)[2] == "Error: bad.json:2: the key 'key' is given twice (keep one)\n"
    path.write_text('{"factcheck": 1,\n "actors": [}', encoding="utf-8")
    assert run_import(path)[2].startswith("Error: bad.json:2: not valid JSON: ")


def test_dry_run_reports_changes_and_writes_nothing(
    db_env: str, engine: Engine, sample: Path
) -> None:
    before = table_counts(engine)
    exit_code, _stdout, stderr = run_import(sample, "--dry-run")
    assert exit_code == 0
    assert stderr == SUMMARY.replace(
        "Imported data.yaml.", "Checked data.yaml. Nothing was written (--dry-run)."
    )
    assert table_counts(engine) == before


def test_import_reads_standard_input_and_tells_the_format_from_the_content(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    text = '{"factcheck": 1, "actors": [{"key": "a", "name": "Анна"}]}'
    result = invoke("import", "-", input=text)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith("Imported <stdin>.\n  actors: 1 created")
    unnamed = tmp_path / "data.txt"
    unnamed.write_text("actors: []\n", encoding="utf-8")
    assert run_import(unnamed)[2] == (
        "Error: cannot tell the format of data.txt"
        " (give --format; formats: native, claimreview, liar)\n"
    )
    assert run_import(unnamed, "--format", "native")[2] == (
        "Error: data.txt: the format version is missing (start the file with: factcheck: 1)\n"
    )
    assert run_import(tmp_path / "missing.yaml")[2] == (
        "Error: no file missing.yaml (check the path)\n"
    )


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_import_export_gives_the_same_bytes(
    postgres_database: PostgresDatabase | None,
    sqlite_template: Path,
    tmp_path: Path,
    fmt: ExportFormat,
) -> None:
    first = fresh_database(postgres_database, sqlite_template, tmp_path)
    load(first, SAMPLE)
    exported = dump(first, fmt)
    second = fresh_database(postgres_database, sqlite_template, tmp_path)
    load(second, exported, name="export." + ("json" if "json" in fmt else "yaml"))
    assert dump(second, fmt) == exported
    assert "리용호" in exported and "조선민주주의인민공화국" in exported


def test_export_writes_the_sample_as_documented(
    postgres_database: PostgresDatabase | None, sqlite_template: Path, tmp_path: Path
) -> None:
    url = fresh_database(postgres_database, sqlite_template, tmp_path)
    load(url, SAMPLE)
    exported = dump(url)
    assert exported.startswith("factcheck: 1\n\nactors:\n- key: united-states\n")
    assert "\nscales:\n- slug: example-desk-scale\n" in exported
    assert "  url: https://foreignpolicy.com/2019/03/05/silver-lining/\n" in exported
    assert "  published: 2019-03\n" in exported
    assert "  said: '2019-02-28'\n" in exported
    assert "  said: 2019-03-01 00:00\n" in exported
    assert "  said: '2019'\n" in exported
    assert "  text: |-\n    우리가 요구한 것은" in exported
    assert "    at: '2019-03-04T09:15:30.500000Z'\n" in exported
    assert "  - label: Wrong\n    score: 0.0\n    bucket: 'false'\n" in exported
    assert "  from: trump-hanoi\n  to: ri-hanoi\n  kind: contradicts\n" in exported
    assert "  supersedes: v1\n" in exported
    assert "politifact" not in exported.split("\nsources:")[0]
    assert ": null" not in exported and ": []" not in exported
    as_json = dump(url, ExportFormat.NATIVE_JSON)
    assert json.loads(as_json) == parse("x.yaml", exported, Syntax.YAML).data
    assert as_json == json.dumps(json.loads(as_json), indent=2, ensure_ascii=False) + "\n"


def test_terminal_entered_records_round_trip_with_generated_keys(
    db_env: str, postgres_database: PostgresDatabase | None, sqlite_template: Path, tmp_path: Path
) -> None:
    variables = run_script(walkthrough_commands())
    run_script(walkthrough_commands(VERDICTS_MARKER), variables)
    exported = dump(db_env)
    assert "- key: claim-1\n" in exported and "- key: verdict-2\n" in exported
    assert "  supersedes: verdict-1\n" in exported
    second = fresh_database(postgres_database, sqlite_template, tmp_path)
    load(second, exported)
    assert dump(second) == exported


def test_a_generated_key_that_is_taken_gets_a_suffix(
    db_env: str, postgres_database: PostgresDatabase | None, sqlite_template: Path, tmp_path: Path
) -> None:
    load(db_env, "factcheck: 1\nactors:\n  - {key: actor-2, name: Imported}\n")
    assert invoke("actor", "add", "Typed at the terminal").exit_code == 0
    exported = dump(db_env)
    assert "- key: actor-2\n  name: Imported\n" in exported
    assert "- key: actor-2-2\n  name: Typed at the terminal\n" in exported
    second = fresh_database(postgres_database, sqlite_template, tmp_path)
    load(second, exported)
    assert dump(second) == exported


def exported_keys(text: str, section: str) -> list[str]:
    data = parse("x.yaml", text, Syntax.YAML).data
    return [record.get("key") or record.get("slug") for record in data.get(section) or []]


def test_export_filters_select_claims_and_everything_they_need(
    db_env: str, sample: Path, tmp_path: Path
) -> None:
    assert run_import(sample)[0] == 0
    result = invoke("export", "--claim", "2")
    assert result.exit_code == 0, result.stderr
    assert exported_keys(result.stdout, "claims") == ["ri-hanoi"]
    # The publisher of the evidence's source, the reviewer (who publishes the custom scale),
    # the speaker and the organisation the speaker belongs to.
    assert exported_keys(result.stdout, "actors") == [
        "united-states",
        "dprk",
        "ri-yong-ho",
        "example-desk",
    ]
    assert exported_keys(result.stdout, "sources") == ["fp-silver-lining", "kcna-statement"]
    assert exported_keys(result.stdout, "scales") == ["example-desk-scale"]
    assert exported_keys(result.stdout, "verdicts") == ["v3"]
    assert exported_keys(result.stdout, "links") == []
    result = invoke("export", "--speaker", "President Trump", "--topic", "sanctions")
    assert exported_keys(result.stdout, "claims") == ["trump-hanoi"]
    assert exported_keys(result.stdout, "actors") == [
        "united-states",
        "donald-trump",
        "example-desk",
    ]
    assert exported_keys(result.stdout, "verdicts") == ["v1", "v2"]
    assert exported_keys(result.stdout, "corrections") == ["official-backs-ri", "desk-correction"]
    assert exported_keys(result.stdout, "scales") == []
    result = invoke("export", "--claim", "1", "--claim", "2")
    assert exported_keys(result.stdout, "links") == ["trump-vs-ri"]
    assert exported_keys(result.stdout, "propositions") == ["nk-all-sanctions"]
    result = invoke("export", "--topic", "Hanoi summit", "--speaker", "리용호", "-f", "native-json")
    assert [claim["key"] for claim in json.loads(result.stdout)["claims"]] == ["ri-hanoi"]
    assert result.stderr == (
        "Exported to standard output: actors 4, scales 1, sources 2, propositions 1, claims 1,"
        " verdicts 1.\n"
    )


def test_export_writes_a_file_in_the_format_its_name_asks_for(
    db_env: str, sample: Path, tmp_path: Path
) -> None:
    assert run_import(sample)[0] == 0
    target = tmp_path / "out.json"
    result = invoke("export", "-o", str(target))
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr.startswith(f"Exported to {target}: actors 6, scales 1, sources 2,")
    assert json.loads(target.read_text(encoding="utf-8"))["factcheck"] == 1
    assert [path.name for path in tmp_path.iterdir() if path.name.startswith(".")] == []
    result = invoke("export", "-o", str(tmp_path / "no-such-dir" / "out.yaml"))
    assert result.exit_code == 4
    assert result.stderr.startswith("Error: cannot write ")


@pytest.mark.parametrize(
    ("args", "code", "error"),
    [
        (("--claim", "99"), 3, "Error: no claim #99 (see: factcheck claim list)\n"),
        (("--topic", "Nothing"), 3, "Error: no topic 'Nothing' (see: factcheck topic list)\n"),
        (("--format", "csv"), 2, ""),
    ],
)
def test_export_refuses_unknown_filters(
    db_env: str, args: tuple[str, ...], code: int, error: str
) -> None:
    result = invoke("export", *args)
    assert (result.exit_code, result.stdout) == (code, "")
    assert result.stderr.endswith(error)


def test_the_hanoi_fixture_round_trips(
    postgres_database: PostgresDatabase | None, sqlite_template: Path, tmp_path: Path
) -> None:
    fixture = Path(__file__).resolve().parent.parent / "fixtures" / "hanoi-summit.yaml"
    first = fresh_database(postgres_database, sqlite_template, tmp_path, "first")
    summary = load(first, fixture.read_text(encoding="utf-8"), name="hanoi-summit.yaml")
    assert summary["claims"].created == summary["claims"].total > 0
    exported = dump(first)
    assert not load(first, exported).changed
    second = fresh_database(postgres_database, sqlite_template, tmp_path, "second")
    load(second, exported)
    assert dump(second) == exported


def test_levels_of_a_custom_scale_can_move_but_not_go(
    db_env: str, engine: Engine, sample: Path
) -> None:
    assert run_import(sample)[0] == 0
    old_levels = """\
      - {label: Correct, score: 1.0, bucket: "true", aliases: [right, accurate]}
      - {label: Wrong, score: 0, bucket: false}
"""
    new_levels = """\
      - {label: Wrong, score: 0.1, bucket: false}
      - {label: Correct, score: 1.0, bucket: "true", aliases: [right, accurate]}
"""
    sample.write_text(SAMPLE.replace(old_levels, new_levels), encoding="utf-8")
    code, _out, err = run_import(sample)
    assert code == 0, err
    assert "  scales: 0 created, 1 updated, 0 unchanged\n" in err
    with Session(engine) as session:
        scale = session.scalars(
            select(RatingScale).where(RatingScale.slug == "example-desk-scale")
        ).one()
        assert [(lv.label, lv.position, lv.score) for lv in scale.levels] == [
            ("Wrong", 1, 0.1),
            ("Correct", 2, 1.0),
        ]
    sample.write_text(
        SAMPLE.replace(old_levels, '      - {label: Correct, bucket: "true"}\n'),
        encoding="utf-8",
    )
    before = table_counts(engine)
    assert run_import(sample)[2] == (
        "Error: data.yaml:38: scales[0] (slug example-desk-scale): level 'Wrong' is missing"
        " (a level cannot be removed: list every level of the scale)\n"
    )
    assert table_counts(engine) == before


def test_records_that_clash_with_rows_entered_at_the_terminal_are_refused(
    db_env: str, engine: Engine, tmp_path: Path
) -> None:
    assert invoke("source", "add", "https://example.org/a").exit_code == 0
    path = tmp_path / "clash.yaml"
    path.write_text(
        "factcheck: 1\nsources:\n  - {key: s, url: 'https://EXAMPLE.org/a#part'}\n",
        encoding="utf-8",
    )
    assert run_import(path) == (
        5,
        "",
        "Error: clash.yaml:3: sources[0] (key s): source #1 already has the URL"
        " https://example.org/a (refer to that source, or leave the URL out)\n",
    )
    document = """\
factcheck: 1
actors: [{key: a, name: A}]
claims:
  - {key: c1, text: One, speaker: a}
  - {key: c2, text: Two, speaker: a}
"""
    path.write_text(document, encoding="utf-8")
    assert run_import(path)[0] == 0
    assert invoke("link", "add", "2", "1", "--kind", "contradicts").exit_code == 0
    path.write_text(
        document + "links: [{key: l, from: c1, to: c2, kind: contradicts}]\n", encoding="utf-8"
    )
    before = table_counts(engine)
    assert run_import(path)[2] == (
        "Error: clash.yaml:6: links[0] (key l): link #1 already links these claims this way"
        " (see: factcheck link show 1)\n"
    )
    path.write_text(
        document
        + """\
verdicts:
  - {key: v1, claim: c1, reviewer: a, scale: basic, rating: "True"}
  - {key: v2, claim: c1, reviewer: a, scale: basic, rating: Misleading, supersedes: v1}
  - {key: v3, claim: c1, reviewer: a, scale: basic, rating: "False", supersedes: v1}
""",
        encoding="utf-8",
    )
    assert run_import(path)[2] == (
        "Error: clash.yaml:9: verdicts[2] (key v3): 'v1' is already superseded by v2"
        " (a verdict is revised once; supersede the latest revision)\n"
    )
    assert table_counts(engine) == before


@pytest.mark.parametrize("command", ["import", "export"])
def test_help_does_not_load_the_database_layer(command: str) -> None:
    report, stdout = run_probe(command, "--help")
    assert report == {"code": 0, "loaded": []}
    assert "Example: factcheck " in stdout


@pytest.mark.parametrize(
    ("text", "data"),
    [
        ("a: 2019-02-28\nb: 2019\nc: '2019'\n", {"a": "2019-02-28", "b": 2019, "c": "2019"}),
        (
            "a: yes\nb: true\nc: False\nd: null\ne:\n",
            {"a": "yes", "b": True, "c": False, "d": None, "e": None},
        ),
        (
            "a: 1:30\nb: 0o17\nc: 1_000\nd: 1e5\ne: .5\n",
            {"a": "1:30", "b": "0o17", "c": "1_000", "d": 1e5, "e": 0.5},
        ),
        ("a: &x [1, {b: c}]\nd: *x\n", {"a": [1, {"b": "c"}], "d": [1, {"b": "c"}]}),
        ("a: !!str 12\nb: =\n", {"a": "12", "b": "="}),
        ("- {a: [x, {b: [y]}], c: d}\n- e\n", [{"a": ["x", {"b": ["y"]}], "c": "d"}, "e"]),
        ("a: |\n  two\n  lines\n", {"a": "two\nlines\n"}),
    ],
)
def test_yaml_is_read_with_the_core_types_of_yaml_1_2(text: str, data: object) -> None:
    assert parse("x.yaml", text, Syntax.YAML).data == data


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("a: 1\n---\nb: 2\n", "x.yaml:2: not valid YAML: the file holds more than one document"),
        ("a: !!binary aGk=\n", "x.yaml:1: not valid YAML: values tagged tag:yaml.org,2002:binary"),
        ("? [a]\n: b\n", "x.yaml:1: not valid YAML: a key must be text, not a mapping or a list"),
        ("a:\n  b: 1\n  c: 2\n  b: 3\n", "x.yaml:4: the key 'b' is given twice (keep one)"),
        ("a: [1, 2\n", "x.yaml:2: not valid YAML: did not find expected ',' or ']'"),
        ("a: *nowhere\n", "x.yaml:1: not valid YAML: unknown alias *nowhere"),
    ],
)
def test_yaml_that_cannot_be_read_is_an_error_with_its_line(text: str, error: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse("x.yaml", text, Syntax.YAML)
    assert str(raised.value).startswith(error)


@pytest.mark.parametrize("syntax", list(Syntax))
def test_a_path_in_the_document_is_found_on_its_line(syntax: Syntax) -> None:
    data = {"factcheck": 1, "claims": [{"key": "a", "text": "x"}, {"key": "b", "said": "y"}]}
    text = json.dumps(data, indent=2) if syntax is Syntax.JSON else SAMPLE_PATHS
    document = parse("x", text, syntax)
    lines: dict[Syntax, list[tuple[list[str | int], int]]] = {
        Syntax.YAML: [(["claims", 1, "said"], 6), (["claims", 1], 5), (["claims", 7], 3), ([], 1)],
        Syntax.JSON: [(["claims", 1, "said"], 8), (["claims", 1], 8), (["claims", 7], 3), ([], 1)],
    }
    for path, line in lines[syntax]:
        assert document.locate(path) == line, path


SAMPLE_PATHS = """\
factcheck: 1
claims:
  - key: a
    text: x
  - key: b
    said: y
"""
