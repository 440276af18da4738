"""Questions written back to the student in good English: the report's rewrites and suggestions.

The analyzer works on a lower-cased, normalised text; what the report shows must read like a
careful advisor wrote it: a capital first letter, one question mark, "I" and its contractions,
the student's own names with their capitals (Excel, SQL, AmeriCorps), no doubled words.
"""

from __future__ import annotations

import re

# Names students use that must keep their capitals even when the student typed them in lower case.
KNOWN_NAMES = frozenset(
    "Excel Python Tableau Figma Git GitHub JavaScript TypeScript Java LinkedIn Spanish English French Mandarin "
    "PowerPoint Salesforce Slack Jira Google Microsoft AmeriCorps Medicaid Medicare Congress TikTok Instagram YouTube Zoom "
    "CPA CFA MBA PhD LSAT GRE GMAT SQL AI UX DPT BSN RN GPA HR NGO".split()
)
_BY_LOWER = {name.lower(): name for name in KNOWN_NAMES}

# Contractions students type without the apostrophe, and the pronoun "i".
_CONTRACTIONS = {
    "i": "I", "im": "I'm", "i'm": "I'm", "ive": "I've", "i've": "I've", "id": "I'd", "i'd": "I'd", "i'll": "I'll",
    "dont": "don't", "doesnt": "doesn't", "didnt": "didn't", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
    "cant": "can't", "couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't", "wont": "won't",
    "youre": "you're", "youve": "you've", "theyre": "they're", "thats": "that's", "whats": "what's", "hows": "how's",
    "u": "you", "ur": "your",
}
# "ill" is "I'll" before a verb ("whether ill get a job"), and the adjective otherwise.
_ILL = re.compile(r"\bill (?=(?:be|get|have|need|make|find|do|go|want|ever|still|probably|actually|end|land|like|regret)\b)", re.I)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# The degrees students write without their apostrophe.
_DEGREE = re.compile(r"\b(a|an|my|your|the|their|his|her) (master|bachelor)s\b", re.I)
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s*)\W*$")


def plain_question(question: str, original: str = "") -> str:
    """`question` as a written question; `original` is what the student typed, whose capitals are kept."""
    text = " ".join(question.replace("’", "'").split()).strip(" ,;:-")
    text = re.sub(r"[?!.]+$", "", text).strip()
    if not text:
        return ""
    text = _ILL.sub("I'll ", text)
    # The student's own capitalised words beyond the first ("Alamo Pathways", "Excel").
    # A word capitalised only because it starts a sentence ("...look like? Like, how much...") is not one of them.
    cased: dict[str, str] = {
        m.group(0).lower(): m.group(0) for m in _WORD.finditer(original)
        if m.group(0)[:1].isupper() and m.group(0) not in ("I", "I'm") and not _SENTENCE_START.search(original[: m.start()])
    }

    def fix(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if low in _CONTRACTIONS:
            return _CONTRACTIONS[low]
        if low in cased:
            return cased[low]
        return _BY_LOWER.get(low, word)

    text = _WORD.sub(fix, text)
    text = re.sub(r"\b(\w+)( \1\b)+", r"\1", text, flags=re.I)  # "the the" -> "the"
    text = _DEGREE.sub(lambda m: f"{m.group(1)} {m.group(2)}'s", text)  # "a masters" -> "a master's"
    return str(text[0].upper() + text[1:] + "?")


def problems(question: str) -> list[str]:
    """What reads wrong in a question shown to a student (the tests check every rewrite with this)."""
    found = []
    if not question[:1].isupper():
        found.append("does not start with a capital")
    if question.count("?") != 1 or not question.endswith("?"):
        found.append("needs exactly one question mark, at the end")
    if re.search(r"\b(\w+) \1\b", question, re.I):
        found.append("repeats a word")
    if re.search(r"\bi\b", question):
        found.append("lower-case 'i'")
    for word in _WORD.findall(question):
        if word.lower() in _BY_LOWER and word != _BY_LOWER[word.lower()]:
            found.append(f"'{word}' should be '{_BY_LOWER[word.lower()]}'")
    if re.search(r"\b(?:im|ill|dont|doesnt|didnt|cant|wont|isnt|youre|thats|whats)\b", question, re.I):
        found.append("a contraction without its apostrophe")
    return found
