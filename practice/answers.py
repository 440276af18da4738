"""Answer selection: which passages of a persona file answer one question, best first.

A real professional answers the question that was asked, wherever in their story the answer
sits ("How many hours do you work in a typical week?" is answered by the hours, not by the
typical week). So every fact passage of the file is ranked against the question, across topics:

- BM25 over the question's own words (Robertson and Zaragoza's Okapi BM25, k1 = 1.2, b = 0.75;
  small enough to keep here rather than add a dependency), each word also matched through a
  modest synonym table (hours / week / weekends, pay / earn / salary, degree / license ...) at a
  lower weight;
- the analyzer's topic for the question, as a prior that breaks near-ties and lets an open
  question with no telling word ("What's a typical day like?") fall back on its topic's story;
- the kind of answer it asks for: how many / how much / how long want a passage with a number,
  who a person, where a place, when a time, a yes/no question a passage that settles it;
- a passage already spoken ranks lower, and never first while an unused one answers too.

`answerable` says whether anything in the file answers at all: when the question's telling
words (weighted by how rare they are) are mostly absent from the file ("What did you think of
the keynote at PyCon?"), nothing does, and the persona says so instead of offering a near miss.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, KeysView
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from practice import semantic
from practice.personas import Persona
from practice.questions.topics import cue_vocabulary, strongly_about
from practice.wording import KNOWN_NAMES

AnswerKind = Literal["number", "duration", "person", "place", "time", "clock", "names", "yes_no", "open"]

# BM25 parameters (the usual defaults).
K1 = 1.2
B = 0.75
# A word matched only through a synonym counts this much of a direct match.
SYNONYM_WEIGHT = 0.6
# The analyzer's topic multiplies a passage's score by this, and gives a passage that shares no
# word a small score of its own, so an open question can still be answered from its topic.
TOPIC_BOOST = 1.3
TOPIC_FLOOR = 0.05
# An open question's own topic is told from its start: its first passage counts this much more
# (the second half as much, and so on).
STORY_PRIOR = 0.3
# A passage holding what the question asks for (a number for "how many") is worth this much more.
KIND_BOOST = 1.35
# A question about "you" / "your team" is answered by the persona's own experience ("I", "we", "our").
OWN_BOOST = 1.25
# A question word that is also a cue of the question's topic ("week" in "a typical week") has
# already done its work in naming the topic: it counts this much in the ranking.
CUE_WEIGHT = 0.5
# A word of the persona's own title or field ("PT", "teacher") counts this much in a passage's score.
OWN_WORD_WEIGHT = 0.5
# A passage of advice fits a question asking what to do this much better (and others this much worse).
ADVICE_FIT = 1.25
# A passage already spoken in this interview keeps this share of its score.
SPOKEN_WEIGHT = 0.35
# A question matching one of a passage's `asked:` phrasings scores this share of its whole word
# weight, times how close the match is.
ASKED_WEIGHT = 1.5
# Closeness in meaning (cosine of sentence vectors, see practice/semantic.py), counted in standard
# deviations above the file's mean for the question: above the floor, each one adds this much to the
# word score (which is scaled so the best word match is 1). A passage this close (the cosine itself)
# answers the question whatever words it shares.
MEANING_FLOOR = 0.0
MEANING_WEIGHT = 0.4
MEANING_ANSWERS = 0.55
# ... or at least this close, this far ahead of the next passages in meaning, with this share of the words.
MEANING_LEADS, MEANING_MARGIN, SOME_WORDS, MEANING_RIVALS = 0.5, 0.05, 0.2, 5
# A passage holding this share of both (the words needed, and the closeness that answers) answers too.
BOTH_NEARLY = 0.9
# ...or nearly close in meaning and this many times the score of the next best.
CLEAR_LEAD = 1.4
LONG_MESSAGE = 8  # content words: a message this long holds more than its question
# A question word whose closeness to every word of the file stays under this is strange to it.
WORD_FLOOR = 0.5
# A passage speaks of what a question asks for when one of its words is this close in meaning to it.
FOCUS_NEAR = 0.6
# The passage that speaks of it is looked for among this many of the best.
FOCUS_AMONG = 3
# A passage opening with a pointer to an earlier one, and how far down the ranking that earlier one may be.
_POINTS_BACK_START = re.compile(r"^(?:another|one of (?:those|these|the)|those|these|the other) ([a-z'-]+)", re.I)
# A passage that goes on from another ("The rest of the time is analysis..."): it does not open a topic's story.
_GOES_ON = re.compile(r"^(?:the rest of (?:the|my|our)|the other half|beyond that|besides that|on top of that)\b", re.I)
STANDALONE_AMONG = 4
# A passage this close in meaning to the whole question speaks of what it asks, whatever its words.
FOCUS_MEANING = 0.7
# "How many X": the passage that counts X is looked for among this many of the best.
COUNTED_AMONG = 4
# "How many X": a number counts X when X (or a word near it in meaning) follows within this many words.
COUNT_WINDOW = 4
# The share of a question's closeness taken from it read with the sentences around it (`rank(context=...)`).
CONTEXT_MIX = 0.3
# What a question asks for ("why", "how many") weighs this much of an ordinary word when matching them.
INTENT_WEIGHT = 0.5
# Below this share of the question's word weight found in the file, nothing in it answers.
ANSWERABLE_SHARE = 0.4
ON_TOPIC_SHARE = 0.15

# Words of the question's frame, not of its subject: they never decide what answers.
_FRAME = frozenset(
    """a about above after again all also am an and any anything are as at be been being both but by can
    could did do does doing don't each either else ever for from get gets getting go goes going got had
    has have having he her here hers him his she she's how i i'd i'll i'm i've if in into is it it's its just kind
    know let like likely look looks looking lot lots me mean more most much my myself no nor not of
    off on once only or other our out over own please pretty probably quite rather really say so some
    something sort such tell than that that's the their them then there there's these they thing things
    think this those though to too um uh very want wanted was way we were what what's whats when where
    which while who whom whose why will with would wondering wonder curious you you're your yours yourself
    describe explain typical typically usually generally general actually basically honestly sorry question
    questions ask asking maybe also still even every talk talking share give walk through well okay ok many
    possible able thought thoughts wondered ordinary average regular usual
    nah nope yep yup lol lmao tbh idk rn imo ngl fr btw omg happen happens happened
    so yeah hi hey thanks thank wanna gonna kinda anyone someone people person guess feel manage managing handle
    handling deal dealing cope coping juggle end ends up everyone everybody says said hear heard should shall guys
    might must may completely totally super extremely absolutely literally incredibly insanely""".split()
)

# A question naming nothing but its topic is told the topic's story from its start, unless it
# matches one passage's ways of asking at least this closely, what it asks (why, who...) included:
# "why banking in the first place?" is the passage students ask "Why did you go into banking?" for.
ASKED_LEADS = 0.7

# Groups of words that answer for one another. Kept small and general: ways students and
# professionals name the same thing.
_SYNONYM_GROUPS = (
    "hour hours time week weekend overtime schedule night evening late early shift",
    "pay paid earn salary salaries make money compensation income wage range start raise",
    "debt debts loan loans owe owing owed",
    "degree license licence certification certificate credential major diploma qualification",
    "school college university studied study major undergrad graduate program",
    "remote hybrid home office commute in-person onsite",
    "team colleague coworker co-worker staff group peer",
    "boss manager supervisor director lead senior",
    "hire hiring hired recruit recruiting applicant candidate interview apply application applied offer opening",
    "stress stressful pressure burnout burn tired exhausting overwhelmed",
    "travel trip trips visit visits road",
    "hard hardest difficult challenge challenging tough tougher toughest frustrating worst bad",
    "like love enjoy favorite favourite best rewarding satisfying proud meaningful",
    "start started began begin first entry entry-level junior",
    "finish end leave wrap",
    "intern internship internships",
    "mentor mentored advisor adviser",
    "grow growth future trend outlook heading change changing shift",
    "advice tip recommend suggestion",
    "owner own owns owned run runs founder",
    "tool software program programs app language languages stack framework platform",
    "market demand shortage competitive opening openings scarce",
    "cs computer compsci",
    "doctorate doctor doctoral phd",
    "client customer patient student borrower participant trainee learner member visitor user",
    "long year years month months",
    "mistake fail failure wrong regret mess screw",
    "surprise surprised surprising unexpected expect expected shock shocked guard",
    "write writing memo report notes documentation",
    "meeting meetings call calls standup",
    "learn learned learning taught teach training train",
    "weekend saturday sunday",
    "vacation leave pto break",
    "decide decision choose chose",
    "paper newspaper newsroom outlet publication daily weekly",
    "class classes section sections period periods course",
)

_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred|thousand|million|half|dozen|a few|several|most|percent)\b",
    re.I,
)
_CLOCK = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}(?::\d\d)?)(?:-\w+)? (?:to|until|till) "
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}(?::\d\d)?)\b|\b\d{1,2}(?::\d\d)?\s?(?:a\.?m\.?|p\.?m\.?)"
    r"|\b\d{1,2}:\d\d\b|\b(?:noon|midnight|o'clock)\b|\b(?:at|by|until|till) (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\b",
    re.I,
)
_TIME = re.compile(
    r"\b(?:19|20)\d\d\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}(?::\d\d)?)(?:-\w+)? "
    r"(?:to|until|till) (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2}(?::\d\d)?)\b|\b\d{1,2}(?::\d\d)?\s?(?:a\.?m\.?|p\.?m\.?)|\b\d{1,2}:\d\d\b|\b(?:noon|midnight|morning|evening|o'clock)\b|\b(?:years?|months?|weeks?|after|before|since|when|then|ago|junior|senior|sophomore|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|spring|summer|fall|"
    r"autumn|winter)\b",
    re.I,
)
_DURATION = re.compile(
    r"\b(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"sixty|a few|several|half an?|nine-month|six-month|\w+-(?:week|month|year|hour|day))[ -](?:minutes?|hours?|days?|"
    r"weeks?|months?|years?|semesters?|quarters?)\b|\b\w+-(?:week|month|year|hour|day)\b",
    re.I,
)
_ROLE = re.compile(
    r"\b(?:officers?|managers?|directors?|committees?|boss|supervisors?|principals?|owners?|founders?|editors?|"
    r"chairs?|board|partners?|leads?|vp|ceo|head of|coordinators?|mentors?)\b",
    re.I,
)
# "Is there anyone else you think I should talk to?": the answer is someone (a person or a role).
_WANTS_SOMEONE = re.compile(
    r"\b(?:anyone|anybody|someone|somebody|people|person|others?)(?: else)?\b.{0,40}?\b(?:talk|speak|reach out|contact|meet|connect|chat|"
    r"recommend|suggest|introduce|get in touch)"
    # "Was there one person who sped up your learning?", "is there someone you look up to?": a person, by name.
    r"|^(?:was|is|were|are) there (?:one|a|any|some)? ?(?:person|people|mentor|someone|anyone|somebody|anybody|colleague|boss|manager)\b"
)
# Someone to talk to, as a file says it: "talk to someone in curatorial", "I can introduce you to our coordinator".
_SOMEONE = re.compile(
    r"\b(?:talk|speak|reach out|chat) (?:to|with) (?:someone|somebody|a friend|people|an? [a-z]+ (?:at|in|from))|\bintroduce you\b|\bconnect you\b|"
    r"\bput you in touch\b|\b(?:a|my) (?:friend|colleague|former colleague|classmate) (?:who|from|at)\b",
    re.I,
)
_SETTLES = re.compile(r"\b(?:not|no|never|don't|doesn't|isn't|aren't|wasn't|didn't|yes|required|need|needs|must|only|always|usually|rarely)\b", re.I)
# A passage of advice starts with what to do; a question asks for it with "should I", "how do I"...
_IMPERATIVE = re.compile(
    r"^(?:don't|do|take|get|apply|read|follow|find|talk|learn|start|join|email|use|ask|be|go|try|look|write|keep|make|build|"
    r"spend|volunteer|think|compare|work as|pick|choose|save|practice|study|reach|say|bring|watch|shadow|sign up|call"
    # Advice said to the student: "You should also talk to someone at a foundation", "I'd recommend..."
    r"|you should|you'll want to|you need to|you have to|i'd recommend|i would recommend|i'd suggest|my advice)\b",
    re.I,
)
_WANTS_ADVICE = re.compile(
    r"\b(?:should i|should someone|how (?:do|can|should|would) (?:i|someone|a student)|what (?:would|do) you (?:recommend|suggest|tell)|"
    r"advice|tips?|what can i|what should|where (?:do|should|can) i|who (?:else )?should i|who (?:do|would) you (?:recommend|suggest))\b",
    re.I,
)
_ABOUT_YOU = re.compile(r"\b(?:you|your|yours|yourself)\b", re.I)
_OWN = re.compile(r"\b(?:i|i'm|i've|i'd|me|my|we|we're|our|us)\b", re.I)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")


# Irregular past forms meet their verb: "What did you teach?" and "I taught band for six years".
_IRREGULAR = {
    "taught": "teach", "thought": "think", "bought": "buy", "brought": "bring", "caught": "catch", "fought": "fight",
    "sought": "seek", "went": "go", "gone": "go", "made": "make", "got": "get", "gotten": "get",
    "felt": "feel", "met": "meet", "ran": "run", "began": "begin", "begun": "begin", "grew": "grow",
    "grown": "grow", "knew": "know", "known": "know", "took": "take", "taken": "take", "gave": "give", "given": "give",
    "wrote": "write", "written": "write", "spent": "spend", "built": "build", "sent": "send", "chose": "choose",
    "chosen": "choose", "found": "find", "told": "tell", "heard": "hear", "held": "hold", "lost": "lose", "sold": "sell",
    "understood": "understand", "became": "become", "came": "come", "saw": "see", "seen": "see", "won": "win",
    "hurt": "hurt", "quit": "quit", "drove": "drive", "driven": "drive", "flew": "fly", "flown": "fly", "spoke": "speak",
    "spoken": "speak", "stood": "stand", "led": "lead", "meant": "mean", "slept": "sleep",
}


@lru_cache(maxsize=1 << 16)  # the same few thousand words, over and over
def stem(word: str) -> str:
    """A light suffix stripper: enough that 'analysts', 'earned' and 'weekends' meet 'analyst', 'earn', 'weekend'."""
    word = word.strip("'").removesuffix("'s")
    if word in _IRREGULAR:
        return _stem(_IRREGULAR[word])
    return _stem(word)


def _stem(word: str) -> str:
    if len(word) <= 3:
        return word
    if len(word) >= 6 and word.endswith("ers") and not word.endswith("eers"):
        word = word[:-1]  # "teachers" -> "teacher", then -> "teach" below
    if len(word) >= 6 and word.endswith("er") and not word.endswith("eer"):
        word = word[:-2]  # "teacher", "manager", "writer": the doer meets the doing
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "es" and not word.endswith(("ches", "shes", "sses", "xes")):
                word = word[:-1]  # "salaries" took 'ies'; "licenses" -> "license"
            elif suffix == "s" and word.endswith(("ss", "us", "is")):
                pass
            else:
                word = word[: -len(suffix)] + repl
            break
    # "frustration" meets "frustrating", "connection" meets "connect".
    if len(word) >= 8 and word.endswith(("ation", "ction")):
        word = word[:-3]
    # A final e goes too, so that "grade", "grading" and "graded" meet.
    return word[:-1] if word.endswith("e") and len(word) > 4 else word


# Words that only name a topic, or the shape of an account: a question made of nothing else asks
# for that topic's story.
_GENERIC = frozenset(stem(w) for w in (
    "day days week weeks month typical normal average usual regular job work working role career path field "
    "industry sector profession organization company culture part thing start started starting begin advice tip "
    "tips future background story journey experience life place environment wish told tell known knew"
).split())

_WORD = re.compile(r"[a-z0-9$][a-z0-9$'-]*")
_SURFACE = re.compile(r"[a-z][a-z'-]+")
_EXAMPLE = re.compile(r"\b([a-z'-]+(?: [a-z'-]+){0,2}) (?:like|such as|including|e\.g\.?) ([a-z'-]+(?: (?:or|and) [a-z'-]+)?)")
_NAMES_A_THING = re.compile(
    # "Have you ever gone to the NAWDP conference?": what one goes to, attends or joins, after its article.
    r"\b(?:been to|go to|went to|gone to|attend|attended|visit|visited|join|joined|use|used|using|tried) (?:the|a|an) ([a-z][a-z0-9'-]*)"
    r"|\b(?:use|uses|using|used|like|about|for|with|at|or|and|test|tests|tested|testing|try|tried|learn|learned|learning|know|"
    r"including|into|from|via|than|(?<!kind )(?<!sort )of|been to|go to|went to|gone to|attend|attended|visit|visited|read|watch|watched|"
    r"join|joined|listen to) ([a-z][a-z0-9'-]*)"
    # What one keeps something on, or is given: "keep your code on github", "get bloomberg terminals".
    r"|\b(?:on|get|gets|got|given) (?:a |an |the |your |their )?([a-z][a-z0-9'-]*)"
)
_PLACE_TO = re.compile(r"\b(?:been|go|went|gone|going|get|got) to ([a-z][a-z0-9'-]*)")  # "been to PyCon": a place, not a verb
_AS_VERB = re.compile(r"\b(?:to|i|you|we|they|can|could|would|should|will|must|might|don't|didn't|doesn't|just|really|usually) ([a-z'-]+)\b")
_HOW_MANY = re.compile(r"\bhow many ((?:[a-z'-]+ ){0,2}?[a-z'-]+)")
_UNITS_OF = re.compile(
    r"\bhow many (?:days|weeks|months|years|hours|minutes|nights|weekends) of ((?:[a-z'-]+ ){0,2}?[a-z'-]+)"
    r"(?= (?:do|does|did|is|are|was|were|would|will|can|should|have|has|you|they|a|per|each|every|in)\b|\s*[?.!]|$)"
)
_COUNT_TOKEN = re.compile(r"[a-z0-9$][a-z0-9$,.'-]*[a-z0-9]|[a-z0-9]")
# A count: digits (not money), a number word, or a rough one ("a few", "several", "dozens").
_COUNT = re.compile(
    r"^(?:\d[\d,.]*|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|hundreds?|thousands?|"
    r"dozens?|few|several|half)$"
)


_INTENTS = (
    ("?why", re.compile(r"\b(?:why|what made you|what got you|reason)\b")),
    ("?how-many", re.compile(r"\bhow (?:many|big|large|small)\b")),
    ("?how-much", re.compile(r"\bhow much\b")),
    ("?how-long", re.compile(r"\bhow (?:long|often|soon|fast|quickly)\b")),
    ("?how", re.compile(r"\bhow (?:do|does|did|can|could|should|would|is|are|was)\b")),
    ("?who", re.compile(r"\bwho\b")),
    ("?where", re.compile(r"\bwhere\b")),
    ("?when", re.compile(r"\bwhen (?:do|does|did|is|are|was|will|should)\b")),
    ("?what", re.compile(r"\bwhat\b")),
    ("?yes-no", re.compile(r"^(?:\W*\w+\W+){0,2}?(?:do|does|did|is|are|was|were|can|could|have|has|would|will|should)\b")),
)


def intents(text: str) -> frozenset[str]:
    """What a question asks for (why, how many, who...), as features for matching ways of asking."""
    low = text.lower()
    return frozenset(name for name, pattern in _INTENTS if pattern.search(low))


# Idioms whose words say nothing of the subject: "how did you end up in teaching in the first place?"
# asks nothing about places.
_IDIOMS = re.compile(
    r"\b(?:in the first place|at the end of the day|at the moment|these days|for a living|in general|at all|of course|"
    r"for sure|by the way|so far|in a way|to be fair|to be honest|first of all|all the time|most of the time|on the side)\b"
    # "What time does your standup start?": the time is what is asked (an intent), not its subject.
    r"|\bwhat time\b"
    # A tag asking for confirmation: "you got hurt dancing, is that right?"
    r"|\b(?:is|was|isn't|wasn't) (?:that|it) (?:right|true|correct|so)\b|,\s*(?:right|correct|true)\s*(?=[?.!]|$)"
    # Where the student heard it: "I read somewhere that you got hurt dancing", "random question but".
    r"|\bi (?:read|heard|saw)(?: (?:somewhere|online|on (?:linkedin|reddit|twitter|tiktok|the website|your (?:website|profile|bio|page))))?(?: that)?(?= (?:you|u|your|ur)\b)"
    r"|\bi (?:read|heard|saw) (?:somewhere|online)\b|^(?:ok |okay )?(?:so )?random(?: question| q)?(?:,? but)?\b"
    # "what tools should I learn if I want to get into UX research?": the student's aim, not what is asked.
    r"|\bif (?:i|you|someone|one) (?:really )?(?:want|wants|wanted|plan|plans|hope|hopes|decide|decides) to (?:get|go|break|move|switch) (?:into|in)\b(?: [a-z-]+){0,3}"
)


# How they came into a field: "how did you get into workforce development?", "how you ended up in nursing".
_INTO_FIELD = re.compile(r"\bhow (?:did |do )?you (?:first )?(?:get|got|go|went|break|broke|end up|ended up|wind up|wound up) (?:into|in) "
                         r"(?P<field>(?:[a-z'-]+ ?){1,3}?)\s*(?:[?.!,]|$| in the first place| as a| after| when| because)")


def terms(text: str) -> list[str]:
    """The stemmed subject words of a text, in order, repeats kept (frame words and idioms dropped)."""
    out = []
    for w in _WORD.findall(_IDIOMS.sub(" ", text.lower().replace("’", "'"))):
        # "Sacramento-area", "entry-level": the parts count as well as the whole, which is written joined
        # ("write-ups" meets a student's "writeups").
        for part in ([w.replace("-", ""), *w.split("-")] if "-" in w.strip("-") else [w]):
            if part not in _FRAME and len(part) > 1:
                out.append(stem(part))
    return out


# Phrases that ask for a word they do not say: "how did you get your first teaching job?" asks how
# they were hired (their own story; "is it hard to land a position?" asks about the market).
_IMPLIED = (
    (re.compile(r"\b(?:how|when|where) (?:did|do|would) you (?:actually |first |end up )?(?:get|land|find|score|go about getting|go about landing)"
                r"(?: your| a| the| that)?(?: first| first real| current)?(?: [a-z-]+)?(?: job| position| role| gig| offer)s?\b"), "hired"),
    # "do you go out on the lakes a lot?": out in the field, which is where the work is done.
    (re.compile(r"\b(?:go|goes|going|went|get|gets|getting|head|heads) out (?:on|to|into|onto) (?:the |a |job |work )?(?!of\b)[a-z]"), "field"),
    # "Has Tallyroot had to let anyone go?": layoffs.
    (re.compile(r"\b(?:let|lets|letting) (?:anyone|anybody|people|someone|somebody|folks|staff|employees|workers|(?:a lot of|many|some) people) go\b"
                r"|\b(?:lay|lays|laid|laying) (?:anyone |anybody |people |staff |folks |someone |employees )?off\b"), "layoffs"),
)
# Getting by asks what it paid ("was that hard to live on?", "how did you cover rent?"): the idiom's own
# words ("ends", "meet") say nothing of it, and are read as "pay".
_GETTING_BY = re.compile(r"\b(?:live on|living on|get by|getting by|make ends meet|pay (?:the |your )?(?:bills|rent)|cover (?:the |your )?(?:bills|rent)|afford (?:rent|to live))\b")
# The idioms whose words name nothing ("ends", "meet"): read, by the ranking and the encoder alike, as paying the bills.
_IDIOM_OF_PAY = re.compile(r"\b(?:make|making|made) ends meet\b|\b(?:live|living|lived) on\b|\b(?:get|getting|got) by\b")


def implied_terms(text: str) -> list[str]:
    """The stemmed words a question asks for without saying them (see _IMPLIED, _GETTING_BY)."""
    low = text.lower()
    return [stem(word) for pattern, word in _IMPLIED if pattern.search(low)] + (["pay"] if _GETTING_BY.search(low) else [])


def asked_terms(text: str) -> list[str]:
    """The question's terms as the ranking reads them: its own words (an idiom's read as what it means) and what it implies."""
    return _unique(terms(_HEARSAY.sub(" ", _IDIOM_OF_PAY.sub(" ", text.lower()))) + implied_terms(text))


# Who told the student what they ask about: "my aunt keeps saying...", "my roommate says I'd need...".
# Said by the student, it is where the claim comes from, not what is asked (passages keep their mentors).
_HEARSAY = re.compile(
    r"\b(?:my|a|an|one of my) [a-z'-]+(?:'s [a-z'-]+)? (?:keeps? saying|keeps? telling me|says|said|told me|tells me|thinks|swears|claims)(?: that)?\b"
    r"|\b(?:people|everyone|everybody|someone|they|she|he) (?:keep saying|keeps saying|say|says|said|told me|tell me)(?: that)?\b"
)


def implied_words(text: str) -> set[str]:
    """What a question asks for without saying it, with the words that say the same ("was that hard to live on?": pay, paid...)."""
    implied = implied_terms(text)
    return set(implied).union(*(_SYNONYMS.get(t, frozenset()) for t in implied))


_SYNONYMS: dict[str, frozenset[str]] = {}
for _group in _SYNONYM_GROUPS:
    _stems = frozenset(stem(w) for w in _group.split())
    for _s in _stems:
        _SYNONYMS[_s] = _SYNONYMS.get(_s, frozenset()) | (_stems - {_s})


@dataclass(frozen=True)
class Passage:
    """One fact of a persona file, by its stable id ("facts.lifestyle.0")."""

    id: str
    topic: str
    index: int
    text: str


@dataclass(frozen=True)
class Ranked:
    passage: Passage
    score: float
    coverage: float  # share of the question's word weight this passage holds
    meaning: float = 0.0  # closeness in meaning to the question (cosine; 0 without the sentence encoder)


class PassageIndex:
    """Every fact passage of one persona, indexed for BM25."""

    def __init__(self, persona: Persona) -> None:
        self.passages: list[Passage] = [
            Passage(f"facts.{topic}.{i}", topic, i, text) for topic, texts in persona.facts.items() for i, text in enumerate(texts)
        ]
        self._tf = [Counter(terms(p.text) + _calendar_terms(p.text)) for p in self.passages]
        # The ways of asking for each passage that the file gives (`asked:`), as sets of stemmed words.
        asked_words = [[frozenset(terms(q)) | intents(q) for q in persona.asked.get(p.id, ())] for p in self.passages]
        # What each passage means, and each of its ways of asking (None without the sentence encoder).
        said = [(n, text) for n, p in enumerate(self.passages) for text in (p.text, *persona.asked.get(p.id, ()))]
        self._meant_by = [n for n, _ in said]
        self._meanings = semantic.passage_vectors([text for _, text in said]) if said else None
        # Every word the file uses, for telling whether a question names something it never mentions.
        spoken_words = " ".join([text for _, text in said] + [persona.name, persona.title, persona.organization, persona.industry, persona.location, persona.summary])
        self._words = sorted({w for w in _SURFACE.findall(spoken_words.lower()) if w not in _FRAME and len(w) > 2})
        self._word_stems = frozenset(stem(w) for w in self._words)
        # With the insights, boundaries and bio too: a name the file says anywhere is not unknown to it.
        everything = " ".join([spoken_words, persona.greeting, persona.backstory, *(i.text for i in persona.insights), *(b.reply for b in persona.boundaries)])
        self._word_set = frozenset(_SURFACE.findall(everything.lower()))
        self._word_meanings = semantic.passage_vectors(self._words) if self._meanings is not None and self._words else None
        # Each passage's words (its text and its ways of asking), as stems and as rows of `_word_meanings`,
        # for telling whether it speaks of the thing a question asks for (`holds_focus`).
        row_of = {w: n for n, w in enumerate(self._words)}
        self._held_stems = [frozenset(tf).union(*asked) for tf, asked in zip(self._tf, asked_words, strict=True)]
        self._held_rows = []
        for p in self.passages:
            said_here = " ".join((p.text, *persona.asked.get(p.id, ()))).lower()
            self._held_rows.append(sorted({row_of[w] for w in _SURFACE.findall(said_here) if w in row_of}))
        self._position = {p.id: n for n, p in enumerate(self.passages)}
        self._unfamiliar_memo: dict[str, list[str]] = {}
        self._closeness_memo: dict[str, tuple[Any, list[float]]] = {}
        self._len = [sum(tf.values()) for tf in self._tf]
        self._avg = sum(self._len) / len(self._len) if self._len else 1.0
        df: Counter[str] = Counter()
        for tf in self._tf:
            df.update(tf.keys())
        n = len(self.passages)
        self._df = df
        self._idf = {t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in df.items()}
        # A word only the ways of asking use ("appointment" where the file says "visit") is weighed by
        # how many passages are asked for with it.
        asked_df: Counter[str] = Counter()
        for asked in asked_words:
            asked_df.update(frozenset().union(*asked) - df.keys())
        self._idf.update({t: math.log(1 + (n - d + 0.5) / (d + 0.5)) for t, d in asked_df.items()})
        # A word the file never uses counts as an ordinary word of it: students say "normal week"
        # where the file says "typical", and one strange word should not hide a good answer.
        self._unseen_idf = sum(self._idf.values()) / len(self._idf) if self._idf else 1.0
        # Each way of asking with the weight of its words, summed once here rather than per question.
        self._asked = [[(words, sum(self._intent_or_idf(t) for t in words)) for words in asked] for asked in asked_words]
        self.proper_nouns = _proper_nouns(persona)
        # The words of the persona's own title, field and organization ("teacher", "credit analyst"): in "How did you get into
        # teaching?" they name the persona's work as a whole, not a particular subject.
        # Their initials too: "PT" for a physical therapist, "UX" for user experience.
        named = [chunk.split() for chunk in re.split(r"[,;/()]", f"{persona.title},{persona.industry}") if chunk.strip()]
        spelled = {"".join(w[0] for w in words).lower(): " ".join(words).lower() for words in named if 2 <= len(words) <= 4}
        initials = set(spelled)
        # The name of their organization too: "how big is the staff at Alamo Pathways?" asks about the staff.
        self.own_words = frozenset(terms(" ".join((persona.title, persona.industry, persona.organization)))) | initials
        # For meaning, the initials spelled out: "is being a PT tiring?" is about being a physical
        # therapist, which the encoder reads better than two letters.
        self._spell_out = re.compile(r"\b(" + "|".join(map(re.escape, sorted(spelled, key=len, reverse=True))) + r")\b", re.I) if spelled else None
        self._spelled = spelled
        # "How big is the staff at Alamo Pathways?" means the staff of their organization; by its name, the
        # encoder finds the passage that names it ("I came to Alamo Pathways as a coordinator").
        self._own_name = _name_pattern(persona.organization)
        # "What surprised you most about being a PT?": being what they are is the job as a whole. Said
        # as "doing this job", the encoder does not pull it to the passage that names the title ("My PT
        # explained exactly why my foot broke", their career story).
        self._being_one = _being_pattern(persona.title)

    def passage(self, pid: str) -> Passage | None:
        """The passage of that id, if the file has one."""
        n = self._position.get(pid)
        return None if n is None else self.passages[n]

    def idf(self, term: str) -> float:
        return self._idf.get(term, self._unseen_idf)

    def common(self, term: str) -> bool:
        """Whether the file uses a word all over (in three passages or more): 'job', 'patients'."""
        return self._df.get(term, 0) >= 3

    def rank(self, question: str, *, topic: str | None = None, kind: AnswerKind = "open",
             spoken: Iterable[str] = (), synonyms: bool = True, context: str = "", story: bool = True,
             named: bool = True) -> list[Ranked]:
        """Passages by how well they answer `question`, best first (those sharing nothing and off-topic left out).

        `context` is what the student said around the question ("I've been reading about the bank
        failures. Did that change anything for you?"): its meaning counts for what "that" points to.
        `story` False: one part of several questions, answered briefly by its best passage rather
        than from the start of its topic's story. `named` False: the topic is the topic model's
        reading, not named by the question's cue words, so those words weigh as much as any.
        """
        wanted = asked_terms(question)
        cue_words = _topic_cue_words(topic) if named else frozenset()
        weights = {t: self.idf(t) * (CUE_WEIGHT if t in cue_words else 1.0) for t in wanted}
        total = sum(weights.values()) or 1.0
        spoken_ids = set(spoken)
        # For matching the file's ways of asking: the question's words and what it asks (why, how long...).
        asking = {**weights, **{t: INTENT_WEIGHT * self._unseen_idf for t in intents(question)}}
        about_you = bool(_ABOUT_YOU.search(question))
        # Who else to talk to is answered in advice's words too: "You should talk to someone at a foundation".
        wants_advice = topic in ("advice", "network") or bool(_WANTS_ADVICE.search(question))
        # "How did you get into workforce development?": the field they got into names their work as a whole,
        # as their title does; asking nothing else, the career story answers, not the passage on the field's trends.
        into = _INTO_FIELD.search(question.lower()) if topic == "career_path" else None
        own = self.own_words | frozenset(terms(into["field"])) if into else self.own_words
        if topic and (not wanted or (kind == "open" and all(t in _GENERIC or t in own for t in wanted))) and any(
            p.topic == topic for p in self.passages
        ):
            # The question names nothing but its topic ("What's a typical day like?", "How did you get
            # started?"): the topic's story answers, told in the file's order, what was said last.
            # A passage the file says students ask for this way ("Why did you go into banking?") leads it.
            on_topic = [p for p in self.passages if p.topic == topic]
            shares = {p.id: self._asked_share(asking, asked) for p, asked in zip(self.passages, self._asked, strict=True) if p.topic == topic}
            on_topic.sort(key=lambda p: (p.id in spoken_ids, bool(_GOES_ON.match(p.text)), shares[p.id] < ASKED_LEADS))
            return [Ranked(p, 1.0 / (1 + n), 1.0) for n, p in enumerate(on_topic)]
        ranked: list[Ranked] = []
        scored: list[tuple[Passage, float, float, float, float]] = []
        # Meaning needs something to mean: "Hi!" or "And?" is matched by nothing.
        # Everything this turn will encode goes in one pass (the pass costs about the same for one text
        # or five): the question, with its context, and its unfamiliar words, for `strange_words`.
        unfamiliar = [*self._unfamiliar(question), *focus_words(question, self.own_words)] if wanted and self._word_meanings is not None else []
        if wanted and context.strip():
            # The question in its message: the message itself when it holds the question (it usually does).
            around = context.strip() if question.lower() in context.lower() else f"{context.strip()} {question}"
            semantic.question_vectors([self.spelled_out(question), self.spelled_out(around), *unfamiliar])
            closeness = [(1 - CONTEXT_MIX) * a + CONTEXT_MIX * b for a, b in zip(self.closeness(question), self.closeness(around), strict=True)]
        else:
            if unfamiliar:
                semantic.question_vectors([self.spelled_out(question), *unfamiliar])
            closeness = self.closeness(question) if wanted else [0.0] * len(self.passages)
        relative = _spreads_above_mean(closeness)
        for p, tf, length, asked, close, above in zip(self.passages, self._tf, self._len, self._asked, closeness, relative, strict=True):
            score = 0.0
            found = 0.0
            norm = K1 * (1 - B + B * length / self._avg)
            for t in wanted:
                direct = tf.get(t, 0)
                if direct:
                    # The persona's own job ("a PT", "teaching") says nothing of which passage answers:
                    # it counts less in the score, but fully in how much of the question a passage holds.
                    score += weights[t] * (OWN_WORD_WEIGHT if t in self.own_words else 1.0) * direct * (K1 + 1) / (direct + norm)
                    found += weights[t]
                    continue
                count = max((tf.get(s, 0) for s in _SYNONYMS.get(t, ())), default=0) if synonyms else 0
                if count:
                    # Weighed as the question's own word: a rare synonym ("weekend") is no better a match
                    # for "week" than "week" itself.
                    score += SYNONYM_WEIGHT * weights[t] * count * (K1 + 1) / (count + norm)
                    found += SYNONYM_WEIGHT * weights[t]
            asked_share = self._asked_share(asking, asked)
            if asked_share:
                # Asked the way the file says students ask for it: as good as the passage's own words.
                score += ASKED_WEIGHT * asked_share * total
                found = max(found, asked_share * total)
            if topic and p.topic == topic:
                score = score * TOPIC_BOOST + TOPIC_FLOOR
                if kind == "open" and story:
                    score *= 1 + STORY_PRIOR / (1 + p.index)  # advisors tell a topic's story from its start
            if score <= 0 and above <= MEANING_FLOOR:
                continue
            if holds(kind, p.text, self.proper_nouns):
                score *= KIND_BOOST
            if about_you and _OWN.search(p.text):
                score *= OWN_BOOST
            if _IMPERATIVE.match(p.text):
                # Advice ("Take financial accounting...") answers a question asking what to do, not what it is like.
                score *= ADVICE_FIT if wants_advice else 1 / ADVICE_FIT
            scored.append((p, score, found / total, close, above))
        # The word match, against the best word match, plus the closeness in meaning: counted in spreads
        # above the file's average for this question, since a whole file on one field sits near any
        # question about it ("appointment" finds "forty-five-minute visits" this way).
        best_words = max((score for _, score, _, _, _ in scored), default=0.0) or 1.0
        for p, score, coverage, close, above in scored:
            final = score / best_words + MEANING_WEIGHT * max(0.0, above - MEANING_FLOOR)
            if p.id in spoken_ids:
                final *= SPOKEN_WEIGHT
            ranked.append(Ranked(p, final, coverage, max(close, 0.0)))
        ranked.sort(key=lambda r: (-r.score, r.passage.id in spoken_ids))  # stable: ties keep the file's order
        if self._meanings is None and kind == "open" and topic and strongly_about(question.lower(), topic) and any(r.passage.topic == topic for r in ranked):
            # Matching words alone, an open question that plainly names its topic asks for that topic's
            # story ("How did you get into workforce development?" is the career story, whatever the file
            # says about workforce development elsewhere): the topic's passages come first. The sentence
            # encoder tells a career story from a trend without this rule.
            ranked = [r for r in ranked if r.passage.topic == topic] + [r for r in ranked if r.passage.topic != topic]
        # Never lead with a passage already spoken while an unused one answers as well.
        need = min(ranked[0].coverage, ANSWERABLE_SHARE) if ranked else 1.0
        fresh = [r for r in ranked if r.passage.id not in spoken_ids and r.coverage >= need and r.coverage > 0]
        if ranked and ranked[0].passage.id in spoken_ids and fresh:
            ranked.remove(fresh[0])
            ranked.insert(0, fresh[0])
        return ranked

    def strange_words(self, question: str) -> tuple[str, ...]:
        """The question's words that name something the file never mentions, nor anything like it.

        "Do you use Docker?" asks about Docker; a file that never says it, nor anything near it in
        meaning, cannot answer, however close the rest of the question is. Everyday words ("bunch",
        "stuff"), one-letter typos of a known word ("apointment") and words the file uses (or
        their synonyms) are never strange. Needs the sentence encoder; without it, none are.
        """
        if self._word_meanings is None:
            return ()
        candidates = self._unfamiliar(question)
        if not candidates:
            return ()
        found = semantic.word_vectors(candidates)
        if found is None:
            return ()
        nearest = (found @ self._word_meanings.T).max(axis=1)
        far = [w for w, near in zip(candidates, nearest.tolist(), strict=True) if near < WORD_FLOOR]
        # A thing is named where things are named: after "use", "like", "about", "for", in a list ("Docker or
        # Kubernetes"). Elsewhere a word the file lacks is the student's own way of talking ("is that overkill",
        # "kind of a scam", "ramen forever"), which asks nothing the file cannot answer.
        named = {m.group(1) or m.group(2) or m.group(3) for m in _NAMES_A_THING.finditer(question.lower())}
        return tuple(w for w in far if w in named)

    def unknown_names(self, question: str, names: Iterable[str]) -> tuple[str, ...]:
        """Of the student's capitalised names (lower case), those the question says and the file never does."""
        said = set(_SURFACE.findall(question.lower())) - self._examples(question) - set(self._spelled)  # "PT": their own title
        return tuple(n for n in names if n in said and n not in self._word_set and stem(n) not in self._word_stems
                     and _SHORTENED.get(n) not in self._word_set)  # "AP Gov": Government

    def _examples(self, question: str) -> set[str]:
        """Words given as examples of something the file speaks of ("AI stuff like Copilot"): not strange."""
        return {
            w for m in _EXAMPLE.finditer(question.lower())
            # "VS Code or something like Vim" offers a choice, not an example of code.
            if not {"or", "something", "anything"} & set(m.group(1).split())
            and any(stem(k) in self._word_stems for k in m.group(1).split() if k not in _FRAME)
            for w in m.group(2).split()
        }

    def _unfamiliar(self, question: str) -> list[str]:
        """The question's words that neither the file nor everyday English knows (strange if far in meaning too)."""
        held = self._unfamiliar_memo.get(question)
        if held is not None:
            return held
        candidates = []
        examples = self._examples(question)
        low = question.lower()
        # A word said as a verb ("things you have to scramble to fix", "is that overkill") names no thing.
        verbs = {m.group(1) for m in _AS_VERB.finditer(low)} - {m.group(1) for m in _PLACE_TO.finditer(low)}
        for word in dict.fromkeys(_SURFACE.findall(low)):
            if word in _FRAME or len(word) < 3 or word in examples or word in verbs:
                continue
            root = stem(word)
            if root in self._word_stems or _SYNONYMS.get(root, frozenset()) & self._word_stems or semantic.common_word(word):
                continue
            if len(word) >= 5 and any(stem(e) in self._word_stems or semantic.common_word(e) for e in _one_edit(word)):
                continue  # a typo of a word the file or everyday English knows
            candidates.append(word)
        if len(self._unfamiliar_memo) >= 256:
            self._unfamiliar_memo.clear()
        self._unfamiliar_memo[question] = candidates
        return candidates

    def counts_what_is_asked(self, question: str, passage: Passage) -> bool:
        """For "how many X?": whether the passage gives a number of X (or of something close to X).

        "How many analysts are on your team?" is not answered by "Entry-level credit analysts start
        around $70,000": the file has analysts and numbers, but no count of analysts. Other
        questions, and every question without the sentence encoder, pass.
        """
        asked = _HOW_MANY.search(question.lower())
        if asked is None or self._word_meanings is None:
            return True
        counted = asked.group(1).split()
        nouns = [w for w in counted if w not in _FRAME] or counted[:1]  # "how many people": people, frame word or not
        noun = nouns[-1]
        unit = _UNITS_OF.search(question.lower())
        if unit is not None:
            # "How many weeks of paid vacation...?": a count of vacation, in weeks.
            named = [w for w in unit.group(1).split() if w not in _FRAME and stem(w) not in _MEASURES]
            noun = named[-1] if named else noun
        root = stem(noun)
        words = _COUNT_TOKEN.findall(passage.text.lower())
        near: list[str] = []
        wanted = {root} | _SYNONYMS.get(root, frozenset())
        if root == "day" and _DAY_SPAN.search(passage.text):
            return True  # "how many days a week are you in the office?": "in the office Tuesday through Thursday"
        if _PER_PERIOD.search(question.lower()) and _TIMES_PER.search(passage.text.lower()) and wanted & {stem(w) for w in words}:
            return True  # "how many public meetings do you do in a year?": "Public meetings come up maybe four times a year."
        if root in _PEOPLE:
            wanted |= _PEOPLE  # "how many people work there?": "a staff of twenty-two"
        for i, word in enumerate(words):
            if not _COUNT.match(word):
                continue
            if any(w.endswith("ed") and stem(w) in wanted for w in words[max(0, i - COUNT_WINDOW) : i]):
                return True  # "how many applications did you send?": "applied to about 140 jobs" (done that many times)
            # "a staff of twenty-two, so...": what is counted may come before the count, when no noun follows it
            # ("a group of seven clinics" counts clinics).
            after = words[i + 1] if i + 1 < len(words) else ""
            counted_before = [words[i - 2]] if i >= 2 and words[i - 1] == "of" and words[i - 2] not in _FRAME and (not after or after in _FRAME) else []
            for follower in [*counted_before, *words[i + 1 : i + 1 + COUNT_WINDOW]]:
                if stem(follower) in wanted:
                    return True
                if root in _TIME_UNITS and stem(follower) in _TIME_UNITS:
                    continue  # "how many days a week?": "forty-eight hours" is close in meaning, but no count of days
                if len(follower) > 2 and follower not in _FRAME:
                    near.append(follower)
        if not near:
            return False
        found = semantic.word_vectors(list(dict.fromkeys([noun, *near])))
        if found is None:
            return True
        return bool((found[1:] @ found[0]).max() >= WORD_FLOOR)

    def spelled_out(self, text: str) -> str:
        """`text` as the encoder should read it: the persona's title initials written out ("PT" ->
        "physical therapist"), their organization's name said as "your organization", and getting by
        ("make ends meet", "live on") said as paying the bills."""
        text = _IDIOM_OF_PAY.sub("pay the bills", text)
        if self._spell_out is not None:
            text = self._spell_out.sub(lambda m: self._spelled[m.group(1).lower()], text)
        if self._being_one is not None:
            text = self._being_one.sub(lambda m: "doing this job" if m.group(1).lower() == "being" else "in this job", text)
        return self._own_name.sub("your organization", text) if self._own_name is not None else text

    def closeness(self, question: str) -> list[float]:
        """Each passage's closeness in meaning to the question (cosine, nearest of its text and ways of asking); 0 without the encoder.

        Remembered with the question's vector: a turn asks for it in the ranking and again in each check
        of what the question asks for (a vector encoded afresh, as after `semantic.clear_question_cache`,
        is compared afresh).
        """
        if self._meanings is None or not len(self._meanings):
            return [0.0] * len(self.passages)
        found = semantic.question_vector(self.spelled_out(question))
        if found is None:
            return [0.0] * len(self.passages)
        held = self._closeness_memo.get(question)
        if held is not None and held[0] is found:
            return held[1]
        best = [-1.0] * len(self.passages)
        for n, value in zip(self._meant_by, (self._meanings @ found).tolist(), strict=True):
            best[n] = max(best[n], value)
        if len(self._closeness_memo) >= 256:
            self._closeness_memo.clear()
        self._closeness_memo[question] = (found, best)
        return best

    def _asked_share(self, asking: dict[str, float], asked: list[tuple[frozenset[str], float]]) -> float:
        """How closely the question matches the nearest of a passage's ways of asking (0 to 1).

        The shared words' weight against both the question's and the phrasing's own (a cosine over
        binary word weights), so a long phrasing that happens to hold every word is no closer.
        """
        best = 0.0
        whole = sum(asking.values())
        for words, own in asked:
            shared = 0.0
            for t, w in asking.items():
                if t in words:
                    shared += w
                    own += w - self._intent_or_idf(t)  # the phrasing's word weighs what it weighs in the question
            if shared:
                best = max(best, shared / math.sqrt(whole * own))
        return best

    def _intent_or_idf(self, term: str) -> float:
        return INTENT_WEIGHT * self._unseen_idf if term.startswith("?") else self.idf(term)

    def counted_first(self, question: str, ranked: list[Ranked]) -> list[Ranked]:
        """For "how many X?": the best of the leading passages that gives a count of X goes first.

        "How many patients do you see?" after the day was described: the passage with "thirteen to
        fifteen patients a day" may rank below an unsaid one, but only it answers.
        """
        if not _HOW_MANY.search(question.lower()) or not ranked or self.counts_what_is_asked(question, ranked[0].passage):
            return ranked
        counting = next((r for r in ranked[1:COUNTED_AMONG] if self.counts_what_is_asked(question, r.passage)), None)
        return ranked if counting is None else [counting, *(r for r in ranked if r is not counting)]

    def holds_focus(self, question: str, passage: Passage) -> bool:
        """Whether the passage speaks of the thing the question asks for ("What textbook do you use?":
        a textbook), by its word, a synonym, or a word close in meaning. Questions that name no such
        thing pass, and so does every question without the sentence encoder.

        A file that describes a US History week does not answer which textbook the class uses, nor
        does one that lists DPT admission advice give the persona's GPA.
        """
        wanted = focus_words(question, self.own_words)
        if not wanted:
            return True
        n = self._position[passage.id]
        held = self._held_stems[n]
        head = wanted[-1]
        if stem(head) in _NAMED_KINDS and names_what_is_asked(f"which {head}", passage):
            return True  # "Which city were you working in?": "in Memphis" names one
        # The thing itself must be there, not only what qualifies it: a file that speaks of code names no
        # code editor, and one that speaks of grants names no grant database ("phone calls" are calls).
        # A class of things ("professional groups", "local events") is named by what qualifies it: any word
        # will do. So are alternatives ("programs or software").
        either = len(wanted) >= 2 and re.search(rf"\b{re.escape(wanted[-2])},? (?:or|and) {re.escape(head)}\b", question.lower())
        asked = wanted if stem(head) in _CLASS_HEADS or either else [head]

        def said(w: str, where: frozenset[str] | KeysView[str] = held) -> bool:
            return (r := stem(w)) in where or bool(_SYNONYMS.get(r, frozenset()) & where)

        if any(said(w) for w in asked):
            # A compound names one thing ("parental leave"): its head word found only in the passage's ways
            # of asking ("Why did you leave nursing?"), with nothing of what qualifies it, is another word.
            # (What only rates it, "the biggest difference", "good benefits", qualifies nothing.)
            in_text = said(head, self._tf[n].keys())
            qualifiers = [w for w in wanted[:-1] if w not in _RATINGS and not w.endswith("est")]
            return in_text or asked != [head] or not qualifiers or any(said(w) for w in qualifiers)
        rows = self._held_rows[n]
        if self._word_meanings is None:
            return True
        if self.closeness(question)[n] >= FOCUS_MEANING:
            return True  # it plainly means what is asked, in other words ("UX groups" and "a monthly meetup")
        if not rows:
            return False
        found = semantic.word_vectors(asked)
        if found is None:
            return True
        return bool((found @ self._word_meanings[rows].T).max() >= FOCUS_NEAR)

    def focused_first(self, question: str, ranked: list[Ranked]) -> list[Ranked]:
        """The best of the leading passages that speaks of what the question asks for goes first."""
        if not ranked or self.holds_focus(question, ranked[0].passage):
            return ranked
        holding = next((r for r in ranked[1:FOCUS_AMONG] if self.holds_focus(question, r.passage)), None)
        return ranked if holding is None else [holding, *(r for r in ranked if r is not holding)]

    @staticmethod
    def standalone_first(ranked: list[Ranked], spoken: Iterable[str] = ()) -> list[Ranked]:
        """A passage that points back at an earlier one by name ("Another hard part is...", "One of those
        sessions...") does not lead while such an earlier one of its topic, among the best, is unsaid: it goes first."""
        pointer = _POINTS_BACK_START.match(ranked[0].passage.text) if ranked else None
        if pointer is None:
            return ranked
        said = set(spoken)
        lead = ranked[0].passage
        named = stem(pointer.group(1).lower())
        wanted = {named} | _SYNONYMS.get(named, frozenset())
        earlier = next((r for r in ranked[1:STANDALONE_AMONG] if r.passage.topic == lead.topic and r.passage.index < lead.index
                        and r.passage.id not in said and wanted & set(terms(r.passage.text))), None)
        return ranked if earlier is None else [earlier, *(r for r in ranked if r is not earlier)]

    def lacks(self, question: str, ranked: list[Ranked], names: Iterable[str] = ()) -> bool:
        """Whether the file plainly cannot answer: the question names something it never mentions,
        asks for a thing the best passage does not speak of, asks how many of something the best
        passage gives no count of, or asks which one (a name) where the best passage names nothing.

        `names` are the names the student wrote with a capital (`said_names`): one the file never
        says ("Epic or Cerner?", "programs in Austin") is something it cannot speak of, however near
        in meaning the file's own names are (Columbus is not Cincinnati).
        """
        if self.strange_words(question) or self.unknown_names(question, names):
            return True
        best = ranked[0].passage if ranked else None
        return best is not None and not (
            self.counts_what_is_asked(question, best) and names_what_is_asked(question, best) and gives_the_figure_asked(question, best)
            and self.sums_what_is_asked(question, best)
            and self.holds_focus(question, best)
        )

    def sums_what_is_asked(self, question: str, passage: Passage) -> bool:
        """For a question asking what something costs or pays: whether the sum the passage gives is of
        that thing. "How much do data journalism bootcamps cost?" is not answered by what reporters
        earn: the sentence with the sum must speak of what is asked (the persona's own field aside)."""
        low = question.lower()
        if not _WANTS_MONEY.search(low):
            return True
        own = self.own_words | {w[:5] for w in self.own_words if len(w) >= 5}  # "credit analysis" is the persona's own field too
        subject = {t for t in terms(low) if t not in own and t[:5] not in own and t not in _MONEY_TERMS and t not in _GENERIC}
        if not subject:
            return True
        for sentence in sentences(passage.text):
            if _MONEY.search(sentence):
                said = set(terms(sentence))
                said |= {w[:5] for w in said if len(w) >= 5}  # "education" meets "educators"
                if subject & said or any(t[:5] in said for t in subject if len(t) >= 5) or any(_SYNONYMS.get(t, frozenset()) & said for t in subject):
                    return True
        return False

    def answerable(self, question: str, ranked: list[Ranked], topic: str | None = None, *, lacks: bool | None = None) -> bool:
        """Whether the file answers `question` at all: its telling words are mostly in the best passage.

        A passage on the question's own topic needs less: the topic already says what it is about.
        `lacks` is `self.lacks(question, ranked)` when the caller has it already.
        """
        if not ranked:
            return False
        if not _unique(terms(question)):
            return True  # "What's it like?": the topic's story answers
        if self.lacks(question, ranked) if lacks is None else lacks:
            return False
        best = ranked[0]
        share = self.answer_share(topic, best.passage.topic)
        if best.coverage >= share or best.meaning >= MEANING_ANSWERS:
            return True
        # Neither alone, but both nearly: most of the words and close in meaning.
        if best.coverage >= BOTH_NEARLY * share and best.meaning >= BOTH_NEARLY * MEANING_ANSWERS:
            return True
        # Or closest in meaning by a clear margin, and holding some of the question's words: a question put
        # far from the file's words ("r u the person everyone bugs when their spreadsheet is a mess") that one
        # passage plainly answers.
        others = [r.meaning for r in ranked[1:MEANING_RIVALS]]
        if best.meaning >= MEANING_LEADS and best.coverage >= SOME_WORDS and best.meaning - max(others, default=0.0) >= MEANING_MARGIN:
            return True
        # Or nearly close in meaning, and far ahead of every other passage: a long message says much besides
        # what it asks ("I've never written a single test for my class projects. Is that going to bite me?").
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        long = len(_unique(terms(question))) >= LONG_MESSAGE
        return long and best.meaning >= BOTH_NEARLY * MEANING_ANSWERS and best.score >= CLEAR_LEAD * runner_up

    @staticmethod
    def answer_share(question_topic: str | None, passage_topic: str) -> float:
        """How much of a question's word weight a passage must hold to answer it."""
        return ON_TOPIC_SHARE if question_topic and passage_topic == question_topic else ANSWERABLE_SHARE


# The thing a question asks for, after its question word: "what textbook do you use", "which EMR system
# does...", "what was your GPA", "how much vacation time do...", "do you have a favorite painting".
_W = r"(?:[a-z]|[0-9]+[a-z])[a-z0-9'-]*"  # a word, or one like "401k"
_AFTER = r"(?=\s+(?:like|for|at|in|on|when|that|you|of|or|and|to|with|from|is|are|was|were|around|about|into|out|up|over|through|near|i|we|they|students|people)\b|\s*[?,.!]|$)"
_FOCUS = (
    re.compile(rf"\b(?:what|which)\s+(?:(?:kind|type|sort|brand|name|make)s?\s+of\s+)?({_W}(?:\s+{_W}){{0,2}}?)\s+"
               r"(?:do|does|did|is|are|was|were|would|will|can|should|have|has|had)\b"),
    re.compile(rf"\b(?:what|which)\s+(?:is|was|are|were)\s+(?:the|your|their|his|her|its|our)\s+({_W}(?:\s+{_W}){{0,3}}?){_AFTER}"),
    re.compile(rf"\bhow\s+much\s+({_W}(?:\s+{_W}){{0,2}}?)\s+(?:do|does|did|is|are|was|were|would|will|can|should|have|has)\b"),
    # "What does the district's health plan cover?": the plan is what is asked about.
    re.compile(rf"^what (?:does|do|did) (?:the|your|their) ({_W}(?:\s+{_W}){{0,3}}?) (?:cover|include|offer|provide|require|cost)\b"),
    # "What did you think of the super bowl last week?": what they would have an opinion on.
    re.compile(rf"^what (?:did|do) you (?:think|make) (?:of|about) (?:the |that |this |a |an )?({_W}(?:\s+{_W}){{0,2}}?)"
               r"(?=\s+(?:last|this|next|yesterday|today|on|at|in|with|and|or|when|so|overall)\b|\s*[?,.!]|$)"),
    # "what's parking like at the office?", "how long is your commute?": the thing asked about, by name.
    re.compile(rf"^(?:what|how)(?:'s| is) (?:the |your )?({_W}(?:\s+{_W}){{0,2}}) like\b|^how long is (?:your|the) ({_W})\b"),
    # "Are the scientists at your agency part of a union?", "do you belong to a professional association?": what they would be in.
    re.compile(rf"^(?:are|is|were|was|do|does|did)\s+(?:(?:you|they|we|{_W}(?:\s+{_W}){{0,5}}?)\s+)(?:(?:all|usually|still|currently|ever|actually)\s+)?"
               rf"(?:part of|members? of|belong to|in)\s+(?:a|an|any)\s+({_W}(?:\s+{_W}){{0,1}}?){_AFTER}"),
    # "Have you been to any national workforce development conferences?": where they would have gone.
    re.compile(rf"\b(?:been|gone|go|went|attended|attend)\s+(?:to\s+)?(?:any|a|an)\s+({_W}(?:\s+{_W}){{0,3}}?){_AFTER}"),
    # "Have you ever won any big journalism awards?": what they would have won.
    re.compile(rf"\b(?:have|did) you (?:ever )?(?:won|win|received|receive|earned|earn) (?:a |an |any |the )?({_W}(?:\s+{_W}){{0,2}}?){_AFTER}"),
    # "Do you mind me asking what you scored on the board exam?": a score.
    re.compile(r"\bwhat\s+(?:did\s+)?(?:you|they)\s+(score)d?\b"),
    # "are there any books on credit analysis you'd recommend?", "like any hobbies?"
    re.compile(rf"(?:^|\b(?:is|are) there\s+|^(?:like|so|and|or)\s+)(?:any|some)\s+({_W}(?:\s+{_W}){{0,1}}?){_AFTER}"),
    re.compile(rf"\b(?:do|does|did)\s+(?:you|they|we|{_W}(?:\s+{_W}){{0,2}}?)\s+(?:ever\s+|still\s+|also\s+|actually\s+|really\s+)?(?:have|get|use|offer|require|give|need|want)\s+"
               rf"(?:to\s+(?!(?:be|do|go|work|deal|get|have|make|take|know)\b){_W}\s+)?(?!(?:to|into|in|on|at|up|out|back|off|from|through|over|by|around|along|away|better|worse|easier|harder|more|less|paid|hired|"
               rf"promoted|tired|bored|used|burned|burnt|stressed|lonely|old|bigger|smaller|busy|busier)\b)(?:(?:a|an|any|the|your|their|much|many)\s+)?({_W}(?:\s+{_W}){{0,2}}?){_AFTER}"),
)
# Places, which a place's name answers for: "Which city were you working in?" ("in Memphis").
_NAMED_KINDS = frozenset(stem(w) for w in "city cities town towns state states country countries county counties neighborhood".split())
# Nouns that name a class of things rather than a thing: "professional groups", "summer programs".
_CLASS_HEADS = frozenset(stem(w) for w in (
    "group groups event events people person place places program programs resource resources option options "
    "opportunity opportunities organization organizations thing things kind kinds type types area areas role roles job jobs plan plans "
    # "which testing library do you use?": a kind of tool, which a passage names by what it is for ("We use pytest... a useful test")
    "library libraries framework frameworks"
).split())
# "how many X a year", "per week", "each month": a rate, which "N times a year" gives.
_PER_PERIOD = re.compile(r"\b(?:a|an|per|each|every|in a|in an) (?:day|week|month|year|semester|season|quarter)\b")
_TIMES_PER = re.compile(r"\b(?:once|twice|\S+ times) (?:a|an|per|each|every) (?:day|week|month|year|semester|season|quarter)\b")
# Words that rate a thing rather than say which thing it is.
_RATINGS = frozenset("good great bad big small main real whole typical usual normal average overall general major key important "
                     "better worse bigger smaller decent nice solid strong weak first last new old".split())
_PEOPLE = frozenset(stem(w) for w in "people person staff employees colleagues coworkers folks".split())
_TIME_UNITS = frozenset(stem(w) for w in "second minute hour day night week weekend month year season semester decade".split())
# How much of a thing, not the thing: "vacation time", "the amount of travel".
_MEASURES = frozenset(stem(w) for w in "time amount number level share lot percent".split())
_COUNTING = frozenset("one two three four five first second third last next".split())
# Nouns that ask how, not what: "do you have a trick for...", "what's the best way to...".
_ASKS_HOW = frozenset(stem(w) for w in "way ways trick tricks secret strategy approach method idea ideas sense chance".split())
# A phrase ending in one of these names no thing of its own: "the most fun part", "real experience", "AI stuff".
_VAGUE_HEADS = _ASKS_HOW | frozenset(stem(w) for w in (
    "part parts thing things aspect aspects experience bit stuff kind type sort side option options route routes path paths alternative"
).split())


_NAME_OF_THE = re.compile(r"\bthe names? of (?:the |your |that |this |a |an )?")


_KIND_OF = re.compile(r"\b(?:kind|type|sort)s? of\s+")


def focus_words(question: str, own: frozenset[str] = frozenset()) -> list[str]:
    """The words naming what the question asks for, if it names one thing (its frame, generic words and the persona's own job left out)."""
    return list(_focus_words(question, own))


@lru_cache(maxsize=1024)  # asked once for the ranking's pass and again for each passage checked
def _focus_words(question: str, own: frozenset[str]) -> tuple[str, ...]:
    low = _NAME_OF_THE.sub("the ", question.lower())  # "the name of the method you use": the method
    low = _KIND_OF.sub("", low)  # "your favorite kind of injury to treat": an injury
    for pattern in _FOCUS:
        found = pattern.search(low)
        if found:
            words = [w for w in _SURFACE.findall(next(g for g in found.groups() if g)) if w not in _FRAME and w not in _COUNTING and len(w) > 2]
            if not words or stem(words[-1]) in _VAGUE_HEADS:
                return ()
            return tuple(w for w in words if (r := stem(w)) not in _GENERIC and r not in _MEASURES and r not in own)
    return ()


# "Which bootcamp?", "What's the name of the exhibition?": the answer is a name.
_WANTS_NAME = re.compile(
    r"^(?:which|what)(?: is| was| are| were)?(?: the| your| their)?(?: (?:most|best|biggest|favorite|favourite|one))? (?:[a-z'-]+ )?"
    r"(?:universit(?:y|ies)|colleges?|schools?|bootcamps?|compan(?:y|ies)|firms?|agenc(?:y|ies)|textbooks?|books?|"
    r"exhibitions?|exhibits?|paintings?|conferences?|hospitals?|hospital systems?|newspapers?|magazines?|podcasts?|brands?|vendors?|employers?|partners?|emr|ehr|"
    r"cit(?:y|ies)|towns?|states?|countr(?:y|ies)|count(?:y|ies))\b"
    r"|\bwhat(?: is|'s| was) the names? of\b|\bwhich (?:[a-z]+ )?(?:school|university|college|one|company|brand|program)\b"
    # "whats the nashville ux meetup called?"
    r"|^what(?: is|'s| are| was| were)(?: the| your| that| it)?(?: [a-z'-]+){0,7} called\b"
    # "Do you have a favorite painting?": a thing, by its name.
    r"|\b(?:favorite|favourite) (?!part|thing|aspect|bit|moment|memory|day|time|way|story|stories)[a-z'-]+"
)
# Days and months: capitalised wherever they stand, and no name of a place or a thing.
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_MONTHS = "January February March April May June July August September October November December".split()
CALENDAR = frozenset(_DAYS + _MONTHS)
# A run of weekdays, a count of days: "Tuesday through Thursday", "Monday to Friday".
_DAY_SPAN = re.compile(rf"\b(?:{'|'.join(_DAYS)})s? (?:through|thru|to|until|-) (?:{'|'.join(_DAYS)})\b")
_NOT_NAMES = frozenset("I I'm I've I'd I'll".split()) | {f"{day}s" for day in _DAYS} | CALENDAR


# A capitalised word within a sentence: a name ("Austin", "Cerner", "The Tide"). Not at a sentence's start,
# not the one the student greets by ("Hi Omar"), not "I", a day or a month, and not initials ("AI", "UX").
_NAME_WITHIN = re.compile(r"(?<![.!?]\s)(?<![.!?])(?<!^)(?<!\bHi )(?<!\bHey )(?<!\bHello )(?<!\bDear )(?<!\bThanks )(?<!\bThanks, )(?<!\bHi, )\b([A-Z][a-z][a-zA-Z'-]+)")
# Initials of three letters or more where a thing is named: an exam, a credential, a tool ("take the GRE", "for the CFA").
_INITIALS = re.compile(r"\b(?:the|a|an|your|my|take|took|pass|passed|get|got|need|study|studying|for|like|use|using|on|with|in|learn|learning) ([A-Z]{3,6})s?\b"
                       # "do you think AI is going to change training programs?": initials as the subject asked about
                       r"|\b(?:think|about|of|is|are|does|will|would) ([A-Z]{2,6})s?(?= (?:is|are|will|would|has|have|changing|going|replacing|taking)\b)")


def said_names(text: str) -> frozenset[str]:
    """The names a student wrote with a capital within a sentence, and initials, in lower case ("Austin", "Epic", "gre")."""
    named = {m.group(1).lower().removesuffix("'s") for m in _NAME_WITHIN.finditer(text.strip()) if m.group(1) not in _NOT_NAMES}
    return frozenset(named | {(m.group(1) or m.group(2)).lower() for m in _INITIALS.finditer(text)})


_MONTH_NAME = re.compile(rf"\b(?:{'|'.join(_MONTHS)})\b")
_DAY_NAME = re.compile(rf"\b(?:{'|'.join(_DAYS)})s?\b")


# Subjects as students shorten them: "AP Gov" is AP Government, "Orgo" organic chemistry.
_SHORTENED = {
    "gov": "government", "govt": "government", "econ": "economics", "bio": "biology", "chem": "chemistry",
    "orgo": "organic", "psych": "psychology", "calc": "calculus", "stats": "statistics", "admin": "administration",
    "poli": "political", "polisci": "political", "lit": "literature", "comp": "computer", "anat": "anatomy", "physio": "physiology",
}


def _calendar_terms(text: str) -> list[str]:
    """A month or a day named in a passage is a month or a day: "Is there one month you're slammed?" and "In May..."."""
    return ["month"] * len(_MONTH_NAME.findall(text)) + ["day"] * len(_DAY_NAME.findall(text))


def sentences(text: str) -> list[str]:
    """A passage's sentences, split after '.', '!' or '?'."""
    return re.split(r"(?<=[.!?])\s+", text.strip())


def names_what_is_asked(question: str, passage: Passage) -> bool:
    """For a question asking which one ("Which bootcamp did you go to?"): whether the passage names
    something (a capitalised word the question does not already say). Other questions pass."""
    low = _KIND_OF.sub("", question.lower())  # "your favorite kind of day": a day, not a name
    school = bool(_WANTS_SCHOOL.search(low))
    if not school and not _WANTS_NAME.search(low):
        return True
    if school and _A_SCHOOL.search(passage.text):
        return True  # "at a small liberal arts college" says where, without a name ("go to law school" does not)
    asked = {w.lower() for w in _NAME_WORD.findall(question)}
    said = sentences(passage.text)
    # The name stands where the thing asked for is spoken of: in "I did a bootcamp at night... one
    # offer, which was Tallyroot" the name is the employer's, not the bootcamp's.
    # "What was the name of the small paper up north?": the thing named is what the rest of the question speaks of.
    wanted = {stem(w) for w in focus_words(question)} - _NAMING
    if not wanted and _NAME_OF.search(low):
        wanted = set(terms(question)) - _NAMING
    speaking = [s for s in said if (_STUDIED.search(s) if school else wanted & {stem(w.lower()) for w in _NAME_WORD.findall(s)})]
    for sentence in speaking or said:
        for word in _NAME_WORD.findall(sentence)[1:]:
            # Two capitals ("the IT team", "HR", "a PT") name a kind of work, not which one.
            if word[:1].isupper() and word not in _NOT_NAMES and word.lower() not in asked and not (word.isupper() and len(word) <= 2):
                return True
    return False


_NAME_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# "Where did you go to college?", "where did you do your masters?": the answer names the school or says what kind it was.
_WANTS_SCHOOL = re.compile(
    r"^where did you (?:go|study|attend|get|do|earn|go to school for|go for)\b.{0,40}?\b(?:school|college|university|undergrad|"
    r"grad school|degree|masters?|master's|bachelors?|bachelor's|phd|doctorate|mba|program)\b|^where did you (?:study|go to school)\b"
)
_NAMING = frozenset({"name", "call", "called"})
_NAME_OF = re.compile(r"\bnames? of\b|\bcalled\b")
_STUDIED = re.compile(r"\b(?:college|university|school|studied|majored|degree|graduated|program|campus)\b", re.I)
_A_SCHOOL = re.compile(r"\b(?:at|from|to|attended) (?:a|an|the|one|my)\b[^.;]{0,40}?\b(?:college|university|school|institute|academy)\b", re.I)

# "How much did the bootcamp cost?", "What's the total budget?": the answer is a sum of money.
_MONEY_TERMS = frozenset(stem(w) for w in (
    "cost costs pay paid make earn earning salary salaries money spend charge price tuition fee fees budget usually typically "
    "roughly around much actually ballpark range average starting start"
).split())
_WANTS_MONEY = re.compile(
    r"\bhow much (?:(?:does|did|do|is|was|are|would|will) )?(?:[a-z'-]+ ){0,6}?(?:cost|costs|costing|pay|paid|paying|charge|charging|make|making|earn|earning|spend|spending)\b"
    r"|\bhow much (?:is|was|are|were) (?:the |your |a |an )?(?:[a-z'-]+ ){0,3}?(?:stipend|bonus|salary|pay|tuition|fee|fees|rent|raise|budget)\b"
    r"|\bhow much (?:money|tuition|debt)\b|\bwhat (?:is|was|does|do) (?:the |your |a |their )?(?:[a-z'-]+ ){0,3}?(?:cost|price|tuition|budget|fee|fees|salary|pay|stipend)\b"
    r"|\b(?:total|annual|yearly) budget\b"
)
_MONEY = re.compile(r"\$\s?\d|\b\d[\d,.]*\s?(?:k|dollars|percent|%)(?!\w)|\bdollars\b|\bfree\b|\bunpaid\b", re.I)


def gives_the_figure_asked(question: str, passage: Passage) -> bool:
    """For a question asking what something costs or pays: whether the passage gives a sum; for one
    asking what share ("What percent of applicants get in?"): whether it gives a share; for one asking how
    long: whether it gives a length of time. Others pass."""
    low = question.lower()
    if _WANTS_MONEY.search(low) and not _MONEY.search(passage.text):
        return False
    if _WANTS_SHARE.search(low) and not _SHARE.search(passage.text):
        return False
    # "How long did the certificate take?": the answer is a length of time.
    return not _HOW_LONG.match(low) or bool(_DURATION.search(passage.text) or _SPAN.search(passage.text))


_HOW_LONG = re.compile(r"^how long\b")
_SPAN = re.compile(r"\b(?:years?|months?|weeks?|days?|hours?|minutes?|semesters?|summers?|seasons?)\b", re.I)


_WANTS_SHARE = re.compile(r"\bwhat (?:percent|percentage|share|fraction|proportion|ratio)\b|\bhow many out of\b")
_SHARE = re.compile(r"\d\s?%|\bpercent\b|\b(?:half|a third|two thirds|a quarter|three quarters)\b|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+) (?:in|out of) (?:\w+)\b|\b(?:most|nearly all|almost all|about half)\b", re.I)


def _one_edit(word: str) -> set[str]:
    """Every word one deletion, swap, change or insertion of a letter away (Norvig's spelling edits)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    ) - {word}


def _spreads_above_mean(values: list[float]) -> list[float]:
    """Each value in standard deviations above the values' mean (a z-score); all 0 when they do not spread."""
    if not values:
        return []
    mean = sum(values) / len(values)
    spread = math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))
    return [(v - mean) / spread if spread > 1e-6 else 0.0 for v in values]


