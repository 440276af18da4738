"""Stage 6: whether a turn follows up on what the persona just said."""

from __future__ import annotations

import re
from itertools import pairwise

from practice.questions.patterns import rx
from practice.questions.split import SAID_OF_YOU
from practice.questions.topics import TOPIC_CUES, cue_vocabulary
from practice.questions.words import STOP, content_words, stem

# "You mentioned...", "you said...": a turn that says outright it picks up the answer.
_YOU_SAID = (r"\byou (?:mentioned|said|talked about|brought up|were saying|spoke about|referenced|noted|described|meant|"
             r"just (?:said|mentioned|described|told|talked|brought|explained|gave|shared|went))\b")

_FOLLOW_MARKERS = rx(
    _YOU_SAID,
    # "Going back to the grants, ...", "back to what you said"; not going back to school or to a first year.
    r"\bearlier you\b", r"^(?:\w+,? )?going back to\b", r"\bgoing back to (?:what|when you|the (?:thing|part|point))\b",
    r"(?<!go )(?<!went )(?<!gone )(?<!come )(?<!going )(?<!get )\bback to (?:what|the|your)\b", r"\bto follow up\b", r"\bfollow(?:ing)? up on\b",
    r"\b(?:say|tell me|talk|speak|hear|share|explain) (?:a (?:little |tiny )?(?:bit |little )?)?more\b",
    r"\bmore (?:about|on) (?:that|this|it|those|these|what you)\b", r"\belaborate\b", r"\bexpand on\b", r"\bunpack that\b",
    r"\bwhat do you mean\b", r"\bwhat did you mean\b", r"\b(?:do|did) you mean\b", r"^(?:\w+ )?how so\b", r"\bwhy (?:is|was) that\b", r"\bin what (?:way|sense)\b",
    r"\bsuch as\b\s*[?]?$", r"^(?:\w+,? )?like what\b", r"\b(?:give|have) (?:me )?an example\b", r"\bfor example\b", r"\bfor instance\b",
    r"\bwhat was that like\b", r"\bhow did (?:that|it|this) (?:go|work|feel|happen|turn out|come about|affect|change)",
    r"\bwhat happened\b", r"^(?:\w+,? )?(?:that|this) (?:sounds|seems)\b", r"^(?:and|so) then\b", r"^why not\b", r"^why\s*[?]?$",
    r"\bhow did you (?:handle|deal with|manage|cope with|get through|overcome|navigate) (?:that|it|this|those|them)\b",
    r"\b(?:that|this) (?:part|story|experience|transition|decision|project|switch|move)\b",
    r"^(?:was|is|did|does|do|were|are|has|had|would) (?:that|those) ", r"\babout (?:that|this|those|them)\s*[?]?$",
    r"\bwhat (?:made|led) you (?:to )?(?:do|make|choose|decide) (?:that|this|it)\s*[?.!]*$", r"\b(?:that|this) (?:is|was) (?:so |really |very )?interesting\b",
    r"\bhow (?:long|often) (?:did|does|do|was|is) (?:that|this)\b", r"^(?:and )?what about\b", r"\bwhy did you (?:do|decide|choose) (?:that|this|it)\s*[?]?$",
    r"\bwhen you say\b", r"\bthe (?:way|thing) you\b", r"\b(?:after|before|besides|beyond) that\b", r"\bspecifically\s*[?]?$",
    r"\b(?:during|in|on|at|for) (?:those|these) \w+", r"\b(?:with|to|about|meet|contact|email|introduce me to) (?:her|him|them)\b",
    r"\b(?:any|one|some|all|none|each|most) of (?:them|those|these)\b(?! (?:before|conversations|interviews|calls|chats)\b)", r"\b(?:has|did|does|will|would|can) that\b",
    r"\bwhy do you think (?:that|this) (?:is|was|happens)\b",
    r"\bthat (?:year|time|job|role|point|place|company|experience|day|week|summer|class|program|project|move|change|fast|much|long)\b",
    r"^(?:\w+,? ){0,2}(?:that|this) (?:must|sounds|seems|looks)\b", r"\b(?:his|her|their) (?:email|name|contact|number|info|details)\b",
    r"\bthan that\b", r"\b(?:leave|do|make|take|handle) that\s*[?.!]*$", r"^(?:\w+ )?(?:that|those|these) \w+ (?:look|sound|work|feel)",
)

# Words of a bare follow-up ("Could you elaborate on that?"), which names no subject of its own.
_FOLLOW_UP_WORDS = frozenset(
    "elaborate expand explain example examples mean meant more specific specifically interesting really wow "
    "curious tell talk share happen happened happens sounds sound seems come came why there please little "
    "unpack wait hold bit go on say said saying clarify sorry okay".split()
)


