"""schema.org ClaimReview JSON-LD, and Google Fact Check Tools ``claims:search`` responses,
read as pieces in the native format's shape (docs/claimreview.md).

A file may hold one ClaimReview, a list of them, an ``@graph``, a DataFeed whose
``dataFeedElement`` holds ClaimReviews or DataFeedItems (``item``), or a search response. Each
fact check becomes a verdict by its publisher on a claim by its claimant; the reviews of one
claim go into the same piece, so that the claim's record says everything the file knows of it.
Which scale level a textual rating is depends on the database: ``finish`` chooses it just
before a piece is imported.
"""

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TextIO

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
from factcheck.importers.document import Document, Invalid, Path_, Syntax, parse

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

# Claims per piece: a few hundred records, each imported with set-based statements.
CLAIMS_PER_PIECE = 200
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
class SourceFile:
    """The file the pieces come from, to name a record's line should one be wrong."""

    name: str
    text: str
    data: Any

    def where(self, number: int, path: JsonPath, label: str, field_name: str | None = None) -> str:
        """``feed.json:12: record 3 (ClaimReview https://...)``, and the field when given."""
        line = Document(self.name, self.text, Syntax.JSON, self.data).locate(path)
        place = f"{self.name}:{line}" if line else self.name
        tail = f", field {field_name}" if field_name else ""
        return f"{place}: record {number} ({label}){tail}"


@dataclass(frozen=True)
class ClaimReviewPiece:
    """A piece of a ClaimReview file in the native shape; its verdicts get their scale and
    rating from ``finish``."""

    file: SourceFile
    data: dict[str, Any]
    wanted: tuple[Wanted, ...]
    # (section, key or slug) -> the record the native record comes from.
    origins: dict[tuple[str, str], Review] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.file.name

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
        if origin is None:
            return self.name
        return self.file.where(origin.number, origin.path, origin.label)


def pieces(name: str, stream: TextIO) -> Iterator[ClaimReviewPiece | Invalid]:
    """The fact checks of the file, the reviews of up to ``CLAIMS_PER_PIECE`` claims a piece,
    after an ``Invalid`` for each fact check that cannot be read."""
    text = stream.read()
    data = parse(name, text, Syntax.JSON).data
    source = SourceFile(name, text, data)
    claims: dict[str, list[Review]] = {}
    works: dict[str, Work] = {}
    read = 0
    for review in _reviews(source):
        read += 1
        if isinstance(review, Invalid):
            yield review
            continue
        claims.setdefault(review.claim_key, []).append(review)
        for work in (*review.appearances, review.first):
            if work is not None:
                known = works.get(work.key)
                works[work.key] = work if known is None else known.merged(work)
    if not read:
        raise InvalidInput(
            f"{name}: no ClaimReview found",
            "give ClaimReview objects, a DataFeed of them, or a claims:search response",
        )
    groups = list(claims.values())
    for start in range(0, len(groups), CLAIMS_PER_PIECE):
        yield _piece(source, groups[start : start + CLAIMS_PER_PIECE], works)


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


def _reviews(source: SourceFile) -> Iterator[Review | Invalid]:
    """Every fact check of the file, in order, or an error naming the record and the field."""
    nodes = _identified(source.data)
    for number, (kind, node, path) in enumerate(_walk(source.data, ()), 1):
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
            place = source.where(number, path, label, error.field)
            problem = InvalidInput(f"{place}: {error.message}", error.hint)
            review = Invalid(place, "verdicts", problem, value)
        yield review


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


def _piece(
    source: SourceFile, groups: Sequence[list[Review]], works: dict[str, Work]
) -> ClaimReviewPiece:
    actors: dict[str, dict[str, Any]] = {}
    sources: dict[str, dict[str, Any]] = {}
    claims: list[dict[str, Any]] = []
    verdicts: dict[str, tuple[dict[str, Any], Wanted, Review]] = {}
    origins: dict[tuple[str, str], Review] = {}

    def actor(party: Party, review: Review) -> str:
        if party.key not in actors:
            actors[party.key] = {"key": party.key, "name": party.name, "kind": party.kind.value}
            origins[("actors", party.key)] = review
        return party.key

    def work(found: Work, review: Review) -> str:
        merged = works[found.key]
        if merged.key not in sources:
            publisher = actor(merged.publisher, review) if merged.publisher else None
            record = {
                "key": merged.key,
                "url": merged.url,
                "title": merged.title,
                "kind": merged.kind.value,
                "publisher": publisher,
                "published": merged.published,
            }
            sources[merged.key] = {name: value for name, value in record.items() if value}
            origins[("sources", merged.key)] = review
        return merged.key

    for group in groups:
        first = group[0]
        speaker = actor(first.speaker, first)
        appearances: dict[str, dict[str, str]] = {}
        first_source = None
        for review in group:
            for found in review.appearances:
                key = work(found, review)
                appearance = f"cr-appearance-{digest(first.claim_key, key)}"
                appearances.setdefault(key, {"key": appearance, "source": key})
            if review.first is not None and first_source is None:
                first_source = work(review.first, review)
        claim = {
            "key": first.claim_key,
            "text": first.claim_text,
            "speaker": speaker,
            "said": first.said,
            "language": next((r.language for r in group if r.language), None),
            "source": first_source,
            "appearances": list(appearances.values()),
        }
        origins[("claims", first.claim_key)] = first
        claims.append({name: value for name, value in claim.items() if value})
        for review in group:
            reviewer = actor(review.reviewer, review)
            verdict = {
                "key": review.key,
                "claim": first.claim_key,
                "reviewer": reviewer,
                "scale": None,
                "rating": None,
                "explanation": review.explanation,
                "url": review.url,
                "date": review.date,
            }
            record = {name: value for name, value in verdict.items() if value is not None}
            # The same fact check given twice: the later record says what it is now.
            verdicts[review.key] = (record, Wanted(review.reviewer, review.rating), review)
    for key, (_record, _wanted, review) in verdicts.items():
        origins[("verdicts", key)] = review
    data = {
        "factcheck": 1,
        "actors": list(actors.values()),
        "sources": list(sources.values()),
        "claims": claims,
        "verdicts": [record for record, _wanted, _review in verdicts.values()],
    }
    wanted = tuple(item for _record, item, _review in verdicts.values())
    return ClaimReviewPiece(source, data, wanted, origins)
