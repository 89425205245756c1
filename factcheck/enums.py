"""Enumerations stored as strings; each table checks its columns against these values."""

from enum import StrEnum


class ActorKind(StrEnum):
    PERSON = "person"
    ORGANIZATION = "organization"


class SourceKind(StrEnum):
    ARTICLE = "article"
    TRANSCRIPT = "transcript"
    VIDEO = "video"
    AUDIO = "audio"
    PRESS_RELEASE = "press-release"
    OFFICIAL_RECORD = "official-record"
    SOCIAL_POST = "social-post"
    DATASET = "dataset"
    REVIEW = "review"
    OTHER = "other"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Wording(StrEnum):
    QUOTE = "quote"
    PARAPHRASE = "paraphrase"


class ClaimStatus(StrEnum):
    ACTIVE = "active"
    RETRACTED = "retracted"


class Stance(StrEnum):
    ASSERTS = "asserts"
    DENIES = "denies"
    QUALIFIES = "qualifies"


class EvidenceStance(StrEnum):
    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class LinkKind(StrEnum):
    CONTRADICTS = "contradicts"
    SUPPORTS = "supports"
    REPEATS = "repeats"
    SAME_AS = "same-as"
    CLARIFIES = "clarifies"

    @property
    def is_symmetric(self) -> bool:
        return self in SYMMETRIC_LINK_KINDS


SYMMETRIC_LINK_KINDS = frozenset({LinkKind.CONTRADICTS, LinkKind.SAME_AS})


class LinkStatus(StrEnum):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class LinkMethod(StrEnum):
    MANUAL = "manual"
    RULE = "rule"
    SIMILARITY = "similarity"


class Bucket(StrEnum):
    TRUE = "true"
    MIXTURE = "mixture"
    FALSE = "false"
    OTHER = "other"


class CorrectionKind(StrEnum):
    RETRACTION = "retraction"
    CLARIFICATION = "clarification"
    THIRD_PARTY = "third-party"
    NEWSROOM = "newsroom"


class ChangeAction(StrEnum):
    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    RETRACT = "retract"
    MERGE = "merge"
