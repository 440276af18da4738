"""Open versions of closed questions, keeping the student's own subject.

"Do you like your job?" -> "What do you enjoy most about your job?". Rules are tried in
order on the normalised closed question; the first that fits wins, and a rewrite by topic
is the last resort. Every rewrite is itself an open question (the tests check this).
"""

from __future__ import annotations

import re
from collections.abc import Callable

Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]

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
    "important|necessary|required|needed|essential|useful|helpful|common|easy|crazy|brutal|hands-off"
)
# Predicates about change: "Is the field growing?" -> "How is the field growing?"
_CHANGES = "growing|changing|shrinking|improving|evolving|declining|expanding|booming|hiring|recovering"
_NEGATIVE_FEELINGS = (
    "stressful", "rewarding", "hard", "difficult", "fun", "challenging", "exciting", "boring", "demanding",
    "satisfying", "tough", "fulfilling", "exhausting", "intense", "frustrating", "meaningful", "tiring", "brutal",
)

_THINK = "What are your thoughts on whether {}?"


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
    irregular = {"been": "be", "had": "have", "done": "do", "gone": "go", "made": "make", "taught": "teach", "known": "know"}
    if verb in irregular:
        return irregular[verb]
    if verb.endswith("ied"):
        return verb[:-3] + "y"
    if verb.endswith("ed"):
        stem = verb[:-2]
        return stem + "e" if stem.endswith(("at", "iv", "ok", "ur", "ov", "uc", "ag", "ar")) else stem
    return verb


def _in(prep_phrase: str) -> str:
    """'for UX jobs' -> 'in UX jobs'; 'to work in audit' -> 'for people who want to work in audit'."""
    phrase = prep_phrase.strip()
    m = re.match(r"^to (.+)$", phrase)
    if m:
        return f"for people who want to {m.group(1)}"
    if re.match(r"^for (?:[\w-]+ ){0,2}(?:jobs|roles|work|positions|journalism|research|the field|this field|finance|nursing|teaching|law|consulting|tech|design)\b", phrase):
        return "in " + phrase[4:]
    return phrase


def _what_does_look_like(verb: str, rest: str) -> str:
    rest = re.sub(rf"^{_HEDGES} ", "", rest.strip())
    return f"What does {gerund(verb)} {rest} look like for you?".replace("  ", " ")


def _describe(subject: str, predicate: str, rest: str) -> str:
    subject = _ADVERB_TAIL.sub("", subject.strip())
    rest = rest.strip()
    if re.fullmatch(r"important|necessary|required|needed|essential|useful|helpful", predicate):
        return f"What role does {subject} play {_in(rest) if rest else 'in your work'}?"
    if predicate in _NEGATIVE_FEELINGS:
        return f"What parts of {subject} are most {predicate} for you?"
    if re.fullmatch(_CHANGES, predicate):
        return f"How {'are' if _does(subject) == 'do' else 'is'} {subject} {predicate}{' ' + rest if rest else ''}?"
    return f"How would you describe {subject}{' ' + rest if rest else ''}?"


def _does(noun_phrase: str) -> str:
    """'does' or 'do' for a noun phrase: 'certifications like the PMP' is plural."""
    first = noun_phrase.split()[0] if noun_phrase.split() else ""
    return "do" if first.endswith("s") and not first.endswith(("ss", "'s")) else "does"