# Long words that say nothing about what was just said: sharing one is not following up.
_GENERIC_LONG = frozenset(stem(w) for w in (
    "favorite favourite different important interesting experience everything anything actually probably "
    "students student organization company companies especially definitely generally usually personally "
    "question questions another together honestly seriously literally basically truly obviously exactly "
    "currently recently lately finally typically really"
).split())


# The words the topics are recognised by ("hours", "week", "skills", "field"): sharing one with the
# answer only shows the two are on the same topic, not that the student picked up what was said.
TOPIC_WORDS = frozenset(stem(word) for topic in TOPIC_CUES for word in cue_vocabulary(topic) if len(word) >= 4)


_PLEASANTRIES = frozenset(stem(w) for w in "thank thanks hello nice meet meeting glad welcome pleasure reaching".split())


def is_bare(norm: str) -> bool:
    return not (content_words(norm) - {stem(w) for w in _FOLLOW_UP_WORDS})


# "the site visits", "those audits": a definite reference to something, which picks up the answer
# when the answer said it. Words too general to point at anything don't count ("the field").
_DEFINITE = re.compile(r"\b(?:the|those|these|that|(?:what|which) (?:kinds?|sorts?|types?) of)\s+((?:[a-z'-]+\s+){0,2}[a-z'-]+)")
_TOO = re.compile(r"\b(?:too|as well|also)\s*[?.!]*$|,? or (?:is|are|do|does|would|should) ")
_GENERAL_REFERENTS = frozenset(stem(w) for w in (
    "field industry profession sector world future career careers company organization organizations employer "
    "team office position work area space market economy country city best most hardest biggest next first last "
    "future whole rest same right part parts thing things aspect aspects side way kind sort type "
    # Where they work, as any student names it: "at the agency", "the clinic", "the museum".
    "agency clinic museum bank paper newspaper newsroom district school hospital startup firm nonprofit lab department job role"
).split())


# Words that point back at what was just said, when something was: "those two days", "a day like
# that", "practice that", "does it get better", "how much more", "that's how", "what made you stay?".
_POINTS_BACK = rx(
    r"\bthose (?!who\b|that\b|are\b|things? (?:that|you)\b)[a-z]", r"\bthese (?!days\b|who\b|that\b|are\b|things? (?:that|you)\b)[a-z]", r"(?<!anything )(?<!something )(?<!stuff )(?<!things )(?<!everything )\blike that\b",
    r"\b(?:practice|learn|do|build|get|find|handle|manage|improve|develop|show|prove|fix|avoid|balance|afford|study|"
    r"prepare for|deal with|get better at|work on) (?:that|this|those)\b(?! (?:is|are|you|i|we|year|week|month|summer|semester|fall|spring|weekend|time|job|work|field|line|career|for a living|(?:kind|sort|type|line) of (?:work|job|career|field|role))\b)",
    r"\b(?:does|did|is|was|will|would) it (?:ever |always |still |usually |really )?(?:get|always|ever|still|usually|happen|change|"
    r"matter|pay|work|last|help|stay|feel)\b", r"\bworth it\b",
    r"\bhow much (?:more|less|better|worse|longer|harder|easier|later|earlier)\b",
    r"\b(?:gone|go|went|going|worked|work) the other way\b", r"\bthe (?:opposite|flip side|reverse)\b",
    r"\b(?:that|this)(?:'s| is| was) (?:how|why|what|when|where)\b",
    r"^(?:\w+,? )?what (?:made|kept|makes|keeps) you (?:stay|leave|quit|switch|change|decide|come back|go back|keep going)\s*[?.!]*$",
)
# A reference back inside the message itself: "Is remote work common? How has that changed?" points
# at its own first question, not at the answer.
# ", and how did you get through it?" points at the first half of its own sentence.
_SENTENCE_BREAK = re.compile(r"[?.!;]\s+|,? or (?=(?:has|have|is|are|was|did|does|do|will|would)\b)"
                             r"|, (?:and|but|so) (?=(?:how|what|why|when|where|who|did|do|does|is|was|were|would|could|can|has|have)\b)")


_OR_BEFORE = re.compile(r",? or\s*$")
# This many subject words before a pointer ("that", "them") say what it points at, in the message itself.
LONG_SETUP = 6


def _points_within(norm: str, marker: re.Match[str]) -> bool:
    """Whether the words a marker points back with have an antecedent earlier in the same message."""
    before = norm[: marker.start()]
    if _EXPLICIT.search(norm):
        return False
    if _OR_BEFORE.search(before):
        # "did you always want to be a nurse, or did that come later?": "that" is the first half.
        return bool(content_words(before))
    if len(content_words(before)) >= LONG_SETUP:
        # "...some DPT programs cost a hundred thousand, and some of them...": the student set up what they point at.
        return True
    pieces = [p for p in _SENTENCE_BREAK.split(before) if p.strip()]
    return len(pieces) >= 1 and bool(_SENTENCE_BREAK.search(before)) and len(content_words(pieces[0])) >= 2


