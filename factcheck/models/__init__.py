"""The ORM classes of the domain model (see DESIGN.md).

The classes are imported from their modules on first use, so that a command maps only the
classes it needs: mapping and configuring all of them costs a noticeable part of a short
command's start-up. ``Base`` (whose metadata must list every table) imports them all.
"""

import importlib
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from factcheck.db import Base
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
    from factcheck.models.ratings import (
        Correction,
        RatingLevel,
        RatingLevelAlias,
        RatingScale,
        Verdict,
    )
    from factcheck.models.sources import Source, Topic

# Each class, and the module that defines it.
_HOMES = {
    "Actor": "actors",
    "ActorAlias": "actors",
    "Affiliation": "actors",
    "ChangeLogEntry": "changelog",
    "Appearance": "claims",
    "Claim": "claims",
    "ClaimLink": "claims",
    "ClaimStance": "claims",
    "ClaimTopic": "claims",
    "Evidence": "claims",
    "Proposition": "claims",
    "PropositionTopic": "claims",
    "Correction": "ratings",
    "RatingLevel": "ratings",
    "RatingLevelAlias": "ratings",
    "RatingScale": "ratings",
    "Verdict": "ratings",
    "Source": "sources",
    "Topic": "sources",
}


def import_all() -> None:
    """Map every class (what the metadata, migrations and drift checks need)."""
    for module in sorted(set(_HOMES.values())):
        importlib.import_module(f"{__name__}.{module}")


def __getattr__(name: str) -> Any:
    if name == "Base":
        import_all()
        from factcheck.db import Base

        return Base
    module = _HOMES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # Whatever class is used, its changes are logged: the log's listener comes with its class.
    importlib.import_module(f"{__name__}.changelog")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)


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
