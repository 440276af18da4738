"""The question analyzer: codes one student utterance (form, topics, flags, follow-up).

Pure functions, no I/O, deterministic, well under a millisecond a question. Every
decision is a named rule over a normalised text, so a result can be explained.
The open/closed convention is the one in PRODUCT.md: polite requests to tell are
open; fact-seeking wh-questions and yes/no forms are closed; an utterance with any
open question is open.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal

from practice.rewrites import open_version
from practice.topics import TOPICS

Form = Literal["open", "closed", "not_a_question"]

FLAGS = ("leading", "double_barreled", "googleable", "job_request", "salary_personal", "too_long")

# A message longer than this is hard for a professional to follow in conversation.
TOO_LONG_WORDS = 60


@dataclass(frozen=True)
class Analysis:
    text: str
    form: Form
    topics: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    follow_up: bool = False
    rewrite: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# --------------------------------------------------------------------------- normalising

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
    "u": "you", "ur": "your", "ya": "you", "teh": "the", "adn": "and", "abt": "about",
    "bc": "because", "cuz": "because", "pls": "please", "plz": "please", "wanna": "want to",
    "gonna": "going to", "kinda": "kind of", "sorta": "sort of", "lotta": "lot of", "tho": "though",
    "thru": "through", "w/": "with", "yr": "year", "yrs": "years", "hrs": "hours",
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


def _normalise(text: str) -> str:
    text = text.lower().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = text.replace("w/", "with ").replace("…", ". ")
    words = []
    for token in _TOKEN.findall(text):
        words.append(_TYPOS.get(token, token))
    out = " ".join(words)
    out = re.sub(r" ([?!.;,:])", r"\1", out)
    return out


# --------------------------------------------------------------------------- clause form

_AUX = (
    r"(?:do|does|did|is|are|was|were|am|have|has|had|can|could|will|would|should|shall|may|might|must|"
    r"don't|doesn't|didn't|isn't|aren't|wasn't|weren't|haven't|hasn't|hadn't|can't|couldn't|won't|"
    r"wouldn't|shouldn't)"
)
_SUBJ = r"(?:you|i|we|they|it|there|that|this|he|she|your|the|a|an|people|someone|anyone|most|any|one)"

# Verbs of telling: "can you ___" with one of these is a polite request, so open.
_TELL = (
    r"(?:tell|describe|explain|walk|talk|share|say|elaborate|expand|speak (?:about|more|to (?:that|this|how|what|why|your))|discuss|outline|summari[sz]e|"
    r"reflect|go (?:into|over|through)|give (?:me|us) (?:a |an |some )?(?:sense|idea|overview|picture|"
    r"rundown|example|examples|feel|flavor|glimpse|breakdown|description|run-down)|give (?:an |some )?examples?|help me understand|"
    r"paint|take me|run me|break (?:down|it down|that down)|fill me in|clarify|unpack|recount|detail|"
    r"shed (?:some )?light|compare|think back)"
)
_TELLING = (
    r"(?:telling|describing|explaining|walking|talking|sharing|saying|elaborating|expanding|speaking|"
    r"discussing|outlining|going (?:into|over|through)|giving (?:me|us)|breaking|filling me in|"
    r"painting|taking me|running me|unpacking|clarifying|reflecting)"
)
_ADVERB = r"(?:please |possibly |maybe |perhaps |just |kindly |quickly |briefly |also |actually |ever )*"

_OPEN_REQUEST = re.compile(
    rf"^(?:(?:can|could|would|will|might|won't|can't) you {_ADVERB}(?:be able to |be willing to )?{_TELL}\b"
    rf"|(?:are|were) you (?:able|willing|open) to {_ADVERB}{_TELL}\b"
    rf"|(?:would|do) you (?:mind|be willing|be open to|care) {_ADVERB}(?:to )?{_ADVERB}(?:{_TELLING}|{_TELL})\b"
    rf"|(?:is|would) it be (?:possible|okay|ok|alright|all right) (?:for you )?to {_ADVERB}{_TELL}\b"
    rf"|is it (?:possible|okay|ok|alright) (?:for you )?to {_ADVERB}{_TELL}\b"
    rf"|(?:can|could|may) (?:i|we) (?:ask|hear|get) (?:you )?(?:to )?(?:about|more|a bit|a little|{_TELL})\b"
    rf"|(?:can|could|may) (?:i|we) (?:pick your brain|learn (?:more )?about)\b"
    rf"|(?:please )?(?:{_TELL})\b(?! you\b)"
    rf"|(?:i would|i'd|i'd really|i would really|i really would) (?:love|like|be (?:curious|interested)) to "
    rf"(?:hear|know|learn|understand|get|find out)\b"
    rf"|i (?:want|wanted|am hoping|was hoping|hope) to (?:hear|learn|understand|know|find out)\b"
    rf"|i am (?:curious|interested|wondering) (?:about|in (?:hearing|learning|knowing|understanding))\b"
    rf"|(?:i was|i am|i'm) (?:hoping|interested) (?:you could|to hear|in hearing)\b"
    rf"|let'?s talk (?:a (?:little )?(?:bit )?)?(?:more )?about\b|(?:your )?thoughts (?:on|about)\b|more (?:on|about) (?:that|this|it|the|your)\b|how about (?:you )?(?:tell|share)\b)"
)

# Where any of these begins a clause, the clause is a question.
_WH = r"(?:what|how|why|when|where|who|whom|whose|which)"

_HOW_CLOSED = re.compile(
    r"^how (?:many|much|long|often|old|far|big|large|soon|early|late|frequently|important|hard|difficult|"
    r"easy|common|likely|competitive|stressful|flexible|quickly|fast|close|heavily|involved|satisfied|"
    r"happy|useful|necessary|helpful|valuable|relevant|realistic|feasible|possible|crucial|essential|"
    r"critical|significant|typical|strict|rigid|busy|demanding|tough|challenging|rewarding|fulfilling|"
    r"frequent|regularly|tall|confident|sure|certain|hectic|intense|crazy|steep|big of|long ago|"
    r"stable|secure|well-paid|well paid|diverse|supportive|much of|many of|often do)\b"
)
_HOW_GREETING = re.compile(
    r"^how (?:are you|is it going|are things|is your day|have you been|was your (?:weekend|morning|day)|"
    r"are you doing|is everything|do you do)\s*(?:today|doing|going|so far)?\s*[?!.]?$"
)

_WHAT_CLOSED = re.compile(
    r"^what (?:time|year|age|percentage|percent|grade|date|day of|month|gpa|size|number|salary|score|"
    r"shift|hour|level|rank|temperature|state|city|country|school|college|university|company|firm|"
    r"degree|major|minor|license|title|version)\b|^what certifications? (?:do|did) you\b"
    r"|^what (?:is|was|are|were) (?:your|the) (?:job |official |exact |actual )?(?:title|major|minor|gpa|"
    r"name|salary|age|degree|start date|deadline|hourly rate|rate|budget|team size|headcount|"
    r"alma mater|undergrad|undergraduate degree|zip)\b"
    r"|^what (?:did|do) you (?:major|minor) in\b|^what did you (?:study|major)\b"
    r"|^what (?:is|was) your (?:first|last|previous|current|next|starting|dream) (?:job|role|position|employer|title|salary|job title)\b"
    r"|^what (?:is|was|are|were) (?:the|your|their) [\w' -]{0,40}\b(?:rate|percentage|number|salary|salaries|pay|wage|wages|cost|"
    r"price|budget|ratio|size|deadline|mission statement|acceptance rate)\b(?! (?:like|look))"
    r"|^what (?:do|did|does) (?:you|they|people|(?:(?!to\b|it\b)[\w-]+ ){1,4}?)(?:make|earn)\b(?! (?:you|it|the work|this))"
    r"|^what (?:school|college|university) did\b"
)

_WHERE_OPEN = re.compile(
    r"^where (?:do|does|would|could|will|did) (?:you|the|this|things) (?:see|think|imagine|expect|picture|"
    r"find|get|go for)\b"
    r"|^where (?:is|are) (?:the|this|your|things|it) [\w ]{0,30}?(?:heading|going|headed|moving)\b"
    r"|^where (?:is|are) (?:the|this) (?:field|industry|profession|sector|work)\b"
)

_WHEN_OPEN = re.compile(r"^when (?:do you know|you think about|it comes to)\b")

_YES_NO = re.compile(rf"^{_AUX}\b(?! you (?:mind|think about))")
# An auxiliary with no subject after it is a wish or a reply, not a question, when
# nothing marks it as one: "Have a great day", "Will do", "Would love to".
_AUX_STATEMENT = re.compile(
    r"^(?:have|has) (?:a|an|fun|a great|a good|a nice|a wonderful)\b"
    r"|^(?:will|would|could|should|can|do|did|might|may|must)(?: \w+ly)? (?:do|love|like|be|go|have|keep|try|want|hope|appreciate|check|look|need)\b"
)
_ANY = re.compile(r"^(?:any|anything|anyone|anybody|anywhere|something|someone|got any|no)\b")
_PERMISSION = re.compile(
    r"^(?:can|could|may) i (?:ask|get) (?:you )?(?:a|one|another|some|something|a few|two|a couple of|"
    r"a quick|one more|one last|a personal|a follow-up)?\s*(?:quick |personal |last |follow-up |more )?"
    r"(?:question|questions|thing|something)?\s*[?!.]?$"
)

# Fillers and preambles that carry no question of their own.
_FILLER = re.compile(
    r"^(?:sorry if this is a (?:dumb|silly|stupid|weird|basic) question(?: but)?|"
    r"(?:so )?(?:i guess )?what i (?:am|was) (?:really )?(?:wondering|curious about|asking|trying to figure out) is|"
    r"what i (?:want|wanted|would like) to (?:know|ask) is|switching gears(?: a bit| a little)?|on a different note|"
    r"so|really|um+|uh+|uhm|er|hmm+|and|but|ok|okay|alright|all right|well|also|oh|yeah|yes|no|right|"
    r"then|now|great|cool|awesome|perfect|sure|wow|nice|interesting|gotcha|got it|i see|makes sense|"
    r"that makes sense|that is (?:so |really |very )?(?:interesting|helpful|great|cool|fascinating|amazing)|"
    r"thanks|thank you|like|actually|honestly|anyway|anyways|lastly|finally|first|firstly|second|"
    r"secondly|third|next|plus|besides|basically|just|hey|hi|hello|sorry|i guess|i mean|you know|"
    r"kind of|sort of|again|out of curiosity|just curious|quick question|one more thing|one last thing|"
    r"one more question|last question|another question|my (?:next|other|last|first|second|final|main|"
    r"follow-up|follow up|big) question (?:is|was|would be)|my question is|the question is|"
    r"i (?:also )?(?:wanted|want|would like|would love|'d like|was going|was hoping|hoped|meant) to ask"
    r"(?: you)?(?: about)?(?: this)?|(?:let me|can i|could i|may i|if i (?:may|can|could)) ask"
    r"(?: you)?|i have a question|i had a question|if you do not mind(?: me asking| my asking)?|"
    r"if you don't mind(?: me asking| my asking)?|sorry if this is a (?:dumb|silly|stupid|weird|basic) "
    r"question(?: but)?|this (?:might|may) be a (?:dumb|silly|stupid|weird|basic) question(?: but)?|"
    r"not sure if this is a (?:dumb|silly|stupid|weird|basic) question(?: but)?|"
    r"i (?:am|was) (?:just )?(?:wondering|curious)|i wonder|i would be curious(?: to know)?|"
    r"i (?:am|was) curious to know|i would like to know|i would love to know|i want to know|"
    r"i wanted to know|i am interested to know|"
    r"do you know|would you know|do you happen to know|i was thinking|i am thinking|"
    r"in your (?:opinion|view|experience)|from your (?:perspective|experience|point of view)|"
    r"personally|generally|in general|typically|realistically|overall)(?:[\s,:;-]+|$)"
)

_SUBORDINATE = re.compile(
    r"^(?:when|if|as|since|while|before|after|once|given|because|although|though|now that|back when|"
    r"during|in|for|at|with|from|on|looking back|thinking back|compared to|aside from|besides|other than|"
    r"outside of|apart from|speaking of|going back to|as far as|in terms of|regarding|about)\b"
)

_SUBORDINATE_SUBJECT = re.compile(
    r"^(?:when|while|once|since|before|after|as|if|back when|now that) (?:you|i|we|they|he|she|people|someone|"
    r"students|your|my|the|a|an|it)\b"
)

_EMBEDDED = re.compile(r"^(?:if|whether)\b")

_INTRO_WH = re.compile(
    r"^(?:in|to|for|at|on|with|from|by|of|about) (?:what|which|how|whom|who)\b"
)

# "which is where you are", "who I met": relative clauses, not questions.
_RELATIVE = r"(?:which|who|whom|whose|where|when) (?:is|was|has|had|were|are|means|made|makes|helps|i|you|we|they|he|she|it)\b"
# "what I should focus on": a wh-word followed by its subject is embedded, not asked.
_EMBEDDED_ORDER = r" (?:i|you|we|they|he|she|it|people|someone|working|being)\b"

_QUESTION_START = re.compile(
    rf"\b(?:(?!{_RELATIVE}){_WH}\b(?! (?:i|you) (?:mean|said)\b)|{_AUX} (?:you|there|it|that|this|your|we|they|people|i|someone|anyone)\b|"
    r"(?:can|could|would|will) you\b)"
)


def _strip_fillers(clause: str) -> str:
    previous = None
    clause = clause.strip(" ,;:-")
    while previous != clause:
        previous = clause
        clause = _FILLER.sub("", clause, count=1).strip(" ,;:-")
    return clause


def _wh_form(clause: str) -> Literal["open", "closed"] | None:
    """Form of a clause that starts with a wh-word (or 'in what', 'to what extent')."""
    m = _INTRO_WH.match(clause)
    if m:
        if clause.startswith(("to what extent", "in what way", "in what ways", "in what sense", "by what")):
            return "open"
        # "at what point", "for how long", "with whom": one fact.
        return "closed"
    if clause.startswith(("why", "how come", "how so", "how about", "what about", "what if", "what else",
                          "what kind", "what kinds", "what sort", "what sorts", "what type", "what types")):
        return "open"
    if clause.startswith("how"):
        if clause.startswith("how do you mean"):
            return "open"
        return "closed" if _HOW_CLOSED.match(clause) else "open"
    if clause.startswith("what"):
        return "closed" if _WHAT_CLOSED.match(clause) else "open"
    if clause.startswith("where"):
        return "open" if _WHERE_OPEN.match(clause) else "closed"
    if clause.startswith("when"):
        if _SUBORDINATE_SUBJECT.match(clause):
            return None  # "when you started, ..." is a time clause, not a question
        return "open" if _WHEN_OPEN.match(clause) else "closed"
    if clause.startswith(("who", "whom", "whose", "which")):
        return "closed"
    return None


ClauseForm = Literal["open", "closed", "greeting", "statement"]


def _clause_form(raw: str, asked: bool) -> ClauseForm:
    """Classify one clause. `asked` is True when it ended with a question mark."""
    clause = _strip_fillers(raw)
    if not clause:
        return "statement"
    if _HOW_GREETING.match(clause):
        return "greeting"
    if _PERMISSION.match(clause):
        return "statement"
    if _OPEN_REQUEST.match(clause):
        return "open"
    form = _wh_form(clause)
    if form:
        return form
    if _YES_NO.match(clause):
        if not asked and _AUX_STATEMENT.match(clause):
            return "statement"
        return "closed"
    if _EMBEDDED.match(clause):
        rest = _EMBEDDED.sub("", clause, count=1).strip()
        if re.match(r"^(?:you )?(?:could|would|can|might|will)? ?(?:be able to |be willing to |mind )?"
                    rf"(?:{_TELL}|{_TELLING})\b", rest) or re.match(rf"^you (?:could|would|can|might) {_ADVERB}{_TELL}\b", rest):
            return "open"
        return "closed" if asked else "statement"
    if _SUBORDINATE.match(clause):
        # "When you started, what surprised you?": the question is the main clause.
        m = _QUESTION_START.search(clause, 3)
        if m:
            return _clause_form(clause[m.start():], asked)
        if not asked and _SUBORDINATE_SUBJECT.match(clause):
            return "statement"
    if _ANY.match(clause):
        return "closed" if asked or len(clause.split()) <= 6 else "statement"
    if asked:
        # A question mark on a statement ("You work remotely?") asks for a yes or no.
        tail = _QUESTION_START.search(clause)
        if tail and tail.start() > 0 and clause[: tail.start()].rstrip().endswith(("and", "but", ",", "so", "or")):
            return _clause_form(clause[tail.start():], asked)
        return "closed"
    # No question mark (speech, lazy typing): a question that starts mid-clause.
    m = _QUESTION_START.search(clause)
    if m and m.start() > 0:
        before = clause[: m.start()].rstrip()
        if before.endswith(("and", "but", "so", "or", ",", "also", "then", "wondering", "curious", "know",
                            "ask", "ask you", "question is", "wonder", "understand", "hear", "learn")):
            return _clause_form(clause[m.start():], True)
    return "statement"


_SPLIT = re.compile(r"(?<!\bdr\.)(?<!\bmr\.)(?<!\bms\.)(?<!\bst\.)(?<!\bvs\.)(?<!\bmrs\.)(?<!\bprof\.)(?<=[?!.;])\s+|\n+")
_TAIL_SPLIT = re.compile(
    rf",?\s+(?:and|also|plus)(?: also| second| then| lastly| finally)?,?\s+(?=(?:{_WH}\b(?!{_EMBEDDED_ORDER})|(?:do|does|did|is|are|was|were|have|has|can|could|would|will|should) "
    r"(?:you|there|it|your|the|they|we|i|people)\b))"
    rf"|,\s+(?=(?:what|how|why|who)\b(?!{_EMBEDDED_ORDER})|(?:when|where|which) (?:do|does|did|would|should|can)\b|(?:when|where) (?:is|are|was|were)\b)"
    r"|,\s+(?=(?:so|but|and so|and)\b,?\s(?:[\w',]+ ){0,8}?(?:what|how|why|could you|can you|would you|do you|is there|are there)\b)"
)

# A piece that starts like this is a question on its own, wherever it stands.
_LOOKS_ASKED = re.compile(rf"^(?:{_WH}|{_AUX})\b")


def _clauses(text: str) -> list[tuple[str, bool]]:
    """Split a message into (clause, ended_with_question_mark)."""
    parts: list[tuple[str, bool]] = []
    for sentence in _SPLIT.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        asked = sentence.endswith("?")
        body = sentence.rstrip("?!.; ")
        pieces = [p.strip(" ,") for p in _TAIL_SPLIT.split(body)]
        pieces = [p for p in pieces if p]
        for i, piece in enumerate(pieces):
            # In "X, and what Y?", the question mark belongs to both; but a leading time or
            # condition clause ("when you started, what ...") asks nothing by itself.
            if i < len(pieces) - 1:
                core = _strip_fillers(piece)
                own = _LOOKS_ASKED.match(core) is not None and _SUBORDINATE_SUBJECT.match(core) is None
                parts.append((piece, asked and own))
            else:
                parts.append((piece, asked))
    return parts


# --------------------------------------------------------------------------- topics


def _rx(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _cues(*patterns: str) -> re.Pattern[str]:
    """Topic cues: findall counts every place a cue starts, even inside a longer cue."""
    return re.compile("(?=" + "|".join(f"(?:{p})" for p in patterns) + ")")


# Each topic: strong cues (enough alone) and weak ones (count only when nothing strong matched).
_TOPIC_CUES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "career_path": (
        _cues(
            r"\b(?:get|got|getting|break|broke|came|come|end|ended|wound|wind) (?:up )?(?:into|in to|started|"
            r"your start|to where you are|here\b|to this|this (?:job|role|position)|the job|into this)",
            r"\bend(?:ed)? up\b", r"\bcareer (?:path|journey|trajectory|story|history|change|changer|switch|shift|pivot)",
            r"\bpath (?:to|into|here)\b", r"\byour (?:path|journey|story|background|trajectory)\b",
            r"\bhow did you (?:become|land|find|start|choose|decide|pick|come to|transition|move|switch|"
            r"make the|know|realize|figure|go from|end up|wind up|get|break)",
            r"\b(?:land|landed) (?:the|this|your|a|that) (?:job|role|position)",
            r"\bbefore (?:this|you (?:joined|started|came|worked)|(?:your|the) current)",
            r"\b(?:previous|prior|past|earlier|first) (?:jobs?|roles?|positions?|careers?|employers?)",
            r"\b(?:you|your) (?:major|majored|minor|studied|study|education|undergrad|college|school|degree|"
            r"graduate|graduated|grad school|masters|phd|internships?|first job)\b",
            r"\bwhat did you (?:study|major)", r"\bwhere did you (?:go to school|study|go to college|work|intern|start)",
            r"\b(?:did|do) you have (?:a|any) mentors?", r"\byour mentors?\b", r"\bmentored you\b",
            r"\b(?:promoted|promotion|promotions|worked your way up|move up|moved up)\b",
            r"\bswitch(?:ed)? (?:careers|fields|jobs)", r"\bhow long have you (?:been|worked|had)",
            r"\b(?:always|originally) (?:want|wanted|know|knew|plan|planned|think|thought)",
            r"\bwhy did you (?:choose|pick|decide|go into|get into|become|leave|switch|start|pursue|enter|move)\b"
            r"(?! (?:this|your|the|that) (?:company|organization|org|employer|firm|agency|museum|hospital|school|place|paper|newsroom|clinic|bank|startup|district|nonprofit))",
            r"\bwhat (?:made|led|drew|brought|inspired|motivated|pushed) you (?:to|into|here|toward)",
            r"\bwhen did you (?:start|begin|decide|know|realize|get|become|join|switch|move|graduate)",
            r"\bhow long did it take (?:you )?to (?:get|find|land|become)", r"\bstarted out\b",
            r"\byou (?:go|went) (?:back |straight )?(?:in)?to (?:grad|graduate|law|med|nursing) school",
            r"\bhave you always (?:worked|been|wanted)\b", r"\b(?:made|make|making) the (?:jump|leap|switch|move)\b", r"\bthe jump from\b",
            r"\bwhat made you (?:want to )?(?:go|get|become|choose|switch|pursue|move|leave|join|start|decide|apply)\b",
            r"\bdecided? to (?:go into|become|pursue|get into|join|work in|switch|leave)\b", r"\bwhat steps did you\b",
            r"\bthe path\b", r"\bled you (?:to|into|here)\b", r"\bbuild(?:ing)? a career\b", r"\b(?:make|made|making) partner\b", r"\btake you to (?:become|get|make|reach|land)\b",
            r"\b(?:university|college|school|program) did you\b", r"\bdid you get your\b", r"\bfirst[- ]generation\b",
            r"\byour career\b", r"\bwhat year did you graduate", r"\btransition(?:ed)? (?:into|from|to)",
            r"\bhow did you (?:get|end up) (?:here|this|into|started|your)",
        ),
        _cues(r"\bcareer\b", r"\bbackground\b", r"\bmentors?\b", r"\bjourney\b", r"\bbecame\b", r"\bgrad school\b", r"\bdegree in\b",
            r"\bfirst year\b", r"\bturned into\b", r"\bfull[- ]time\b", r"\bprepared? you\b", r"\byour first\b"),
    ),
    "day_to_day": (
        _cues(
            r"\btypical (?:day|week|workday|morning|afternoon|shift|month|year|project)", r"\bday[- ]to[- ]day\b",
            r"\bdaily\b", r"\baverage (?:day|week)", r"\bday in the life", r"\b(?:your|a normal|a usual|a regular) (?:day|week|workday)\b",
            r"\bwhat do you (?:actually |really )?do (?:all day|at work|each day|every day|in your (?:job|role)|most)",
            r"\bwhat (?:does|do) (?:your|the) (?:job|role|work|position|days?|weeks?) (?:involve|entail|look like|consist)",
            r"\b(?:responsibilities|duties|tasks)\b", r"\bprojects?\b", r"\bworking on\b",
            r"\bwho do you (?:work|collaborate|interact|report)", r"\b(?:work|collaborate|interact) with (?:on a|most|day)",
            r"\btravel(?:ing|ling)?\b", r"\bmeetings\b", r"\bin meetings?\b", r"\b(?:on your own|alone|independently) or\b",
            r"\bwork (?:mostly )?(?:alone|on your own|independently)\b", r"\ba shift\b", r"\bshifts\b",
            r"\bwork (?:directly )?with (?:patients|clients|students|customers|kids|children|the public|donors|visitors|families)\b",
            r"\byesterday\b", r"\bopen plan\b", r"\boffice (?:layout|setup|space)\b", r"\bsplit (?:your|my) time\b",
            r"\bsite visits?\b", r"\btrips?\b", r"\b(?:normal|regular|usual|typical|average|busy) (?:monday|tuesday|wednesday|thursday|friday|shift|morning)\b",
            r"\brecent (?:case|project|story|client|patient|campaign|deal|assignment)\b", r"\bover the course of a (?:day|week|month)\b",
            r"\bwhat (?:a|an) [\w -]{2,30} (?:does|do)\b", r"\bcomes? together\b", r"\bin court\b", r"\bon (?:set|site|the road)\b",
            r"\b(?:meet|see|work with) (?:the )?(?:athletes|clients|patients|students|customers|artists|authors|kids) ", r"\b(?:people|many|who) (?:are |is )?on your team\b", r"\b(?:team size|size of your team)\b", r"\b(?:people|who) you work with\b", r"\bwork with (?:on|every|day|most)\b",
            r"\bspend (?:most of )?(?:your|the|a) (?:time|day|days|week|hours)", r"\b(?:percentage|percent|share|how much) of your (?:time|day|week)",
            r"\bcaseload\b", r"\b(?:what|which) (?:tools|software|programs|platforms|systems|apps) do you use",
            r"\bwhat is your (?:role|job) like\b", r"\bwhat do you do\b(?! (?:for fun|outside|to relax|on weekends))",
            r"\bdesk\b",
            r"\bwhat (?:is|was) (?:a|your) (?:day|week|shift)\b", r"\bwalk me through (?:a|your) (?:day|week|shift)",
            r"\bmorning routine\b", r"\bwork environment\b", r"\bwhat kind of work\b", r"\bwhat your work (?:involves|looks)",
            r"\bclients?\b", r"\bpatients? (?:a|per) day\b", r"\bhands[- ]on\b", r"\bfieldwork\b",
        ),
        _cues(r"\bday\b", r"\bweek\b", r"\bwork on\b", r"\bschedule\b", r"\brole\b", r"\btools?\b", r"\bsoftware\b",
            r"\byour team\b", r"\bin the (?:office|field|lab|classroom|clinic|newsroom|galleries)\b", r"\bwalk me through\b",
            r"\bin practice\b", r"\blook like for you\b"),
    ),
    "skills": (
        _cues(
            r"\bskills?\b", r"\bskillset\b", r"\bqualifications?\b", r"\bqualified\b", r"\btraining\b",
            r"\bcertif(?:y|ied|icate|icates|ication|ications)\b", r"\blicen[cs](?:e|ed|ure|ing)\b",
            r"\b(?:courses?|classes|coursework|bootcamp|boot camp)\b", r"\bhiring managers?\b",
            r"\blook(?:ing)? for in (?:a|an)? ?(?:candidate|applicant|hire|new hire|intern|resume|employee)",
            r"\bwhat makes (?:a|an|someone|somebody|people) (?:good|great|successful|strong|effective|excellent)",
            r"\b(?:successful|good|great|strong|effective) (?:candidate|applicant|hire)",
            r"\bexcel\b", r"\bsql\b", r"\bpython\b", r"\btableau\b", r"\bfigma\b", r"\bstatistics\b", r"\bstats\b",
            r"\bcod(?:e|ing)\b", r"\bprogramming\b", r"\bspanish\b", r"\bbilingual\b", r"\bgis\b",
            r"\b(?:cpa|pmp|cfa|bar exam|credentials?)\b", r"\bstand out to you\b", r"\bif you were hiring\b", r"\bwhen you hire\b",
            r"\b(?:you|they|employers|recruiters|managers) look for\b",
            r"\b(?:master'?s|masters|phd|mba|graduate degree|grad school|advanced degree|degree)\b.{0,40}"
            r"\b(?:worth|necessary|required|needed|need|important|help|matter|essential|useful)",
            r"\b(?:need|require|required|requires|necessary|needed)\b.{0,30}\b(?:degree|master'?s|masters|phd|mba|"
            r"certification|license|background|experience)",
            r"\bprerequisites?\b", r"\babilit(?:y|ies)\b", r"\b(?:programm?ing )?languages?\b", r"\bknowing\b",
            r"\b(?:when|if) you(?:'re| are| were)? hiring\b", r"\bwhen hiring\b", r"\bseparates?\b", r"\bgood \w+ from a great\b", r"\bthrives?\b", r"\bsucceed(?:s)? (?:in|at)\b", r"\bsuccessful (?:in|at)\b", r"\bcut out for\b",
            r"\b(?:kind|type|sort) of (?:person|people|personality)\b", r"\bgood fit\b", r"\b(?:strengths|traits|qualities|personality|characteristics|attributes)\b",
            r"\bportfolio\b", r"\b(?:learn|know|master|study|pick up) (?:before|first|to be|in order)",
            r"\bwhat (?:should|do|would) i (?:learn|study|know|major|take)\b", r"\bwhat (?:classes|courses)\b",
            r"\bgood at\b", r"\bexpertise\b", r"\bcompetenc(?:y|ies|e)\b", r"\btechnical\b", r"\bsoft skills\b",
            r"\bexperience (?:do|would|should|is|are) (?:you|i|they|employers|people)? ?(?:need|look|required|expected)",
            r"\b(?:important|matter|matters|essential|useful|valuable) (?:to know|to learn|to have)\b",
            r"\bhow important is (?:excel|sql|python|writing|coding|a degree|gpa|your gpa|grades|experience|math)",
            r"\bgpa\b", r"\bgrades?\b(?! (?:you|i) teach)",
        ),
        _cues(r"(?<!hoping to )(?<!want to )(?<!like to )(?<!love to )\blearn\b(?! (?:more )?about| how people)", r"\bknowledge\b", r"\bexperience\b", r"\bdegree\b", r"\bmajor\b", r"\bwriting\b"),
    ),
    "culture": (
        _cues(
            r"\bcultures?\b", r"\bvalues?\b", r"\bvalued\b", r"\bmission\b", r"\bmanagement(?! of)\b",
            r"\b(?:your|the) (?:boss|manager|supervisor|leadership|leaders|director|higher-ups|executives)\b",
            r"\bdecisions? (?:are|get|gets|is) made\b", r"\bdecision[- ]making\b", r"\bwho makes (?:the )?decisions",
            r"\bwhy (?:did you )?(?:choose|pick|join|stay (?:at|with)|work (?:at|for)) (?:this|your|the|that) "
            r"(?:company|organization|org|employer|firm|agency|museum|hospital|school|place|paper|newsroom|clinic|bank|startup|district|nonprofit)",
            r"\bwhy (?:this|your) (?:company|organization|employer|firm|agency|museum|hospital|school)\b",
            r"\bwhy (?:do you )?stay\b", r"\b(?:like|to) work (?:at|for) (?:your|the|this)\b",
            r"\bwhat is it like (?:to work |working )?(?:at|for|in) (?:your|the|this|a)\b(?! (?:field|industry))",
            r"\b(?:colleagues|coworkers|co-workers|team dynamics?|teammates)\b", r"\bdiversity\b", r"\binclusi(?:ve|on)\b",
            r"\bdei\b", r"\bprofessional development\b", r"\bgrowth opportunities\b", r"\bopportunities (?:for|to) (?:grow|growth|advance|learn)",
            r"\b(?:support|invest in) (?:your|employee|staff|their)s? (?:growth|development|learning)",
            r"\bsupportive\b", r"\bsupported\b", r"\bhierarch(?:y|ical)\b", r"\bflat\b", r"\bautonomy\b",
            r"\bmorale\b", r"\bturnover\b", r"\bpolitics\b", r"\bbureaucra(?:cy|tic)\b", r"\bprioriti[sz]e\b",
            r"\bwhat (?:does|do) (?:your|the) (?:organization|company|org|employer|firm|agency|team|museum|school|newsroom|hospital) "
            r"(?:value|care about|reward|look for in)", r"\b(?:organization|organizational|company|workplace|office) (?:culture|values|feel|vibe|atmosphere)",
            r"\bwork environment\b", r"\benvironment (?:at|in) (?:your|the)\b", r"\bmentorship program\b",
            r"\btuition (?:reimbursement|assistance)\b", r"\bfeedback\b", r"\bmicromanag", r"\bmanaged\b",
            r"\bpay for (?:grad school|school|tuition|training|courses|classes|certifications?|conferences|it|that|your|the)\b",
            r"\bstay at (?:your|the|this) (?:company|organization|org|firm|agency|museum|hospital|school|paper|bank|nonprofit)\b",
            r"\bdifferent from other (?:places|organizations|companies|employers|firms|agencies|museums)\b", r"\bleadership\b",
            r"\b(?:startup|nonprofit) over\b", r"\bover a (?:bigger|smaller|big|small|large|larger) (?:company|organization|firm|one)\b",
            r"\bdisagreements?\b", r"\bconflicts?\b", r"\bfounded\b", r"\bheadquarter", r"\bhow many people work (?:there|here|at)\b",
            r"\bwhy (?:did you )?(?:pick|choose) (?:a|an) (?:startup|nonprofit|big|small|large|government|public|private)\b",
            r"\b(?:choose|chose|pick|picked|join|joined) (?:this|your) (?:\w+ )?(?:house|company|organization|firm|agency|museum|hospital|school|studio|practice|office|employer|team|paper|newsroom|clinic|bank|startup|nonprofit)\b",
            r"\b(?:drew|brought|attracted|led|draws|keeps) you (?:to|at) (?:this|your|the) (?:company|organization|org|employer|firm|agency|museum|hospital|school|paper|newsroom|clinic|bank|startup|nonprofit|district|team)\b",
        ),
        _cues(r"\b(?:organization|company|employer|firm|agency|org|workplace)\b", r"\bteam\b"),
    ),
    "lifestyle": (
        _cues(
            r"\b(?<!credit )hours?\b", r"\bwork[- ]?life\b", r"\bbalance\b", r"\b(?:take|bring|taking|bringing|brings|takes) (?:your |the |any )?work home\b",
            r"\bwork home\b", r"\bweekends?\b", r"\bevenings?\b", r"\bnights?\b", r"\bovertime\b", r"\bstress(?:ful|ed|es)?\b",
            r"\bburn(?:ed|t)? ?out\b", r"\bburnout\b", r"\bflexib(?:le|ility)\b", r"\bremote(?:ly)?\b", r"\bwork from home\b",
            r"\bworking from home\b", r"\bhybrid\b", r"\b(?:work|working|be|come|days) in[- ]person\b", r"\bin[- ]person (?:work|days|job)\b", r"\bcommute\b", r"\bon[- ]call\b",
            r"\bvacation\b", r"\btime off\b", r"\bpto\b", r"\bparental leave\b", r"\bsick days\b",
            r"\bpay\b(?! for)", r"\b(?:paid|salary|salaries|compensation|income|wages?|benefits|raise|raises)\b",
            r"\bburning out\b", r"\bburn out\b", r"\bsocial life\b", r"\bmake a year\b", r"\bfinancially\b",
            r"\b(?:make|earn) (?:a ton of|a lot of|tons of|good|decent|enough|much)? ?money\b",
            r"\b(?:earn|make) (?:a living|money|good money|enough)\b", r"\bhow much (?:do|does|did|can|could|will|would) .{0,30}(?:make|earn)\b",
            r"\blifestyle\b", r"\bfamily (?:life|time)\b", r"\bpersonal life\b", r"\bfree time\b", r"\boutside (?:of )?work\b",
            r"\bfor fun\b", r"\bhobbies\b", r"\bbusy season\b", r"\b(?:long|crazy|late) (?:hours|days|nights)\b",
            r"\bsleep\b", r"\bexhaust(?:ed|ing)\b", r"\b(?:9|nine) to (?:5|five)\b", r"\bunplug\b", r"\bdisconnect\b",
            r"\bmental health\b", r"\bdeadlines?\b", r"\bpressure\b", r"\bhave a life\b", r"\btime for yourself\b",
            r"\bpace\b", r"\bschedule\b.{0,20}\bflexib", r"\boff the clock\b", r"\bemails? (?:at night|after)",
            r"\bsummers? off\b", r"\bcost of living\b",
        ),
        _cues(r"\bschedule\b", r"\bbusy\b", r"\bmoney\b", r"\btired\b", r"\bfamily\b"),
    ),
    "rewards_challenges": (
        _cues(
            r"\b(?:like|love|enjoy|liked|loved|enjoyed) (?:the )?(?:most|best|least)\b",
            r"\b(?:like|love|enjoy)\b.{0,25}\babout (?:your|the|this|being|working|it|what)\b",
            r"\bfavou?rite (?:part|thing|aspect|project|moment|day|memory)", r"\bleast favou?rite\b",
            r"\bdislike\b", r"\bhate\b", r"\b(?:don't|do not) (?:like|enjoy|love)\b",
            r"\brewarding\b", r"\brewards?\b", r"\bfulfill(?:ing|ment)\b", r"\bsatisf(?:ying|action|ied)\b",
            r"\bmeaningful\b", r"\bproud(?:est)?\b",
            r"\b(?:hard|hardest|difficult|toughest|biggest|most difficult|most challenging|worst|best|most rewarding|"
            r"most frustrating|most stressful|most surprising|most fun|most exciting) (?:part|parts|thing|things|aspect|aspects|challenge|challenges|moment|moments|day|days)\b",
            r"\bchalleng(?:e|es|ing)\b(?! facing)", r"\bfrustrat(?:e|es|ed|ing|ion|ions)\b", r"\bsurpris(?:e|ed|es|ing)\b",
            r"\bdownsides?\b", r"\bdrawbacks?\b", r"\bupsides?\b", r"\bpros and cons\b", r"\bperks\b",
            r"\bdo you (?:like|love|enjoy) (?:it|your|the|what|working|being|this)\b", r"\bkeeps you (?:going|motivated|there|in)",
            r"\bmotivat(?:es|ing)\b", r"\bhappy (?:in|with|doing)\b", r"\bmistakes?\b", r"\bfailures?\b", r"\bhighlights?\b",
            r"\bget out of bed\b", r"\bimpact you (?:have|make)\b", r"\bstruggle[ds]?\b",
            r"\b(?:ever|almost) (?:quit|leave|left)\b", r"\bwhat (?:is|was) (?:the )?hardest\b", r"\bhardest\b",
            r"\b(?:best|dream) job\b", r"\bmisconceptions?\b", r"\bmyths?\b", r"\bmust love\b", r"\bis hard\b",
            r"\b(?:don't|do not) realize\b", r"\b(?:bother|bothers|bug|bugs|annoy|annoys|drive|drives) you\b", r"\btedious\b", r"\bboring\b",
            r"\bfind (?:most |the most )?(?:tedious|boring|hard|difficult|rewarding|satisfying|frustrating|fun|exciting)\b", r"\b(?:harder|easier|better|worse) than (?:you|i)? ?expected\b", r"\bthan (?:you|i) expected\b",
            r"\blike (?:it )?(?:better|more)\b", r"\bso bad\b", r"\bawful\b",
        ),
        _cues(r"\blike\b", r"\benjoy\b", r"\blove\b", r"\bhard\b", r"\bdifficult\b", r"\btough\b", r"\bworth it\b", r"\bprefer\b", r"\bexpected\b"),
    ),
    "industry": (
        _cues(
            r"\bindustry\b", r"\bindustries\b", r"\b(?:the|this|your) (?:field|sector|profession)\b.{0,40}"
            r"\b(?:heading|going|headed|changing|changed|change|growing|grow|evolv|future|shrinking|moving|look like in)",
            r"\bfuture of\b", r"\bthe future\b", r"\btrends?\b", r"\boutlook\b", r"\bjob market\b", r"\bmarket (?:for|is|like)\b",
            r"\b(?:ai|artificial intelligence|automation|chatgpt|machine learning)\b", r"\bnext (?:5|five|10|ten|few|couple of) years\b",
            r"\bin (?:5|five|10|ten|twenty|20) years\b", r"\brelated (?:careers|jobs|fields|roles|paths|positions)\b",
            r"\bother (?:careers|roles|jobs|paths|positions|employers|companies|organizations) (?:in|like|related|that)",
            r"\b(?:employers|companies|organizations|firms|agencies|places) (?:in|that hire|hiring|to look at)\b",
            r"\bdemand (?:for|in)\b", r"\bin demand\b", r"\b(?:how )?competitive (?:is )?(?:the )?(?:field|industry|market|sector)\b",
            r"\bhow competitive\b", r"\bfunding (?:landscape|environment|cuts|climate)\b", r"\bgrowth (?:in|of) (?:the|this)",
            r"\bwhere (?:is|are|do you see) (?:the|this) (?:field|industry|profession|sector|work)\b",
            r"\bchanges? (?:in|to) (?:the|this|your) (?:field|industry|profession|sector)\b",
            r"\b(?:the|this) (?:field|sector|profession) (?:as a whole|overall|in general)\b", r"\bstability\b",
            r"\blayoffs?\b", r"\bjob security\b", r"\bsecure\b", r"\bpolicy\b", r"\bregulations?\b", r"\bevolv(?:e|ed|ing)\b",
            r"\bshifting\b", r"\b(?:field|industry) (?:changed|changing|shifted)\b",
            r"\bwhere do you see\b(?! yourself)", r"\bgo on to\b", r"\bstay current\b", r"\bkeep up with\b", r"\b(?:heading|headed)\b", r"\bgoing in the (?:next|future|coming)\b",
            r"\brelated to this\b", r"\bare related\b", r"\bclosely related\b", r"\b(?:careers?|jobs|fields|roles|paths) (?:\w+ ){0,3}related\b",
            r"\bopenings (?:in|for)\b", r"\bshortage\b", r"\bsurplus\b", r"\b(?:will|going to) (?:continue|grow|shrink|survive|disappear|recover|keep growing)\b",
            r"\b(?:dying|dead|declining|decline|booming|saturated)\b", r"\bjobs available\b", r"\bavailable jobs\b",
            r"\b(?:affected|affect|affects|impact|impacted) (?:the )?(?:jobs|hiring|market|field|industry)\b", r"\bhiring as much\b", r"\b(?:has|have) [\w ]{1,30} changed\b", r"\bchanges? (?:have you seen|in)\b",
            r"\bchanging\b", r"\bjob growth\b", r"\bgrowth rate\b", r"\bprojected\b", r"\bbls\b", r"\bbureau of labor\b",
            r"\b(?:organizations|companies|employers|places|firms|agencies) (?:\w+ )?hire\b", r"\bfacing\b", r"\bgrowing\b",
            r"\bthe (?:art|museum|tech|nonprofit|finance|news|publishing|healthcare|non-profit|policy) world\b",
            r"\b(?:other )?career paths (?:people|that|for)\b", r"\bother career paths\b", r"\bcutting\b", r"\bdisappear", r"\bentry[- ]level (?:jobs|market|positions) (?:like|look)",
        ),
        _cues(r"\bfield\b", r"\bsector\b", r"\bprofession\b", r"\bfuture\b", r"\bstartups\b", r"\bright now\b", r"\bcompetitive\b",
              r"\b(?:companies|firms|organizations|museums|studios|agencies|places|employers|hospitals|schools|newsrooms) (?:are |still )?hiring\b"),
    ),
    "advice": (
        _cues(
            r"\badvice\b", r"\b(?:some|any|your|for) advice\b", r"\btips?\b", r"\bsuggestions?\b", r"\brecommendations?\b(?! (?:for|of) (?:people|someone|anyone))",
            r"\bwhat would you (?:do|have done) differently", r"\bdo (?:anything|things|it) differently\b", r"\bdifferently\b",
            r"\bwish(?:ed)? (?:you|i) (?:had )?(?:known|knew|done|learned|studied|taken)", r"\bwish someone\b",
            r"\bif you (?:were|could|had to) (?:start|starting|begin|do it|go back|redo)", r"\bstart(?:ing)? over\b",
            r"\bin my (?:position|shoes)\b", r"\bsomeone (?:like me|in my|who is|who's|who wants|interested|starting|trying)",
            r"\b(?:students?|people|somebody) (?:who want|interested|hoping|looking|trying|starting|like me)",
            r"\bhow (?:should|can|could|do|would|might) (?:i|someone|a student|students|one|a person|people|you) "
            r"(?:best )?(?:prepare|get (?:into|in|started|a foot|hired|experience|a job)|break|start|stand out|position|become|find|land|make (?:myself|the jump|the switch)|build|gain|go about|approach|pursue|set myself)",
            r"\bfoot in the door\b", r"\bbreak into\b", r"\bget (?:my|a) foot\b",
            r"\b(?:should|would|could) i (?:do|take|study|get|apply|major|focus|learn|try|consider|start|pursue|go|look|join|be|read|work|volunteer|intern|minor|double|avoid)\b",
            r"\bi should (?:just |really |probably )?(?:go|do|take|study|get|apply|major|focus|learn|try|consider|start|pursue)\b", r"\brecommend (?:that )?i\b",
            r"\bmistakes? (?:to|should i|i should) avoid\b", r"\bavoid\b", r"\bbest way\b", r"\b(?:hiring|application|recruiting|interview) process\b", r"\bget hired\b",
            r"\bthing you(?:'ve| have)? (?:learned|learnt)\b", r"\bmistakes? (?:that )?(?:new|people|students|interns|beginners|newcomers)\b",
            r"\bwhat (?:should|would|could|can) (?:i|a student|students|someone|one) (?:do|focus|be doing|work on|read)\b",
            r"\bwhat steps\b", r"\bnext steps?\b", r"\bwhat can i do\b", r"\bbest way to\b", r"\byounger self\b",
            r"\bresources?\b", r"\bbooks?\b", r"\bpodcasts?\b", r"\bnewsletters?\b", r"\bwebsites?\b", r"\bblogs?\b",
            r"\b(?:professional )?(?:associations?|conferences?)\b", r"\bstand out\b", r"\bmake myself\b",
            r"\blessons?\b", r"\bregrets?\b", r"\bwhat do you wish\b", r"\bif you could go back\b",
            r"\b(?:as a|i am a) (?:student|junior|senior|sophomore|freshman|first-year|new grad)\b.{0,60}\b(?:should|how|what)",
            r"\b(?:one|1) thing (?:you|i)\b", r"\bhow to prepare\b", r"\bprepare (?:for|myself)\b", r"\bapplying\b",
            r"\bapply(?: to| for)? (?:jobs|internships|positions|roles|grad school|programs)\b",
            r"\bcover letters?\b", r"\binterview(?:s|ing)? (?:process|tips|prep)\b", r"\bwhat would you tell\b", r"\bmy (?:situation|position)\b",
        ),
        _cues(r"\bshould i\b", r"\bwhat would you\b", r"\brecommend\b", r"\bsuggest\b", r"\bresume\b"),
    ),
    "network": (
        _cues(
            r"\b(?:who|anyone|someone|somebody|people|others?) (?:else )?(?:that |who )?(?:should|would|could|might|do you think|do you recommend|would you recommend|would you suggest) "
            r"(?:i )?(?:talk|speak|reach|contact|connect|meet|chat|email|follow|get in touch)",
            r"\b(?:talk|speak|chat) (?:to|with) (?:anyone|someone|somebody|others?|people|other people|next|more people)\b",
            r"\breach out to\b", r"\bget in touch\b", r"\bintroduc(?:e|tion|tions)\b(?! myself)", r"\bconnect (?:me|with)\b",
            r"\b(?:keep|stay) in touch\b", r"\bfollow up with you\b", r"\bkeep you (?:updated|posted)\b", r"\bshadow(?:ing)?\b",
            r"\blinkedin\b", r"\bnetwork(?:ing|s)?\b", r"\binformational interviews?\b", r"\b(?:recommend|suggest) (?:anyone|someone|people|somebody|a person)\b",
            r"\b(?:other|more) (?:people|professionals|colleagues|contacts) (?:i|to)\b", r"\bcontacts?\b", r"\balumni\b",
            r"\bcan i (?:email|contact|reach|message|follow up with) you\b", r"\breach you\b", r"\bbest way to (?:reach|contact)",
            r"\bcoffee chats?\b", r"\bput me in touch\b", r"\bprofessional (?:organizations|associations|groups|societies)\b", r"\bbelong to\b", r"\bfollow(?:ed)? up with you\b", r"\bfollow up after\b",
            r"\breach(?:ed)? out (?:again|to you)\b", r"\bwilling to (?:chat|talk|meet|speak)\b", r"\b(?:chat|talk|speak) with me\b",
            r"\b(?:kept|keeping|staying) in touch\b", r"\bconnect(?:ing)? me\b", r"\b(?:quick|short) (?:call|chat)\b", r"\bi should (?:meet|talk to|contact|reach out)\b",
            r"\bknow (?:anyone|anybody|someone|somebody)\b", r"\b(?:email|contact) you\b", r"\b(?:good |right )?person to (?:talk|speak) to\b",
            r"\brefer me to (?:your|a|someone|somebody|the)\b", r"\b(?:pass|forward) (?:along )?my (?:resume|cv)\b", r"\bput in a (?:good )?word\b",
            r"\brefer me for\b", r"\bmy resume (?:along|to)\b", r"\bwho else\b", r"\banyone else\b", r"\bsomeone else\b", r"\bpass (?:along )?my (?:name|info|email)",
            r"\bmeet (?:other|more) (?:people|professionals)\b", r"\bprofessional (?:groups|organizations|associations) (?:i could|to) join\b",
        ),
        _cues(r"\brecruiter\b"),
    ),
}


# When two topics score the same, the more specific one wins ("the best way to stay in
# touch" is about the network, not advice).
_TOPIC_PRIORITY = ("network", "lifestyle", "skills", "advice", "culture", "industry", "rewards_challenges",
                   "career_path", "day_to_day")


def _clause_topic(clause: str) -> str | None:
    """The one topic a single question is about: most cues wins, strong cues count double."""
    best, best_score = None, 0
    for topic in _TOPIC_PRIORITY:
        strong, weak = _TOPIC_CUES[topic]
        score = 2 * len(strong.findall(clause)) + len(weak.findall(clause))
        if score > best_score:
            best, best_score = topic, score
    return best


def _topics(question_clauses: list[str], whole: str) -> list[str]:
    """One topic per question; several questions may carry several topics (in TOPICS order)."""
    found = {t for t in map(_clause_topic, question_clauses) if t}
    if not found:
        # The subject may sit in a preamble: "My sister is a nurse and never sleeps. Is that normal?"
        topic = _clause_topic(whole)
        found = {topic} if topic else set()
    return [t for t in TOPICS if t in found]


# --------------------------------------------------------------------------- flags

_LEADING = _rx(
    r"\b(?:don't|do not|doesn't|wouldn't|isn't|aren't|wasn't|didn't|won't|shouldn't|haven't) (?:you|it|that|this|there|they) "
    r"(?:think|agree|feel|find|say|love|get|be|seem|make|sound|mean)\b",
    r"^(?:isn't|aren't|wasn't|don't|doesn't|didn't|wouldn't|shouldn't|haven't) ",
    r"[,.] ?(?:right|correct|yeah|no|huh|yes|true|isn't it|aren't they|don't you|didn't you|wasn't it|doesn't it|"
    r"right\?|won't it|isn't that right|am i right)\s*[?]?\s*$",
    r"\bi (?:bet|assume|imagine|suppose|expect|take it|guess|am sure|am guessing|would imagine|would assume|would guess) (?:that )?(?:you|it|the|this|your|that|there)\b",
    r"\bsurely\b", r"\bobviously\b", r"\byou (?:must|probably|definitely|surely) (?:love|hate|be|have|get|make|enjoy|feel|find|think|work)\b",
    r"\bit must be\b", r"\bmust be (?:so |really |very )?(?:hard|amazing|great|stressful|rewarding|tough|exhausting|fun|cool)\b",
    r"\bdo you agree (?:that|with)\b", r"\bwouldn't you (?:say|agree)\b", r"\bagree that\b",
    r"\bi think (?:that )?\w+(?: \w+){0,8},? (?:right|don't you|do you agree|wouldn't you)\b",
    r"\b(?:so|really|very) (?:rewarding|amazing|fulfilling|stressful|hard|exciting),? (?:right|isn't it|huh)\b",
)

_GOOGLEABLE = _rx(
    r"\bwhen (?:was|did) (?:the|your) (?:company|organization|org|firm|agency|museum|nonprofit|bank|startup|hospital|paper|school) "
    r"(?:founded|start|get started|established|open|begin|created)",
    r"\bhow many (?:employees|offices|locations|branches|people work (?:at|for) (?:the|your) (?:company|organization))",
    r"\bhow (?:big|large) is (?:the|your) (?:company|organization|firm|agency|bank|museum|nonprofit|startup|hospital)",
    r"\bwhere (?:is|are) (?:the|your) (?:company|organization|firm|agency|nonprofit|bank|startup|museum)'?s? ?(?:headquarters|headquartered|based|located|offices)",
    r"\bwhere (?:is|are) (?:the|your) headquarters\b", r"\bheadquartered\b",
    r"\bwhat year (?:was|did) (?:the|your) \w+ (?:founded|start|open|established)",
    r"\bwhat (?:exactly )?(?:does|do) (?:the|your) (?:company|organization|org|firm|agency|nonprofit|startup|bank|museum) (?:do|make|sell|offer)\b",
    r"\bwhat (?:is|are) (?:the|your) (?:company|organization|org|firm|agency|nonprofit|startup|museum)(?:'s)? (?:mission|products|services|mission statement)\b",
    r"\bwhat (?:is|was) (?:the|your) (?:mission statement|revenue|stock price|annual budget)\b",
    r"\bwhat (?:is|are) the (?:average|median|typical|starting|national average) (?:salary|salaries|pay|wage)\b",
    r"\b(?:make|earn|paid) on average\b", r"\baverage (?:salary|pay|wage) (?:for|of)\b",
    r"\bwho (?:is|was) (?:the|your) (?:ceo|founder|founders|president|executive director)\b",
    r"\bwho (?:founded|started|owns|runs) (?:the|your) (?:company|organization|firm|nonprofit|startup|museum|paper)\b",
    r"\bhow long has (?:the|your) (?:company|organization|firm|agency|museum|nonprofit) been\b",
    r"\bwhat (?:products|services) (?:does|do) (?:the|your|you)\b",
)

_JOB_REQUEST = _rx(
    r"\b(?:are|will) (?:you|you guys|you all|they|y'all) (?:currently |be )?hiring\b", r"\bis (?:your|the) (?:company|team|organization|firm|office) hiring\b",
    r"\b(?:any|are there|have any|got any) (?:jobs?|internships?|positions?|roles?|openings?|vacancies) (?:open|opening|available|right now|at|on|for me)\b",
    r"\b(?:job|internship|position) openings?\b", r"\bopenings? (?:on|at|in) your\b", r"\bdo you have (?:any )?(?:openings|positions|internships|jobs)\b",
    r"\b(?:get|give|find|offer) me (?:a|an|the)? ?(?:job|internship|position|interview|role|spot)\b", r"\bhire me\b",
    r"\brefer(?:ral)? me (?:for|to) (?:a|an|the|that|this|your)? ?(?:job|position|role|internship|opening)", r"\brefer me\b(?! to (?:someone|anyone|people|a person|somebody))",
    r"\b(?:pass|forward|send|give|share) (?:along |on )?my (?:resume|cv|application)\b", r"\bput in a (?:good )?word\b",
    r"\b(?:consider|keep) me (?:for|in mind)\b", r"\bcould i (?:work|intern) (?:for|with) you\b", r"\bwork for you\b",
    r"\bcan i (?:apply|intern) (?:at|with|for) your\b", r"\b(?:a|an) (?:job|internship|position) (?:at|with) your\b.{0,20}\?$",
    r"\bhelp me get (?:a|an|the) (?:job|internship|position|interview)\b", r"\bsend you my (?:resume|cv)\b",
    r"\blooking for (?:a|an) (?:job|internship|position) (?:at|with) your\b", r"\bcould you hire\b", r"\bany chance (?:of|i could get) (?:a|an) (?:job|internship|position)\b",
)

_SALARY_PERSONAL = _rx(
    r"\bhow much (?:money )?(?:do|did) you (?:make|earn|get paid|bring in|take home|get)\b",
    r"\bwhat (?:is|was) your (?:salary|pay|income|compensation|wage|take[- ]home|hourly rate|base|base salary|paycheck)\b",
    r"\bwhat do you (?:make|earn|get paid)\b", r"\bhow much (?:are|were) you (?:paid|making|earning)\b",
    r"\byour (?:starting |first |current |base |annual )?(?:salary|income|paycheck|compensation|wages?)\b",
    r"\byou (?:must|probably|definitely) (?:make|earn|get paid)\b", r"\bdo you (?:make|earn) (?:good|a lot of|decent|enough) (?:money|pay)\b",
    r"\bhow much (?:money )?(?:you make|you earn)\b", r"\bhow much is your (?:salary|pay)\b", r"\bwhat (?:are|do) you (?:making|earning)\b",
    r"\bif you (?:don't|do not) mind (?:me )?(?:asking|sharing),? (?:how much|what) (?:do )?you (?:make|earn)\b",
)

_DOUBLE_IN_ONE = _rx(
    r"\b(?:like|love|enjoy) and (?:dislike|hate|not like)\b", r"\blikes and dislikes\b", r"\bbest and (?:the )?worst\b",
    r"\bmost and (?:the )?least\b", r"\bmost rewarding and (?:the )?most (?:challenging|difficult|frustrating)\b",
    r"\bhow (?:did|do) you .{3,40} and (?:why|how|what|where|when)\b",
)


# --------------------------------------------------------------------------- follow-ups

_FOLLOW_MARKERS = _rx(
    r"\byou (?:mentioned|said|talked about|brought up|were saying|spoke about|referenced|noted|described|meant|just)\b",
    r"\bearlier you\b", r"\bgoing back to\b", r"\bback to (?:what|the|your)\b", r"\bto follow up\b", r"\bfollow(?:ing)? up on\b",
    r"\b(?:say|tell me|talk|speak|hear|share|explain) (?:a (?:little |tiny )?(?:bit |little )?)?more\b",
    r"\bmore (?:about|on) (?:that|this|it|those|these|what you)\b", r"\belaborate\b", r"\bexpand on\b", r"\bunpack that\b",
    r"\bwhat do you mean\b", r"\bwhat did you mean\b", r"^(?:\w+ )?how so\b", r"\bwhy (?:is|was) that\b", r"\bin what (?:way|sense)\b",
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
    r"\b(?:any|one|some|all|none|each|most) of (?:them|those|these)\b", r"\b(?:has|did|does|will|would|can) that\b",
    r"\bwhy do you think (?:that|this) (?:is|was|happens)\b", r"^(?:\w+ )?(?:that|those|these) \w+ (?:look|sound|work|feel)",
)

_STOP = frozenset(
    ["a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "theirs", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "yours", "yourself", "really", "like", "lot", "lots", "thing", "things", "kind", "sort", "get", "got", "go", "going", "know", "think", "much", "many", "way", "well", "also", "one", "two", "three", "make", "made", "work", "working", "worked", "job", "jobs", "role", "people", "time", "day", "days", "year", "years", "good", "great", "want", "wanted", "say", "said", "tell", "told", "first", "new", "could", "might", "must", "shall", "may", "can't", "don't", "didn't", "doesn't", "isn't", "wasn't", "aren't", "i'm", "it's", "that's", "there's", "what's", "you're", "we're", "every", "still", "even", "back", "take", "took", "give", "gave", "see", "saw", "come", "came", "use", "used", "best", "most", "need", "needed", "actually", "pretty", "something", "someone", "anything", "everything", "always", "never", "often", "usually", "sometimes", "maybe", "probably", "definitely", "sure"]
)


def content_words(text: str) -> set[str]:
    """Stemmed words that carry meaning (no stop words, no short words): what two texts share."""
    words = re.findall(r"[a-z][a-z'-]+", text.lower())
    return {_stem(w) for w in words if len(w) > 3 and w not in _STOP}


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ies", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


# Words of a bare follow-up ("Could you elaborate on that?"), which names no subject of its own.
_FOLLOW_UP_WORDS = frozenset(
    "elaborate expand explain example examples mean meant more specific specifically interesting really wow "
    "curious tell talk share happen happened happens sounds sound seems come came why there please little".split()
)


# Long words that say nothing about what was just said: sharing one is not following up.
_GENERIC_LONG = frozenset(_stem(w) for w in (
    "favorite favourite different important interesting experience everything anything actually probably "
    "students student organization company companies especially definitely generally usually personally "
    "question questions another together"
).split())


def _is_bare(norm: str) -> bool:
    return not (content_words(norm) - {_stem(w) for w in _FOLLOW_UP_WORDS})


def _is_follow_up(norm: str, previous_answer: str | None) -> bool:
    if _FOLLOW_MARKERS.search(norm):
        return True
    if not previous_answer:
        return False
    shared = content_words(norm) & content_words(previous_answer)
    # Two shared words, or one long specific one ("Peace Corps" -> "corps" is short, "residency" is not).
    return len(shared) >= 2 or any(len(w) >= 7 and w not in _GENERIC_LONG for w in shared)


# --------------------------------------------------------------------------- rewrites


def _rewrite(question: str, topics: list[str], flags: list[str], original: str) -> str:
    text = open_version(_strip_fillers(question), topics, flags)
    # Keep the student's capitalised words ("Excel", "Epic", "New York").
    cased = {w.lower(): w for w in re.findall(r"[A-Za-z][\w'-]*", original)[1:] if w[0].isupper() and w != "I"}
    first, _, rest = text.partition(" ")
    rest = re.sub(r"[A-Za-z][\w'-]*", lambda m: cased.get(m.group(0).lower(), m.group(0)), rest)
    return re.sub(r"\bi\b", "I", f"{first} {rest}".strip())


# --------------------------------------------------------------------------- analyze


def analyze(text: str, previous_answer: str | None = None, *, previous_topics: Sequence[str] = ()) -> Analysis:
    """Code one student utterance. Pure and deterministic.

    `previous_answer` is what the professional just said; `previous_topics`, when the caller
    knows them, are the topics of the question it answered. A follow-up that names no subject
    of its own ("How did you handle that?") takes those topics, or else the answer's.
    """
    return _analyze(text, previous_answer or None, tuple(previous_topics))


@lru_cache(maxsize=4096)
def _analyze(text: str, previous_answer: str | None, previous_topics: tuple[str, ...] = ()) -> Analysis:
    norm = _normalise(text)
    clauses = _clauses(norm)
    forms = [_clause_form(clause, asked) for clause, asked in clauses]
    questions = [(clause, form) for (clause, _), form in zip(clauses, forms, strict=True) if form in ("open", "closed")]

    form: Form
    if any(f == "open" for _, f in questions):
        form = "open"
    elif questions:
        form = "closed"
    else:
        form = "not_a_question"

    # Greetings, thanks and remarks carry no topic: only questions are coded.
    topics_found = _topics([_strip_fillers(c) for c, _ in questions], norm) if form != "not_a_question" else []

    flags: list[str] = []
    if _LEADING.search(norm) and form != "not_a_question":
        flags.append("leading")
    if (len(questions) >= 2 and _distinct(questions)) or (questions and _DOUBLE_IN_ONE.search(norm)):
        flags.append("double_barreled")
    if _GOOGLEABLE.search(norm):
        flags.append("googleable")
    if _JOB_REQUEST.search(norm):
        flags.append("job_request")
    if _SALARY_PERSONAL.search(norm):
        flags.append("salary_personal")
    if len(text.split()) > TOO_LONG_WORDS:
        flags.append("too_long")

    follow_up = form != "not_a_question" and _is_follow_up(norm, previous_answer)
    if follow_up and not topics_found and not _is_bare(norm):
        # "How did you meet her?" is about whatever the answer was about.
        if previous_topics:
            topics_found = [t for t in TOPICS if t in previous_topics]
        elif previous_answer:
            topic = _clause_topic(_normalise(previous_answer))
            topics_found = [topic] if topic else []
    rewrite = None
    if form == "closed":
        closed_clause = next(c for c, f in questions if f == "closed")
        rewrite = _rewrite(closed_clause, topics_found, flags, text)
    return Analysis(text=text, form=form, topics=topics_found, flags=flags, follow_up=follow_up, rewrite=rewrite)


def _distinct(questions: Sequence[tuple[str, str]]) -> bool:
    """Two or more questions, not just one question rephrased as a choice ('X, or Y?')."""
    real = [c for c, _ in questions if not c.startswith(("or ", "like "))]
    return len(real) >= 2
