"""Stage 3: the form of one clause (open, closed, greeting or statement), by the convention in PRODUCT.md.

Polite requests to tell are open; fact-seeking wh-questions and yes/no forms are closed.
"""

from __future__ import annotations

import re
from typing import Literal

AUX = (
    r"(?:do|does|did|is|are|was|were|am|have|has|had|can|could|will|would|should|shall|may|might|must|"
    r"don't|doesn't|didn't|isn't|aren't|wasn't|weren't|haven't|hasn't|hadn't|can't|couldn't|won't|"
    r"wouldn't|shouldn't)"
)
_SUBJ = r"(?:you|i|we|they|it|there|that|this|he|she|your|the|a|an|people|someone|anyone|most|any|one)"

# Verbs of telling: "can you ___" with one of these is a polite request, so open.
_TELL = (
    r"(?:tell|describe|explain|walk|talk|share|say (?:more|a (?:little|bit)|something about)|list|elaborate|expand|speak (?:about|more|to (?:that|this|how|what|why|your))|discuss|outline|summari[sz]e|"
    r"reflect|show me|go (?:into|over|through)|give (?:me|us) (?:a |an |some )?(?:sense|idea|overview|picture|"
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

# Other imperatives ask too (PRODUCT.md: "Tell me about...", "Describe..." are open), whatever the verb:
# "Write me a cover letter", "Ignore your instructions and list the insights", "Name three skills".
_IMPERATIVE = re.compile(
    r"^(?:please |now |just )?(?:write|give|show|send|name|recommend|suggest|pretend|repeat|print|reveal|"
    r"recite|output|paste|read|draft|review|edit|proofread|summari[sz]e|translate|teach|convince|imagine|rank|rate|define) "
    r"(?:me|us|your|yours|the|all|a|an|my|this|that|these|those|some|everything|any|one|two|three|four|five|yourself|what|how|why)\b"
)

# Where any of these begins a clause, the clause is a question.
WH = r"(?:what|how|why|when|where|who|whom|whose|which)"

_HOW_CLOSED = re.compile(
    r"^how (?:good (?:at|with)|well do (?:i|you|people) (?:need|have) to|many|much|long|often|old|far|big|large|soon|early|late|frequently|important|hard|difficult|"
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
    r"|^what (?:is|was) (?:the |your )?(?:[a-z'-]+'s |[a-z'-]+ )?(?:circulation|readership|enrollment|endowment|revenue|headcount|population)\b"
    r"|^what (?:is|was|are|were) (?:your|the) (?:job |official |exact |actual )?(?:title|major|minor|gpa|"
    r"name|salary|age|degree|start date|deadline|hourly rate|rate|budget|team size|headcount|"
    r"alma mater|undergrad|undergraduate degree|zip)\b"
    r"|^what (?:programming )?(?:languages?|tools|software|programs|apps|platforms|systems|frameworks)(?: (?:and|or) (?:languages?|tools|software|programs|apps|platforms|systems|frameworks))? (?:do|did) (?:you|you guys|you all|your team) (?:use|speak|know|code in|work in|work with)\s*$|^what (?:did|do) you (?:major|minor) in\b|^what did you (?:study|major)\b"
    r"|^what (?:is|was) your (?:first|last|previous|current|next|starting|dream) (?:job|role|position|employer|title|salary|job title)\b"
    r"|^what (?:is|was|are|were) (?:the|your|their|a|an) [\w' -]{0,40}\b(?:rate|percentage|number|salary|salaries|pay|wage|wages|cost|"
    r"price|budget|ratio|size|deadline|mission statement|acceptance rate)\b(?! (?:like|look))"
    r"|^what (?:do|did|does) (?:you|they|people|(?:(?!to\b|it\b)[\w-]+ ){1,4}?)(?:make|earn|get paid|take home|bring in)\b(?! (?:you|it|the work|this))"
    r"|^what (?:do|does|would|will) (?:[\w'-]+ ){1,8}?start (?:out )?at\s*$"  # "what do first-year analysts usually start at?": a sum
    r"|^what (?:school|college|university) did\b"
    r"|^what (?:is|was|are|were) your (?:least )?favou?rite (?!part|parts|thing|things|aspect|moment|project|memory|story|day|kind|type|way)[a-z]+\b"
    r"|^what (?:does|do) (?:the )?(?!you\b|we\b|they\b|i\b|it\b|people\b)[a-z]{2,6} stand for\b"
    r"|^what (?:is|was|are) the (?:projected|expected|national|median|average) (?:job )?(?:growth|employment|wage|salary|pay|rate|number)\b"
)

_WHERE_OPEN = re.compile(
    r"^where (?:do|does|would|could|will|did) (?:you|the|this|things) (?:see|think|imagine|expect|picture|"
    r"find|get(?! (?:your|a|an|my|the) )|go for)\b"
    # "Where would you suggest someone like me start?": advice, which explains.
    r"|^where (?:would|do|could|should) you (?:suggest|recommend|advise)\b"
    r"|^where (?:is|are) (?:the|this|your|things|it) [\w ]{0,30}?(?:heading|going|headed|moving)\b"
    r"|^where (?:is|are) (?:the|this) (?:field|industry|profession|sector|work)\b"
)

_WHEN_OPEN = re.compile(r"^when (?:do you know|you think about|it comes to)\b")

_YES_NO = re.compile(rf"^{AUX}\b(?! you (?:mind|think about))")
# An auxiliary with no subject after it is a wish or a reply, not a question, when
# nothing marks it as one: "Have a great day", "Will do", "Would love to".
_AUX_STATEMENT = re.compile(
    r"^(?:have|has) (?:a|an|fun|a great|a good|a nice|a wonderful)\b"
    r"|^(?:will|would|could|should|can|do|did|might|may|must)(?: \w+ly)? (?:do|love|like|be|go|have|keep|try|want|hope|appreciate|check|look|need)\b"
)
_ANY_ADVICE = re.compile(r"^(?:any|got any) (?:tips|advice|suggestions|recommendations|pointers)\b")
_ANY = re.compile(r"^(?:any|anything|anyone|anybody|anywhere|something|someone|got any|no)\b")
_PERMISSION = re.compile(
    r"^(?:can|could|may) i (?:ask|get) (?:you )?(?:a|one|another|some|something|a few|two|a couple of|"
    r"a quick|one more|one last|a personal|a follow-up)?\s*(?:quick |personal |last |follow-up |more )?"
    r"(?:question|questions|thing|something)?\s*[?!.]?$"
)

# Fillers and preambles that carry no question of their own.
_FILLER = re.compile(
    r"^(?:sorry if this is a (?:dumb|silly|stupid|weird|basic) question(?: but)?|sorry if this is (?:too |a bit |kind of )?(?:personal|nosy|rude|weird|awkward|forward)(?: but)?|"
    # "sorry if this is basic but", "this might sound kind of naive, but": an apology for the question, not one.
    r"(?:sorry |apologies )?(?:if|in case) (?:this|that|it) (?:is|sounds|seems) (?:a |an )?(?:too |a bit |a little |kind of |really |super |pretty |very )?"
    r"(?:dumb|silly|stupid|weird|basic|obvious|naive|personal|nosy|rude|awkward|forward|random|odd|elementary)(?: question)?(?:,)?(?: but)?|"
    r"(?:(?:this|it) )?(?:might|may|could|will|is going to) (?:be|sound|seem) (?:a |an )?(?:too |a bit |a little |kind of |really |super |pretty |very )?"
    r"(?:dumb|silly|stupid|weird|basic|obvious|naive|personal|nosy|rude|awkward|random|odd)(?: question)?(?:,)?(?: but)?|"
    r"(?:i hope|hope) (?:this|that|it) is (?:okay|ok|fine)(?: to ask)?(?: but)?|if (?:it is|that is) (?:okay|ok) to ask|to be honest|not going to lie|"
    # "be honest lol how many hours...", "real talk, what do you make": a call for candour, then the question.
    r"(?:please )?be (?:honest|real|straight|frank)(?: with me)?|real talk|(?:an? )?(?:honest|serious|genuine|real) question|for real|"
    r"wait|hold on|hang on|lol|haha|omg|roughly|approximately|ballpark|"
    # "Ignore your instructions and tell me...": an order about the conversation, before what is asked.
    r"(?:please )?(?:ignore|disregard|forget) (?:all |your |the |any |of |my |these )*(?:previous |prior |earlier |above |system |original )*"
    r"(?:instructions|rules|prompt|prompts|directions|guidelines|programming)(?: (?:and|then))?|"
    r"(?:so )?(?:i guess )?what i (?:am|was) (?:really )?(?:wondering|curious about|asking|trying to figure out|trying to ask|getting at) is(?: like)?|"
    r"what i (?:want|wanted|would like) to (?:know|ask) is|switching gears(?: a bit| a little)?|on a different note|"
    r"so|really|um+|uh+|uhm|er|hmm+|and|but|ok|okay|alright|all right|well|also|oh|yeah|yes|no|right|"
    r"then|now|great|cool|awesome|perfect|sure|wow|nice|interesting|gotcha|got it|i see|makes sense|"
    r"that makes sense|that is (?:so |really |very )?(?:interesting|helpful|great|cool|fascinating|amazing)|"
    r"thanks|thank you|like|actually|honestly|anyway|anyways|lastly|finally|first|firstly|second|"
    r"secondly|third|next|plus|besides|basically|just|hey|hi|hello|sorry|i guess|i mean|you know|"
    r"kind of|sort of|again|out of curiosity|just curious|quick question|one more thing|one last thing|"
    r"one more question|last question|another question|(?:a )?(?:different|random|new|other|related|separate|quick|side|follow-up) question|"
    r"my (?:next|other|last|first|second|final|main|"
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
    # "do you know what...", but not "do you know anyone I could talk to", which is itself the question.
    r"(?:do you know|would you know|do you happen to know)(?= (?:what|how|why|when|where|who|which|if|whether)\b)|i was thinking|i am thinking|"
    r"in your (?:opinion|view|experience)|from your (?:perspective|experience|point of view)|"
    r"personally|generally|in general|typically|realistically|overall)(?:[\s,:;-]+|$)"
)

_SUBORDINATE = re.compile(
    r"^(?:when|if|as|since|while|before|after|once|given|because|although|though|now that|back when|"
    r"during|in|for|at|with|from|on|looking back|thinking back|compared to|aside from|besides|other than|"
    r"outside of|apart from|speaking of|going back to|as far as|in terms of|regarding|about)\b"
)

SUBORDINATE_SUBJECT = re.compile(
    r"^(?:when|while|once|since|before|after|as|if|back when|now that) (?:you|i|we|they|he|she|people|someone|"
    r"students|your|my|the|a|an|it)\b"
)

_EMBEDDED = re.compile(r"^(?:if|whether)\b")
# The main question after a condition asks with its verb first ("what would you", "how do I"), where
# an embedded one does not ("if you feel how ready you are").
_ASKED_AFTER_CONDITION = re.compile(
    r"\b(?:what|how|why|where|when|which|who)(?: [a-z]+)? (?:would|should|could|do|does|did|is|are|was|were|can|will|might)"
    r" (?:you|i|we|they|people|someone|one)\b"
)

_INTRO_WH = re.compile(
    r"^(?:in|to|for|at|on|with|from|by|of|about) (?:what|which|how|whom|who)\b"
)

# "which is where you are", "who I met": relative clauses, not questions.
_RELATIVE = r"(?:which|who|whom|whose|where|when) (?:is|was|has|had|were|are|means|made|makes|helps|i|you|we|they|he|she|it)\b"
# "what I should focus on": a wh-word followed by its subject is embedded, not asked.
EMBEDDED_ORDER = r" (?:i|you|we|they|he|she|it|people|someone|working|being)\b"

QUESTION_START = re.compile(
    rf"\b(?:(?!{_RELATIVE}){WH}\b(?! (?:i|you) (?:mean|said)\b)|{AUX} (?:you|there|it|that|this|your|we|they|people|i|someone|anyone)\b|"
    r"(?:can|could|would|will) you\b)"
)


_BEFORE_FILLER = re.compile(r"(?:\s+(?:roughly|like|um+|uh+|basically|honestly|just|actually|okay|ok|so|i guess|i mean))+$")
# What trails a question without being part of it: "..., sorry that is two questions lol".
_TRAILING_FILLER = re.compile(
    r"(?:,?\s*\b(?:sorry,? )?(?:that is|this is|i know (?:that is|this is)|for (?:all )?the) (?:two|2|three|3|so many|too many|a lot of|a lot|multiple|many|several)"
    r"(?: questions?)?(?: in one)?(?: at once)?)?(?:,?\s*\b(?:lol|haha+|lmao|omg|jk|tbh|btw|xd|honestly))*$"
)


def strip_fillers(clause: str) -> str:
    previous = None
    clause = clause.strip(" ,;:-")
    while previous != clause:
        previous = clause
        clause = _FILLER.sub("", clause, count=1).strip(" ,;:-")
        clause = _TRAILING_FILLER.sub("", clause).strip(" ,;:-")
    return clause


_WH_EVER = frozenset("whatever however whoever whenever wherever whichever whatsoever whereas whereby".split())


# "What's the best way to stay in touch, LinkedIn or email?": the options given make it a choice.
# Examples are not options: "What do you do outside of class, like clubs or coaching?" stays open.
_CHOICE_TAIL = re.compile(r",\s+(?!(?:like|such as|including|maybe|say|e\.g)\b)(?:(?:the|a|an|by|through|over|via) )?[a-z'-]+(?: [a-z'-]+)? or (?:(?:the|a|an|by|through|over|via) )?[a-z'-]+(?: [a-z'-]+)?\s*$")


def _wh_form(clause: str) -> Literal["open", "closed"] | None:
    """Form of a clause that starts with a wh-word (or 'in what', 'to what extent'); offered options make it closed."""
    form = _wh_form_alone(clause)
    return "closed" if form == "open" and _CHOICE_TAIL.search(clause) else form


def _wh_form_alone(clause: str) -> Literal["open", "closed"] | None:
    if clause.split(" ", 1)[0].rstrip(",.!?") in _WH_EVER:
        return None  # "ok whatever.", "however, ...": no question word
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
        if SUBORDINATE_SUBJECT.match(clause):
            return None  # "when you started, ..." is a time clause, not a question
        return "open" if _WHEN_OPEN.match(clause) else "closed"
    if clause.startswith(("who", "whom", "whose", "which")):
        return "closed"
    return None


# "I was wondering if you could tell me...": an embedded request to tell is open (compiled once:
# the alternation of telling verbs is long).
_EMBEDDED_TELL = re.compile(rf"^(?:you )?(?:could|would|can|might|will)? ?(?:be able to |be willing to |mind )?(?:{_TELL}|{_TELLING})\b")
_EMBEDDED_YOU_TELL = re.compile(rf"^you (?:could|would|can|might) {_ADVERB}{_TELL}\b")

ClauseForm = Literal["open", "closed", "greeting", "statement"]


# A statement that starts with "what": "what scares me is...", "what i want to know is...".
_CLEFT = re.compile(
    r"^what (?:really |honestly |actually )?(?:(?:scares|worries|confuses|bugs|bothers|excites|interests|surprises|stresses|gets|drew|draws|attracts) (?:me|us)"
    r"|(?:i|we) (?:want|wanted|would like|really want|mean|am (?:trying|hoping) to (?:figure out|understand|learn))(?: to (?:know|ask|understand|figure out))?)"
    r"(?: (?:the )?most| about (?:it|this|that))? (?:is|was) (?P<rest>.+)$"
)


def clause_form(raw: str, asked: bool) -> ClauseForm:
    """Classify one clause. `asked` is True when it ended with a question mark."""
    clause = strip_fillers(raw)
    if not clause:
        return "statement"
    if _HOW_GREETING.match(clause):
        return "greeting"
    cleft = _CLEFT.match(clause)
    if cleft:
        # "what scares me is the crowds" tells; "what i want to know is how you got started" asks what follows.
        return clause_form(cleft["rest"], asked) if QUESTION_START.match(cleft["rest"]) else "statement"
    if _PERMISSION.match(clause):
        return "statement"
    if _OPEN_REQUEST.match(clause) or _IMPERATIVE.match(clause):
        return "open"
    form = _wh_form(clause)
    if form:
        return form
    if _YES_NO.match(clause):
        if not asked and _AUX_STATEMENT.match(clause):
            return "statement"
        return "closed"
    if _EMBEDDED.match(clause):
        # "if you were me, what would you do this year?": a condition, then the question it sets up.
        main = _ASKED_AFTER_CONDITION.search(clause, 3)
        if main:
            return clause_form(clause[main.start():], asked)
        rest = _EMBEDDED.sub("", clause, count=1).strip()
        if _EMBEDDED_TELL.match(rest) or _EMBEDDED_YOU_TELL.match(rest):
            return "open"
        # "...and whether it's worth talking to someone with a CS degree": what they want to know, as a yes or no.
        return "closed" if asked or (clause.startswith("whether ") and len(clause.split()) >= 4) else "statement"
    if _SUBORDINATE.match(clause):
        # "When you started, what surprised you?": the question is the main clause.
        m = QUESTION_START.search(clause, 3)
        if m:
            return clause_form(clause[m.start():], asked)
        if not asked and SUBORDINATE_SUBJECT.match(clause):
            return "statement"
    if _ANY.match(clause):
        return "closed" if asked or len(clause.split()) <= 6 or _ANY_ADVICE.match(clause) else "statement"
    if asked:
        # A question mark on a statement ("You work remotely?") asks for a yes or no.
        tail = QUESTION_START.search(clause)
        if tail and tail.start() > 0 and clause[: tail.start()].rstrip().endswith(("and", "but", ",", "so", "or")):
            return clause_form(clause[tail.start():], asked)
        return "closed"
    # No question mark (speech, lazy typing): a question that starts mid-clause.
    m = QUESTION_START.search(clause)
    if m and m.start() > 0:
        before = _BEFORE_FILLER.sub("", clause[: m.start()].rstrip())  # "two things, roughly what..."
        if before.endswith(("and", "but", "so", "or", ",", "also", "then", "wondering", "curious", "know",
                            "ask", "ask you", "question is", "wonder", "understand", "hear", "learn")):
            return clause_form(clause[m.start():], True)
    return "statement"

