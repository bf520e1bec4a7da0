"""The NHS 5 by 5 risk matrix: likelihood and impact in words, score, band and trend.

Pure: no Flask and no database, so it is tested on its own.

- ``risk_score(likelihood, impact)`` is likelihood times impact, each 1 to 5;
- ``risk_band(score, thresholds=None)`` is ``"low"``, ``"moderate"``, ``"high"`` or
  ``"extreme"``, by the council's thresholds (default low 1 to 3, moderate 4 to 6, high 8 to 12,
  extreme 15 to 25).

Anything outside the matrix (a likelihood or impact outside 1 to 5, a score that no
likelihood times impact gives) raises ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

SCALE = range(1, 6)
# Every score the matrix can give: 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25.
SCORES: tuple[int, ...] = tuple(sorted({lik * imp for lik in SCALE for imp in SCALE}))

LIKELIHOOD_WORDS: dict[int, str] = {
    1: "Rare",
    2: "Unlikely",
    3: "Possible",
    4: "Likely",
    5: "Almost certain",
}
IMPACT_WORDS: dict[int, str] = {
    1: "Negligible",
    2: "Minor",
    3: "Moderate",
    4: "Major",
    5: "Catastrophic",
}


class Band(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    EXTREME = "extreme"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def colour(self) -> str:
        """The NHS tag colour the band is shown in, always beside its name in words."""
        return _BAND_COLOURS[self]


_BAND_COLOURS = {
    Band.LOW: "green",
    Band.MODERATE: "yellow",
    Band.HIGH: "orange",
    Band.EXTREME: "red",
}

BANDS: tuple[Band, ...] = (Band.LOW, Band.MODERATE, Band.HIGH, Band.EXTREME)


class RiskStatus(StrEnum):
    OPEN = "open"
    # Accepted at its current score: watched, not worked down.
    TOLERATED = "tolerated"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            RiskStatus.OPEN: "Open",
            RiskStatus.TOLERATED: "Accepted at this level",
            RiskStatus.CLOSED: "Closed",
        }[self]


def template_words() -> dict[str, dict[Any, str]]:
    """What the templates show for a risk's likelihood, impact, status and band colour,
    keyed by the stored values (a published snapshot holds those, not enums)."""
    return {
        "likelihood": LIKELIHOOD_WORDS,
        "impact": IMPACT_WORDS,
        "status": {status.value: status.label for status in RiskStatus},
        "band_colour": {band.value: band.colour for band in Band},
    }


def _scale_value(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be a whole number from 1 to 5, not {value!r}")
    if value not in SCALE:
        raise ValueError(f"{name} must be from 1 to 5, not {value}")
    return value


def risk_score(likelihood: int, impact: int) -> int:
    """Likelihood times impact on the 5 by 5 matrix: 1 to 25."""
    return _scale_value("likelihood", likelihood) * _scale_value("impact", impact)


def _check_score(score: Any) -> int:
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValueError(f"a risk score must be a whole number, not {score!r}")
    if score not in SCORES:
        raise ValueError(f"{score} is not a score that likelihood times impact (each 1 to 5) gives")
    return score


@dataclass(frozen=True)
class Thresholds:
    """The highest score of each of the three lower bands; anything above ``high`` is
    extreme. The default is low 1 to 3, moderate 4 to 6, high 8 to 12, extreme 15 to 25."""

    low: int = 3
    moderate: int = 6
    high: int = 12

    def __post_init__(self) -> None:
        for name in ("low", "moderate", "high"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"the top of the {name} band must be a whole number")
        if not 1 <= self.low < self.moderate < self.high < 25:
            raise ValueError(
                "band thresholds must rise: 1 ≤ low < moderate < high < 25 "
                f"(got low {self.low}, moderate {self.moderate}, high {self.high})"
            )

    def ranges(self) -> dict[Band, tuple[int, int]]:
        """Each band's lowest and highest score that the matrix can give."""
        tops = {Band.LOW: self.low, Band.MODERATE: self.moderate, Band.HIGH: self.high}
        result: dict[Band, tuple[int, int]] = {}
        bottom = 1
        for band in BANDS:
            top = tops.get(band, 25)
            inside = [score for score in SCORES if bottom <= score <= top]
            if inside:
                result[band] = (inside[0], inside[-1])
            bottom = top + 1
        return result

    def describe(self) -> str:
        """ "Low 1 to 3, moderate 4 to 6, high 8 to 12, extreme 15 to 25"."""
        parts = [
            f"{band.value} {low} to {high}" if low != high else f"{band.value} {low}"
            for band, (low, high) in self.ranges().items()
        ]
        return ", ".join(parts).capitalize()