def names_only_its_topic(question: str, topic: str | None) -> bool:
    """The question's words all name its topic or the shape of a question ("Is there anyone else I should talk to?")."""
    cue = _topic_cue_words(topic)
    return all(t in _GENERIC or t in cue for t in terms(question))


def answer_kind(question: str, form: str) -> AnswerKind:
    """What a question asks for: a number, a person, a place, a time, a yes or no, or an account."""
    q = question.lower().strip()
    if re.match(r"^how long\b", q):
        return "duration"
    if re.match(r"^(?:what|which) (?:\w+ )?(?:languages|tools|software|programs|apps|platforms|systems|frameworks|books|podcasts|"
                r"websites|resources|organizations|associations|companies|schools|programs|certifications|classes|courses)\b", q):
        return "names"
    if re.match(r"^(?:how (?:many|much|often|big|large|old|far)|what (?:percentage|percent|number|salary|size))\b", q) or re.match(
        r"^what (?:do|does|did|would|can|could|will) [\w' -]{0,60}\b(?:make|earn|get paid|pay|start (?:out )?(?:at|around))\b", q
    ):
        return "number"
    if re.match(r"^(?:who|whom|whose)\b", q) or _WANTS_SOMEONE.search(q):
        return "person"
    if re.match(r"^where\b", q) and not re.search(r"\b(?:heading|headed|going|see|think|imagine|expect|find|learn)\b", q):
        return "place"
    if re.match(r"^(?:what time|how early|how late)\b", q):
        return "clock"
    if re.match(r"^(?:when|what year|at what point|how soon)\b", q):
        return "time"
    if form == "closed" and re.match(r"^(?:do|does|did|is|are|was|were|can|could|have|has|would|will|should)\b", q):
        # "do you go out on the lakes a lot? like how often?", asked as one: the figure is what is wanted.
        if re.search(r"\bhow long\b", q):
            return "duration"
        if re.search(r"\bhow (?:many|much|often)\b", q):
            return "number"
        return "yes_no"
    return "open"


