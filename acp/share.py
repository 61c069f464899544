"""« Partager cette vue »: the canonical form of a view's address and its short code (pure: no store, no Streamlit).

A view is a page path and its query parameters (filters, colouring, language, presentation mode). Its canonical
form sorts the keys and, within a key, the values: the order in which filters were picked does not change the
view, so the same view always gives the same text, hence the same code. The code is the start of the text's
SHA-256 in lower-case base 32 (letters and digits 2-7, URL-safe), CODE_LENGTH characters, one more for each
collision with another view's code (acp.store.short_links), up to MAX_CODE_LENGTH.
"""
from __future__ import annotations

import base64
import hashlib
import re
from typing import Mapping
from urllib.parse import urlencode

CODE_LENGTH, MAX_CODE_LENGTH = 8, 10
CODE_RE = re.compile(r"[a-z2-7]{%d,%d}" % (CODE_LENGTH, MAX_CODE_LENGTH))
PATH_RE = re.compile(r"[a-z][a-z0-9_-]{0,40}")  # a page's url_path (carte, assemblees…)
PREFIX = "/v/"


def canonical(path: str, params: Mapping[str, object]) -> str:
    """'carte?color=level&country=BE&country=FR': the page path and its parameters, sorted; empty values left out."""
    path = path.strip("/")
    if not PATH_RE.fullmatch(path):
        raise ValueError(f"not a page path: {path!r}")
    pairs = []
    for key in sorted(params):
        value = params[key]
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs.extend((key, str(v)) for v in sorted({str(v) for v in values if str(v) != ""}))
    query = urlencode(pairs)
    return f"{path}?{query}" if query else path


def code_candidates(target: str) -> list[str]:
    """The codes `target` may get, shortest first: the first one free (or already its own) is its code."""
    digest = base64.b32encode(hashlib.sha256(target.encode("utf-8")).digest()).decode("ascii").lower()
    return [digest[:n] for n in range(CODE_LENGTH, MAX_CODE_LENGTH + 1)]


def is_code(text: str) -> bool:
    return bool(CODE_RE.fullmatch(text or ""))


def short_url(page_url: str, code: str) -> str:
    """The short link's address, from the address of the page being shown (same host, same base path)."""
    base = page_url.split("?", 1)[0].split("#", 1)[0].rsplit("/", 1)[0]
    return f"{base}{PREFIX}{code}"
