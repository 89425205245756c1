"""schema.org ClaimReview JSON-LD, and Google Fact Check Tools ``claims:search`` responses,
read as pieces in the native format's shape (docs/claimreview.md).

A file may hold one ClaimReview, a list of them, an ``@graph``, a DataFeed whose
``dataFeedElement`` holds ClaimReviews or DataFeedItems (``item``), or a search response. Each
fact check becomes a verdict by its publisher on a claim by its claimant. Which scale level a
textual rating is depends on the database: ``finish`` chooses it just before a piece is
imported.

The file is read as a stream, twice: the items of its big lists (a list at the top, a
DataFeed's ``dataFeedElement``, a search response's ``claims``) one at a time, anything else
whole. The first reading checks every record and keeps small facts of each claim (the keys of
the works it appeared in, its language) and of each work, so that the second can write a
claim's record complete where its first review is, whatever piece its other reviews fall in.
"""

import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, TYPE_CHECKING, Any, TextIO

from factcheck.errors import InvalidInput
from factcheck.importers.claimreview_fields import FieldError
from factcheck.importers.claimreview_records import (
    JsonPath,
    Party,
    Rating,
    Review,
    Work,
    digest,
    read_claim_review,
    read_search_result,
    type_names,
)
from factcheck.importers.document import Invalid, Path_, duplicate_error, json_line
from factcheck.importers.native_stream import (
    CHUNK,
    JsonWindow,
    Readable,
    expect_end,
    object_key,
)
from factcheck.importers.yaml_reader import DuplicateKey

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Fact checks per piece: a few hundred records, each imported with set-based statements.
REVIEWS_PER_PIECE = 200
_HEAD = re.compile(
    r""""@type"\s*:\s*(?:\[[^\]]*)?"(?:schema:|https?://schema\.org/)?ClaimReview"|"claimReview"\s*:"""
)
_NATIVE = re.compile(r"""^[\s{]*"factcheck"\s*:""")


def sniff(name: str, head: str) -> bool:
    """A ``.jsonld`` file, or JSON that names the ClaimReview type or holds Google's
    ``claimReview`` lists."""
    if name.lower().endswith(".jsonld"):
        return True
    stripped = head.lstrip()
    if stripped[:1] not in ("{", "[") or _NATIVE.match(stripped):
        return False
    return bool(_HEAD.search(head))


@dataclass(frozen=True)
class Wanted:
    """A rating to be placed on a scale: the publisher's words and numbers."""

    reviewer: Party
    rating: Rating


@dataclass(frozen=True)
class Spot:
    """Where a record is: the text of the value read whole that holds it, the line that value
    starts on, and the record's path inside it. Its line is found only when asked for, when
    something is wrong with the record."""

    text: str
    line: int
    path: JsonPath

    def locate(self) -> int:
        if not self.path:
            return self.line
        try:
            found = json_line(self.text, self.path)
        except (ValueError, DuplicateKey):
            found = None
        return self.line + found - 1 if found else self.line


def where(name: str, spot: Spot, number: int, label: str, field_name: str | None = None) -> str:
    """``feed.json:12: record 3 (ClaimReview https://...)``, and the field when given."""
    tail = f", field {field_name}" if field_name else ""
    return f"{name}:{spot.locate()}: record {number} ({label}){tail}"


@dataclass(frozen=True)
class ClaimReviewPiece:
    """A piece of a ClaimReview file in the native shape; its verdicts get their scale and
    rating from ``finish``."""

    name: str
    data: dict[str, Any]
    wanted: tuple[Wanted, ...]
    # (section, key or slug) -> the record the native record comes from.
    origins: dict[tuple[str, str], Review] = field(default_factory=dict)
    # Record number -> where that record is in the file.
    spots: dict[int, Spot] = field(default_factory=dict)

    def where(self, path: Path_) -> str:
        """The line and number of the ClaimReview that the native record at ``path`` comes
        from."""
        origin = None
        if len(path) >= 2 and isinstance(path[1], int):
            records = self.data.get(str(path[0])) or []
            if 0 <= path[1] < len(records):
                record = records[path[1]]
                key = record.get("key", record.get("slug")) if isinstance(record, dict) else None
                origin = self.origins.get((str(path[0]), str(key)))
        if origin is None or origin.number not in self.spots:
            return self.name
        return where(self.name, self.spots[origin.number], origin.number, origin.label)


