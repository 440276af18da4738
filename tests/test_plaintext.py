"""What people type, made safe: escape codes stripped, empty-looking messages told apart by name."""

from __future__ import annotations

import pytest

from practice.plaintext import blank_kind, lone_surrogate, printable


def test_printable_strips_terminal_escape_codes_and_controls() -> None:
    assert printable("plain text, é and 你好 and 👩‍💻") == "plain text, é and 你好 and 👩‍💻"
    assert printable("\x1b[31mred\x1b[0m and \x1b[2J\x1b[Hcleared") == "red and cleared"
    assert printable("\x1b]0;new title\x07title \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\") == "title link"
    assert printable("bell\x07 back\x08space nul\x00 \x9b31mc1") == "bell backspace nul c1"
    assert printable("line one\r\nline two\rover") == "line one\nline two\nover"
    assert printable("tab\tand\nnewline stay") == "tab\tand\nnewline stay"
    assert printable("a lone escape at the end\x1b") == "a lone escape at the end"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("", "nothing"),
        ("   \n\t ", "nothing but spaces and line breaks"),
        ("\x00\x00\x00", "only NUL bytes"),
        ("\u200b\u200c\u200d\u2060\ufeff", "only invisible characters (zero-width spaces or joiners)"),
        ("\u200b \u200b", "only invisible characters (zero-width spaces or joiners)"),
        ("\x1b[31m\x1b[0m", "only terminal escape codes"),
        ("\x01\x02", "only control characters"),
        ("\u3000\u00a0", "nothing but spaces and line breaks"),
    ],
)
def test_empty_looking_messages_are_named(text: str, kind: str) -> None:
    assert blank_kind(text) == kind


def test_real_messages_are_not_blank() -> None:
    for text in ("Why?", "👍", "你好吗", "\u200bHi", "a\x00b"):
        assert blank_kind(text) is None, text


def test_lone_surrogates_are_found() -> None:
    assert lone_surrogate("fine 😀") is None
    assert lone_surrogate("broken \ud800 here") == "U+D800"
    assert lone_surrogate("\udfff") == "U+DFFF"
