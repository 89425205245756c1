"""One fact check read from a ClaimReview file: a schema.org ``ClaimReview`` object, or one
review of a claim in a Google Fact Check Tools ``claims:search`` response, checked field by
field and turned into plain values (docs/claimreview.md).

Keys are derived from what a record says, never from where it sits in the file, so that the
same fact check gets the same rows however often, and in whatever file, it is imported.
"""

import hashlib
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from factcheck.enums import ActorKind, SourceKind
from factcheck.importers.claimreview_fields import FieldError, Fields, describe, read_language
from factcheck.services.lookup import normalize_url
from factcheck.services.text import MAX_NAME_LENGTH, normalize_key, slugify

JsonPath = tuple[str | int, ...]

# The kind of source each type of creative work becomes; other types become ``other``.
WORK_KINDS = {
    "Article": SourceKind.ARTICLE,
    "NewsArticle": SourceKind.ARTICLE,
    "ReportageNewsArticle": SourceKind.ARTICLE,
    "AnalysisNewsArticle": SourceKind.ARTICLE,
    "OpinionNewsArticle": SourceKind.ARTICLE,
    "BlogPosting": SourceKind.ARTICLE,
    "VideoObject": SourceKind.VIDEO,
    "AudioObject": SourceKind.AUDIO,
    "SocialMediaPosting": SourceKind.SOCIAL_POST,
    "DiscussionForumPosting": SourceKind.SOCIAL_POST,
    "Dataset": SourceKind.DATASET,
    "Review": SourceKind.REVIEW,
    "ClaimReview": SourceKind.REVIEW,
}
# An actor name that is too long to read well in a key is cut and given a hash instead.
_SLUG_LENGTH = 60
UNKNOWN_SPEAKER = "Unknown claimant"


def digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def type_names(node: dict[str, Any]) -> set[str]:
    """The schema.org types of a JSON-LD node, without prefix (``schema:`` or the URL)."""
    found = node.get("@type")
    names = found if isinstance(found, list) else [found]
    return {re.split(r"[/:#]", name)[-1] for name in names if isinstance(name, str)}


@dataclass(frozen=True)
class Party:
    """A person or an organisation a record names."""

    name: str
    kind: ActorKind

    @cached_property
    def slug(self) -> str:
        slug = slugify(self.name)
        if slug and len(slug) <= _SLUG_LENGTH:
            return slug
        return f"{slug[: _SLUG_LENGTH - 17]}-{digest(self.name)}".lstrip("-")

    @cached_property
    def key(self) -> str:
        return f"cr-{self.kind.value}-{self.slug}"

    @cached_property
    def scale_slug(self) -> str:
        """The slug of the scale that holds this publisher's ratings that no scale knew."""
        slug = f"claimreview-{self.slug}"
        return slug if slugify(slug) == slug else f"claimreview-{digest(self.name)}"


@dataclass(frozen=True, slots=True)
class Work:
    """A creative work a claim appeared in (kept for every work of a file while it is read:
    small, its key made when asked for)."""

    url: str | None
    title: str | None
    kind: SourceKind
    published: str | None
    publisher: Party | None

    @property
    def key(self) -> str:
        if self.url is not None:
            return f"cr-source-{digest('url', self.url)}"
        return f"cr-source-{digest('title', normalize_key(self.title or ''))}"

    def merged(self, other: "Work") -> "Work":
        """This work, its missing details taken from ``other`` (the same work, met again)."""
        return Work(
            self.url or other.url,
            self.title or other.title,
            self.kind if self.kind is not SourceKind.OTHER else other.kind,
            self.published or other.published,
            self.publisher or other.publisher,
        )


@dataclass(frozen=True)
class Rating:
    label: str
    value: float | None
    best: float | None
    worst: float | None

    @property
    def numbers(self) -> tuple[float, float, float] | None:
        if self.value is None or self.best is None or self.worst is None:
            return None
        return (self.value, self.best, self.worst)


@dataclass(frozen=True)
class Review:
    """One fact check: who rated which claim how, where and when."""

    number: int
    path: JsonPath
    reviewer: Party
    url: str | None
    date: str | None
    rating: Rating
    explanation: str | None
    claim_text: str
    speaker: Party
    said: str | None
    language: str | None
    appearances: tuple[Work, ...]
    first: Work | None

    @property
    def label(self) -> str:
        return f"ClaimReview {self.url}" if self.url else "ClaimReview"

    @cached_property
    def claim_key(self) -> str:
        text = normalize_key(self.claim_text) or self.claim_text
        return f"cr-claim-{digest(text, self.speaker.key, self.said or '')}"

    @cached_property
    def key(self) -> str:
        when = "" if self.url else self.date or ""
        return f"cr-review-{digest(self.url or '', self.reviewer.key, self.claim_key, when)}"


def _party(fields: Fields | None, field: str, default_kind: ActorKind) -> Party | None:
    """The person or organisation ``field`` names: an object with a name, or a name."""
    if fields is None:
        return None
    value = fields.value(field)
    if isinstance(value, str):
        name = fields.text(field, limit=MAX_NAME_LENGTH)
        return Party(name, default_kind) if name else None
    child = fields.child(field)
    if child is None:
        return None
    name = child.text("name", limit=MAX_NAME_LENGTH) or child.text("site", limit=MAX_NAME_LENGTH)
    if name is None:
        url = child.text("url", limit=MAX_NAME_LENGTH)
        name = re.sub(r"^https?://(www\.)?|/$", "", url) if url else None
    if not name:
        return None
    types = type_names(child.node)
    kind = (
        ActorKind.PERSON
        if "Person" in types
        else ActorKind.ORGANIZATION
        if types & {"Organization", "NewsMediaOrganization", "GovernmentOrganization"}
        else default_kind
    )
    return Party(name, kind)


