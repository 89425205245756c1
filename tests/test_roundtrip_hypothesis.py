"""Random databases survive a round trip through the native format byte for byte: export,
import into an empty database, export again, and the two exports are the same.

Each example is a small random object graph: actors with aliases, affiliations and merges,
a custom scale, sources, propositions, claims (some retracted, some in several lines and
scripts) with topics, stances, appearances and evidence, links, verdicts with revisions, and
corrections. It is imported from a JSON document, and sometimes added to at the terminal's
service layer (records without keys), before the round trip.
"""

import json
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from factcheck.enums import (
    ActorKind,
    Bucket,
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
from factcheck.exporters import ExportFormat
from factcheck.services import actors, claims, links, lookup
from factcheck.services.dates import PartialDate
from factcheck.services.text import normalize_key
from tests.conftest import PostgresDatabase
from tests.helpers_interchange import dump, engine_for, fresh_database, load

# Built-in scales and their labels (alembic/versions/0002_seed_rating_scales.py).
BUILT_IN = {
    "politifact": ["True", "Mostly True", "Half True", "Mostly False", "False", "Pants on Fire"],
    "basic": ["True", "Mostly true", "Misleading", "False", "Unproven"],
}
LANGUAGES = [None, "en", "ko", "ar", "en-US", "zh-Hant-TW"]
DATE_FORMS = ["day", "month", "year"]

letters = st.characters(categories=["Lu", "Ll", "Lo"], codec="utf-8")
marks = st.characters(categories=["Nd", "Pd", "Po", "Ps", "Pe", "Sm", "Sc"], codec="utf-8")
# A word holds a letter, so that names, aliases and topics have a key.
words = st.builds(
    lambda head, tail: head + tail,
    st.text(letters, min_size=1, max_size=6),
    st.text(marks, max_size=2),
)


def phrases(max_words: int = 5, *, lines: bool = False) -> st.SearchStrategy[str]:
    separators = st.sampled_from([" ", "\n"] if lines else [" "])
    return st.lists(st.tuples(words, separators), min_size=1, max_size=max_words).map(
        lambda pairs: "".join(word + gap for word, gap in pairs).strip()
    )


@st.composite
def partial_dates(draw: st.DrawFn, *, with_time: bool = False) -> str:
    day = draw(st.dates(date(1900, 1, 1), date(2100, 12, 31)))
    form = draw(st.sampled_from(DATE_FORMS))
    if form == "year":
        return f"{day.year:04d}"
    if form == "month":
        return f"{day.year:04d}-{day.month:02d}"
    if with_time and draw(st.booleans()):
        clock = draw(st.times().map(lambda t: t.replace(microsecond=0)))
        seconds = clock.strftime(":%S") if draw(st.booleans()) else ""
        return f"{day.isoformat()} {clock.strftime('%H:%M')}{seconds}"
    return day.isoformat()


def maybe(draw: st.DrawFn, strategy: st.SearchStrategy[Any]) -> Any:
    return draw(strategy) if draw(st.booleans()) else None


def distinct_names(draw: st.DrawFn, taken: set[str], most: int) -> list[str]:
    """Names whose keys differ from each other and from ``taken``."""
    found = []
    for name in draw(st.lists(phrases(3), max_size=most)):
        if normalize_key(name) not in taken:
            taken.add(normalize_key(name))
            found.append(name)
    return found


def compact(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if value not in (None, [])}


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A valid native document, small."""
    actor_keys = [f"a{number}" for number in range(draw(st.integers(1, 4)))]
    actor_records = []
    for position, key in enumerate(actor_keys):
        name = draw(phrases(3))
        affiliations = []
        for _ in range(draw(st.integers(0, 2))):
            others = [other for other in actor_keys if other != key]
            organization = maybe(draw, st.sampled_from(others)) if others else None
            role = draw(phrases(2)) if organization is None else maybe(draw, phrases(2))
            start = maybe(draw, partial_dates())
            affiliations.append(
                compact({"organization": organization, "role": role, "from": start})
            )
        earlier = actor_keys[:position]
        actor_records.append(
            compact(
                {
                    "key": key,
                    "name": name,
                    "kind": draw(st.sampled_from(list(ActorKind))).value,
                    "aliases": distinct_names(draw, {normalize_key(name)}, 2),
                    "description": maybe(draw, phrases(6, lines=True)),
                    "affiliations": affiliations,
                    "merged_into": maybe(draw, st.sampled_from(earlier)) if earlier else None,
                }
            )
        )
    scales = []
    labels = dict(BUILT_IN)
    if draw(st.booleans()):
        level_labels = distinct_names(draw, set(), 3) or ["Only"]
        taken: set[str] = set()
        scales.append(
            compact(
                {
                    "slug": "custom-desk",
                    "name": draw(phrases(3)),
                    "description": maybe(draw, phrases(4)),
                    "publisher": maybe(draw, st.sampled_from(actor_keys)),
                    "levels": [
                        compact(
                            {
                                "label": label,
                                "score": maybe(draw, st.floats(0, 1)),
                                "bucket": draw(st.sampled_from(list(Bucket))).value,
                                "aliases": distinct_names(draw, taken, 2),
                            }
                        )
                        for label in level_labels
                    ],
                }
            )
        )
        labels["custom-desk"] = level_labels
    source_keys = [f"s{number}" for number in range(draw(st.integers(0, 3)))]
    sources = []
    for number, key in enumerate(source_keys):
        url = f"https://example.org/{number}/{draw(st.text('abcxyz019-', max_size=5))}"
        with_url = draw(st.booleans())
        sources.append(
            compact(
                {
                    "key": key,
                    "url": url if with_url else maybe(draw, st.just(url)),
                    "title": None if not with_url else maybe(draw, phrases(5)),
                    "kind": draw(st.sampled_from(list(SourceKind))).value,
                    "publisher": maybe(draw, st.sampled_from(actor_keys)),
                    "published": maybe(draw, partial_dates()),
                    "archive_url": maybe(draw, st.just(f"https://web.archive.org/{number}")),
                    "content_hash": maybe(draw, st.text("0123456789abcdef", min_size=1)),
                    "licence": maybe(draw, phrases(2)),
                    "language": draw(st.sampled_from(LANGUAGES)),
                }
            )
        )
        if "url" not in sources[-1] and "title" not in sources[-1]:
            sources[-1]["title"] = draw(phrases(3))
    topic_names = st.lists(st.sampled_from(["Hanoi summit", "sanctions", "제재", "Санкции"]))
    proposition_keys = [f"p{number}" for number in range(draw(st.integers(0, 2)))]
    propositions = [
        compact({"key": key, "text": draw(phrases(6)), "topics": draw(topic_names)})
        for key in proposition_keys
    ]
    claim_keys = [f"c{number}" for number in range(draw(st.integers(1, 4)))]
    claim_records = []
    for key in claim_keys:
        retracted = draw(st.booleans())
        moment = draw(st.datetimes(datetime(1970, 1, 2), datetime(2100, 1, 1)))
        claim_records.append(
            compact(
                {
                    "key": key,
                    "text": draw(phrases(8, lines=True)),
                    "wording": draw(st.sampled_from(list(Wording))).value,
                    "speaker": draw(st.sampled_from(actor_keys)),
                    "said": maybe(draw, partial_dates(with_time=True)),
                    "venue": maybe(draw, phrases(3)),
                    "language": draw(st.sampled_from(LANGUAGES)),
                    "source": maybe(draw, st.sampled_from(source_keys)) if source_keys else None,
                    "topics": draw(topic_names),
                    "stances": [
                        {"proposition": proposition, "stance": draw(st.sampled_from(list(Stance)))}
                        for proposition in draw(
                            st.lists(st.sampled_from(proposition_keys), unique=True)
                        )
                    ]
                    if proposition_keys
                    else [],
                    "status": "retracted" if retracted else draw(st.sampled_from([None, "active"])),
                    "retraction": {
                        "at": moment.replace(tzinfo=UTC).isoformat(),
                        "reason": draw(phrases(3)),
                    }
                    if retracted
                    else None,
                    "appearances": [
                        compact(
                            {
                                "key": f"{key}-ap{number}",
                                "source": draw(st.sampled_from(source_keys)),
                                "date": maybe(draw, partial_dates()),
                                "locator": maybe(draw, phrases(2)),
                                "excerpt": maybe(draw, phrases(5, lines=True)),
                            }
                        )
                        for number in range(draw(st.integers(0, 2)) if source_keys else 0)
                    ],
                    "evidence": [
                        compact(
                            {
                                "key": f"{key}-ev{number}",
                                "source": draw(st.sampled_from(source_keys)),
                                "stance": draw(st.sampled_from(list(EvidenceStance))).value,
                                "excerpt": maybe(draw, phrases(5)),
                                "locator": maybe(draw, phrases(2)),
                                "note": maybe(draw, phrases(4)),
                            }
                        )
                        for number in range(draw(st.integers(0, 2)) if source_keys else 0)
                    ],
                }
            )
        )
    for record in claim_records:
        for stance in record.get("stances", []):
            stance["stance"] = stance["stance"].value
    link_records = []
    linked: set[tuple[str, str, LinkKind]] = set()
    for number in range(draw(st.integers(0, 3)) if len(claim_keys) > 1 else 0):
        first, second = draw(
            st.lists(st.sampled_from(claim_keys), min_size=2, max_size=2, unique=True)
        )
        kind = draw(st.sampled_from(list(LinkKind)))
        if kind.is_symmetric:
            first, second = sorted((first, second), key=claim_keys.index)
        if (first, second, kind) in linked:
            continue
        linked.add((first, second, kind))
        link_records.append(
            compact(
                {
                    "key": f"l{number}",
                    "from": first,
                    "to": second,
                    "kind": kind.value,
                    "status": draw(st.sampled_from(list(LinkStatus))).value,
                    "method": draw(st.sampled_from(list(LinkMethod))).value,
                    "score": maybe(draw, st.floats(0, 1)),
                    "reason": maybe(draw, phrases(3)),
                    "note": maybe(draw, phrases(4, lines=True)),
                }
            )
        )
    verdict_records: list[dict[str, Any]] = []
    current: dict[str, str] = {}
    for number in range(draw(st.integers(0, 3))):
        claim = draw(st.sampled_from(claim_keys))
        scale = draw(st.sampled_from(sorted(labels)))
        key = f"v{number}"
        verdict_records.append(
            compact(
                {
                    "key": key,
                    "claim": claim,
                    "reviewer": draw(st.sampled_from(actor_keys)),
                    "scale": scale,
                    "rating": draw(st.sampled_from(labels[scale])),
                    "explanation": maybe(draw, phrases(5, lines=True)),
                    "url": maybe(draw, st.just(f"https://factcheck.example.org/{number}")),
                    "date": maybe(draw, partial_dates()),
                    "source": maybe(draw, st.sampled_from(source_keys)) if source_keys else None,
                    "supersedes": current.get(claim) if draw(st.booleans()) else None,
                }
            )
        )
        if "supersedes" in verdict_records[-1] or claim not in current:
            current[claim] = key
    correction_records = []
    for number in range(draw(st.integers(0, 2))):
        on_verdict = bool(verdict_records) and draw(st.booleans())
        target = (
            {"verdict": draw(st.sampled_from([v["key"] for v in verdict_records]))}
            if on_verdict
            else {"claim": draw(st.sampled_from(claim_keys))}
        )
        correction_records.append(
            compact(
                {
                    "key": f"k{number}",
                    **target,
                    "kind": draw(st.sampled_from(list(CorrectionKind))).value,
                    "by": draw(st.sampled_from(actor_keys)),
                    "date": maybe(draw, partial_dates()),
                    "text": draw(phrases(6, lines=True)),
                    "source": maybe(draw, st.sampled_from(source_keys)) if source_keys else None,
                }
            )
        )
    return compact(
        {
            "factcheck": 1,
            "actors": actor_records,
            "scales": scales,
            "sources": sources,
            "propositions": propositions,
            "claims": claim_records,
            "links": link_records,
            "verdicts": verdict_records,
            "corrections": correction_records,
        }
    )


def add_at_the_terminal(url: str) -> None:
    """An actor, a claim and a link entered through the services, without import keys."""
    with Session(engine_for(url), info={"user": "terminal"}) as session, session.begin():
        speaker = actors.add_actor(session, name="Typed Speaker", allow_duplicate=True)
        claim = claims.add_claim(
            session,
            text="Typed at the terminal",
            speaker=speaker,
            said=PartialDate(date(2019, 3, 2), DatePrecision.DAY, time(9, 30)),
            topics=["Hanoi summit"],
        )
        links.add_link(
            session, claim_a=claim, claim_b=lookup.get_claim(session, 1), kind=LinkKind.SUPPORTS
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    document=documents(),
    fmt=st.sampled_from([ExportFormat.NATIVE_YAML, ExportFormat.NATIVE_JSON]),
    typed=st.booleans(),
)
def test_random_databases_round_trip_byte_for_byte(
    postgres_database: PostgresDatabase | None,
    sqlite_template: Path,
    document: dict[str, Any],
    fmt: ExportFormat,
    typed: bool,
) -> None:
    directory = sqlite_template.parent
    first = fresh_database(postgres_database, sqlite_template, directory, "first")
    created = load(first, json.dumps(document, ensure_ascii=False), name="random.json")
    assert created["claims"].created == len(document["claims"])
    name = "export." + fmt.value.removeprefix("native-")
    # The export of an imported file carries its keys: importing it again changes nothing.
    again = load(first, dump(first, fmt), name=name)
    assert not again.changed, again.lines()
    if typed:
        add_at_the_terminal(first)
    exported = dump(first, fmt)
    second = fresh_database(postgres_database, sqlite_template, directory, "second")
    load(second, exported, name=name)
    assert dump(second, fmt) == exported
