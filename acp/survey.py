"""The thematic priority survey: counts, percentages, ranking, wave comparison and chart.

Pure functions over the frames of `acp.store.read_table` (survey_waves, survey_themes,
survey_counts, survey_other). Percentages are whole numbers rounded half up, as in the seed
report (3 of 24 -> 13 %, 7 of 24 -> 29 %): Python's round() and babel round half to even.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import altair as alt
import pandas as pd
from babel.numbers import format_decimal

from . import i18n, percent
from .schema import PRIORITIES

# One colour per priority, the same on every chart: blue for "do it first", orange for "later".
PRIORITY_COLOURS = ("#1f5fa8", "#7aa7d9", "#d4d8de", "#f0a875", "#b04a12")
_DARK = (1, 5)  # priorities whose colour needs white text


def fmt_mean(value: float, lang: str = i18n.DEFAULT_LANG) -> str:
    """A mean priority with one decimal, half up ('2,6')."""
    rounded = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return format_decimal(rounded, "#,##0.0", locale=i18n.locale(lang))


# ---------------------------------------------------------------- waves

def wave_ids(waves: pd.DataFrame) -> list[str]:
    """Wave codes, newest first (by date, then code)."""
    ordered = waves.assign(_d=pd.to_datetime(waves["date"])).sort_values(["_d", "wave"], na_position="first")
    return list(reversed(ordered["wave"].tolist()))


def wave_label(waves: pd.DataFrame, wave: str, lang: str = i18n.DEFAULT_LANG) -> str:
    """'25/04/2025 — Sondage sur les thématiques à prioriser (avril 2025)' for the wave pickers
    (date first: a narrow picker cuts the end of the title, not the date)."""
    row = waves[waves["wave"] == wave].iloc[0]
    title = row["title"] if isinstance(row["title"], str) and row["title"] else wave
    if pd.isna(row["date"]):
        return title
    return f"{i18n.fmt_date(pd.Timestamp(row['date']).date(), lang, 'short')} — {title}"


def respondents(waves: pd.DataFrame, wave: str) -> int | None:
    value = waves.loc[waves["wave"] == wave, "respondents"]
    return None if value.empty or pd.isna(value.iloc[0]) else int(value.iloc[0])


# ---------------------------------------------------------------- counts and percentages

def counts_table(themes: pd.DataFrame, counts: pd.DataFrame, wave: str) -> pd.DataFrame:
    """One row per theme of the wave, in the survey's order: theme_id, position, short_label,
    label, counts in columns 1..5, answers, and half-up percentages in columns pct1..pct5."""
    wave_themes = themes[themes["wave"] == wave].sort_values("position")
    wave_counts = counts[counts["wave"] == wave]
    grid = (wave_counts.pivot_table(index="theme_id", columns="priority", values="count", aggfunc="sum")
            .reindex(columns=list(PRIORITIES)).fillna(0).astype(int)) if len(wave_counts) else None
    rows = []
    for theme in wave_themes.itertuples():
        per = [int(grid.at[theme.theme_id, p]) if grid is not None and theme.theme_id in grid.index else 0
               for p in PRIORITIES]
        answers = sum(per)
        rows.append({"theme_id": theme.theme_id, "position": int(theme.position),
                     "short_label": theme.short_label if pd.notna(theme.short_label) else theme.label,
                     "label": theme.label,
                     **dict(zip(PRIORITIES, per)), "answers": answers,
                     **{f"pct{p}": percent.half_up(c, answers) for p, c in zip(PRIORITIES, per)}})
    columns = ["theme_id", "position", "short_label", "label", *PRIORITIES, "answers",
               *(f"pct{p}" for p in PRIORITIES)]
    return pd.DataFrame(rows, columns=columns)


def table_display(table: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The seed report's table: the full question, then '2 (8 %)' per priority 1..5 (labels through i18n.md)."""
    head = i18n.t("priority_level", lang)
    out = pd.DataFrame({head: [i18n.md(v) for v in table["label"]]})
    for p in PRIORITIES:
        out[str(p)] = [f"{i18n.fmt_int(c, lang)} ({percent.fmt(c, n, lang)})"
                       for c, n in zip(table[p], table["answers"])]
    return out