@dataclass(slots=True)
class _Claim:
    """What the whole file says of one claim, gathered on the first reading: the record
    that first names it, and what its other reviews add (keys of works, never records)."""

    number: int
    language: str | None
    first: str | None
    appearances: list[str]


@dataclass
class _Survey:
    """The first reading of the file: the claims and works it names, the last record of each
    fact check, and the records that cannot be read."""

    claims: dict[str, _Claim] = field(default_factory=dict)
    works: dict[str, Work] = field(default_factory=dict)
    # The fact checks given more than once, by the number of their last record; the hashes
    # of the keys of the others (a hash met twice by chance only adds a key here).
    last: dict[str, int] = field(default_factory=dict)
    met: set[int] = field(default_factory=set)
    invalid: list[Invalid] = field(default_factory=list)
    read: int = 0

    def add(self, review: Review) -> None:
        keys = []
        for work in (*review.appearances, review.first):
            if work is not None:
                key = work.key
                known = self.works.get(key)
                self.works[key] = work if known is None else known.merged(work)
                keys.append(key)
        claim = self.claims.get(review.claim_key)
        if claim is None:
            claim = _Claim(review.number, review.language, None, [])
            self.claims[review.claim_key] = claim
        claim.language = claim.language or review.language
        if claim.first is None and review.first is not None:
            claim.first = keys[-1]
        for key in keys[: len(review.appearances)]:
            if key not in claim.appearances:
                claim.appearances.append(key)
        # The same fact check given twice: the later record says what it is now.
        hashed = hash(review.key)
        if hashed in self.met:
            self.last[review.key] = review.number
        self.met.add(hashed)

    def is_last(self, review: Review) -> bool:
        return self.last.get(review.key, review.number) == review.number


def pieces(name: str, stream: TextIO) -> Iterator[ClaimReviewPiece | Invalid]:
    """The fact checks of the file, ``REVIEWS_PER_PIECE`` a piece, after an ``Invalid`` for
    each fact check that cannot be read.

    The file is read twice: first to check every record and gather what each claim's record
    needs from all of its reviews, then to build the pieces. Input that cannot be read again
    (standard input) is copied to a temporary file first."""
    if stream.seekable():
        yield from _pieces(name, stream)
        return
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="") as copy:
        shutil.copyfileobj(stream, copy, CHUNK)
        copy.seek(0)
        yield from _pieces(name, copy)


def _pieces(name: str, stream: IO[str]) -> Iterator[ClaimReviewPiece | Invalid]:
    start = stream.tell()
    survey = _Survey()
    for review, _spot in _reviews(name, stream):
        survey.read += 1
        if isinstance(review, Invalid):
            survey.invalid.append(review)
        else:
            survey.add(review)
    if not survey.read:
        raise InvalidInput(
            f"{name}: no ClaimReview found",
            "give ClaimReview objects, a DataFeed of them, or a claims:search response",
        )
    yield from survey.invalid
    stream.seek(start)
    batch: list[tuple[Review, Spot]] = []
    for review, spot in _reviews(name, stream):
        if isinstance(review, Invalid):
            continue
        batch.append((review, spot))
        if len(batch) >= REVIEWS_PER_PIECE:
            yield _piece(name, batch, survey)
            batch = []
    if batch:
        yield _piece(name, batch, survey)


def finish(session: "Session", piece: ClaimReviewPiece) -> ClaimReviewPiece:
    """The piece completed with what the database holds: actors and sources it has already
    (under another import key) referred to instead of added again, and each verdict's scale
    and rating chosen."""
    from factcheck.importers.claimreview_known import known_actors, known_sources, rekeyed
    from factcheck.importers.claimreview_ratings import Placer

    actors = known_actors(session, piece.data["actors"])
    sources = known_sources(session, piece.data["sources"])
    data = rekeyed(piece.data, actors, sources)
    placer = Placer(session, actors)
    placer.prefetch([wanted.reviewer for wanted in piece.wanted])
    verdicts = []
    origins = dict(piece.origins)
    for record, wanted in zip(data["verdicts"], piece.wanted, strict=True):
        scale, label = placer.place(wanted.reviewer, wanted.rating)
        verdicts.append({**record, "scale": scale, "rating": label})
        origins.setdefault(("scales", scale), origins[("verdicts", record["key"])])
    data["verdicts"] = verdicts
    scales = placer.scale_records()
    if scales:
        data["scales"] = scales
    return replace(piece, data=data, origins=origins)