_EXPLICIT = rx(_YOU_SAID, r"\bearlier you\b", r"\bgoing back to\b")


_BARE_WHY = re.compile(r"(?:^|[,.!;] |^[a-z]+,? )(?:why|how come|how so|really|like what|such as|meaning|in what way|why is that|why not)\s*[?.!]*$")
_ENDS_ON_PRONOUN = re.compile(r"\b(?:it|that|this|them|those|there)\s*[?.!]*$")


def _picks_up(norm: str, answer_words: set[str], answer: str = "") -> bool:
    """The question names, definitely, something the answer said ("How often are the site visits?"), a
    three-letter word too ("the bar job")."""
    said_short: set[str] | None = None  # read from the answer only when the question names something definitely
    for m in _DEFINITE.finditer(norm):
        named = content_words(m.group(1), shortest=3) - _GENERAL_REFERENTS - _GENERIC_LONG  # "the job honestly": no thing named
        if named and said_short is None:
            said_short = content_words(answer, shortest=3) if answer else set()
        if named & (answer_words | (said_short or set())):
            return True
    return bool(_TOO.search(norm) and (content_words(norm) & answer_words) - _GENERAL_REFERENTS)


# Numbers a student repeats from the answer ("140 applications, that's insane", "fourteen months, wow"),
# however each writes them ("150" and "a hundred and fifty").
_UNITS = {w: n for n, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
                                     "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * n for n, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER_PIECE = re.compile(r"\d[\d,]*(?:\.\d+)?|[a-z]+")


def number_values(text: str) -> set[float]:
    """The numbers a text says, in digits or in words ("a hundred and fifty" is 150); those under four are too common to tell."""
    values: set[float] = set()
    total = current = 0
    spelled = False
    pieces = _NUMBER_PIECE.findall(text.lower().replace("-", " "))
    for n, piece in enumerate([*pieces, ""]):
        if piece[:1].isdigit():
            values.add(float(piece.replace(",", "")))
        elif piece in _UNITS or piece in _TENS:
            current += _UNITS.get(piece, 0) + _TENS.get(piece, 0)
            spelled = True
            continue
        elif piece in _SCALES or piece == "dozen":
            current = max(current, 1) * (12 if piece == "dozen" else _SCALES[piece])
            if piece in ("thousand", "million"):
                total, current = total + current, 0
            spelled = True
            continue
        elif (spelled and piece == "and") or (piece == "a" and n + 1 < len(pieces) and (pieces[n + 1] in _SCALES or pieces[n + 1] == "dozen")):
            continue  # "a hundred and fifty"
        if spelled:
            values.add(float(total + current))
        total = current = 0
        spelled = False
    return {v for v in values if v >= 4}
# "What's kick-netting?", "what does a sonde do?": the meaning of a word the answer used.
_WHAT_IS = re.compile(r"(?:^|[.!?] )(?:\w+,? )?what (?:is|are|does|do|exactly is) (?:a |an |the )?([a-z][a-z'-]+)(?: (?:exactly|mean|do|involve))?\s*[?]")
# An offer in the answer ("I can introduce you to one on my team", "Email me if you want to shadow") ...
_OFFERS = re.compile(
    r"\bI (?:can|could|would be happy to|'d be happy to|'d be glad to|'ll|will|am happy to|'m happy to) (?:\w+ )?"
    r"(?:connect|introduce|put you in touch|send|share|pass|forward|email|set|loop|ask)\b|\b(?:email|message|text|call) me\b",
    re.IGNORECASE,
)
# ... taken up by the student ("Yes please, that would be so helpful", "That would be amazing").
_ACCEPTS = re.compile(
    r"^(?:oh,? |wow,? |okay,? |ok,? )?(?:yes|yeah|yes please|sure|absolutely|definitely|i would (?:love|really appreciate|like) (?:that|to)|"
    r"that (?:would|will) be (?:amazing|great|awesome|wonderful|perfect|incredible|so helpful|really helpful|very helpful|helpful|fantastic))\b"
)
# The answer's names ("AmeriCorps", "Denise"), matched against any word of the question.
# (Acronyms are left out: "UX", "PT" are mostly the persona's own field, in every answer.)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")


_ADDRESSED = re.compile(r"\b(?:(?:hi|hello|hey|dear|thanks|thank you),? (?:(?:ms|mr|mrs|miss|dr|professor)\.? )?|(?:ms|mr|mrs|dr)\. )([a-z]+)")


_PLAIN_WORDS = TOPIC_WORDS | _GENERIC_LONG | _PLEASANTRIES


def _pairs(text: str) -> set[tuple[str, str]]:
    """Two words said together, neither a stop word and one of them saying more than its topic ("small study")."""
    found = set()
    for piece in re.split(r"[,.;:!?()]", text):  # never across a comma: "I'm Gabriela, thanks"
        words = re.findall(r"[a-z][a-z'-]+", piece)
        stems = [stem(w) if len(w) > 3 and w not in STOP else None for w in words]
        found |= {(a, b) for a, b in pairwise(stems) if a and b and not {a, b} <= _PLAIN_WORDS}
    return found


def _same_word(a: str, b: str) -> bool:
    """One word, inflected or hyphenated ("kick-net" and "kick-netting"; "complain" and "complaints")."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 6 and long.startswith(short)


def refers_back(norm: str) -> bool:
    """Whether the turn says outright that it picks something up ("you mentioned...", "can you say more?")."""
    marker = _FOLLOW_MARKERS.search(norm)
    return bool(marker and not _points_within(norm, marker))


# What the answer said of them, said back: "you were a dance major", "you worked in a hospital".
_SAID_BACK = re.compile(rf"(?:^|[,.!?] |\b(?:wait|oh|so|wow|ok|okay) )you (?:{SAID_OF_YOU}|majored|studied|lived) ((?:[a-z'-]+ ){{0,4}}[a-z'-]+)")


def is_follow_up(norm: str, previous_answer: str | None) -> bool:
    """The turn builds on what the persona said: it refers back, asks for more, or picks up what was said.

    Sharing a topic word with the answer is not enough ("What does a typical week look like?"
    after an answer that mentioned a week is a new question).
    """
    if not previous_answer:
        return False  # nothing said yet to build on (PRODUCT.md); in an interview the greeting comes first
    if refers_back(norm):
        return True
    back = _POINTS_BACK.search(norm)
    if back and not _points_within(norm, back):
        return True
    answer_words = content_words(previous_answer)
    if _picks_up(norm, answer_words, previous_answer):
        return True
    said_back = _SAID_BACK.search(norm)
    if said_back and content_words(said_back.group(1)) & answer_words:
        return True  # "wait you were a dance major, that's so cool. how did you..." after "I was a dance major"
    if len(norm.split()) <= 8 and (_BARE_WHY.search(norm) or _ENDS_ON_PRONOUN.search(norm)):
        return True  # "Hmm, how come?", "How did you learn it?": about what was just said
    # The persona's own name ("Hi Gabriela" after "I'm Gabriela") and pleasantries are shared without
    # building on anything; a name the answer brought up ("What was Anchorage like?") is picked up.
    own = {w.lower() for w in re.findall(r"\b(?:I'm|I am|my name is|this is)\s+([A-Z][a-z]+)", previous_answer)}
    names = {w.lower() for w in _NAME.findall(previous_answer)} - own - STOP
    # The name the student greets the persona by ("Hi Ms. Whitfield", "thanks, Omar") picks up nothing.
    said = set(re.findall(r"[a-z][a-z'-]+", norm)) - set(_ADDRESSED.findall(norm))
    if said & names or {stem(w) for w in said} & {stem(n) for n in names}:
        return True  # "would you recommend AmeriCorps?", "what was Denise like?"
    numbers = number_values(norm)
    if numbers and numbers & number_values(previous_answer.lower()):
        return True  # "wait, 150 essays?" after "a hundred and fifty essays"
    if _ACCEPTS.search(norm) and _OFFERS.search(previous_answer):
        return True
    asked_what = _WHAT_IS.search(norm)
    if asked_what and any(_same_word(asked_what.group(1), w) or asked_what.group(1) == w
                          for w in re.findall(r"[a-z][a-z'-]+", previous_answer.lower()) if w not in STOP):
        return True
    asked_pairs = _pairs(_SENTENCE_BREAK.split(norm.rstrip("?.! "))[-1])
    if asked_pairs and asked_pairs & _pairs(previous_answer.lower()):
        return True  # "What kind of small study?" after "Do a small study, send me the case study"
    said_words = content_words(norm)
    shared = (said_words & answer_words) - TOPIC_WORDS - own - _PLEASANTRIES
    long_said = [w for w in said_words - answer_words - TOPIC_WORDS if len(w) >= 6]
    if long_said:
        long_answer = [a for a in answer_words if len(a) >= 6]
        shared |= {w for w in long_said if any(_same_word(w, a) for a in long_answer)}
    # Two shared words, or one long specific one ("Peace Corps" -> "corps" is short, "residency" is not).
    return len(shared - _GENERIC_LONG) >= 2

