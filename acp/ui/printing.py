"""Printing a fiche or a comparison: an A4 document with the content only.

`prepare` injects the `@media print` rules (no menu, sidebar, header, toolbars, buttons or widgets; the
page's height freed so every part prints, not the first screen; tables and charts kept whole; links
written out after their text) and the date of the data, shown on paper only (where the page puts it, and at
the foot of every page with the page number); `button` is « Imprimer / PDF »
(the browser's print dialog, where "Save as PDF" is one of the printers).
"""
from __future__ import annotations

import html

import streamlit as st

from .. import i18n

PRINT_CSS = """<style>
.acp-print-only {display: none;}
@media print {
  @page {size: A4; margin: 14mm 12mm;}
  html, body, #root, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"],
  [data-testid="stMainBlockContainer"], .block-container, section.main {
    height: auto !important; min-height: 0 !important; max-height: none !important; overflow: visible !important;
    position: static !important; display: block !important;}
  [data-testid="stMainBlockContainer"], .block-container {padding: 0 !important; max-width: 100% !important;
    width: 100% !important;}
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stSidebarNav"],
  [data-testid="stHeader"], header, [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stElementToolbar"], [data-testid="stBottom"], footer,
  [data-testid="stDownloadButton"], [data-testid="stButton"],
  [data-testid="stSelectbox"], [data-testid="stMultiSelect"], [data-testid="stRadio"],
  .acp-print-button, iframe {display: none !important;}
  .acp-print-only {display: block !important;}
  [class*="st-key-nearby-"] [data-testid="stHorizontalBlock"] {display: block !important;}
  [class*="st-key-nearby-"] [data-testid="stColumn"] {width: 100% !important;}
  table, tr, figure, img, svg, canvas, [data-testid="stTable"], [data-testid="stVegaLiteChart"],
  [data-testid="stArrowVegaLiteChart"], [data-testid="stPlotlyChart"], [data-testid="stDeckGlJsonChart"],
  [data-testid="stVerticalBlockBorderWrapper"] > div > [data-testid="stVerticalBlock"] > .stElementContainer,
  [data-testid="stExpander"] {break-inside: avoid; page-break-inside: avoid;}
  h1, h2, h3, h4, caption {break-after: avoid; page-break-after: avoid;}
  [data-testid="stExpander"] details > div, [data-testid="stExpanderDetails"] {display: block !important;
    height: auto !important; visibility: visible !important;}
  a[href]::after {content: " (" attr(href) ")"; font-size: .85em; overflow-wrap: anywhere;}
  a[href^="#"]::after {content: "";}
  * {-webkit-print-color-adjust: exact; print-color-adjust: exact;}
}
</style>"""

_BUTTON = """<button type="button" class="acp-print-button" onclick="window.print()"
 style="padding:.35rem .8rem;border-radius:.5rem;border:1px solid rgba(128,128,128,.5);background:transparent;
 cursor:pointer;font:inherit;color:inherit">{label}</button>
<script>document.querySelectorAll("button.acp-print-button").forEach(b => b.onclick = () => window.print());</script>"""


def prepare(lang: str, data_date: str | None) -> None:
    """The print rules and, on paper only, the date of the data."""
    st.html(PRINT_CSS)
    if data_date:
        words = i18n.t("print_data_date", lang, date=data_date)
        st.html(f'<p class="acp-print-only" data-testid="acp-print-date">{html.escape(words)}</p>')
        footer = words.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
        st.html(f'<style>@media print {{@page {{@bottom-left {{content: "{footer}"; font-size: 9pt; color: #555; font-family: sans-serif;}}'
                f' @bottom-right {{content: counter(page) " / " counter(pages); font-size: 9pt; color: #555; font-family: sans-serif;}}}}}}</style>')


def button(lang: str) -> None:
    """« Imprimer / PDF »: the browser's print dialog (a tiny script; the label is the interface's own text)."""
    st.html(_BUTTON.replace("{label}", html.escape(i18n.t("print_button", lang))), unsafe_allow_javascript=True)