_RULES: list[Rule] = [
    # Two different questions joined by "or" ("Are you X or do you Y?"): answered by topic instead.
    (re.compile(r"^.+,? or (?:do|does|are|is|can|should) (?:you|it|there|i|the|a|an)\b.*$"), lambda m: ""),
    # Choices: "Which do you prefer, A or B?" / "Do you prefer A or B?"
    (re.compile(r"^which (?:do you|would you) (?:prefer|like (?:better|more))(?: more)?,? (?P<a>.+?),? or (?P<b>.+)$"),
     lambda m: f"What do you like about {m['a']} compared with {m['b']}?"),
    (re.compile(r"^which (?:matters|counts|helps) more(?: for [^,]+)?,? (?P<a>.+?),? or (?P<b>.+)$"),
     lambda m: f"How do employers weigh {m['a']} against {m['b']}?"),
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
    (re.compile(r"^(?:could|can|would|will) you (?:please |be willing to |mind )?introduc(?:e|ing) me to (?P<x>.+)$"),
     lambda m: f"How would you suggest I get in touch with {m['x']}?"),
    (re.compile(r"^(?:do|would) you (?:happen to )?know (?:anyone|anybody|someone|somebody) (?P<x>(?:at|in|on|from) [^?]+?)(?: (?:who|that|i)\b.*)?$"),
     lambda m: f"How would you suggest I find people {m['x']} to talk to?"),
    (re.compile(r"^(?:anyone|anybody|someone|somebody) (?:else )?(?P<x>(?:at|in|on|from) [^?]+?)(?: (?:who|that|i)\b.*)?$"),
     lambda m: f"How would you suggest I find people {m['x']} to talk to?"),
    (re.compile(r"^.*\bshadow\b.*$"), lambda m: "What would it take to shadow you or someone on your team for a day?"),
    (re.compile(r"^.*\b(?:keep|stay|kept|staying) in touch\b.*$|^.*\bfollow(?:ed)? up with you\b.*$|^.*\breach(?:ed)? out (?:to you )?again\b.*$|^.*\blinkedin\b.*$"),
     lambda m: "What is the best way to keep in touch with you?"),
    (re.compile(r"^(?:is|are) there (?:anyone|anybody|someone|somebody|other people|people)(?: else)?\b.*$|^who (?:else )?(?:do you think |would you suggest |would you recommend )?(?:should|could) i (?:talk|speak|reach out).*$"),
     lambda m: "What kinds of people would you suggest I talk to next?"),
    # "Is there anything you wish...", "Has anything surprised you..."
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
    # Requirements and importance: "Do I need X to Y?", "Is X important for Y?", "Does X matter?"
    (re.compile(r"^(?:do|would|will) (?:i|you|someone|people|students|one) need to (?P<v>[a-z]+) (?P<x>.+?) (?P<y>to (?:be|become|work|get|go|do|land|start) .+)$"),
     lambda m: f"What role does {gerund(m['v'])} {m['x']} play {_in(m['y'])}?"),
    (re.compile(r"^(?:do|would|will) (?:i|you|someone|people|students|one) (?:need|have to have) (?P<x>(?!to )[^,]+?) (?P<y>(?:to|for) [a-z].+)$"),
     lambda m: f"What role does {m['x']} play {_in(m['y'])}?"),
    (re.compile(r"^(?:do|would|will) (?:i|you|someone|people|students|one) need (?P<x>.+)$"), lambda m: f"What role does {m['x']} play in your work?"),
    (re.compile(r"^(?:does|do) (?P<x>.+?) (?:matter|count)(?P<y>.*)$"), lambda m: f"What role does {m['x']} play{m['y']}?"),
    (re.compile(r"^how important (?:is|are) (?P<x>.+?) (?P<y>(?:for|in|to) .+)$"), lambda m: f"What role does {m['x']} play {_in(m['y'])}?"),
    (re.compile(r"^how important (?:is|are) (?P<x>.+)$"), lambda m: f"What role does {m['x']} play in your work?"),
    (re.compile(r"^(?:is|are) (?P<x>.+?) worth it(?P<y>.*)$"), lambda m: f"What difference {_does(m['x'])} {m['x']} make in practice{m['y']}?"),
    # Opinions: "Do you think X?", "Don't you think X?", "X, isn't it?", "Is X going to Y?"
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
    (re.compile(r"^how (?:much|many) (?P<x>[a-z ]+?) do you (?:actually |usually |really )?(?:get to )?(?:get|have|take)(?P<r>.*)$"),
     lambda m: f"How do you use your {m['x']}{m['r']}?"),
    (re.compile(r"^how (?:long|big|many|much|often|far) (?:is|are) (?P<x>.+?)(?: usually| typically| normally)?$"), lambda m: f"What are {m['x']} usually like?"),
    (re.compile(r"^(?:do|did) you (?:work|travel) (?P<x>(?:long hours|weekends|nights|late|overtime|evenings).*)$"),
     lambda m: "What do your hours look like in a typical week?"),
    (re.compile(rf"^(?:do|does|did) you (?:{_HEDGES} )?(?:feel|find) (?:like |that )?(?P<x>.+)$"), lambda m: _THINK.format(m["x"])),
    (re.compile(r"^(?:do|does|did) you (?:use|need) (?P<x>.+)$"), lambda m: f"What role does {m['x']} play in your work?"),
    (re.compile(r"^did you (?P<x>.+)$"), lambda m: f"How did you come to {m['x']}?"),
    (re.compile(rf"^(?:do|does) you (?:{_HEDGES} )?(?:get to )?(?P<v>[a-z]+)(?P<x>.*)$"), lambda m: _what_does_look_like(m["v"], m["x"])),
    (re.compile(r"^you (?!must|probably|should|could|would|might|will|can|definitely|surely|always|never|really)(?P<v>[a-z]+)(?P<x>.*)$"),
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
_ORGANIZATION_FACT = "What drew you to this organization, and what has kept you there?"


def open_version(question: str, topics: list[str], flags: list[str]) -> str:
    """An open question for a normalised closed one: by rule, else by flag, else by topic."""
    for flag, text in FLAG_REWRITES.items():
        if flag in flags:
            return text
    if "googleable" in flags:
        return FLAG_REWRITES["salary_personal"] if _SALARY_FACT.search(question) else _ORGANIZATION_FACT
    core = question.rstrip("?!. ")
    core = re.sub(r"^(?:if|whether) you ", "do you ", core)
    tagged = bool(_TAG.search(core) or _ASSUMING.match(core))
    core = _ASSUMING.sub("", _TAG.sub("", core))
    for pattern, build in _RULES:
        m = pattern.match(core)
        if m and all(len((v or "").split()) <= 14 for v in m.groupdict().values()):
            text = re.sub(r"\s+", " ", build(m)).replace(" ?", "?").replace(" ,", ",").strip()
            if not text:
                break  # the rule says: better answered by topic
            return text[0].upper() + text[1:]
    if tagged and len(core.split()) <= 14:
        return _THINK.format(core)[0].upper() + _THINK.format(core)[1:]
    if topics:
        return TOPIC_REWRITES[topics[0]]
    return "Could you tell me more about that?"
