"""« Assemblées proches »: the assemblies most similar to one, by their typology and design fields.

The similarity of two assemblies a and b is a mean of per-field similarities s_f(a, b) in [0, 1], taken
only over the fields known on both sides (K(a, b)); an unknown value neither helps nor hurts:

    score(a, b) = Σ_{f ∈ K(a,b)} w_f · s_f(a, b)  /  Σ_{f ∈ K(a,b)} w_f        (0 when K(a, b) is empty)

with every weight w_f = 1 and, per field:

- level (échelon): 1 if the same, 0.5 if adjacent on commune < intercommunalité < département < région <
  national < international, else 0;
- initiated_by, specialisation, compensated: 1 if the same, else 0;
- selection: 1 if the same, 0.5 if both are kinds of sortition (simple, stratified, partial, open), else 0;
- topics_from, functions (lists): Jaccard index |A ∩ B| / |A ∪ B|;
- members, mandate_months (numbers): min / max (1 for the same size, 0.5 for twice as large); 0 when one is 0.

Ranking: score, then the number of fields compared (more evidence first), then the name. An assembly
sharing no known field with the target scores 0 and comes last; `nearby` proposes at most five, among
those with a positive score compared on at least MIN_COMPARED fields. The reason names, in the reader's
language, the fields that are the same (s_f = 1: « même échelon ») or close (s_f ≥ 0.5, ≥ 0.75 for the two numbers:
« fonctions proches », « taille proche »), in the order above.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import i18n
from .schema import LEVEL, SORTITION_CODES, is_missing

FIELDS = ("level", "initiated_by", "topics_from", "functions", "selection", "specialisation", "members",
          "mandate_months", "compensated")
WEIGHTS = dict.fromkeys(FIELDS, 1.0)
MAX_NEARBY, MIN_COMPARED = 5, 2
CLOSE = {"members": 0.75, "mandate_months": 0.75}  # else 0.5: « close » from this s_f on
_LEVEL_ORDER = {code: i for i, code in enumerate(LEVEL.codes)}


@dataclass(frozen=True)
class Near:
    id: str
    name: str
    score: float                  # 0..1
    compared: int                 # how many fields were known on both sides
    same: tuple[str, ...]         # fields with s_f = 1
    close: tuple[str, ...]        # fields with CLOSE <= s_f < 1

    def reason(self, lang: str = "fr") -> str:
        """« Même échelon, même mode de sélection, fonctions proches » in the reader's language."""
        words = [i18n.t(f"same_{f}", lang) if f in self.same else i18n.t(f"close_{f}", lang)
                 for f in FIELDS if f in self.same or f in self.close]
        text = ", ".join(words)
        return text[:1].upper() + text[1:]


def _items(value) -> frozenset:
    return frozenset(str(v) for v in value)


def field_similarity(name: str, a, b) -> float | None:
    """s_f(a, b) in [0, 1], or None when either value is unknown."""
    if is_missing(a) or is_missing(b):
        return None
    if name in ("topics_from", "functions"):
        x, y = _items(a), _items(b)
        return len(x & y) / len(x | y)
    if name in ("members", "mandate_months"):
        x, y = float(a), float(b)
        if x == y:
            return 1.0
        return 0.0 if min(x, y) <= 0 else min(x, y) / max(x, y)
    if name == "level":
        if a == b:
            return 1.0
        if a in _LEVEL_ORDER and b in _LEVEL_ORDER and abs(_LEVEL_ORDER[a] - _LEVEL_ORDER[b]) == 1:
            return 0.5
        return 0.0
    if name == "selection":
        if a == b:
            return 1.0
        return 0.5 if a in SORTITION_CODES and b in SORTITION_CODES else 0.0
    return 1.0 if bool(a == b) else 0.0


def similarity(a: dict, b: dict) -> tuple[float, int, tuple[str, ...], tuple[str, ...]]:
    """(score, fields compared, fields the same, fields close) of two assemblies' records."""
    total = weight = 0.0
    compared = 0
    same, close = [], []
    for name in FIELDS:
        s = field_similarity(name, a.get(name), b.get(name))
        if s is None:
            continue
        compared += 1
        total, weight = total + WEIGHTS[name] * s, weight + WEIGHTS[name]
        if s >= 1.0:
            same.append(name)
        elif s >= CLOSE.get(name, 0.5):
            close.append(name)
    return (total / weight if weight else 0.0), compared, tuple(same), tuple(close)


def rank(target: dict, assemblies: pd.DataFrame) -> list[Near]:
    """Every other assembly, most similar first (score, then fields compared, then name)."""
    out = []
    for record in assemblies[["id", "name", *FIELDS]].to_dict("records"):
        if record["id"] == target["id"]:
            continue
        score, compared, same, close = similarity(target, record)
        out.append(Near(str(record["id"]), str(record["name"]), score, compared, same, close))
    return sorted(out, key=lambda n: (-n.score, -n.compared, n.name.casefold(), n.id))


def nearby(target: dict, assemblies: pd.DataFrame, limit: int = MAX_NEARBY) -> list[Near]:
    """The `limit` most similar assemblies with a positive score over at least MIN_COMPARED fields."""
    return [n for n in rank(target, assemblies) if n.score > 0 and n.compared >= MIN_COMPARED][:limit]
