"""How the analyzer's stages build their regular expressions from lists of cues."""

from __future__ import annotations

import re


def rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def cues(*patterns: str) -> re.Pattern[str]:
    """Topic cues: findall counts every place a cue starts, even inside a longer cue."""
    return re.compile("(?=" + "|".join(f"(?:{p})" for p in patterns) + ")")

