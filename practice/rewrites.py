"""Open versions of closed questions, keeping the student's own subject.

"Do you like your job?" -> "What do you enjoy most about your job?". Rules are tried in
order on the normalised closed question; the first that fits wins, and a rewrite by topic
is the last resort. Every rewrite is itself an open question (the tests check this).
"""

from __future__ import annotations

import re
from collections.abc import Callable

_DEGREE = re.compile(r"^(?:master's|masters|bachelor's|bachelors|phd|ph\.d|doctorate|mba|degree|associate's)\b")

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _modal_what(m: re.Match[str]) -> str:
    what = "What else" if m["e"] else "What"
    if m["m"] in ("should", "could", "can", "would", "must"):
        return f"{what} {m['m']} {m['s']}{m['x']}?"
    return f"{what} do{'es' if m['s'] == 'someone' else ''} {m['s']} {m['m']}{m['x']}?"

# Adverbs a student hedges with; they add nothing to the open version.
_HEDGES = r"(?:ever|often|usually|always|sometimes|really|actually|still|also|typically|generally|ever really|just|basically)"
_ADVERB_TAIL = re.compile(
    r"(?: (?:pretty|really|very|so|too|quite|mostly|usually|fairly|super|way|that|more|less|basically|actually|"
    r"absolutely|strictly|always|generally|typically))+$"
)

# Predicates that describe how something feels: "Is the job stressful?"
_FEELINGS = (
    "stressful|rewarding|hard|difficult|fun|challenging|exciting|boring|competitive|demanding|satisfying|tough|"
    "fulfilling|exhausting|intense|tiring|frustrating|meaningful|creative|lonely|repetitive|hectic|busy|flexible|"
    "collaborative|political|bureaucratic|diverse|supportive|good|bad|strong|weak|stable|secure|healthy|toxic|"
    "important|necessary|required|needed|essential|useful|helpful|common|easy|crazy|brutal|hands-off|"
    "expensive|costly|affordable|cheap|pricey"
)
# Predicates about change: "Is the field growing?" -> "How is the field growing?"
_COSTS = ("expensive", "costly", "affordable", "cheap", "pricey")
_CHANGES = "growing|changing|shrinking|improving|evolving|declining|expanding|booming|hiring|recovering"
_NEGATIVE_FEELINGS = (
    "stressful", "rewarding", "hard", "difficult", "fun", "challenging", "exciting", "boring", "demanding",
    "satisfying", "tough", "fulfilling", "exhausting", "intense", "frustrating", "meaningful", "tiring", "brutal",
)

_THINK = "What are your thoughts on whether {}?"


# Irregular verbs: base -> (past, past participle). One table for both directions.
_IRREGULAR = {
    "be": ("were", "been"), "have": ("had", "had"), "do": ("did", "done"), "go": ("went", "gone"), "make": ("made", "made"),
    "take": ("took", "taken"), "get": ("got", "gotten"), "become": ("became", "become"), "choose": ("chose", "chosen"),
    "leave": ("left", "left"), "find": ("found", "found"), "teach": ("taught", "taught"), "know": ("knew", "known"),
    "see": ("saw", "seen"), "come": ("came", "come"), "begin": ("began", "begun"), "give": ("gave", "given"),
    "hear": ("heard", "heard"), "meet": ("met", "met"), "pay": ("paid", "paid"), "say": ("said", "said"),
    "think": ("thought", "thought"), "win": ("won", "won"), "write": ("wrote", "written"), "sit": ("sat", "sat"),
    "spend": ("spent", "spent"), "build": ("built", "built"), "feel": ("felt", "felt"),
}
_BASE = {form: base for base, forms in _IRREGULAR.items() for form in forms}


def gerund(verb: str) -> str:
    """travel -> traveling, get -> getting, make -> making, go -> going (American spelling)."""
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", verb) and len(verb) <= 4:
        return verb + verb[-1] + "ing"
    return verb + "ing"


def _base(verb: str) -> str:
    """worked -> work, studied -> study, been -> be (enough for 'have you always ...')."""
    if verb in _BASE:
        return _BASE[verb]
    if verb.endswith("ied"):
        return verb[:-3] + "y"
    if verb.endswith("ed"):
        stem = verb[:-2]
        return stem + "e" if stem.endswith(("at", "iv", "ok", "ur", "ov", "uc", "ag", "ar")) else stem
    return verb




def past(verb: str) -> str:
    """start -> started, go -> went, study -> studied, stop -> stopped (for 'the firm you started at')."""
    if verb in _IRREGULAR:
        return _IRREGULAR[verb][0]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and len(verb) > 2 and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", verb) and len(verb) <= 4:
        return verb + verb[-1] + "ed"
    return verb + "ed"


# An organization or group as the subject of a yes/no question: "your company", "the museum", "leadership".
_THIRD = (
    r"(?:(?:the|your|their|my|our) )?(?!you\b|i\b|it\b|that\b|this\b|there\b|anyone\b|people\b)"
    rf"(?!{_HEDGES}\b)[a-z'-]+(?: (?!{_HEDGES}\b)[a-z'-]+)??"
)
# What an organization does for its people: the verbs "How does X approach ...ing" reads well with.
_POLICY_VERBS = (
    "pay|offer|support|provide|cover|encourage|let|allow|require|expect|hire|help|value|promote|train|fund|sponsor|"
    "reimburse|listen|reward|recognize|invest|care|give|treat|mentor|prioritize|track|measure|evaluate|review|recruit"
)

# A question's own subject, for rewrites that keep it: "the patients you see in a day".
_PEOPLE = r"(?:people|most people|employees|staff|workers|new hires|new grads|interns|analysts|nurses|teachers|engineers|lawyers|reporters|folks)"


_PLACES = frozenset("on in at with from under inside outside near around behind".split())


def _wh_subject(noun: str, aux: str, rest: str) -> str:
    """'which firm' + 'did' + 'you start at' -> 'the firm you started at'; + 'are' + 'growing' -> 'the N that are growing'."""
    words = rest.split()
    if aux in ("do", "does") and words:
        return f"the {noun} {rest}"
    if aux in ("are", "is", "were", "was") and words and words[0] in _PLACES:
        return f"the {noun} {rest}"  # "people are on your team" -> "the people on your team"
    if aux == "did" and len(words) >= 2 and words[0] in ("you", "they", "she", "he", "people", "i"):
        return f"the {noun} {words[0]} {past(words[1])} {' '.join(words[2:])}".strip()
    return f"the {noun} that {aux} {rest}"


def _in(prep_phrase: str) -> str:
    """'for UX jobs' -> 'in UX jobs'; 'to work in audit' -> 'for people who want to work in audit'."""
    phrase = prep_phrase.strip()
    m = re.match(r"^to (.+)$", phrase)
    if m:
        return f"for people who want to {m.group(1)}"
    if re.match(r"^for (?:[\w-]+ ){0,2}(?:jobs|roles|work|positions|journalism|research|the field|this field|finance|nursing|teaching|law|consulting|tech|design)\b", phrase):
        return "in " + phrase[4:]
    return phrase


