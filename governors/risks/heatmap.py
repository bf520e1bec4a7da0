"""The 5 by 5 heat map as a picture: where each cell goes, its colour and its count.

Pure: the overview page draws it as SVG from these cells, with the same counts in a table.
Likelihood runs up the rows (almost certain at the top), impact along the columns.
"""

from __future__ import annotations

from dataclasses import dataclass

from governors.risks.rules import IMPACT_WORDS, LIKELIHOOD_WORDS, SCALE, Band

CELL = 64
LEFT = 150
TOP = 10
WIDTH = LEFT + 5 * CELL + 10
HEIGHT = TOP + 5 * CELL + 80

# NHS identity colours, with text that keeps a contrast of 4.5 to 1 or more on each.
FILL = {
    Band.LOW: ("#007f3b", "#ffffff"),
    Band.MODERATE: ("#ffeb3b", "#212b32"),
    Band.HIGH: ("#ed8b00", "#212b32"),
    Band.EXTREME: ("#d5281b", "#ffffff"),
}


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    count: int
    band: Band
    x: int
    y: int
    fill: str
    ink: str

    @property
    def centre_x(self) -> int:
        return self.x + CELL // 2

    @property
    def centre_y(self) -> int:
        return self.y + CELL // 2


@dataclass(frozen=True)
class Label:
    text: str
    x: int
    y: int


def cells(counts: dict[tuple[int, int], int], bands: dict[tuple[int, int], Band]) -> list[Cell]:
    """Every cell of the matrix, top row (almost certain) first."""
    placed = []
    for row, likelihood in enumerate(reversed(SCALE)):
        for column, impact in enumerate(SCALE):
            band = bands[(likelihood, impact)]
            fill, ink = FILL[band]
            placed.append(
                Cell(
                    likelihood=likelihood,
                    impact=impact,
                    count=counts[(likelihood, impact)],
                    band=band,
                    x=LEFT + column * CELL,
                    y=TOP + row * CELL,
                    fill=fill,
                    ink=ink,
                )
            )
    return placed


def row_labels() -> list[Label]:
    return [
        Label(LIKELIHOOD_WORDS[likelihood], LEFT - 8, TOP + row * CELL + CELL // 2)
        for row, likelihood in enumerate(reversed(SCALE))
    ]


def column_labels() -> list[Label]:
    return [
        Label(IMPACT_WORDS[impact], LEFT + column * CELL + CELL // 2, TOP + 5 * CELL + 20)
        for column, impact in enumerate(SCALE)
    ]
