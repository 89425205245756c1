"""The reports' JSON encoder writes exactly what ``json.dumps(..., indent=2)`` writes."""

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from factcheck.reports import json_text

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(["\u2028", "\x85", "\x00", "é", '"\\'])
)
keys = st.text() | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none()
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(keys, inner, max_size=4)
    ),
    max_leaves=30,
)


@given(values, st.integers(min_value=0, max_value=5))
def test_the_same_text_as_the_standard_library(value: Any, level: int) -> None:
    expected = json.dumps(value, ensure_ascii=False, indent=2)
    assert json_text.dumps(value) == expected
    assert json_text.dumps(value, level) == expected.replace("\n", "\n" + "  " * level)


def test_subclasses_of_str_and_int_are_written_as_the_library_writes_them() -> None:
    from factcheck.enums import Stance

    value = {"stance": Stance.ASSERTS, "flag": True, "items": [Stance.DENIES, 1.5, -0.0]}
    assert json_text.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)
