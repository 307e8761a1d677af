"""Show the invisible: masked text with format, control, private-use and odd space characters escaped.

Injection attempts hide instructions in zero-width or bidi characters; reviewers need to
see them. `reveal` splits a text into plain parts and escapes (`\\u200b`) for templates
to style; `escape_invisible` gives one string (CSV export).
"""

from __future__ import annotations

import unicodedata

_CATEGORIES = {"Cf", "Cc", "Co", "Cn", "Cs", "Zl", "Zp", "Zs"}
_VISIBLE = {" ", "\n"}  # kept as they are: plain space and line breaks
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def is_invisible(char: str) -> bool:
    if char in _VISIBLE:
        return False
    code = ord(char)
    if any(code in block for block in _VARIATION_SELECTORS):
        return True
    return unicodedata.category(char) in _CATEGORIES


def escape_char(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def reveal(text: str | None) -> list[tuple[str, bool]]:
    """[(part, is_escape)] with consecutive plain characters joined."""
    parts: list[tuple[str, bool]] = []
    plain: list[str] = []
    for char in text or "":
        if is_invisible(char):
            if plain:
                parts.append(("".join(plain), False))
                plain = []
            parts.append((escape_char(char), True))
        else:
            plain.append(char)
    if plain:
        parts.append(("".join(plain), False))
    return parts


def escape_invisible(text: str | None) -> str:
    return "".join(part for part, _ in reveal(text))


def csv_safe(value: object) -> str:
    """A CSV cell that spreadsheets will not run as a formula, with invisible characters escaped."""
    text = escape_invisible("" if value is None else str(value))
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text
