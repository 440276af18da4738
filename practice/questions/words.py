"""Content words: the stemmed words that carry a text's meaning, shared by the analyzer and the engines.

Two texts are about the same thing when they share content words; stop words, short words and
words every answer uses ("work", "people", "really") never count.
"""

from __future__ import annotations

import re
from functools import lru_cache

STOP = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "really", "like", "lot", "lots", "thing", "things", "kind", "sort", "get", "got", "go", "going", "know", "think", "much", "many", "way", "well", "also", "one", "two", "three", "make", "made", "work", "working", "worked", "job", "jobs", "role", "people", "time", "day", "days", "year", "years", "good", "great", "want", "wanted", "say", "said", "tell", "told", "first", "new", "could", "might", "must", "shall", "may", "can't", "don't", "didn't", "doesn't", "isn't", "wasn't", "aren't", "i'm", "it's", "that's", "there's", "what's", "you're", "we're", "every", "still", "even", "back", "take", "took", "give", "gave", "see", "saw", "come", "came", "use", "used", "best", "most", "need", "needed", "actually", "pretty", "something", "someone", "anything", "everything", "always", "never", "often", "usually", "sometimes", "maybe", "probably", "definitely", "sure"]
)


def content_words(text: str, shortest: int = 4) -> set[str]:
    """Stemmed words that carry meaning (no stop words, none under `shortest` letters): what two texts share."""
    words = re.findall(r"[a-z][a-z'-]+", text.lower())
    return {stem(w) for w in words if len(w) >= shortest and w not in STOP}


@lru_cache(maxsize=1 << 16)  # the same few thousand words, over and over
def stem(word: str) -> str:
    for suffix in ("ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word