def table_export(table: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """The table for Excel: numbers in their own cells (count and whole percentage per priority)."""
    out = pd.DataFrame({
        i18n.t("theme_code", lang): table["theme_id"],
        i18n.t("theme_short", lang): table["short_label"],
        i18n.t("theme", lang): table["label"],
    }, dtype=object)
    for p in PRIORITIES:
        out[i18n.t("priority_count", lang, p=p)] = [int(v) for v in table[p]]
        out[i18n.t("priority_percent", lang, p=p)] = [int(v) for v in table[f"pct{p}"]]
    out[i18n.t("answers", lang)] = [int(v) for v in table["answers"]]
    return out


# ---------------------------------------------------------------- ranking

def ranking(table: pd.DataFrame) -> pd.DataFrame:
    """Themes by share of priorities 1-2 (highest first), then mean priority (lowest first).

    Adds mean (mean priority, 1 = highest), top2 (share of priorities 1 and 2, 0..1),
    top2_count and rank.
    """
    out = table.copy()
    weighted = sum(out[p] * p for p in PRIORITIES)
    answers = out["answers"].where(out["answers"] > 0)
    out["mean"] = (weighted / answers).astype(float)
    out["top2_count"] = out[1] + out[2]
    out["top2"] = (out["top2_count"] / answers).astype(float)
    out = out.sort_values(["top2", "mean", "position"], ascending=[False, True, True], na_position="last")
    out["rank"] = range(1, len(out) + 1)
    return out.reset_index(drop=True)


def ranking_display(ranked: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    return pd.DataFrame({
        i18n.t("rank", lang): [str(r) for r in ranked["rank"]],
        i18n.t("theme", lang): [i18n.md(v) for v in ranked["short_label"]],
        i18n.t("top2_share", lang): [percent.fmt(c, n, lang) if n else "—"
                                     for c, n in zip(ranked["top2_count"], ranked["answers"])],
        i18n.t("mean_priority", lang): [fmt_mean(m, lang) if pd.notna(m) else "—" for m in ranked["mean"]],
        i18n.t("answers", lang): [i18n.fmt_int(n, lang) for n in ranked["answers"]],
    })


def other_proposals(other: pd.DataFrame, wave: str) -> list[str]:
    return other[other["wave"] == wave].sort_values("position")["text"].tolist()


# ---------------------------------------------------------------- comparing two waves

def compare(first: pd.DataFrame, second: pd.DataFrame) -> pd.DataFrame:
    """Two waves side by side by theme id (outer join: a theme may be in one wave only).

    Columns: theme_id, short_label, then answers, top2_count, top2, mean with suffixes _a and _b.
    """
    keep = ["theme_id", "short_label", "position", "answers", "top2_count", "top2", "mean"]
    a = ranking(first)[keep] if len(first) else pd.DataFrame(columns=keep)
    b = ranking(second)[keep] if len(second) else pd.DataFrame(columns=keep)
    merged = a.merge(b, on="theme_id", how="outer", suffixes=("_a", "_b"))
    merged["short_label"] = merged["short_label_b"].combine_first(merged["short_label_a"])
    merged["_order"] = merged["position_a"].combine_first(merged["position_b"] + 1000)
    merged = merged.sort_values("_order").reset_index(drop=True)
    return merged[["theme_id", "short_label", "answers_a", "top2_count_a", "top2_a", "mean_a",
                   "answers_b", "top2_count_b", "top2_b", "mean_b"]]


def compare_display(compared: pd.DataFrame, label_a: str, label_b: str,
                    lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """Share of priorities 1-2 and mean priority in each wave, and the change in points.

    label_a and label_b name the waves in the column headers (their codes: short and unique).
    """
    def share(count, n):
        return percent.fmt(count, n, lang) if pd.notna(n) and n else "—"

    def mean(value):
        return fmt_mean(value, lang) if pd.notna(value) else "—"

    def change(row):
        if pd.isna(row.answers_a) or pd.isna(row.answers_b) or not row.answers_a or not row.answers_b:
            return "—"
        points = (percent.half_up(row.top2_count_b, row.answers_b)
                  - percent.half_up(row.top2_count_a, row.answers_a))
        sign = "+" if points > 0 else ("−" if points < 0 else "")
        return i18n.t("point" if abs(points) <= 1 else "points", lang, n=f"{sign}{i18n.fmt_int(abs(points), lang)}")

    rows = list(compared.itertuples())
    return pd.DataFrame({
        i18n.t("theme", lang): [i18n.md(r.short_label) for r in rows],
        f"{i18n.t('top2_share', lang)} — {i18n.md(label_a)}": [share(r.top2_count_a, r.answers_a) for r in rows],
        f"{i18n.t('top2_share', lang)} — {i18n.md(label_b)}": [share(r.top2_count_b, r.answers_b) for r in rows],
        i18n.t("change", lang): [change(r) for r in rows],
        f"{i18n.t('mean_priority', lang)} — {i18n.md(label_a)}": [mean(r.mean_a) for r in rows],
        f"{i18n.t('mean_priority', lang)} — {i18n.md(label_b)}": [mean(r.mean_b) for r in rows],
    })


# ---------------------------------------------------------------- chart

def priority_label(priority: int, lang: str = i18n.DEFAULT_LANG) -> str:
    if priority == PRIORITIES[0]:
        return i18n.t("priority_max", lang, p=priority)
    if priority == PRIORITIES[-1]:
        return i18n.t("priority_min", lang, p=priority)
    return str(priority)


def chart_frame(table: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> pd.DataFrame:
    """One row per theme and priority, with the segment's start and end on a 0..1 scale,
    in ranking order, and every label already formatted in the user's language."""
    rows = []
    for order, theme in enumerate(ranking(table).to_dict("records"), start=1):
        start, answers = 0.0, theme["answers"]
        for p in PRIORITIES:
            count = int(theme[p])
            share = count / answers if answers else 0.0
            rows.append({
                "order": order, "theme_id": theme["theme_id"], "short_label": theme["short_label"],
                "label": theme["label"], "priority": p, "priority_label": priority_label(p, lang),
                "count": count, "count_label": f"{i18n.fmt_int(count, lang)} / {i18n.fmt_int(answers, lang)}",
                "pct_label": percent.fmt(count, answers, lang),
                "start": start, "end": start + share, "mid": start + share / 2, "share": share,
            })
            start += share
    return pd.DataFrame(rows)


def priority_chart(table: pd.DataFrame, lang: str = i18n.DEFAULT_LANG) -> alt.LayerChart:
    """100 %-stacked horizontal bars, one per theme, ordered by share of priorities 1-2.

    Short labels on the axis, the full question in the tooltip, percentages written on the
    segments (a projector shows no hover), one fixed colour per priority.
    """
    data = chart_frame(table, lang)
    order = data.drop_duplicates("theme_id").sort_values("order")["short_label"].tolist()
    legend_labels = [priority_label(p, lang) for p in PRIORITIES]
    y = alt.Y("short_label:N", sort=order, title=None,
              axis=alt.Axis(labelLimit=380, labelFontSize=14, labelPadding=8, labelColor="#1a1a1a"))
    tooltip = [
        alt.Tooltip("label:N", title=i18n.t("question", lang)),
        alt.Tooltip("priority_label:N", title=i18n.t("priority", lang)),
        alt.Tooltip("count_label:N", title=i18n.t("answers", lang)),
        alt.Tooltip("pct_label:N", title=i18n.t("share", lang)),
    ]
    percent_axis = alt.Axis(labelExpr=f"format(datum.value * 100, 'd') + '{i18n.percent_suffix(lang)}'",
                            title=i18n.t("share_of_answers", lang), tickCount=5, grid=False)
    bars = alt.Chart(data).mark_bar(stroke="white", strokeWidth=1).encode(
        x=alt.X("start:Q", scale=alt.Scale(domain=[0, 1]), axis=percent_axis),
        x2="end:Q",
        y=y,
        color=alt.Color("priority_label:N", title=i18n.t("priority_legend", lang),
                        scale=alt.Scale(domain=legend_labels, range=list(PRIORITY_COLOURS)),
                        legend=alt.Legend(orient="bottom", direction="horizontal", labelFontSize=13,
                                          titleFontSize=13, symbolType="square", symbolSize=150, labelLimit=260,
                                          labelColor="#1a1a1a", titleColor="#1a1a1a")),
        tooltip=tooltip,
    )
    dark = alt.FieldOneOfPredicate(field="priority", oneOf=list(_DARK))
    labels = alt.Chart(data).transform_filter(alt.datum.share >= 0.07).mark_text(fontSize=13, fontWeight="bold").encode(
        x="mid:Q", y=y, text="pct_label:N", tooltip=tooltip,
        color=alt.condition(dark, alt.value("white"), alt.value("#1a1a1a")),
    )
    return (bars + labels).properties(height=alt.Step(46))
