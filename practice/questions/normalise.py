"""Stage 1: normalise a message (lower case, plain quotes, common typos and contractions spelled out)."""

from __future__ import annotations

import re
import unicodedata

_TYPOS = {
    "whats": "what is", "what's": "what is", "wats": "what is", "wat": "what", "wht": "what",
    "hows": "how is", "how's": "how is", "hw": "how", "whos": "who is", "who's": "who is",
    "wheres": "where is", "where's": "where is", "whens": "when is", "when's": "when is",
    "thats": "that is", "that's": "that is", "theres": "there is", "there's": "there is",
    "its": "it is", "it's": "it is", "isnt": "isn't", "arent": "aren't", "wasnt": "wasn't",
    "werent": "weren't", "dont": "don't", "doesnt": "doesn't", "didnt": "didn't",
    "cant": "can't", "couldnt": "couldn't", "wouldnt": "wouldn't", "shouldnt": "shouldn't",
    "havent": "haven't", "hasnt": "hasn't", "wont": "won't", "youre": "you are",
    "you're": "you are", "youve": "you have", "you've": "you have", "youd": "you would",
    "you'd": "you would", "youll": "you will", "you'll": "you will", "im": "i am", "i'm": "i am",
    "ive": "i have", "i've": "i have", "i'd": "i would", "i'll": "i will", "id've": "i would have",
    "u": "you", "ur": "your", "ppl": "people", "tbh": "to be honest", "ngl": "not going to lie", "idk": "i do not know", "certs": "certifications", "cert": "certification", "ya": "you", "teh": "the", "adn": "and", "abt": "about",
    "bc": "because", "cuz": "because", "pls": "please", "plz": "please", "wanna": "want to",
    "gonna": "going to", "kinda": "kind of", "sorta": "sort of", "lotta": "lot of", "tho": "though",
    "thru": "through", "w/": "with", "yr": "year", "yrs": "years", "hrs": "hours", "wk": "week", "wks": "weeks", "wkend": "weekend", "wkends": "weekends",
    "wfh": "work from home", "thx": "thanks", "ty": "thank you", "alot": "a lot", "becuase": "because",
    "recieve": "receive", "definately": "definitely", "tipical": "typical", "typcial": "typical",
    "carreer": "career", "carrer": "career", "advise": "advice", "reccomend": "recommend",
    "recomend": "recommend", "wich": "which", "whta": "what", "waht": "what", "hwo": "how",
    "yuo": "you", "yoru": "your", "oyu": "you", "culutre": "culture", "shcool": "school",
    "theyre": "they are", "they're": "they are", "were'": "we are", "we're": "we are",
    "what're": "what are", "how'd": "how did", "what'd": "what did", "where'd": "where did",
    "who'd": "who did", "why'd": "why did", "y'all": "you all", "yall": "you all",
}

_TOKEN = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*|[?!.;,:/&\n-]")


_PRONOUNS = frozenset("u you we they there things people".split())


def _texting_are(tokens: list[str], i: int) -> bool:
    """Whether the word "r" stands for "are": next to a pronoun, after a question word, or opening a question ("r trades jobs growing?")."""
    before = tokens[i - 1] if i else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    opens = before in ("", ".", "?", "!", ";", "\n") and after not in ("", "or", "and", "is", "studio", ",", "?", ".")
    return opens or after in _PRONOUNS or before in _PRONOUNS or before in ("how", "what", "who", "where", "why", "when")


# "rn" is "right now" at the end of what is said ("is it growing rn?", "hiring rn or not"), a registered nurse elsewhere.
_NURSE_BEFORE = frozenset("a an the as new grad travel er icu per every each staff charge".split())
_CLAUSE_END = frozenset("? . ! , ; or and but lol tbh honestly though".split())


def _texting_right_now(tokens: list[str], i: int) -> bool:
    before = tokens[i - 1] if i else ""
    after = tokens[i + 1] if i + 1 < len(tokens) else "?"
    return bool(before) and before not in _NURSE_BEFORE and after in _CLAUSE_END


def _plain_letters(text: str) -> str:
    """'résumé' -> 'resume', 'café' -> 'cafe': accents dropped, so cues match however it is typed."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# A numbered list of questions ("1) what surprised you 2) is telehealth still a thing 3) ..."): each
# number starts a line of its own. Only a list that counts up from one, so "2. " in a sentence stays.
_LIST_MARK = re.compile(r"(?:^|(?<=\s))\(?([1-9])[).](?=\s+\S)")


def _numbered_lines(text: str) -> str:
    marks = list(_LIST_MARK.finditer(text))
    numbers = [int(m.group(1)) for m in marks]
    if len(numbers) < 2 or numbers != list(range(1, len(numbers) + 1)):
        return text
    return _LIST_MARK.sub("\n", text)


_PARENTHESIZED = re.compile(r"(\w)\((\w)\)")


def normalise(text: str) -> str:
    text = _plain_letters(_numbered_lines(text)).lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = _PARENTHESIZED.sub(r"\1\2", text)  # "401(k)" is one word
    text = text.replace("w/", "with ").replace("…", ". ").replace(" + ", " and ").replace(" & ", " and ")
    tokens = _TOKEN.findall(text)
    words = []
    for i, token in enumerate(tokens):
        if token == "r" and _texting_are(tokens, i):
            words.append("are")  # "r u free", "how r things": texting, not the R language
        elif token == "rn" and _texting_right_now(tokens, i):
            words.append("right now")
        else:
            words.append(_TYPOS.get(token, token))
    out = " ".join(words)
    out = re.sub(r" ([?!.;,:])", r"\1", out)
    return out