@dataclass(frozen=True)
class _Chunk:
    """A value of the file read whole, where it sits in the file, and its text and first
    line; for the rest of a top-level object, the text and line of each of its fields."""

    value: Any
    path: JsonPath
    text: str
    line: int
    fields: dict[str, tuple[str, int]] | None = None


# Lists whose items are read one at a time, by the key that holds them at the top of an
# object and the test that the object's fields so far (``@type`` among them) call for it.
_STREAMED: dict[str, Callable[[set[str] | None], bool]] = {
    "dataFeedElement": lambda types: (
        types is not None and "DataFeed" in types and "ClaimReview" not in types
    ),
    "claims": lambda types: types is None,
}


def _chunks(name: str, stream: Readable) -> Iterator[_Chunk]:
    """The file as values read whole: each item of a list at the top, of a DataFeed's
    ``dataFeedElement`` or of a search response's ``claims``, and the rest of a top-level
    object as one value (its streamed list left out)."""
    window = JsonWindow(name, stream)
    first = window.peek()
    if first != "{":
        if first == "[":
            yield from _items(window, ())
        else:
            value, text, line = window.value()
            yield _Chunk(value, (), text, line)
        expect_end(window)
        return
    top = window.line
    window.advance(window.position + 1)
    rest: dict[str, Any] = {}
    fields: dict[str, tuple[str, int]] = {}
    while window.peek() != "}":
        if fields:
            window.expect(",", "',' delimiter")
        if window.peek() != '"':
            raise window.error("Expecting property name enclosed in double quotes")
        key, line = object_key(window)
        if key in fields:
            raise duplicate_error(name, key, line)
        window.expect(":", "':' delimiter")
        types = type_names(rest) if "@type" in rest else None
        if key in _STREAMED and _STREAMED[key](types) and window.peek() == "[":
            yield from _items(window, (key,))
            fields[key] = ("", line)
            continue
        value, text, line = window.value()
        rest[key] = value
        fields[key] = (text, line)
    window.advance(window.position + 1)
    expect_end(window)
    yield _Chunk(rest, (), "", top, fields)


def _items(window: JsonWindow, path: JsonPath) -> Iterator[_Chunk]:
    """The items of the list that starts at the window, one at a time."""
    window.advance(window.position + 1)
    if window.peek() == "]":
        window.advance(window.position + 1)
        return
    index = 0
    while True:
        value, text, line = window.value()
        yield _Chunk(value, (*path, index), text, line)
        index += 1
        if window.expect(",]", "',' delimiter") == "]":
            return


def _reviews(name: str, stream: Readable) -> Iterator[tuple[Review | Invalid, Spot]]:
    """Every fact check of the file, in order, or an error naming the record and the field;
    and where it is."""
    number = 0
    for chunk in _chunks(name, stream):
        nodes = _identified(chunk.value)
        for kind, node, path in _walk(chunk.value, chunk.path):
            number += 1
            spot = _spot(chunk, path[len(chunk.path) :])
            value = node[1] if kind == "search" else node
            try:
                if kind == "search":
                    # Fields of the claim are named by its path: claims[3].text.
                    claim_path = _dotted(path[:-2])
                    review: Review | Invalid = read_search_result(
                        node[0], value, number, path, claim_path
                    )
                else:
                    review = read_claim_review(value, number, path, nodes)
            except FieldError as error:
                url = value.get("url") if isinstance(value, dict) else None
                label = f"ClaimReview {url}" if isinstance(url, str) else "ClaimReview"
                place = where(name, spot, number, label, error.field)
                problem = InvalidInput(f"{place}: {error.message}", error.hint)
                review = Invalid(place, "verdicts", problem, value)
            yield review, spot


def _spot(chunk: _Chunk, path: JsonPath) -> Spot:
    """Where the value at ``path`` inside ``chunk`` is."""
    if chunk.fields is None or not path:
        return Spot(chunk.text, chunk.line, path)
    text, line = chunk.fields[str(path[0])]
    return Spot(text, line, path[1:])