DEFAULT_THRESHOLDS = Thresholds()


def _top(value: Any) -> int:
    """A band's highest score from an upper bound or a (lowest, highest) pair."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        if len(value) != 2:
            raise ValueError(f"a band's range must be (lowest, highest), not {value!r}")
        return value[1]
    return value


def as_thresholds(thresholds: Any = None) -> Thresholds:
    """Thresholds from what a caller has: ``None`` (the default), a ``Thresholds``, a
    mapping of band name to its highest score or its (lowest, highest) range, or a
    sequence of the three lower bands' highest scores (or of the four bands' ranges)."""
    if thresholds is None:
        return DEFAULT_THRESHOLDS
    if isinstance(thresholds, Thresholds):
        return thresholds
    if isinstance(thresholds, Mapping):
        named = {str(key).lower(): value for key, value in thresholds.items()}
        if set(named) == {"moderate", "high", "extreme"} and all(
            isinstance(value, int) for value in named.values()
        ):
            # Where each band above low begins: {"moderate": 4, "high": 8, "extreme": 15}.
            return Thresholds(
                low=named["moderate"] - 1,
                moderate=named["high"] - 1,
                high=named["extreme"] - 1,
            )
        tops = {key: _top(value) for key, value in named.items()}
        missing = [band.value for band in BANDS[:3] if band.value not in tops]
        if missing:
            raise ValueError(f"band thresholds need the top of: {', '.join(missing)}")
        return Thresholds(low=tops["low"], moderate=tops["moderate"], high=tops["high"])
    if isinstance(thresholds, Iterable) and not isinstance(thresholds, str):
        values = list(thresholds)
        if len(values) in (3, 4):
            tops = [_top(value) for value in values]
            if len(tops) == 4 and tops[3] != 25:
                raise ValueError("the extreme band must reach 25")
            return Thresholds(low=tops[0], moderate=tops[1], high=tops[2])
    raise ValueError(f"cannot read band thresholds from {thresholds!r}")


def risk_band(score: int, thresholds: Any = None) -> str:
    """The band a score falls in: "low", "moderate", "high" or "extreme"."""
    score = _check_score(score)
    limits = as_thresholds(thresholds)
    if score <= limits.low:
        return Band.LOW.value
    if score <= limits.moderate:
        return Band.MODERATE.value
    if score <= limits.high:
        return Band.HIGH.value
    return Band.EXTREME.value


def score_words(likelihood: int, impact: int, thresholds: Any = None) -> str:
    """ "High risk, score 12 (likely, major)": the band and score in words, never a colour."""
    score = risk_score(likelihood, impact)
    band = Band(risk_band(score, thresholds))
    return (
        f"{band.label} risk, score {score} "
        f"({LIKELIHOOD_WORDS[likelihood].lower()}, {IMPACT_WORDS[impact].lower()})"
    )


class Trend(StrEnum):
    RISING = "rising"
    FALLING = "falling"
    STEADY = "steady"
    NEW = "new"

    @property
    def label(self) -> str:
        return {
            Trend.RISING: "Getting worse",
            Trend.FALLING: "Getting better",
            Trend.STEADY: "No change",
            Trend.NEW: "New",
        }[self]

    @property
    def arrow(self) -> str:
        return {
            Trend.RISING: "\N{UPWARDS ARROW}",
            Trend.FALLING: "\N{DOWNWARDS ARROW}",
            Trend.STEADY: "\N{RIGHTWARDS ARROW}",
            Trend.NEW: "\N{BLACK CIRCLE}",
        }[self]


def trend(scores: Sequence[int]) -> Trend:
    """How a risk's score has moved: from the score before the latest to the latest.

    ``scores`` is its score history, oldest first.
    """
    if len(scores) < 2:
        return Trend.NEW
    before, latest = scores[-2], scores[-1]
    if latest > before:
        return Trend.RISING
    if latest < before:
        return Trend.FALLING
    return Trend.STEADY


def review_overdue(review_on: date | None, today: date, status: str) -> bool:
    """A review date that has passed, on a risk that is not closed."""
    return review_on is not None and review_on < today and status != RiskStatus.CLOSED


def heat_map_counts(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """How many risks sit in each cell of the matrix, keyed (likelihood, impact); every
    one of the 25 cells is present, empty ones at 0."""
    counts = {(lik, imp): 0 for lik in SCALE for imp in SCALE}
    for likelihood, impact in pairs:
        risk_score(likelihood, impact)
        counts[(likelihood, impact)] += 1
    return counts
