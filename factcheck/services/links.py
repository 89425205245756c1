"""Typed links between claims: add, list, confirm and reject."""

from typing import Any, NamedTuple

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, aliased, selectinload

from factcheck.errors import Conflict, InvalidInput, NotFound
from factcheck.models import Claim, ClaimLink, ClaimStatus, LinkKind, LinkMethod, LinkStatus
from factcheck.services.lookup import parse_id
from factcheck.services.text import MAX_NAME_LENGTH, clean_optional, enum_member


class AddedLink(NamedTuple):
    """The link an add produced; ``revived_from`` is the status an existing link had before
    the add confirmed it, None when the link is new."""

    link: ClaimLink
    revived_from: LinkStatus | None = None


def parse_kind(value: LinkKind | str) -> LinkKind:
    return enum_member(LinkKind, value, "link kind")


def parse_status(value: LinkStatus | str) -> LinkStatus:
    return enum_member(LinkStatus, value, "link status")


def get_link(session: Session, reference: str | int) -> ClaimLink:
    number = reference if isinstance(reference, int) else parse_id(reference, kind="link")
    link = session.get(ClaimLink, number)
    if link is None:
        raise NotFound(f"no link #{number}", "see: factcheck link list")
    return link


def find_link(session: Session, claim_a: Claim, claim_b: Claim, kind: LinkKind) -> ClaimLink | None:
    """The link of ``kind`` from ``claim_a`` to ``claim_b`` (either way for symmetric kinds)."""
    first, second = _ordered(claim_a, claim_b, kind)
    return session.scalar(
        select(ClaimLink).where(
            ClaimLink.claim_a_id == first.id,
            ClaimLink.claim_b_id == second.id,
            ClaimLink.kind == kind,
        )
    )


def _ordered(claim_a: Claim, claim_b: Claim, kind: LinkKind) -> tuple[Claim, Claim]:
    """Symmetric kinds are stored lower claim id first (the table checks it)."""
    if kind.is_symmetric and claim_b.id < claim_a.id:
        return claim_b, claim_a
    return claim_a, claim_b


def add_link(
    session: Session,
    *,
    claim_a: Claim,
    claim_b: Claim,
    kind: LinkKind | str,
    note: str | None = None,
    status: LinkStatus | str = LinkStatus.CONFIRMED,
    method: LinkMethod | str = LinkMethod.MANUAL,
    score: float | None = None,
    reason: str | None = None,
) -> AddedLink:
    """Link two claims. ``contradicts`` and ``same-as`` are stored once, lower id first.

    Linking a claim to itself is an error, and so is a link that exists already, with one
    exception: a confirmed link added over a suggested or rejected one (a person re-adding
    what a rule proposed or what was rejected before) confirms that link instead of adding a
    second one; it keeps its method, score and reason, and takes the new note if one is given.
    """
    kind = parse_kind(kind)
    status = parse_status(status)
    method = LinkMethod(method)
    note = clean_optional(note, field="note")
    reason = clean_optional(reason, field="reason", limit=MAX_NAME_LENGTH)
    if score is not None and not 0 <= score <= 1:
        raise InvalidInput(f"score {score} is out of range", "give a number from 0 to 1")
    if claim_a.id == claim_b.id:
        raise Conflict(f"claim #{claim_a.id} cannot be linked to itself", "give two claims")
    existing = find_link(session, claim_a, claim_b, kind)
    if existing is not None:
        if status is LinkStatus.CONFIRMED and existing.status is not LinkStatus.CONFIRMED:
            previous = existing.status
            existing.status = LinkStatus.CONFIRMED
            if note is not None:
                existing.note = note
            session.flush()
            return AddedLink(existing, revived_from=previous)
        raise Conflict(
            f"link #{existing.id} already records claim #{existing.claim_a_id} {kind.value}"
            f" claim #{existing.claim_b_id}; it is {existing.status.value}",
            f"see: factcheck link show {existing.id}",
        )
    first, second = _ordered(claim_a, claim_b, kind)
    link = ClaimLink(
        claim_a=first,
        claim_b=second,
        kind=kind,
        status=status,
        method=method,
        score=score,
        reason=reason,
        note=note,
    )
    session.add(link)
    session.flush()
    return AddedLink(link)


def set_status(
    session: Session, link: ClaimLink, status: LinkStatus | str, *, note: str | None = None
) -> ClaimLink:
    """Move ``link`` to ``status`` (any other status may be left); a new note replaces the old.

    Setting the status a link already has is an error, so that a mistyped id does not pass
    silently.
    """
    status = parse_status(status)
    note = clean_optional(note, field="note")
    if link.status is status:
        raise Conflict(f"link #{link.id} is already {status.value}", "nothing to change")
    link.status = status
    if note is not None:
        link.note = note
    session.flush()
    return link


def confirm_link(session: Session, link: ClaimLink, *, note: str | None = None) -> ClaimLink:
    return set_status(session, link, LinkStatus.CONFIRMED, note=note)


def reject_link(session: Session, link: ClaimLink, *, note: str | None = None) -> ClaimLink:
    return set_status(session, link, LinkStatus.REJECTED, note=note)


def remove_link(session: Session, link: ClaimLink) -> None:
    """Delete a link entered by mistake; the change log keeps its values. Rejecting a link
    instead keeps it on record, and keeps a suggestion from being made again."""
    session.delete(link)
    session.flush()


def list_links(
    session: Session,
    *,
    status: LinkStatus | str | None = None,
    kind: LinkKind | str | None = None,
    claim: Claim | None = None,
    include_retracted: bool = False,
) -> list[ClaimLink]:
    """Links, oldest first. Links touching a retracted claim are left out unless
    ``include_retracted`` or ``claim`` (a claim's own links are always all shown)."""
    statement = select(ClaimLink).options(
        selectinload(ClaimLink.claim_a).selectinload(Claim.speaker),
        selectinload(ClaimLink.claim_b).selectinload(Claim.speaker),
    )
    if status is not None:
        statement = statement.where(ClaimLink.status == parse_status(status))
    if kind is not None:
        statement = statement.where(ClaimLink.kind == parse_kind(kind))
    if claim is not None:
        statement = statement.where(
            or_(ClaimLink.claim_a_id == claim.id, ClaimLink.claim_b_id == claim.id)
        )
    elif not include_retracted:
        first, second = aliased(Claim), aliased(Claim)
        statement = (
            statement.join(first, ClaimLink.claim_a_id == first.id)
            .join(second, ClaimLink.claim_b_id == second.id)
            .where(first.status == ClaimStatus.ACTIVE, second.status == ClaimStatus.ACTIVE)
        )
    return list(session.scalars(statement.order_by(ClaimLink.id)))


def claim_reference(claim: Claim) -> dict[str, Any]:
    """How a link names each of its claims."""
    return {
        "id": claim.id,
        "text": claim.text,
        "speaker": claim.speaker.name,
        "status": claim.status.value,
    }


def link_view(link: ClaimLink) -> dict[str, Any]:
    """The stable JSON shape of a link."""
    return {
        "id": link.id,
        "kind": link.kind.value,
        "claim_a": claim_reference(link.claim_a),
        "claim_b": claim_reference(link.claim_b),
        "status": link.status.value,
        "method": link.method.value,
        "score": link.score,
        "reason": link.reason,
        "note": link.note,
        "created_at": link.created_at.isoformat(),
        "updated_at": link.updated_at.isoformat(),
    }
