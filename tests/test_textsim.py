"""Text as words for search and matching: case, accents, apostrophes and plurals."""

import pytest

from factcheck.services import textsim


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Bush's tax cuts", "bush tax cut"),
        ("BUSHS Tax Cuts", "bush tax cut"),
        ("Bush\u2019s", "bush"),
        ("Sanctions, lifted: in their ENTIRETY!", "sanction lifted in their entirety"),
        ("policies  taxes churches boxes", "policy tax church box"),
        ("crisis status glass news was", "crisis status glass new was"),
        ("Pyongyang's 5 UN resolutions (2016)", "pyongyang 5 un resolution 2016"),
        ("Café Zürich", "cafe zurich"),
        ("   ", ""),
    ],
)
def test_normalize_folds_case_accents_apostrophes_and_plurals(text: str, expected: str) -> None:
    assert textsim.normalize(text) == expected


def test_tokens_keep_order_and_stop_words() -> None:
    assert textsim.tokens("They wanted ALL the sanctions") == [
        "they",
        "wanted",
        "all",
        "the",
        "sanction",
    ]
    assert textsim.significant(textsim.tokens("They wanted ALL the sanctions, all")) == [
        "wanted",
        "sanction",
    ]


def test_similarity_measures_are_one_for_the_same_and_zero_for_nothing_shared() -> None:
    same = textsim.trigrams("yongbyon sanction")
    assert textsim.dice(same, same) == 1.0
    assert textsim.dice(same, textsim.trigrams("kim")) == 0.0
    assert textsim.weighted_cosine(["a", "b"], ["b", "a"], {}, 1.0) == pytest.approx(1.0)
    assert textsim.weighted_cosine(["a"], ["b"], {}, 1.0) == 0.0
    # The rare shared word counts for more than the common one.
    weights = {"yongbyon": 5.0, "said": 0.5}
    rare = textsim.weighted_cosine(["yongbyon", "said"], ["yongbyon", "x"], weights, 1.0)
    common = textsim.weighted_cosine(["yongbyon", "said"], ["said", "x"], weights, 1.0)
    assert rare > common
