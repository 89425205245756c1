"""The ORM classes of the domain model (see DESIGN.md)."""

from factcheck.db import Base
from factcheck.enums import (
    ActorKind,
    Bucket,
    ChangeAction,
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
from factcheck.models.actors import Actor, ActorAlias, Affiliation
from factcheck.models.changelog import ChangeLogEntry
from factcheck.models.claims import (
    Appearance,
    Claim,
    ClaimLink,
    ClaimStance,
    ClaimTopic,
    Evidence,
    Proposition,
    PropositionTopic,
)
from factcheck.models.ratings import Correction, RatingLevel, RatingLevelAlias, RatingScale, Verdict
from factcheck.models.sources import Source, Topic

__all__ = [
    "Actor",
    "ActorAlias",
    "ActorKind",
    "Affiliation",
    "Appearance",
    "Base",
    "Bucket",
    "ChangeAction",
    "ChangeLogEntry",
    "Claim",
    "ClaimLink",
    "ClaimStance",
    "ClaimStatus",
    "ClaimTopic",
    "Correction",
    "CorrectionKind",
    "DatePrecision",
    "Evidence",
    "EvidenceStance",
    "LinkKind",
    "LinkMethod",
    "LinkStatus",
    "Proposition",
    "PropositionTopic",
    "RatingLevel",
    "RatingLevelAlias",
    "RatingScale",
    "Source",
    "SourceKind",
    "Stance",
    "Topic",
    "Verdict",
    "Wording",
]