_HOW_MUCH_TAIL = re.compile(r"\s*\b(?:a lot|a bunch|much|often|at all|regularly|ok|okay|enough|well)$")
_PREPOSITIONS = frozenset("on in at to for with from about of by off up".split())


def _what_does_look_like(verb: str, rest: str) -> str:
    rest = re.sub(rf"^{_HEDGES} ", "", rest.strip())
    rest = _HOW_MUCH_TAIL.sub("", rest)  # "go out on the lakes a lot": what it looks like, not how much
    rest = re.sub(r"\b(with|for|in|at|to|about|on|from) any\b", r"\1", rest)  # "partnering with hospitals", not "with any hospitals"
    base = _base(verb)
    if base != verb:  # "you worked at a bank?": what it was like
        return f"What was {gerund(base)} {rest} like for you?".replace("  ", " ")
    return f"What does {gerund(verb)} {rest} look like for you?".replace("  ", " ")


def _describe(subject: str, predicate: str, rest: str) -> str:
    subject = _ADVERB_TAIL.sub("", subject.strip())
    rest = rest.strip()
    if re.fullmatch(r"important|necessary|required|needed|essential|useful|helpful", predicate):
        return f"What role does {subject} play {_in(rest) if rest else 'in your work'}?"
    if predicate in _NEGATIVE_FEELINGS:
        return f"What parts of {subject} are {superlative(predicate)} for you?"
    if predicate in _COSTS:
        return f"What should I know about the cost of {subject}{' ' + rest if rest else ''}?"
    if re.fullmatch(_CHANGES, predicate):
        return f"How {'are' if _does(subject) == 'do' else 'is'} {subject} {predicate}{' ' + rest if rest else ''}?"
    return f"How would you describe {subject}{' ' + rest if rest else ''}?"


def superlative(adjective: str) -> str:
    """hard -> hardest, tough -> toughest, busy -> busiest, stressful -> most stressful."""
    irregular = {"good": "best", "bad": "worst", "fun": "most fun"}
    if adjective in irregular:
        return irregular[adjective]
    if re.fullmatch(r"[^aeiouy]*[aeiou]+[^aeiouy]+", adjective) and len(adjective) <= 6:
        return adjective + "est"  # one syllable: hard, tough, long
    if adjective.endswith("y") and len(adjective) <= 6 and adjective not in ("happy",):
        return adjective[:-1] + "iest"  # busy, easy, crazy
    return f"most {adjective}"


def _does(noun_phrase: str) -> str:
    """'does' or 'do' for a noun phrase, by its head noun: 'certifications like the PMP' and 'game studios' are plural."""
    words = re.split(r" (?:like|of|in|at|for|with|from|on|such|who|that)\b", noun_phrase, maxsplit=1)[0].split()
    head = words[-1] if words else ""
    return "do" if head.endswith("s") and not head.endswith(("ss", "'s", "us", "is")) else "does"


