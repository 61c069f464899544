"""One colour per value, the same on every chart and on the map legend.

Vocabulary values take the palette in their vocabulary's order (stable whatever the data);
countries take it in alphabetical order of their code. Unknown values are grey.
"""
from __future__ import annotations

from .schema import ASSEMBLIES, NOT_RECORDED

# Okabe-Ito then Tableau-like tones: distinguishable by most colour-blind viewers, dark enough
# for white text-free markers on a light base map.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C6D31",
           "#6A3D9A", "#B8860B", "#1B9E77", "#E7298A", "#66A61E", "#A6761D", "#666699")
UNKNOWN_COLOUR = "#9E9E9E"


def colour(dimension: str, value: str | None, countries: list[str] | None = None) -> str:
    if value is None or value == NOT_RECORDED:
        return UNKNOWN_COLOUR
    column = ASSEMBLIES.column(dimension)
    if column.vocab is not None:
        codes = column.vocab.codes
        return PALETTE[codes.index(value) % len(PALETTE)] if value in codes else UNKNOWN_COLOUR
    ordered = sorted(countries or [value])
    return PALETTE[ordered.index(value) % len(PALETTE)] if value in ordered else UNKNOWN_COLOUR


def rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]