def holds(kind: AnswerKind, text: str, proper: frozenset[str]) -> bool:
    """Whether `text` holds what a question of this kind asks for (a number, a duration, a name...)."""
    if kind == "number":
        return bool(_NUMBER.search(text))
    if kind == "duration":
        return bool(_DURATION.search(text))
    if kind == "time":
        return bool(_TIME.search(text))
    if kind == "clock":
        return bool(_CLOCK.search(text))
    if kind == "person":
        return any(w in proper for w in _CAPITALISED.findall(text)) or bool(_ROLE.search(text)) or bool(_SOMEONE.search(text))
    if kind == "place":
        return any(w in proper for w in _CAPITALISED.findall(text))
    if kind == "names":
        return len({w for w in re.findall(r"\b[A-Z][A-Za-z]+\b", text)[1:] if w in proper or w in KNOWN_NAMES}) >= 2
    if kind == "yes_no":
        return bool(_SETTLES.search(text))
    return False


@cache
def _topic_cue_words(topic: str | None) -> frozenset[str]:
    """The analyzer's cue words for a topic, stemmed as the ranking stems."""
    return frozenset(stem(w) for w in cue_vocabulary(topic)) if topic else frozenset()


def _proper_nouns(persona: Persona) -> frozenset[str]:
    """Words the file capitalises in mid-sentence: names of people, places and organizations."""
    text = " ".join(t for texts in persona.facts.values() for t in texts)
    own = re.findall(r"[A-Z][a-z]+", " ".join((persona.name, persona.organization, persona.location)))
    return (frozenset(_CAPITALISED.findall(text)) | frozenset(own) | KNOWN_NAMES) - {"I"}