_RULES: list[Rule] = [
    # "I'm kind of bad at chemistry, is that going to be a problem?": how much the weak subject matters.
    (re.compile(r"^i am (?:kind of |kinda |pretty |really |honestly |not (?:very |that )?)?(?:bad|weak|terrible|awful|not great|not good|rusty|good|great) "
                r"(?:at|with|in) (?P<x>[a-z'-]+(?: [a-z'-]+){0,3}?),? (?:is|will|would) (?:that|it|this) (?:be |going to be |gonna be )?"
                r"(?:a |an )?(?:problem|issue|dealbreaker|deal breaker|big deal|red flag)$"),
     lambda m: f"How much does {m['x']} matter in your work?"),
    # "are trades jobs actually growing rn, or is that just tiktok hype?" -> how much of it is real, the student's words kept.
    (re.compile(r"^(?:are|is|r) (?P<x>[a-z'-]+(?: [a-z'-]+){0,3}?) (?:actually |really |still )?(?:growing|booming|in demand|taking off)(?: right now| rn| these days| now)?,? or is (?:that|it|this) just (?P<y>[a-z'-]+(?: [a-z'-]+)?) hype$"),
     lambda m: f"How much of the growth in {m['x']} is real, and how much is {m['y']} hype?"),
    (re.compile(r"^(?:are|is|r) (?P<x>[a-z'-]+(?: [a-z'-]+){0,3}?) (?:(?:actually|really|still) (?:growing|booming|in demand|taking off)|in demand)(?: right now| rn| these days| now)?$"),
     lambda m: f"How is demand for {m['x']} changing right now?"),
    # Two credentials or paths weighed against each other: "Is a BSN required, or is an associate degree enough?"
    (re.compile(r"^(?:do you think |would you say )?(?:that )?(?:(?:is|are) (?P<a1>(?:a |an |the |my )?[a-z'-]+(?: [a-z'-]+){0,2}?) (?:really |actually |still )?(?:required|necessary|needed|enough|better|worth it|a must|worth getting|the way to go)(?: too)?|(?P<a2>(?:a |an |the |my )?[a-z'-]+(?: [a-z'-]+){0,2}?) (?:is|are) (?:really |actually |still )?(?:required|necessary|needed|enough|better|worth it|a must|worth getting|the way to go)(?: too)?),? or (?:is|are|can i get by with|could i get by with|will|would|do i need|is it enough to have|should i (?:also )?(?:get|do|go for|pursue|go back for)) (?P<b>(?:a |an |the |my )?[a-z'-]+(?: [a-z'-]+){0,2}?)(?: (?:enough|fine|okay|ok|required|necessary|better|instead|do))?$"),
     lambda m: f"How would you compare {m['a1'] or m['a2']} and {m['b']} for someone starting out?"),
    # "Does X matter, or is Y the only thing they care about?": X weighed against Y.
    (re.compile(r"^(?:does|do) (?P<a>.+?) (?:really |actually |even )?(?:matter|count|help)(?P<y>(?: (?:if|for|when|in) [^,]+?)?),? or (?:is|are) (?P<b>.+?) (?:the only|all that|the one|what)\b.*$"),
     lambda m: f"How does {m['a']} compare with {m['b']}{m['y']}?"),
    # Two different questions joined by "or" ("Are you X or do you Y?"): the first is rewritten alone.
    (re.compile(r"^.+,? or (?:do|does|are|is|can|should) (?:you|it|there|i|the|a|an)\b.*$"), lambda m: ""),
    # Choices: "Which do you prefer, A or B?" / "Do you prefer A or B?"
    (re.compile(r"^which (?:do you|would you) (?:prefer|like (?:better|more))(?: more)?,? (?P<a>.+?),? or (?P<b>.+)$"),
     lambda m: f"What do you like about {m['a']} compared with {m['b']}?"),
    (re.compile(r"^which (?:matters|counts|helps) more(?: for [^,]+)?,? (?P<a>.+?),? or (?P<b>.+)$"),
     lambda m: f"How do employers weigh {m['a']} against {m['b']}?"),
    (re.compile(r"^(?:which|what)\b.+?, (?P<a>(?:the |a |an )?[a-z'-]+(?: [a-z'-]+){0,2}),? or (?P<b>(?:the |a |an )?[a-z'-]+(?: [a-z'-]+){0,2})$"),
     lambda m: f"How would you compare {m['a']} and {m['b']}?"),
    (re.compile(r"^should i (?P<a>.+?),? or (?:should i )?(?P<b>.+)$"),
     lambda m: f"How would you decide whether to {m['a']} or {m['b']}, in my position?"),
    (re.compile(r"^did you (?P<a>.+?),? or (?:did you )?(?P<b>.+)$"),
     lambda m: f"How did you decide whether to {m['a']} or {m['b']}?"),
    # Liking and disliking.
    (re.compile(r"^(?:do|did) you (?:like|enjoy|love) (?P<x>.+)$"), lambda m: f"What do you enjoy most about {m['x']}?"),
    (re.compile(r"^(?:i (?:assume|bet|guess|imagine) )?you (?:must |probably )?(?:love|like|enjoy) (?P<x>.+)$"),
     lambda m: f"What do you enjoy most about {m['x']}?"),
    (re.compile(r"^(?:do|did) you (?:dislike|hate|not like) (?P<x>.+)$"), lambda m: f"What do you find hardest about {m['x']}?"),
    # Advice.
    (re.compile(r"^(?:do|did|would|could|can) you (?:have|give|got|share) (?:any |some )?(?:advice|tips|suggestions|recommendations)(?P<x>.*)$"),
     lambda m: _advice(m["x"])),
    (re.compile(r"^(?:any|got any) (?:advice|tips|suggestions|recommendations)(?P<x>.*)$"), lambda m: _advice(m["x"])),
    (re.compile(r"^would you recommend (?P<x>.+)$"), lambda m: f"What do you think of {m['x']} for someone like me?"),
    # The network: good closed questions, whose open versions ask how.
    (re.compile(r"^(?:could|can|would|will) you (?:please |be willing to |mind |be (?:comfortable|open to|able to|okay) )?introduc(?:e|ing) me to (?P<x>.+)$"),
     lambda m: f"How would you suggest I get in touch with {m['x']}?"),
    (re.compile(r"^(?:do|would) you (?:happen to )?know (?:anyone|anybody|someone|somebody) (?P<x>(?:at|in|on|from) [^?]+?)(?: (?:who|that|i)\b.*)?$"),
     lambda m: f"How would you suggest I find people {m['x']} to talk to?"),
    (re.compile(r"^(?:anyone|anybody|someone|somebody) (?:else )?(?P<x>(?:at|in|on|from) [^?]+?)(?: (?:who|that|i)\b.*)?$"),
     lambda m: f"How would you suggest I find people {m['x']} to talk to?"),
    # Who else, somewhere in particular: "Is there anyone at the hospital I should reach out to?"
    (re.compile(r"^(?:is there |are there |do you know |who )?(?:anyone|anybody|someone|somebody|other people|people)(?: else)? (?P<x>(?:at|in|on|from) (?!the (?:field|same)\b)[a-z' -]+?) (?:you(?: would|'d)? (?:think|recommend|suggest)|i (?:should|could)|who (?:might|would|could)).*$"),
     lambda m: f"What kinds of people {m['x']} would you suggest I talk to next?"),
    (re.compile(r"^.*\b(?:sit in on|tag along (?:on|to|for)|come along (?:on|to)|join you (?:on|for)) (?P<x>(?:one of )?(?:your|a|an|the) [a-z' -]+?)(?: sometime| some time| one day)?$"),
     lambda m: f"What would it take to sit in on {m['x']}?"),
    (re.compile(r"^.*\b(?:talk|speak|reach out|chat) (?:to|with) (?:next )?(?P<x>about (?:the )?[a-z' -]+|if i am interested in (?:the )?[a-z' -]+)$"),
     lambda m: "What kinds of people would you suggest I talk to " + m["x"].replace("i am", "I'm") + "?"),
    (re.compile(r"^.*\bshadow\b.*$"), lambda m: "What would it take to shadow you or someone on your team for a day?"),
    (re.compile(r"^.*\b(?:keep|stay|kept|staying) in touch\b.*$|^.*\bfollow(?:ed)? up with you\b.*$|^.*\breach(?:ed)? out (?:to you )?again\b.*$|^.*\blinkedin\b.*$"),
     lambda m: "What would be the best way to keep in touch with you, whether on LinkedIn or by email?" if "linkedin" in m.group(0) else "What is the best way to keep in touch with you?"),
    (re.compile(r"^(?:is|are) there (?:anyone|anybody|someone|somebody|other people|people)(?: else)?\b.*$|^who (?:else )?(?:do you think |would you suggest |would you recommend )?(?:should|could) i (?:talk|speak|reach out).*$"),
     lambda m: "What kinds of people would you suggest I talk to next?"),
    # "Is there anything you wish...", "Has anything surprised you..."
    # "Is there anything I should be doing this year?" -> "What should I be doing this year?"; "anything else
    # you would change?" -> "What else would you change?" (the modal asks first).
    (re.compile(r"^(?:is|was) there (?:anything|something)(?P<e> else)? (?:that )?(?P<s>i|you|we|people|students|someone) "
                r"(?P<m>should|could|can|would|must|need to|ought to|have to)(?P<x> .+)$"), _modal_what),
    (re.compile(r"^(?:is|was) there (?:anything|something)(?: else)? (?:that )?you (?P<x>.+)$"), lambda m: f"What do you {m['x']}?"),
    (re.compile(r"^(?:is|was) there (?:anything|something) (?P<x>about .+?) (?:that )?(?P<v>surprised|bothered|frustrated|excited|scared|worried|struck) you$"),
     lambda m: f"What {m['x']} {m['v']} you?"),
    (re.compile(r"^(?:is|was) there (?:anything|something)(?: else)?(?P<x>.*)$"), lambda m: f"What else{m['x']}?"),
    (re.compile(r"^(?:has|did|does|will) (?:anything|something) (?P<x>.+)$"), lambda m: f"What has {m['x']}?"),
    (re.compile(r"^(?:is|are) there (?:any |many |a lot of |lots of |much )?(?P<x>.+?) (?:that )?you(?: would| could)? (?P<v>recommend|suggest)$"),
     lambda m: f"What {m['x']} would you {m['v']}?"),
    (re.compile(r"^(?:is|are) there (?:any |many |some )?(?P<x>[a-z ]+?) (?:that )?i should (?P<v>.+)$"), lambda m: f"What {m['x']} should I {m['v']}?"),
    (re.compile(r"^(?:is|are) there (?:any |many |some )?(?P<x>[a-z ]+?) (?:that|which) (?:are|is) (?P<v>.+)$"), lambda m: f"What {m['x']} are {m['v']}?"),
    (re.compile(r"^(?:is|are) there (?:any |many |some )?(?P<x>[a-z ]+?) (?:that )?you don't (?P<v>.+)$"), lambda m: f"What {m['x']} don't you {m['v']}?"),
    (re.compile(r"^(?:is|are) there (?:any |many |some )?(?P<x>[a-z ]+?) (?:that )?you (?P<v>.+)$"), lambda m: f"What {m['x']} do you {m['v']}?"),
    (re.compile(r"^(?:is|are) there (?:a lot of|much|lots of|many|any|a) (?P<x>.+)$"), lambda m: f"How would you describe the {m['x']}?"),
    (re.compile(r"^(?:is|are) there (?P<x>.+)$"), lambda m: f"What {m['x']} are there?"),
    # "Is that something I should learn before I graduate?" -> how much doing it would help.
    (re.compile(r"^(?:is|are) (?P<x>that|this|it|those|these|[a-z'-]+(?: [a-z'-]+){0,3}?) (?:something|a thing|things) (?:that )?(?:i|a student|students|someone like me) (?:should|would need to|need to|ought to) (?P<v>[a-z]+)(?P<r>.*)$"),
     lambda m: f"How much would it help to {m['v']} {m['x']}{m['r']}?"),
    # How much someone weighs a thing: "Do game studios care about GPA at all?", "How big of a deal is the SHRM-CP?"
    (re.compile(r"^(?:do|does) (?P<s>(?!you\b|i\b|it\b)[a-z'-]+(?: [a-z'-]+){0,2}?) (?:really |actually |even |still )?care (?:about|if|whether) (?P<x>.+?)(?: at all| that much| much| a lot)?$"),
     lambda m: f"How much {_does(m['s'])} {m['s']} care about {m['x']}?"),
    (re.compile(r"^how (?:big|much) (?:of )?a (?:deal|difference) (?:is|are|does|do|would) (?P<x>.+?)(?: make)?(?P<y>(?: (?:when|if|for|in|to|at) .+)?)$"),
     lambda m: f"How much does {m['x']} matter{m['y']}?"),
    # Where people go wrong: "Where do new grads usually mess up when they're breaking in?"
    (re.compile(r"^where do (?P<s>[a-z'-]+(?: [a-z'-]+){0,2}?) (?:usually |often |typically |tend to |most often )?(?:mess up|go wrong|slip up|screw up|trip up|fall short)(?P<r>.*)$"),
     lambda m: f"What mistakes do {m['s']} make{m['r']}?"),
    # Two sides of the work: "Is your job more like chasing late trucks or more like building models?"
    (re.compile(r"^(?:is|was) (?P<s>your job|your work|the job|the work|it|your day|your role) (?:more |mostly )(?:like )?(?P<a>.+?),? or (?:more |mostly )?(?:like )?(?P<b>.+)$"),
     lambda m: f"How much of {m['s'] if m['s'] != 'it' else 'the job'} is {m['a']}, and how much is {m['b']}?"),
    # "Does the Denver UX community have any events where students can meet people?"
    (re.compile(r"^(?:does|do) (?P<s>(?!you\b|i\b|it\b)(?:the |your |a |an )?[a-z'-]+(?: [a-z'-]+){0,3}?) (?:have|offer|run|hold) (?:any |many |some )(?P<x>[a-z'-]+(?: [a-z'-]+)?)(?P<r>(?: (?:where|that|for|which|with|on|in|at)\b.*)?)$"),
     lambda m: f"What kinds of {m['x']} {_does(m['s'])} {m['s']} have{m['r']}?"),
    # Pay for someone in particular: "What's the going rate for a new grad RN around here?"
    (re.compile(r"^what(?: is|'s) (?:the )?(?:going rate|hourly rate|starting pay|starting salary|pay|salary|typical salary|usual pay) (?:for|of) (?P<x>(?!you\b|me\b)[a-z'-]+(?: [a-z'-]+){0,6}?)(?:,? (?:per|an|a) (?:hour|year))?$"),
     lambda m: f"What does pay usually look like for {m['x']}?"),
    # Requirements and importance: "Do I need X to Y?", "Is X important for Y?", "Does X matter?"
    (re.compile(r"^(?:do|would|will) (?:i|you|someone|people|students|one) need to (?P<v>[a-z]+) (?P<x>.+?) (?P<y>to (?:be|become|work|get|go|do|land|start) .+)$"),
     lambda m: f"What role does {gerund(m['v'])} {m['x']} play {_in(m['y'])}?"),
    (re.compile(r"^(?:do|would|will) (?:i|you|someone|people|students|one) (?:need|have to have) (?P<x>(?!to )[^,]+?) (?P<y>(?:to|for) [a-z].+)$"),
     lambda m: f"What role does {m['x']} play {_in(m['y'])}?"),
    # "do you need to know how to code for this?" -> "What role does knowing how to code play in your work?"
    (re.compile(r"^(?:do|would|will) (?:i|you|someone|people|students|one) need to (?P<v>[a-z]+) (?P<x>.+?)(?: for (?:this|that|it|the job|this job|this work))?$"),
     lambda m: f"What role does {gerund(m['v'])} {m['x']} play in your work?"),
    (re.compile(r"^(?:do|would|will) (?:i|you|someone|people|students|one) need (?P<x>.+)$"), lambda m: f"What role does {m['x']} play in your work?"),
    (re.compile(r"^(?:does|do) (?P<x>.+?) (?:matter|count)(?P<y>.*)$"), lambda m: f"What role does {m['x']} play{m['y']}?"),
    (re.compile(r"^(?:so )?how much (?:does|do) (?P<x>.+?) (?:really |actually )?(?:matter|count)(?P<y>.*)$"),
     lambda m: f"What role does {m['x']} play{m['y'] or ' in hiring'}?"),
    # "How much does passing the CPA early actually help?" -> the ways it helps.
    (re.compile(r"^(?:so )?how much (?:does|do|did|would|will) (?P<x>.+?) (?:really |actually )?help(?P<y>.*)$"),
     lambda m: f"In what ways {_does(m['x'])} {m['x']} help{m['y']}?"),
    (re.compile(r"^(?:so )?(?P<x>(?!it\b|that\b|this\b)[a-z'-]+(?: [a-z'-]+){0,2}) (?:doesn't|does not|don't|do not) (?:really )?(?:matter|count)(?: (?:at all|much|that much))?(?P<y>.*)$"),
     lambda m: f"What role does {m['x']} play{m['y'] or ' in hiring'}?"),
    (re.compile(r"^how important (?:is|are) (?P<x>.+?) (?P<y>(?:for|in|to) .+)$"), lambda m: f"What role does {m['x']} play {_in(m['y'])}?"),
    (re.compile(r"^how important (?:is|are) (?P<x>.+)$"), lambda m: f"What role does {m['x']} play in your work?"),
    (re.compile(r"^(?:is|are) (?P<x>.+?) worth it(?P<y>.*)$"), lambda m: f"What difference {_does(m['x'])} {m['x']} make in practice{m['y']}?"),
    # Opinions: "Do you think X?", "Don't you think X?", "X, isn't it?", "Is X going to Y?"
    (re.compile(r"^(?:wouldn't|don't|would|do) you (?:agree|say) (?:that )?(?P<x>.+? (?:is|are|will|was|were|has|have|can) .+)$"), lambda m: _THINK.format(m["x"])),
    (re.compile(r"^(?:do|does|did|don't) you (?:really )?(?:think|believe|feel like|feel that|feel) (?:that )?(?P<x>.+)$"),
     lambda m: _THINK.format(re.sub(r"\bjust ", "", m["x"]))),
    (re.compile(r"^(?:is|are) (?P<x>.+? going to .+)$"), lambda m: _THINK.format(_declarative(m["x"]))),
    # Feelings about the work: "Is the job stressful?", "Is it rewarding?", "Is the field growing?"
    (re.compile(r"^(?:it|that|this|the job|your job|the work) (?:must|has to|would|should) be (?:so |really |very |pretty )?stressful(?P<x>.*)$"),
     lambda m: "How do you handle the stress in this job?"),
    (re.compile(r"^(?:is|was) it (?:hard|difficult|easy|tough|challenging) to (?P<x>.+)$"), lambda m: f"What does it take to {m['x']}?"),
    (re.compile(r"^(?:is|are|was|were) (?:it|that|this) (?:so |really |very |pretty )?(?P<p>[a-z]+)$"),
     lambda m: _describe("the work", m["p"], "")),
    (re.compile(rf"^(?:is|are|was|were|isn't|aren't) (?P<s>(?:(?:the|your|a|an|their|my) )?(?!it\b|that\b|this\b|you\b)[a-z'-]+(?: [a-z'-]+){{0,4}}?) (?P<p>{_FEELINGS}|{_CHANGES})(?P<r>(?: (?:for|in|to|at|if|when|right now|these days|this|on|during|because|compared|with|nowadays|now)\b.*)?)$"),
     lambda m: _describe(m["s"], m["p"], m["r"])),
    (re.compile(r"^(?:is|are|was|were) (?P<x>.+?) (?:an option|possible|allowed|common|available|offered)(?P<r>.*)$"),
     lambda m: f"How does your organization approach {m['x']}{m['r']}?"),
    (re.compile(r"^(?:are|were) you (?P<x>(?:on|in|at|part of|still|working|allowed|able) .+?)(?: often| a lot| much| usually)?$"),
     lambda m: f"What does being {m['x']} look like for you?"),
    # Whether to do something: "Is it better to A or B?", "Should I take a gap year?", "Would you still go?"
    (re.compile(r"^is it (?:better|smarter|best|wiser) to (?P<a>.+?),? or (?:to )?(?P<b>.+)$"),
     lambda m: f"How would you decide whether to {m['a']} or {m['b']}, in my position?"),
    (re.compile(r"^should i (?P<a>(?!be\b).+)$"), lambda m: f"How would you decide whether to {m['a']}, in my position?"),
    (re.compile(r"^(?:if you could (?:go back|do it (?:all )?(?:over|again)|start over),? )?would you (?:still|ever|again) (?P<v>[a-z]+) (?P<x>.+?)(?: again)?(?:,? if you could (?:go back|do it (?:all )?(?:over|again)|start over))?$"),
     lambda m: f"How do you feel now about your choice to {m['v']} {m['x']}?"),
    (re.compile(r"^(?:are|were) you (?:happy|glad|sorry) (?:that )?you (?P<v>[a-z]+) (?P<x>.+)$"),
     lambda m: f"How do you feel now about {gerund(_base(m['v']))} {m['x']}?"),
    # "Would you say (that) X?" asks about X.
    (re.compile(r"^would you say (?:that )?(?P<x>you [a-z]+ .+)$"), lambda m: open_version(m["x"], [], [])),
    # How hard, stressful, flexible something is.
    (re.compile(r"^how (?:hard|difficult|easy|tough|challenging|competitive) (?:is|was) it (?:to|for (?:someone|people|students|new grads) to) (?P<x>.+)$"),
     lambda m: f"What does it take to {m['x']}?"),
    (re.compile(rf"^how (?P<p>{_FEELINGS}) (?:is|was|are|were) (?P<s>(?:(?:the|your|a|an|their|my|this) )?(?!it\b|that\b|you\b)[a-z'-]+(?: [a-z'-]+){{0,3}}?)(?P<r>(?: (?:for|in|to|at|if|when|during|right now|these days|compared|with|nowadays|now)\b.*)?)(?: on a scale.*)?$"),
     lambda m: _describe(m["s"], m["p"], m["r"])),
    (re.compile(r"^how (?:long|many years|many months) (?:were|was) you (?:a|an) .+? before you (?P<v>[a-z]+) (?P<x>.+)$"),
     lambda m: f"What did it take to {_base(m['v'])} {m['x']}?"),
    (re.compile(r"^how long does it (?:usually |typically |normally )?take (?:to|before you can|before people) (?P<x>.+)$"),
     lambda m: f"What does it take to {m['x']}?"),
    (re.compile(r"^how (?:late|early) do you (?:usually |typically |normally )?(?:stay|work|start|leave|get in|finish)(?P<x>.*)$"),
     lambda m: f"What do your hours look like{m['x'] or ' in a typical week'}?"),
    # "Have there been moments where...?"
    (re.compile(r"^(?:have|has) there (?:ever )?been (?:any |many )?(?P<x>.+)$"), lambda m: f"Could you tell me about {m['x']}?"),
    # Hiring in the field: "Are hospitals still hiring travel nurses?"
    (re.compile(r"^(?:are|is) (?P<s>(?!you\b|there\b|it\b|they\b)[a-z'-]+(?: [a-z'-]+){0,2}?) (?:still |really |actually )?hiring\b.*$"),
     lambda m: f"What does hiring look like at {m['s']} right now?"),
    # What a skill or degree is worth: "Is knowing GIS a big plus?", "Would an MBA help in consulting?"
    (re.compile(r"^(?:is|are) (?P<x>[a-z'-]+(?: [a-z'-]+){0,3}?) (?:a |an )?(?:big |huge |real )?(?:plus|advantage|must|requirement|dealbreaker|deal breaker)(?P<y> (?:for|in|to) .+)?$"),
     lambda m: f"What role does {m['x']} play {_in(m['y']) if m['y'] else 'in your work'}?"),
    (re.compile(r"^(?:would|will|does|do|could|can) (?P<x>(?:a |an |the |my |your )?(?!you\b|i\b|it\b|that\b)[a-z'-]+(?: [a-z'-]+){0,2}?) (?:really |actually )?help(?P<y>(?: me)?(?: (?:in|with|for|to|get|land) .+)?)$"),
     lambda m: f"How would {m['x']} help{m['y']}?"),
    (re.compile(r"^how (?:good|strong|fluent|proficient|advanced|comfortable) (?:at|in|with) (?P<x>.+?) do (?:you|i|people|students) (?:really |actually )?need to be(?P<y> to .+)?$"),
     lambda m: f"How would you describe the {m['x']} skills it takes{m['y'] or ' in your work'}?"),
    (re.compile(r"^how much (?:of )?(?P<x>(?!time\b|money\b)[a-z'-]+(?: [a-z'-]+)?) (?:would|do|will|should) (?:i|you|someone|people) (?:really |actually )?need to (?:know|learn|have)(?P<y>.*)$"),
     lambda m: f"What would I need to know about {m['x']}{m['y']}?"),
    # Career path.
    (re.compile(r"^(?:do|did) you (?:have|get|find|feel) (?:a |any )?(?:(?:work[- ]life )?balance).*$"), lambda m: "How do you manage your work-life balance?"),
    (re.compile(r"^.*\bmentors?\b.*$"),
     lambda m: "What role have mentors played in your career?"),
    (re.compile(r"^(?:do|did) you (?:ever )?(?:have to )?(?:take|bring) (?:your )?work home.*$"), lambda m: "How do you handle work that spills into your evenings and weekends?"),
    (re.compile(r"^(?:do|did) you (?:always|ever) (?:want|plan|know|think)(?:ed)? (?:you wanted |you would )?(?:to )?(?P<x>.+)$"),
     lambda m: f"How did you come to {m['x']}?"),
    (re.compile(r"^have you always (?P<v>[a-z]+) (?P<x>.+)$"), lambda m: f"How did you come to {_base(m['v'])} {m['x']}?"),
    (re.compile(r"^how (?:long|many years|many months) did it take (?:you )?to (?P<x>.+)$"), lambda m: f"What did it take to {m['x']}?"),
    (re.compile(r"^how long (?:have|did) you (?:been|worked|stayed|lived|taught|served|done this|done that)(?P<x>.*)$"),
     lambda m: f"How has your work changed over your time{m['x'] or ' in it'}?"),
    (re.compile(r"^which (?:university|school|college|program|grad school) did you\b.*$"), lambda m: "How did your education prepare you for this work?"),
    (re.compile(r"^when did you (?P<x>.+)$"), lambda m: f"How did you {m['x']}?"),
    (re.compile(r"^where did you (?:go to school|study|go to college|get your degree|do your degree) for (?:your |a |the |my )?(?P<x>[a-z0-9' -]+?)(?: degree| program)?$"),
     lambda m: f"How did your {m['x']}{'' if _DEGREE.match(m['x']) else ' program'} prepare you for this work?"),
    (re.compile(r"^where did you (?:go to school|study|go to college|get your degree)(?P<x>.*)$"), lambda m: "How did your education prepare you for this work?"),
    (re.compile(r"^where did you (?:work|intern) (?P<x>.+)$"), lambda m: "How did your earlier jobs lead you here?"),
    (re.compile(r"^what did you (?:study|major in)(?P<x>.*)$"), lambda m: "How has what you studied shaped your work?"),
    (re.compile(r"^what (?:is|was|were) your (?P<x>(?:first|previous|last|earlier) [a-z ]+)$"), lambda m: f"How did your {m['x']} shape your path?"),
    (re.compile(r"^did you (?:go to|study|major in|attend) (?P<x>.+)$"), lambda m: f"How did {m['x']} shape where you are now?"),
    # Day to day and lifestyle.
    (re.compile(r"^how often do you (?P<v>[a-z]+)(?P<x>.*)$"), lambda m: _what_does_look_like(m["v"], m["x"])),
    (re.compile(r"^how much of your (?P<t>day|time|week) (?:is|do you spend) (?:spent )?(?:on|in|doing) (?P<x>.+)$"),
     lambda m: f"What part do {m['x']} play in your {m['t']}?"),
    (re.compile(r"^how (?:much|many) (?:hours|time) (?P<x>.+)$"), lambda m: "What do your hours look like in a typical week?"),
    # Time off is used: "how much vacation do you get?" -> "How do you use your vacation?" (other counts keep what is
    # counted, below: "how many students do you have" is not "How do you use your students").
    (re.compile(r"^how (?:much|many) (?P<x>(?:[a-z]+ )?(?:vacation|vacation days|vacation time|time off|pto|days off|weeks off|sick days|"
                r"personal days|leave|holidays|breaks)) do you (?:actually |usually |really )?(?:get to )?(?:get|have|take)(?P<r>.*)$"),
     lambda m: f"How do you use your {m['x']}{m['r']}?"),
    (re.compile(r"^how (?:long|big|many|much|often|far) (?:is|are) (?P<x>.+?)(?: usually| typically| normally)?$"), lambda m: f"What are {m['x']} usually like?"),
    (re.compile(r"^(?:do|did) you (?:work|travel) (?P<x>(?:long hours|weekends|nights|late|overtime|evenings).*)$"),
     lambda m: "What do your hours look like in a typical week?"),
    (re.compile(rf"^(?:do|does|did) you (?:{_HEDGES} )?(?:feel|find) (?:like |that )?(?P<x>.+)$"), lambda m: _THINK.format(m["x"])),
    (re.compile(r"^(?:do|does|did) you (?:ever |usually |mostly |also |still |actually )?use (?P<x>.+?) (?P<y>(?:for|in|to|when|on|at|with|during) .+)$"),
     lambda m: f"How do you use {m['x']} {m['y']}?"),
    (re.compile(r"^(?:do|does|did) you (?:ever |usually |mostly |also |still |actually )?use (?P<x>.+?)(?: a lot| much| often| every day| daily| regularly| at all)?$"), lambda m: f"How do you use {m['x']} in your work?"),
    (re.compile(r"^(?:do|does|did) you need (?P<x>.+)$"), lambda m: f"What role does {m['x']} play in your work?"),
    (re.compile(r"^did you (?P<x>.+)$"), lambda m: f"How did you come to {m['x']}?"),
    (re.compile(r"^can you (?:usually |ever |actually )?(?P<v>(?!recommend\b|suggest\b|introduce\b|share\b|send\b|tell\b|help\b|give\b|put\b|pass\b|refer\b|connect\b)[a-z]+)(?P<x>.*)$"),
     lambda m: _what_does_look_like(m["v"], m["x"])),
    # Counts and amounts keep what is counted: "How many patients do you see?" -> "the patients you see".
    (re.compile(r"^how (?:many|much) (?P<n>(?!of\b)[a-z'-]+(?: [a-z'-]+)?) (?P<a>do|does|did|are|is|were|was|will|would|can) (?P<x>.+)$"),
     lambda m: f"What can you tell me about {_wh_subject(m['n'], m['a'], m['x'])}?"),
    # "Which firm did you start at?", "Which kinds of firms are growing?" -> what can you tell me about them.
    (re.compile(r"^(?:which|what) (?P<n>(?!is\b|are\b|was\b|do\b|does\b|did\b)[a-z'-]+(?: (?:of )?[a-z'-]+){0,2}?) (?P<a>do|does|did|are|is|were|was|would|will|could|should|can) (?P<x>.+)$"),
     lambda m: f"What can you tell me about {_wh_subject(m['n'], m['a'], m['x'])}?"),
    # "..., is that when you do your grading?" -> how they do it: the student's subject, opened up.
    (re.compile(r"^(?:.*, )?(?:is|was) (?:that|this|it) (?:when|where|how) you (?P<v>[a-z]+)(?P<x>.*)$"),
     lambda m: f"Could you tell me about how you {m['v']}{m['x']}?"),
    # "Who do you work with most closely?" -> the people you work with.
    (re.compile(r"^who (?:do|did) you (?P<v>work|collaborate|report|deal|partner|talk|interact|answer)(?P<x>.*)$"),
     lambda m: f"Could you tell me about the people you {m['v'] if not m.group(0).startswith('who did') else past(m['v'])}{m['x']}?"),
    # Someone else's habits or policies: "Does your company pay for grad school?", "Do people stay long?"
    (re.compile(rf"^(?:do|does) (?P<s>{_PEOPLE}) (?:{_HEDGES} )?(?:tend to )?(?P<v>[a-z]+)(?P<x>.*)$"),
     lambda m: f"What have you noticed about {m['s']} {gerund(m['v'])}{m['x']}?"),
    (re.compile(rf"^(?:do|does) (?P<s>{_THIRD}) (?:{_HEDGES} )?(?:feel|seem|get) (?:so |really |very |pretty |too )?(?P<p>{_FEELINGS})(?P<r>.*)$"),
     lambda m: _describe(m["s"], m["p"], m["r"])),
    # "How long do you get with each patient?" -> how that time is spent: the student's subject, opened up.
    (re.compile(r"^how (?:long|much time) (?:do|does|did) (?P<s>you|they|therapists|nurses|teachers|analysts|people) (?:usually |typically |actually )?(?:get|spend|have) (?P<p>with|on) (?P<x>[a-z'-]+(?: [a-z'-]+){0,4})$"),
     lambda m: f"How do {m['s']} spend {'your' if m['s'] == 'you' else 'their'} time {m['p']} {m['x']}?"),
    # "is remote work normal in ux research?" -> how common it is, and their own experience of it.
    (re.compile(r"^(?:is|are) (?P<x>(?!it\b|that\b|this\b|there\b)[a-z'-]+(?: [a-z'-]+){0,3}?) (?:really |pretty |very )?(?:normal|common|typical|usual|standard)(?P<r> (?:in|at|for|among|around) [a-z'-]+(?: [a-z'-]+){0,3})?$"),
     lambda m: f"How common {'are' if m.group(0).startswith('are') else 'is'} {m['x']}{m['r'] or ''}, in your experience?"),
    # "was that hard to live on?" -> what it was like: the student's own subject, opened up.
    (re.compile(r"^(?:(?P<t>was|is) (?:that|it) (?:really |very |so |pretty )?(?:hard|difficult|tough|easy|stressful|scary|weird) to (?P<x>[a-z][a-z' -]+))$"),
     lambda m: f"What {m['t']} it like to {m['x']}{' that' if m['x'].split()[-1] in _PREPOSITIONS else ''}?"),
    # "Does your nursing background actually help you in research?" -> how it helps.
    (re.compile(rf"^(?:do|does) (?P<s>{_THIRD}) (?:{_HEDGES} )?help (?P<o>you|people|students|someone|me)\b(?P<x>.*)$"),
     lambda m: f"How {_does(m['s'])} {m['s']} help {'you' if m['o'] == 'me' else m['o']}{m['x']}?"),
    (re.compile(rf"^(?:do|does) (?P<s>{_THIRD}) (?:{_HEDGES} )?(?P<v>{_POLICY_VERBS})(?P<x>\b.*)$"),
     lambda m: f"How {_does(m['s'])} {m['s']} approach {gerund(m['v'])}{m['x']}?"),
    (re.compile(rf"^(?:do|does) you (?:{_HEDGES} )?(?:get to )?(?P<v>[a-z]+)(?P<x>.*)$"), lambda m: _what_does_look_like(m["v"], m["x"])),
    (re.compile(r"^you (?!must|probably|should|could|would|might|will|can|definitely|surely|always|never|really|did|do|does|were|was|are|had|have|got)(?P<v>[a-z]+)(?P<x>.*)$"),
     lambda m: _what_does_look_like(m["v"], m["x"])),
]

