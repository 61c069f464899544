"""Whole percentages as the group's figures show them: halves rounded up in exact integer arithmetic, then
written in the locale's pattern ('13 %' in French, '13%' in English). The survey, the charts and the
participants' profile share them, so one count gives one percentage everywhere."""
from __future__ import annotations

from decimal import Decimal

from . import i18n


def half_up(count: int, total: int) -> int:
    """count / total as a whole percentage, halves rounded up; 0 when there is no total."""
    if not total:
        return 0
    return (200 * int(count) + int(total)) // (2 * int(total))


def fmt(count: int, total: int, lang: str = i18n.DEFAULT_LANG) -> str:
    """'13 %': the half-up whole percentage, formatted by babel without any rounding left to do."""
    return i18n.fmt_percent(Decimal(half_up(count, total)) / 100, lang)