def _being_pattern(title: str) -> re.Pattern[str] | None:
    """"being a physical therapist", "as a history teacher": the persona's own job named by its title's head noun."""
    head = re.split(r"[,;/(]", title)[0].split()
    if not head:
        return None
    noun = re.escape(head[-1].lower())
    return re.compile(rf"\b(being|as) (?:a|an) (?:[a-z-]+ ){{0,2}}?{noun}s?\b", re.I)


def _name_pattern(name: str) -> re.Pattern[str] | None:
    """How a student names an organization: in full, by its first two words or more ("Delta Oaks"),
    or by its first word when no everyday word is spelled so ("Tidewater", "Corvell")."""
    words = re.sub(r"^the\s+", "", name.strip(), flags=re.I).split()
    if not words:
        return None
    forms = [" ".join(words[:k]) for k in range(len(words), 1, -1)]
    if not semantic.common_word(words[0].lower()):
        forms.append(words[0])
    alternatives = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"\b(?:the\s+)?(?:{alternatives})(?:'s)?\b", re.I)


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


_INDEXES: dict[tuple[object, ...], PassageIndex] = {}


def index_for(persona: Persona) -> PassageIndex:
    """The persona's index, built once per content: a reloaded file, or a persona view, reuses it."""
    key = (
        tuple((topic, tuple(texts)) for topic, texts in persona.facts.items()),
        tuple(sorted(persona.asked.items())),
        persona.name, persona.title, persona.organization, persona.industry, persona.location, persona.summary,
    )
    held = _INDEXES.get(key)
    if held is not None:
        return held
    if len(_INDEXES) >= 64:
        _INDEXES.pop(next(iter(_INDEXES)))
    index = _INDEXES[key] = PassageIndex(persona)
    return index