# Tag questions ("X is so much better, don't you think?") and assumptions ("I bet X"): the
# open version asks for their view of X.
_TAG = re.compile(r",? (?:don't you think|right|isn't it|aren't they|aren't you|wouldn't you say|correct|yeah|no|huh|isn't that right)$")
_ASSUMING = re.compile(r"^i (?:bet|assume|guess|imagine|suppose) (?:that )?")


def _advice(rest: str) -> str:
    rest = rest.strip()
    m = re.match(r"^(?:for|on|about) ([a-z]+ing\b.*)$", rest)
    if m:
        return f"What advice would you give about {m.group(1)}?"
    rest = re.sub(r"^(?:for|to) ", "", rest)
    return f"What advice would you give {rest}?" if rest else "What advice would you give someone in my position?"


def _declarative(question_body: str) -> str:
    """'ai going to replace researchers' -> 'ai is going to replace researchers'."""
    return re.sub(r" going to ", " is going to ", question_body, count=1)


TOPIC_REWRITES = {
    "career_path": "How did you get to where you are now?",
    "day_to_day": "What does a typical week look like for you?",
    "skills": "What skills have mattered most in your work?",
    "culture": "How would you describe the culture of your organization?",
    "lifestyle": "How would you describe the balance between work and the rest of your life?",
    "rewards_challenges": "What do you find most rewarding about your work?",
    "industry": "Where do you see your field heading over the next few years?",
    "advice": "What advice would you give someone in my position?",
    "network": "What kinds of people would you suggest I talk to next?",
}

