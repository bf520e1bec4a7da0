"""The 5 by 5 matrix: score, band, thresholds, trend, overdue reviews and heat-map counts,
over every likelihood and impact."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from governors.risks.rules import (
    IMPACT_WORDS,
    LIKELIHOOD_WORDS,
    SCORES,
    Thresholds,
    Trend,
    as_thresholds,
    heat_map_counts,
    review_overdue,
    risk_band,
    risk_score,
    score_words,
    trend,
)

scale = st.integers(min_value=1, max_value=5)
PAIRS = [(lik, imp) for lik in range(1, 6) for imp in range(1, 6)]
NOT_IN_MATRIX = [7, 11, 13, 14, 17, 18, 19, 21, 22, 23, 24]


def _expected_band(score: int, low: int, moderate: int, high: int) -> str:
    if score <= low:
        return "low"
    if score <= moderate:
        return "moderate"
    if score <= high:
        return "high"
    return "extreme"


@pytest.mark.parametrize(("likelihood", "impact"), PAIRS)
def test_every_pair_scores_its_product_in_its_default_band(likelihood, impact):
    score = risk_score(likelihood, impact)
    assert score == likelihood * impact
    assert risk_band(score) == _expected_band(score, 3, 6, 12)


def test_the_default_bands():
    assert [risk_band(s) for s in (1, 2, 3)] == ["low"] * 3
    assert [risk_band(s) for s in (4, 5, 6)] == ["moderate"] * 3
    assert [risk_band(s) for s in (8, 9, 10, 12)] == ["high"] * 4
    assert [risk_band(s) for s in (15, 16, 20, 25)] == ["extreme"] * 4
    assert Thresholds().describe() == (
        "Low 1 to 3, moderate 4 to 6, high 8 to 12, extreme 15 to 25"
    )


@st.composite
def thresholds(draw) -> tuple[int, int, int]:
    low = draw(st.integers(1, 22))
    moderate = draw(st.integers(low + 1, 23))
    high = draw(st.integers(moderate + 1, 24))
    return low, moderate, high


@given(scale, scale, thresholds())
def test_custom_thresholds_in_every_form_band_alike(likelihood, impact, tops):
    low, moderate, high = tops
    score = risk_score(likelihood, impact)
    expected = _expected_band(score, low, moderate, high)
    forms = [
        Thresholds(low=low, moderate=moderate, high=high),
        {"low": low, "moderate": moderate, "high": high},
        {"LOW": (1, low), "Moderate": (low + 1, moderate), "high": (moderate + 1, high)},
        [low, moderate, high],
        (low, moderate, high),
        [(1, low), (low + 1, moderate), (moderate + 1, high), (high + 1, 25)],
        # Where each band above low begins.
        {"moderate": low + 1, "high": moderate + 1, "extreme": high + 1},
    ]
    for form in forms:
        assert risk_band(score, form) == expected, form


@given(scale, scale)
def test_score_words_name_the_band_score_and_both_scales(likelihood, impact):
    words = score_words(likelihood, impact)
    score = likelihood * impact
    assert words.startswith(f"{risk_band(score).capitalize()} risk, score {score} (")
    assert LIKELIHOOD_WORDS[likelihood].lower() in words
    assert IMPACT_WORDS[impact].lower() in words


@pytest.mark.parametrize("bad", [0, 6, -1, True, False, 2.0, 3.5, "3", None])
def test_likelihood_or_impact_outside_the_scale_is_refused(bad):
    with pytest.raises(ValueError):
        risk_score(bad, 3)
    with pytest.raises(ValueError):
        risk_score(3, bad)


@pytest.mark.parametrize("score", [*NOT_IN_MATRIX, 0, 26, -1, True, 4.0, "4"])
def test_a_score_the_matrix_cannot_give_is_refused(score):
    with pytest.raises(ValueError):
        risk_band(score)


def test_the_scores_not_in_the_matrix_are_exactly_those():
    assert sorted(set(range(1, 26)) - set(SCORES)) == NOT_IN_MATRIX


@pytest.mark.parametrize(
    "bad",
    [
        (0, 6, 12),
        (3, 3, 12),
        (3, 6, 5),
        (3, 6, 25),
        (True, 6, 12),
        (3.0, 6, 12),
        {"low": 3, "moderate": 6},
        [(1, 3), (4, 6), (8, 12), (15, 24)],
        [3, 6],
        "3,6,12",
        42,
    ],
)
def test_thresholds_that_do_not_rise_or_cannot_be_read_are_refused(bad):
    with pytest.raises(ValueError):
        if isinstance(bad, tuple):
            Thresholds(*bad)
        else:
            as_thresholds(bad)


@given(st.lists(st.sampled_from(SCORES), max_size=10))
def test_trend_compares_the_latest_score_with_the_one_before(scores):
    result = trend(scores)
    if len(scores) < 2:
        assert result is Trend.NEW
    elif scores[-1] > scores[-2]:
        assert result is Trend.RISING and result.label == "Getting worse"
    elif scores[-1] < scores[-2]:
        assert result is Trend.FALLING and result.label == "Getting better"
    else:
        assert result is Trend.STEADY and result.label == "No change"


def test_trend_arrows_carry_words():
    assert {t.arrow for t in Trend} == {"↑", "↓", "→", "●"}
    assert all(t.label for t in Trend)


@given(st.integers(-400, 400), st.sampled_from(["open", "tolerated", "closed"]))
def test_a_review_is_overdue_once_its_date_has_passed_unless_closed(offset, status):
    today = date(2027, 3, 15)
    review_on = today + timedelta(days=offset)
    assert review_overdue(review_on, today, status) == (offset < 0 and status != "closed")


def test_no_review_date_is_never_overdue():
    assert not review_overdue(None, date(2027, 3, 15), "open")
    assert review_overdue(date(2027, 3, 14), date(2027, 3, 15), "open")


@given(st.lists(st.tuples(scale, scale), max_size=60))
def test_heat_map_counts_every_cell(pairs):
    counts = heat_map_counts(pairs)
    assert set(counts) == set(PAIRS)
    assert sum(counts.values()) == len(pairs)
    for cell in PAIRS:
        assert counts[cell] == pairs.count(cell)


def test_heat_map_refuses_a_cell_outside_the_matrix():
    with pytest.raises(ValueError):
        heat_map_counts([(6, 1)])
