"""Where the database is and who is making changes.

Precedence for the database URL: the ``--db`` option, then ``FACTCHECK_DATABASE_URL``, then a
SQLite file in the user's data directory. This module stays free of SQLAlchemy so that
``factcheck --help`` starts fast.
"""

import os
import re
from pathlib import Path

DATABASE_URL_ENV = "FACTCHECK_DATABASE_URL"
USER_ENV = "FACTCHECK_USER"
APP_NAME = "factcheck"
DEFAULT_FILE_NAME = "factcheck.db"

_POSTGRES_SCHEMES = re.compile(r"^(postgres|postgresql)(\+psycopg2?)?://")
_SCHEME = re.compile(r"^[\w+.-]+://")
_PASSWORD_IN_URL = re.compile(r"(?P<head>^[\w+.-]+://[^:/@]*:)(?P<password>.*)(?P<tail>@[^@]*$)")
# A mistyped URL (``postgresql//user:pw@host``, ``user:pw@host``): everything before the
# last ``@`` after a scheme-like prefix may hold the password.
_USERINFO_IN_MALFORMED_URL = re.compile(r"(?P<head>^[\w+.-]*:?/*)(?P<userinfo>.+)(?P<tail>@[^@]*$)")
# libpq also takes the password as a query parameter: postgresql:///db?password=... .
_PASSWORD_IN_QUERY = re.compile(r"(?P<head>[?&](?:ssl)?password=)(?P<password>[^&#]*)", re.I)


def default_database_path() -> Path:
    """The SQLite file used when nothing else is configured."""
    # Imported here: most commands are given a URL and never need it (start-up time).
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_FILE_NAME


def database_url(explicit: str | None = None) -> str:
    """The database URL in force, normalised to the drivers this package uses."""
    url = explicit or os.environ.get(DATABASE_URL_ENV) or ""
    if not url.strip():
        return f"sqlite:///{default_database_path()}"
    url = url.strip()
    # A bare postgresql:// URL would select psycopg2, which is not a dependency.
    return _POSTGRES_SCHEMES.sub("postgresql+psycopg://", url)


def url_password(url: str) -> str | None:
    """The password part of a URL, if it has one (for a mistyped URL, what may be one)."""
    if _SCHEME.match(url):
        match = _PASSWORD_IN_URL.match(url)
        return match.group("password") if match and match.group("password") else None
    malformed = _USERINFO_IN_MALFORMED_URL.match(url)
    if not malformed or ":" not in url.rpartition("@")[0]:
        return None
    userinfo = malformed.group("userinfo")
    return userinfo.partition(":")[2] or userinfo


def mask_url(url: str) -> str:
    """The URL with any password (in the user part or the query) replaced by ``***``."""
    url = _PASSWORD_IN_QUERY.sub(r"\g<head>***", url)
    if _SCHEME.match(url):
        return _PASSWORD_IN_URL.sub(r"\g<head>***\g<tail>", url)
    if url_password(url) is None:
        return url
    return _USERINFO_IN_MALFORMED_URL.sub(r"\g<head>***\g<tail>", url)


def mask_secrets(text: str, url: str) -> str:
    """``text`` with the passwords of ``url`` (raw or percent-decoded) replaced by ``***``."""
    from urllib.parse import unquote

    passwords = [url_password(url), *(m["password"] for m in _PASSWORD_IN_QUERY.finditer(url))]
    secrets = {form for password in passwords if password for form in (password, unquote(password))}
    # The longest first, so that a password holding another is replaced whole.
    for secret in sorted(secrets, key=len, reverse=True):
        if secret and secret != "***":
            text = text.replace(secret, "***")
    return text


def current_user(explicit: str | None = None) -> str:
    """The name recorded in the change log: ``--as``, then ``FACTCHECK_USER``, then the login."""
    if explicit and explicit.strip():
        return explicit.strip()
    from_env = os.environ.get(USER_ENV, "").strip()
    if from_env:
        return from_env
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"