# Questions that should not be asked at all get the question worth asking instead.
FLAG_REWRITES = {
    "salary_personal": "What do salaries usually look like for people starting out in this field?",
    "job_request": "How do people usually get hired onto your team?",
}
_SALARY_FACT = re.compile(r"\b(?:salary|salaries|pay|paid|make|earn|wage)\b")
# "make good money", "make enough money": pay, said as money.
_MAKES_MONEY = r"make (?:good |decent |enough |ok |okay )?money"
_PAY = re.compile(r"\b(?:salary|salaries|pay|paid|wages?|earnings|income|compensation|going rate|hourly rate)\b|\b" + _MAKES_MONEY + r"\b|\b(?:make|earn)(?: [a-z]+)? (?:a year|per year|an hour|to start|starting out|in (?:your|a|the) (?:first|district|area|city))|^(?:roughly |about )?what (?:does|do) .+ (?:make|earn)\b")
_PAY_WHO = re.compile(r"\bfor (?P<p>(?:new|entry[- ]level|first[- ]year|junior|starting|beginning|new[- ]grad) [a-z'-]+(?: [a-z'-]+)?)\b")
_PAY_WHERE = re.compile(r"\b(?:in|around|near) (?P<w>(?!this\b|the\b|your\b|a\b|an\b|my\b|general\b)[a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2})$")
_STANDS_FOR = re.compile(r"^what (?:does|do) (?:the (?:acronym |letters )?)?(?P<x>[a-z]{2,6}) stand for$")
_ORGANIZATION_FACT = "What drew you to this organization, and what has kept you there?"


