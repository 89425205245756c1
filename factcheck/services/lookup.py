"""Finding the objects a command names: claims by id, sources by URL or id, topics by name.

The ORM classes are imported where they are used: ``services.rows`` uses the rest of this
module without mapping them.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import exc, select
from sqlalchemy.orm import Session

from factcheck.errors import InvalidInput, NotFound
from factcheck.models.base import URL_LENGTH
from factcheck.services.text import clean_name, slugify

if TYPE_CHECKING:
    from factcheck.models import Claim, Source, Topic

T = TypeVar("T")

_TRACKING_PARAMETERS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
_DEFAULT_PORTS = {"http": 80, "https": 443}


# The largest key either backend stores (SQLite's INTEGER, PostgreSQL's bigint); a larger
# number cannot even be bound as a query parameter on SQLite.
MAX_ID = 2**63 - 1


def looks_like_id(reference: str) -> bool:
    """Whether ``reference`` is written as an id: ``12`` or ``#12``, ASCII digits only (``²``
    is a digit to ``str.isdigit`` but not a number to ``int``)."""
    digits = reference.strip().removeprefix("#")
    return digits.isascii() and digits.isdigit()


def id_number(reference: str) -> int | None:
    """The id ``reference`` spells, or None when it is not one or is out of range."""
    if not looks_like_id(reference):
        return None
    number = int(reference.strip().removeprefix("#"))
    return number if number <= MAX_ID else None


def parse_id(reference: str, *, kind: str) -> int:
    """``12`` or ``#12`` as an id; anything else is an error."""
    if not looks_like_id(reference):
        raise InvalidInput(f"{kind} id {reference!r} is not a number", f"give the {kind}'s id")
    number = id_number(reference)
    if number is None:
        raise InvalidInput(f"{kind} id {reference!r} is out of range", f"give the {kind}'s id")
    return number


def get_claim(session: Session, reference: str | int) -> "Claim":
    from factcheck.models import Claim

    claim_id = reference if isinstance(reference, int) else parse_id(reference, kind="claim")
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"no claim #{claim_id}", "see: factcheck claim list")
    return claim


def normalize_url(url: str, *, field: str = "URL") -> str:
    """A canonical spelling of an http(s) URL: lower-case host, no default port, no
    fragment, no tracking parameters. Anything else that is not a URL is an error."""
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as error:
        raise InvalidInput(f"{field} {url!r} is not a valid URL ({error})") from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidInput(f"{field} {url!r} is not a web address", "give an http(s):// URL")
    if any(character.isspace() for character in text):
        raise InvalidInput(f"{field} {url!r} contains spaces", "encode them as %20")
    # PostgreSQL refuses NUL in text, and no control character belongs in an address.
    if any(character < " " or character == "\x7f" for character in text):
        raise InvalidInput(f"{field} {url!r} contains a control character", "remove it")
    scheme = parts.scheme.lower()
    host = parts.hostname.lower()
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    if parts.username:
        raise InvalidInput(f"{field} {url!r} contains a user name", "leave credentials out")
    query = urlencode(
        [
            (key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
            if not key.lower().startswith(_TRACKING_PARAMETERS)
        ]
    )
    normalized = urlunsplit((scheme, host, parts.path or "/", query, ""))
    if len(normalized) > URL_LENGTH:
        raise InvalidInput(f"{field} is longer than {URL_LENGTH} characters")
    return normalized


def find_source(session: Session, reference: str) -> "Source | None":
    """The source a URL or an id denotes, if it exists."""
    from factcheck.models import Source

    reference = reference.strip()
    if looks_like_id(reference):
        return session.get(Source, parse_id(reference, kind="source"))
    return session.scalar(select(Source).where(Source.url == normalize_url(reference)))


def get_source(session: Session, reference: str) -> "Source":
    source = find_source(session, reference)
    if source is None:
        raise NotFound(f"no source {reference!r}", "add it first with: factcheck source add URL")
    return source


def topic_name(name: str) -> tuple[str, str]:
    """A topic's name, cleaned, and its slug; an error when it has no letters or digits."""
    name = clean_name(name, field="topic")
    slug = slugify(name)
    if not slug:
        raise InvalidInput(f"topic {name!r} has no letters or digits")
    return name, slug


def found_or_created(
    session: Session, find: Callable[[], T | None], create: Callable[[], T]
) -> tuple[T, bool]:
    """What ``find`` finds, else what ``create`` adds and flushes; and whether it is new.

    On PostgreSQL another transaction may create the same row between the look-up and the
    insert (SQLite's write transactions do not overlap); the insert then breaks a unique
    constraint once that transaction commits. The insert runs in a savepoint, so that the
    failure is undone alone and the row the other transaction committed is used instead.
    """
    found = find()
    if found is not None:
        return found, False
    try:
        with session.begin_nested():
            created = create()
    except exc.IntegrityError:
        found = find()
        if found is None:
            raise
        return found, False
    return created, True


def topic(session: Session, name: str) -> "Topic":
    """The topic called ``name`` (matched by slug), created when it is new."""
    from factcheck.models import Topic
    from factcheck.services.rows import topic_id

    return session.get_one(Topic, topic_id(session, name))


def get_topic(session: Session, name: str) -> "Topic":
    """An existing topic, by name or slug."""
    from factcheck.models import Topic

    found = session.scalar(select(Topic).where(Topic.slug == slugify(name)))
    if found is None:
        raise NotFound(f"no topic {name!r}", "see: factcheck topic list")
    return found