def _work(fields: Fields, field: str, value: Any) -> Work | None:
    """A creative work: an object, or its URL alone. None when it says nothing."""
    if isinstance(value, str):
        url = fields.check(field, normalize_url, value, field="url")
        return Work(url, None, SourceKind.OTHER, None, None)
    child = fields.child(field, value)
    if child is None:
        return None
    url = child.url("url")
    title = child.text("name") or child.text("headline")
    if url is None and title is None:
        return None
    kinds = [WORK_KINDS[name] for name in sorted(type_names(child.node)) if name in WORK_KINDS]
    return Work(
        url,
        title,
        kinds[0] if kinds else SourceKind.OTHER,
        child.date("datePublished"),
        _party(child, "publisher", ActorKind.ORGANIZATION),
    )


def _works(fields: Fields | None, field: str) -> Iterator[Work]:
    if fields is None:
        return
    for position, value in enumerate(fields.values(field)):
        work = _work(fields, f"{field}[{position}]", value)
        if work is not None:
            yield work


def _rating(fields: Fields | None) -> tuple[Rating, str | None]:
    """The rating of a ClaimReview, and the explanation that goes with it."""
    if fields is None:
        raise FieldError("reviewRating", "is missing", "give the rating as alternateName")
    field = fields.name("alternateName")
    text = fields.text("alternateName") or fields.text("name")
    numbers = (
        fields.number("ratingValue"),
        fields.number("bestRating"),
        fields.number("worstRating"),
    )
    return _rated(field, text, fields.text("ratingExplanation"), numbers)


def _rated(
    field: str,
    text: str | None,
    explanation: str | None,
    numbers: tuple[float | None, float | None, float | None] = (None, None, None),
) -> tuple[Rating, str | None]:
    if text is None:
        raise FieldError(field, "is missing", "give the rating in words")
    if not normalize_key(text):
        raise FieldError(field, f"{text!r} has no letters or digits")
    label = " ".join(text.split())
    if len(label) > MAX_NAME_LENGTH:
        # A whole paragraph as the rating: the level takes its start, the verdict all of it.
        label = label[: MAX_NAME_LENGTH - 1].rstrip() + "…"
        explanation = explanation or text
    return Rating(label, *numbers), explanation


def read_claim_review(
    node: dict[str, Any], number: int, path: JsonPath, nodes: dict[str, Any]
) -> Review:
    """A schema.org ClaimReview object."""
    fields = Fields(node, "", nodes)
    reviewer = _party(fields, "author", ActorKind.ORGANIZATION) or _party(
        fields, "publisher", ActorKind.ORGANIZATION
    )
    if reviewer is None:
        raise FieldError("author", "is missing", "name the organisation that wrote the fact check")
    claim = fields.child("itemReviewed")
    claim_text = fields.text("claimReviewed") or (claim.text("text") if claim else None)
    if claim_text is None:
        raise FieldError("claimReviewed", "is missing", "give the claim's words or a summary")
    rating, explanation = _rating(fields.child("reviewRating"))
    appearances = tuple(_works(claim, "appearance"))
    firsts = list(_works(claim, "firstAppearance"))
    speaker = _party(claim, "author", ActorKind.PERSON)
    language = claim.text("inLanguage") if claim else None
    language_field = "itemReviewed.inLanguage"
    if language is None:
        language, language_field = fields.text("inLanguage"), "inLanguage"
    return Review(
        number=number,
        path=path,
        reviewer=reviewer,
        url=fields.url("url"),
        date=fields.date("datePublished"),
        rating=rating,
        explanation=explanation,
        claim_text=claim_text,
        speaker=speaker or Party(UNKNOWN_SPEAKER, ActorKind.PERSON),
        said=claim.date("datePublished", keep_time=True) if claim else None,
        language=read_language(language_field, language),
        appearances=appearances,
        first=firsts[0] if firsts else None,
    )


def read_search_result(
    claim_node: dict[str, Any], review_node: Any, number: int, path: JsonPath, claim_path: str
) -> Review:
    """One review of a claim in a Google Fact Check Tools ``claims:search`` response."""
    if not isinstance(review_node, dict):
        raise FieldError(f"{claim_path}claimReview", f"holds {describe(review_node)}, not a review")
    claim = Fields(claim_node, claim_path, {})
    fields = Fields(review_node, "", {})
    reviewer = _party(fields, "publisher", ActorKind.ORGANIZATION)
    if reviewer is None:
        raise FieldError("publisher", "is missing", "give the publisher's name or site")
    claim_text = claim.text("text")
    if claim_text is None:
        raise FieldError(claim.name("text"), "is missing", "give the claim's words")
    rating, explanation = _rated("textualRating", fields.text("textualRating"), None)
    speaker = claim.text("claimant", limit=MAX_NAME_LENGTH)
    return Review(
        number=number,
        path=path,
        reviewer=reviewer,
        url=fields.url("url"),
        date=fields.date("reviewDate"),
        rating=rating,
        explanation=explanation,
        claim_text=claim_text,
        speaker=Party(speaker or UNKNOWN_SPEAKER, ActorKind.PERSON),
        said=claim.date("claimDate", keep_time=True),
        language=read_language("languageCode", fields.text("languageCode")),
        appearances=(),
        first=None,
    )


def same_numbers(left: Sequence[float] | None, right: Sequence[float] | None) -> bool:
    if left is None or right is None:
        return False
    return all(math.isclose(a, b, abs_tol=1e-9) for a, b in zip(left, right, strict=True))