def open_version(question: str, topics: list[str], flags: list[str], named: frozenset[str] = frozenset()) -> str:
    """An open question for a normalised closed one: by rule, else by flag, else by topic.

    `named` are the words the student wrote with a capital (lower case): a place kept in the rewrite
    must be one of them ("in Boise"), so that it is written as they wrote it.
    """
    for flag, text in FLAG_REWRITES.items():
        if flag in flags:
            return text
    if "googleable" in flags:
        # What a search would answer, turned into what only they can: their experience of the same subject.
        if _SALARY_FACT.search(question):
            return FLAG_REWRITES["salary_personal"]
        acronym = _STANDS_FOR.match(question.rstrip("?!. "))
        if acronym:
            return f"What role does the {acronym['x'].upper()} play in your work?"
        if "industry" in topics:
            return TOPIC_REWRITES["industry"]
        return _ORGANIZATION_FACT
    core = question.rstrip("?!. ")
    core = re.sub(r"^(?:if|whether) you ", "do you ", core)
    core = re.sub(r"\byou (?:guys|all|folks)\b|\by'all\b", "you", core)  # "do you guys partner with..."
    # "you mentioned Medicaid billing, is that something I should learn?": the question is after the pointer.
    core = re.sub(r"^(?:so )?you (?:mentioned|said|talked about|brought up|noted) [^,]{1,60}, (?:and |so |but )?(?=\w+ )", "", core)
    core = re.sub(r",? ?\b(?:like|um|uh|you know|i mean|basically|honestly|actually)\b, ", " ", core)  # "does, like, GPA matter"
    core = re.sub(r",? or (?:not|is it (?:overrated|not|a waste|worth it|overkill)|is that (?:overrated|not)|no)$", "", core)
    core = re.sub(r",? (?:too|as well|also)$", "", core)  # "do you ever study fish too?": the open version asks about fish
    core = re.sub(r", (?:how|what|which)(?: [a-z]+){0,2}$", "", core)  # "do you go out a lot, how often": the question is before it
    aside = _ADVERB_ASIDE.match(core)
    if aside:  # "is it hard, physically": the question, then the aside put back at its end
        better = open_version(aside["q"], topics, flags, named)
        return f"{better.rstrip('?')}, {aside['a']}?" if better.endswith("?") else better
    if _PAID_ENOUGH.search(core):
        return _fallback(core, topics, named)  # "do you get paid ok?": what pay looks like, not "getting paid ok"
    tagged = bool(_TAG.search(core) or _ASSUMING.match(core))
    core = _ASSUMING.sub("", _TAG.sub("", core))
    for pattern, build in _RULES:
        m = pattern.match(core)
        if m and all(len((v or "").split()) <= 14 for v in m.groupdict().values()):
            text = re.sub(r"\s+", " ", build(m)).replace(" ?", "?").replace(" ,", ",").strip()
            text = _ENDING_UP.sub("", text)  # "do you end up grading on weekends?" -> "What does grading on weekends look like...", not "ending up grading"
            if not text:
                # Two questions joined by "or": the first says what the student wants to know, if it is a question of its own.
                first = _SECOND_QUESTION.split(core, maxsplit=1)[0]
                return open_version(first, topics, flags, named) if first != core else _fallback(core, topics, named)
            if len(text.split()) > LONGEST_REWRITE:
                continue  # a rule that would make a long question of it: a shorter one may say it
            second = _TRAILING_YES_NO.search(text)
            if second:
                # "How would you describe the market right now, or are banks hiring?": an open question does not
                # end on a yes-or-no one; the first half says what they want to know.
                cut = _TRAILING_YES_NO.search(core)
                if cut:
                    return open_version(core[: cut.start()], topics, flags, named)
                text = text[: second.start()] + "?"
            return text[0].upper() + text[1:]
    if tagged and len(core.split()) <= 14:
        return _THINK.format(core)[0].upper() + _THINK.format(core)[1:]
    return _fallback(core, topics, named)


