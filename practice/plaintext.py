"""Text people type (and models say), made safe to store and to print.

Terminal escape codes and control characters are removed, since a stored question is printed
again by the CLI and a model's reply goes to a terminal in `practice chat`; a message that holds
nothing visible, or a character no database can store, is told apart so it can be refused by name.
"""

from __future__ import annotations

import re
import unicodedata

# ESC sequences: CSI (colours, cursor moves), OSC (titles, hyperlinks) up to BEL or ST, DCS/SOS/PM/APC
# strings up to ST, and the two-character ones; then the 8-bit CSI.
ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[PX^_][^\x1b]*(?:\x1b\\)?"
    r"|\x1b[ -/]*[0-~]"
    r"|\x1b"
    r"|\x9b[0-?]*[ -/]*[@-~]"
)
# Control characters other than tab and newline (a carriage return can hide a line in a terminal).
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
INVISIBLE = frozenset(("Cf", "Cc", "Zs", "Zl", "Zp"))


def printable(text: str) -> str:
    """`text` without terminal escape codes or control characters (tab and newline stay; CR LF becomes LF)."""
    if text.isprintable():  # the common case: nothing to strip
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROLS.sub("", ESCAPES.sub("", text))


def lone_surrogate(text: str) -> str | None:
    """The first lone UTF-16 surrogate in `text` as U+XXXX (JSON can carry one; UTF-8 cannot store it)."""
    if text.isprintable():  # a surrogate is not printable: most messages need no search
        return None
    found = SURROGATE.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


def blank_kind(text: str) -> str | None:
    """What an empty-looking message holds ("only spaces", "only NUL bytes", ...), or None when it holds
    something visible. Zero-width characters inside real words (an emoji's joiner) are fine."""
    if not text or text.isspace():
        return "nothing but spaces and line breaks" if text else "nothing"
    if text.isprintable():  # the common case, at C speed: no control, format or odd space characters at all
        return None
    if any(not c.isspace() and unicodedata.category(c) not in INVISIBLE for c in printable(text)):  # stops at the first
        return None
    if set(text) <= {"\x00"} | set(" \t\n\r"):
        return "only NUL bytes"
    if "\x1b" in text or "\x9b" in text:
        return "only terminal escape codes"
    if any(unicodedata.category(c) == "Cf" for c in text):
        return "only invisible characters (zero-width spaces or joiners)"
    return "only control characters"