def _dotted(path: JsonPath) -> str:
    """``("claims", 3)`` as ``claims[3].``; nothing for the top."""
    text = "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path)
    return f"{text.lstrip('.')}." if text else ""


def _walk(value: Any, path: JsonPath) -> Iterator[tuple[str, Any, JsonPath]]:
    """The ClaimReview objects (``review``) and the reviews of search results (``search``)
    in a JSON-LD document, with their paths."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, index))
        return
    if not isinstance(value, dict):
        return
    types = type_names(value)
    if "ClaimReview" in types:
        yield "review", value, path
        return
    if "@graph" in value:
        yield from _walk(value["@graph"], (*path, "@graph"))
    if "DataFeed" in types:
        yield from _walk(value.get("dataFeedElement"), (*path, "dataFeedElement"))
    if "DataFeedItem" in types:
        yield from _walk(value.get("item"), (*path, "item"))
    if not types and isinstance(value.get("claims"), list):
        yield from _walk(value["claims"], (*path, "claims"))
    if not types and "claimReview" in value:
        reviews = value["claimReview"]
        for index, review in enumerate(reviews if isinstance(reviews, list) else [reviews]):
            yield "search", (value, review), (*path, "claimReview", index)


def _identified(data: Any) -> dict[str, Any]:
    """The nodes of the document that have an ``@id`` and say more than that, by id."""
    found: dict[str, Any] = {}
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            identifier = value.get("@id")
            if isinstance(identifier, str) and len(value) > 1:
                found.setdefault(identifier, value)
            stack.extend(value.values())
    return found


def _piece(name: str, batch: Sequence[tuple[Review, Spot]], survey: _Survey) -> ClaimReviewPiece:
    """The records of a batch of fact checks: each claim where its first review is, with
    what all of its reviews say; each fact check at its last record."""
    actors: dict[str, dict[str, Any]] = {}
    sources: dict[str, dict[str, Any]] = {}
    claims: list[dict[str, Any]] = []
    verdicts: list[dict[str, Any]] = []
    wanted: list[Wanted] = []
    origins: dict[tuple[str, str], Review] = {}
    spots: dict[int, Spot] = {}

    def actor(party: Party, review: Review) -> str:
        if party.key not in actors:
            actors[party.key] = {"key": party.key, "name": party.name, "kind": party.kind.value}
            origins[("actors", party.key)] = review
        return party.key

    def work(key: str, review: Review) -> str:
        merged = survey.works[key]
        if key not in sources:
            publisher = actor(merged.publisher, review) if merged.publisher else None
            record = {
                "key": key,
                "url": merged.url,
                "title": merged.title,
                "kind": merged.kind.value,
                "publisher": publisher,
                "published": merged.published,
            }
            sources[key] = {name: value for name, value in record.items() if value}
            origins[("sources", key)] = review
        return key

    for review, spot in batch:
        spots[review.number] = spot
        summary = survey.claims[review.claim_key]
        if summary.number == review.number:
            speaker = actor(review.speaker, review)
            appearances = [
                {
                    "key": f"cr-appearance-{digest(review.claim_key, key)}",
                    "source": work(key, review),
                }
                for key in summary.appearances
            ]
            claim = {
                "key": review.claim_key,
                "text": review.claim_text,
                "speaker": speaker,
                "said": review.said,
                "language": summary.language,
                "source": work(summary.first, review) if summary.first else None,
                "appearances": appearances,
            }
            origins[("claims", review.claim_key)] = review
            claims.append({name: value for name, value in claim.items() if value})
        if not survey.is_last(review):
            continue
        verdict = {
            "key": review.key,
            "claim": review.claim_key,
            "reviewer": actor(review.reviewer, review),
            "scale": None,
            "rating": None,
            "explanation": review.explanation,
            "url": review.url,
            "date": review.date,
        }
        verdicts.append({name: value for name, value in verdict.items() if value is not None})
        wanted.append(Wanted(review.reviewer, review.rating))
        origins[("verdicts", review.key)] = review
    data = {
        "factcheck": 1,
        "actors": list(actors.values()),
        "sources": list(sources.values()),
        "claims": claims,
        "verdicts": verdicts,
    }
    return ClaimReviewPiece(name, data, tuple(wanted), origins, spots)