_ADVERB_ASIDE = re.compile(r"^(?P<q>.+), (?P<a>[a-z]+ly)$")
_ENDING_UP = re.compile(r"\b(?:ending|winding) up (?=[a-z]+ing\b)")
_TRAILING_YES_NO = re.compile(r", or (?:are|is|do|does|did|was|were|can|should|will|would|have|has) [^,?]{1,60}(?=\??$)")
# Whether the pay is enough, asked as a yes or no: "do you get paid ok?", "do you make good money?"
_PAID_ENOUGH = re.compile(r"^(?:do|does|did|is|are|was) .{0,30}\b(?:get paid|paid (?:ok|okay|well|enough|fairly|decently)|" + _MAKES_MONEY + r"|earn (?:a lot|enough|well))\b")
# A rewrite is a question a student can say in one breath.
LONGEST_REWRITE = 25
# ", or is it...", " or do you...": where a second question starts.
_SECOND_QUESTION = re.compile(r",? or (?=(?:do|does|are|is|can|should) (?:you|it|there|i|the|a|an)\b)")


def _fallback(core: str, topics: list[str], named: frozenset[str] = frozenset()) -> str:
    """The open question for a closed one no rule rewrites: pay, else its topic's."""
    if _PAY.search(core):
        # Pay is the subject, whatever topic it was coded under; for whom and where, as the student said it.
        who, where = _PAY_WHO.search(core), _PAY_WHERE.search(core)
        if where and not set(where["w"].split()) <= named:
            where = None  # a place typed in lower case would come back in lower case
        if who or where:
            return (f"What does pay usually look like for {who['p'] if who else 'people starting out'}"
                    f" {'in ' + where['w'] if where else 'in this field'}?")
        return FLAG_REWRITES["salary_personal"]
    if topics:
        return TOPIC_REWRITES[topics[0]]
    return "Could you tell me more about that?"


