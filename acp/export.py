"""Datasets in the canonical format the importer reads: French headers and labels.

CSV is written for Excel in French (UTF-8 with BOM, `;`, decimal comma, dd/mm/yyyy) with text
cells starting with = + - @ neutralised by a leading apostrophe (which the importer removes);
.xlsx and OpenDocument .ods keep numbers and dates typed and store every text as text, never as a
formula.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import numbers

import numpy as np
import pandas as pd
from odf import teletype
from odf.config import ConfigItem, ConfigItemMapEntry, ConfigItemMapIndexed, ConfigItemMapNamed, ConfigItemSet
from odf.number import DateStyle, Day, Hours, Minutes, Month, Year
from odf.number import Text as NumberText
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style, TableColumnProperties, TextProperties
from odf.table import Table as OdsTable
from odf.table import TableCell, TableColumn, TableRow
from odf.text import P

from . import i18n
from .catalogs import gettext_, pgettext_
from .ingest.participants import COUNTS_HEADERS, REGISTRANTS_LABEL
from .schema import (
    ASSEMBLIES,
    EDITIONS,
    PARTICIPANT_DIMENSIONS,
    PARTICIPANTS,
    SESSIONS,
    SURVEY,
    Column,
    Dataset,
    is_missing,
)

LIST_JOIN = " | "
CANONICAL = {"assemblies": ASSEMBLIES, "sessions": SESSIONS, "editions": EDITIONS}  # stored as one table each
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")



def cell(value, column: Column, lang: str = "fr", display: bool = False):
    """A stored value as the user reads it (typed: int, float, date, or str). A month stays its text ('2021-11',
    which the importer reads back) unless `display`: then it is said in `lang` ('novembre 2021')."""
    if isinstance(value, (list, tuple, np.ndarray)):
        items = list(value)
        if column.kind == "vocab_list":
            items = [column.vocab.label(v, lang) for v in items]
        if not items:
            return None
        joined = LIST_JOIN.join(str(i) for i in items)
        if len(items) == 1 and any(sep in joined for sep in ";,"):
            joined += LIST_JOIN.rstrip()  # "Dupont, Jean |": one item, not split on its comma on import
        return joined
    if is_missing(value):
        return None
    if column.kind == "vocab":
        return column.vocab.label(value, lang)
    if column.kind == "bool":
        return i18n.t("yes" if value else "no", lang)
    if column.kind == "int":
        return int(value)
    if column.kind == "float":
        return float(value)
    if column.kind == "date":
        return pd.Timestamp(value).date()
    if column.kind == "time":
        return value.strftime("%H:%M") if hasattr(value, "strftime") else str(value)[:5]
    if column.kind == "month" and display:
        return i18n.fmt_month(value, lang)
    return str(value)


def dataset_frame(tables: dict[str, pd.DataFrame], dataset: str, lang: str = "fr") -> pd.DataFrame:
    """The whole dataset with the importer's headers, one row as the user wrote it, from its stored tables
    (`acp.store.dataset_frame` reads them)."""
    if dataset == "survey":
        return _survey_frame(tables, lang)
    if dataset == "participants":
        return participants_frame(tables["participant_profiles"], tables["participant_counts"], lang)
    schema = CANONICAL[dataset]
    return labelled(tables[dataset], schema, lang)


def labelled(frame: pd.DataFrame, schema: Dataset, lang: str = "fr") -> pd.DataFrame:
    columns = [c for c in schema.columns if c.name in frame.columns]
    out = pd.DataFrame({c.label(lang): [cell(v, c, lang) for v in frame[c.name]] for c in columns}, dtype=object)
    return out


def _survey_frame(tables: dict[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    waves = tables["survey_waves"].set_index("wave")
    themes, counts, others = tables["survey_themes"], tables["survey_counts"], tables["survey_other"]
    rows = []
    for wave_id, wave in waves.iterrows():
        respondents = None if pd.isna(wave["respondents"]) else int(wave["respondents"])
        head = {"wave": wave_id, "wave_title": wave["title"], "wave_date": wave["date"], "respondents": respondents}
        wave_counts = counts[counts["wave"] == wave_id]
        for theme in themes[themes["wave"] == wave_id].itertuples():
            per = wave_counts[wave_counts["theme_id"] == theme.theme_id].set_index("priority")["count"]
            rows.append({**head, "theme_id": theme.theme_id, "short_label": theme.short_label, "theme": theme.label,
                         **{f"p{p}": int(per.get(p, 0)) for p in range(1, 6)}})
        for other in others[others["wave"] == wave_id].itertuples():
            rows.append({**head, "other": other.text})
    frame = pd.DataFrame(rows, columns=SURVEY.names, dtype=object)
    return labelled(frame, SURVEY, lang)


def participants_frame(profiles: pd.DataFrame, counts: pd.DataFrame, lang: str = "fr") -> pd.DataFrame:
    """The participants' profiles as stored (counts only): session, dimension, value, count; one row for the number
    of registrants of each session, then one per status and per experience (the importer reads it back)."""
    rows = []
    for profile in profiles.itertuples():
        rows.append((profile.session, gettext_(REGISTRANTS_LABEL, lang), None, int(profile.registrants)))
        mine = counts[counts["session"] == profile.session]
        for dimension in PARTICIPANT_DIMENSIONS:
            column = PARTICIPANTS.column(dimension)
            order = {c: k for k, c in enumerate(column.vocab.codes)}
            part = mine[mine["dimension"] == dimension]
            for code, n in sorted(zip(part["code"], part["count"]), key=lambda cn: order.get(cn[0], len(order))):
                label = column.vocab.label(code, lang) if code in order else i18n.t("not_recorded", lang)
                rows.append((profile.session, column.label(lang), label, int(n)))
    headers = [pgettext_(k, COUNTS_HEADERS[k], lang) for k in ("session", "dimension", "value", "count")]
    return pd.DataFrame(rows, columns=headers, dtype=object)


def _csv_text(value) -> str:
    if is_missing(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "Oui" if value else "Non"
    if isinstance(value, numbers.Integral):  # numpy integers too: never "'-3"
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        return (str(int(value)) if value.is_integer() else repr(value)).replace(".", ",")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    text = str(value)
    return "'" + text if text.startswith(_DANGEROUS) else text


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """CSV for Excel in French: UTF-8 with BOM, `;`, decimal comma, neutralised formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(list(frame.columns))
    for row in frame.itertuples(index=False):
        writer.writerow([_csv_text(v) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "Données") -> bytes:
    buffer = io.BytesIO()
    clean = frame.astype(object).where(frame.notna(), None)
    with pd.ExcelWriter(buffer, engine="xlsxwriter",
                        engine_kwargs={"options": {"strings_to_formulas": False, "strings_to_urls": False}}) as writer:
        clean.to_excel(writer, index=False, sheet_name=sheet[:31])
        book, ws = writer.book, writer.sheets[sheet[:31]]
        date_format = book.add_format({"num_format": "dd/mm/yyyy"})
        for i, name in enumerate(clean.columns):
            values = [v for v in clean[name] if v is not None]
            if values and all(isinstance(v, dt.date) for v in values):
                ws.set_column(i, i, 12, date_format)
            else:
                width = min(60, max([len(str(name))] + [len(str(v)) for v in values[:200]]) + 2)
                ws.set_column(i, i, width)
        ws.freeze_panes(1, 0)
    return buffer.getvalue()


_CM_PER_CHARACTER = 0.2  # a character of the default 10-point font, roughly


def to_ods_bytes(frame: pd.DataFrame, sheet: str = "Données") -> bytes:
    """OpenDocument spreadsheet (LibreOffice, and Excel too): what to_xlsx_bytes writes, in .ods.

    Written with odfpy rather than pandas' "odf" engine, which leaves dates without a date style (LibreOffice
    then shows 45772 for 25/04/2025): dates are typed and shown dd/mm/yyyy, numbers typed, every text a text
    cell (a leading "=" stays text), the header row frozen, columns as wide as in the .xlsx.
    """
    book = OpenDocumentSpreadsheet()
    styles = book.automaticstyles
    for name, parts in (("date-jj-mm-aaaa", (Day, "/", Month, "/", Year)),
                        ("date-heure", (Day, "/", Month, "/", Year, " ", Hours, ":", Minutes))):
        number_style = DateStyle(name=name)
        for part in parts:
            number_style.addElement(NumberText(text=part) if isinstance(part, str) else part(style="long"))
        styles.addElement(number_style)
    date_cell = Style(name="cellule-date", family="table-cell", datastylename="date-jj-mm-aaaa")
    datetime_cell = Style(name="cellule-date-heure", family="table-cell", datastylename="date-heure")
    header_cell = Style(name="cellule-en-tete", family="table-cell")
    header_cell.addElement(TextProperties(fontweight="bold"))
    for style in (date_cell, datetime_cell, header_cell):
        styles.addElement(style)

    name = sheet[:31]
    table = OdsTable(name=name)
    clean = frame.astype(object).where(frame.notna(), None)
    for i, column in enumerate(clean.columns):
        values = [v for v in clean[column] if v is not None]
        dates = bool(values) and all(isinstance(v, dt.date) for v in values)
        width = 12 if dates else min(60, max([len(str(column))] + [len(str(v)) for v in values[:200]]) + 2)
        column_style = Style(name=f"colonne-{i + 1}", family="table-column")
        column_style.addElement(TableColumnProperties(columnwidth=f"{width * _CM_PER_CHARACTER:.2f}cm"))
        styles.addElement(column_style)
        table.addElement(TableColumn(stylename=column_style))

    def text_cell(text: str, **attributes) -> TableCell:
        cell = TableCell(valuetype="string", **attributes)
        for line in text.replace("\r\n", "\n").split("\n"):  # a paragraph per line, as LibreOffice writes them
            paragraph = P()
            teletype.addTextToElement(paragraph, line)  # runs of spaces and tabs kept
            cell.addElement(paragraph)
        return cell

    def typed_cell(value) -> TableCell:
        if value is None or (isinstance(value, str) and value == ""):
            return TableCell()
        if isinstance(value, (bool, np.bool_)):
            cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
            cell.addElement(P(text="VRAI" if value else "FAUX"))
            return cell
        if isinstance(value, numbers.Number):
            number = int(value) if isinstance(value, numbers.Integral) else float(value)
            cell = TableCell(valuetype="float", value=repr(number))
            cell.addElement(P(text=str(number).replace(".", ",")))
            return cell
        if isinstance(value, dt.datetime):
            cell = TableCell(valuetype="date", datevalue=value.isoformat(timespec="seconds"), stylename=datetime_cell)
            cell.addElement(P(text=value.strftime("%d/%m/%Y %H:%M")))
            return cell
        if isinstance(value, dt.date):
            cell = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=date_cell)
            cell.addElement(P(text=value.strftime("%d/%m/%Y")))
            return cell
        return text_cell(str(value))

    row = TableRow()
    for column in clean.columns:
        row.addElement(text_cell(str(column), stylename=header_cell))
    table.addElement(row)
    for values in clean.itertuples(index=False):
        row = TableRow()
        for value in values:
            row.addElement(typed_cell(value))
        table.addElement(row)
    book.spreadsheet.addElement(table)

    # The header row frozen, as in the .xlsx (LibreOffice's view settings)
    view = ConfigItemSet(name="ooo:view-settings")
    views = ConfigItemMapIndexed(name="Views")
    entry = ConfigItemMapEntry()
    tables = ConfigItemMapNamed(name="Tables")
    settings = ConfigItemMapEntry(name=name)
    for key, kind, value in (("VerticalSplitMode", "short", "2"), ("VerticalSplitPosition", "int", "1"),
                             ("PositionBottom", "int", "1"), ("ActiveSplitRange", "short", "2")):
        settings.addElement(ConfigItem(name=key, type=kind, text=value))
    tables.addElement(settings)
    entry.addElement(ConfigItem(name="ViewId", type="string", text="view1"))
    entry.addElement(tables)
    views.addElement(entry)
    view.addElement(views)
    book.settings.addElement(view)
    buffer = io.BytesIO()
    book.write(buffer)
    return buffer.getvalue()
