"""Whatever a user types, search answers with claims or with InvalidInput, never with a
database error; matching answers with matches or InvalidInput too."""

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.orm import Session

from factcheck.db import unit_of_work
from factcheck.errors import InvalidInput
from factcheck.resources import fixtures_dir
from factcheck.services import matching, search
from tests.conftest import invoke

# Characters with a meaning to FTS5, to tsquery, to SQL or to a terminal.
SPECIAL = [*"\"'*-+:^(){}[]<>!&|~@#%$\\/.,;?=_`\u2019\x00\t\n ", "\U0001f600", "é", "ß"]
OPERATORS = ["AND", "OR", "NOT", "NEAR", "NEAR/2", "<->", "<2>", ":*", ":A", "!!", "&&", "||"]
WORDS = ["yongbyon", "sanctions", "north", "korea", "the", "lifted", "ri", "x", "5", "2016"]

queries = st.one_of(
    st.text(max_size=60),
    st.lists(
        st.one_of(st.sampled_from(SPECIAL), st.sampled_from(OPERATORS), st.sampled_from(WORDS)),
        max_size=12,
    ).map("".join),
    st.lists(
        st.one_of(st.sampled_from(OPERATORS), st.sampled_from(WORDS), st.text(max_size=4)),
        max_size=8,
    ).map(" ".join),
)


@pytest.fixture
def hanoi_session(db_env: str) -> Iterator[Session]:
    result = invoke("import", str(fixtures_dir() / "hanoi-summit.yaml"))
    assert result.exit_code == 0, result.stderr
    with unit_of_work(db_env, user="tester", write=False) as session:
        yield session


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries)
def test_any_query_gives_claims_or_invalid_input(hanoi_session: Session, query: str) -> None:
    try:
        hits = search.search_claims(hanoi_session, query, limit=50)
    except InvalidInput as error:
        assert "\n" not in str(error)
        return
    assert len({hit.claim_id for hit in hits}) == len(hits) <= 6


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=queries)
def test_any_text_gives_matches_or_invalid_input(hanoi_session: Session, text: str) -> None:
    try:
        found = matching.match_claims(hanoi_session, text)
    except InvalidInput:
        return
    assert all(0 < match.score <= 1 for match in found)