_TELL_ME = re.compile(r"^(?:what can you tell me|could you tell me|can you tell me|tell me)(?: more)? about (?P<x>.+)$")
_WH_DO = re.compile(r"^(?P<w>how|what|why|where|when|which [a-z]+|what [a-z]+) (?P<a>do|did|would|should|could|will) you (?P<v>[a-z]+)(?P<x>.*)$")


def subject_of(question: str) -> str | None:
    """What an open question asks about, as a phrase: "How do you use Tableau?" -> "how you use Tableau".

    For a follow-up that keeps the student's subject ("Could you tell me more about how you use
    Tableau?"). None when the question has no shape this knows; the caller then says it another way.
    """
    core = question.strip().rstrip("?!. ")
    core = re.split(r",\s*(?:like|or|i mean|as in)\b", core, maxsplit=1)[0]  # "how did you get your job, like did you know someone"
    low = core[:1].lower() + core[1:]
    m = _TELL_ME.match(low)
    if m:
        return m["x"]
    m = re.match(r"^what does it take to (?P<x>.+)$", low)
    if m:
        return f"what it takes to {m['x']}"  # "What does it take to get a job teaching history?"
    m = re.match(r"^what (?:does|do) (?P<x>.+?) look like(?P<r>.*)$", low)
    if m:
        return f"what {m['x']} {'look' if _does(m['x']) == 'do' else 'looks'} like{m['r']}"
    m = re.match(r"^what(?: is|'s| are| was| were) (?P<x>(?:the|your) [a-z'-]+(?: [a-z'-]+){0,9})$", low)
    if m:
        return m["x"]  # "what is the worst part of the job" -> "the worst part of the job"
    m = _WH_DO.match(low)
    if m and m["v"] not in ("think", "feel", "mean", "know"):
        # "what would you do this summer" -> "what you would do this summer"
        verb = past(m["v"]) if m["a"] == "did" else m["v"] if m["a"] == "do" else f"{m['a']} {m['v']}"
        wh = m["w"]
        if wh.startswith(("which ", "what ")):
            return f"the {wh.split()[1]} you {verb}{m['x']}"
        return f"{wh} you {verb}{m['x']}"
    return None
