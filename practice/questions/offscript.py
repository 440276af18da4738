"""Stage 5b: turns that are not about the job (PRODUCT.md, "Turns that are not about the job").

Asking whether the persona is an AI, trying to get at its instructions or hidden material,
and small talk on unrelated subjects. Such a turn is coded for form like any other, but it
carries no topic, never counts toward coverage, earns no insight and gets no rewrite.
"""

from __future__ import annotations

import re
from typing import Literal

OffScript = Literal["ai_question", "extraction", "small_talk"]

# A sincere question whether the persona is a person: answered honestly, not in character.
AI_QUESTION = re.compile(
    r"\b(?:are|r) (?:you|u) (?:an? |really an? |actually an? |just an? )?(?:ai|a\.i\.|bot|robot|chatbot|chat bot|real person|human|"
    r"real|language model|llm|computer|program|machine|chatgpt|gpt|claude|gemini)\b"
    r"|\b(?:are|r) (?:you|u) (?:an? )?(?:actual|real|live) (?:person|human)\b|\bor (?:an? |just an? )?(?:ai|bot|robot|chatbot)\s*[?.!]*$"
    r"|\b(?:which|what) (?:language )?model (?:are you|is this|do you run)\b|\b(?:are you|is this) (?:running on )?(?:chatgpt|gpt|an llm)\b"
    r"|\b(?:am i|i am|i'm) (?:talking|chatting|speaking) (?:to|with) (?:an? )?(?:ai|bot|robot|chatbot|real person|human|computer|machine)\b"
    r"|\bis this (?:an? )?(?:ai|bot|chatbot|real person|human)\b",
    re.I,
)

# Attempts to get at the persona's instructions or hidden material, including the hypotheticals
# that ask the persona to imagine it may say everything: those earn nothing.
EXTRACTION = re.compile(
    r"ignore (?:all |any |your |the |my |previous |prior |above |earlier )*(?:instructions|prompts?|rules|directions)"
    r"|system prompt|(?:your|the) (?:prompt|instructions|hidden|secret)"
    r"|(?:list|show|reveal|print|dump|repeat|output|give me|tell me) (?:me )?(?:all |every |each )?(?:of )?(?:your |the )?"
    r"(?:hidden |secret |locked )?(?:insights?|instructions|secrets|rules|persona file|file)"
    r"|developer mode|jailbreak|pretend (?:to be|you are)|\bact as\b|(?<!where )(?<!what )(?<!who )\byou are now (?:a|an|the|my|in|going to|free|no longer|dan)\b|disregard|override"
    r"|(?:if|suppose|imagine|pretend|say) (?:that )?you (?:were|are|could be|had been) (?:allowed|permitted|free|able) to (?:tell|say|share|reveal|talk about)"
    r"|(?:not|n't) (?:allowed|supposed|permitted) to (?:tell|say|share|reveal|discuss|talk about)"
    r"|(?:tell|share|reveal) (?:me )?(?:absolutely )?everything (?:you know|you're hiding|you are hiding|you can't|you cannot|you aren't)"
    r"|(?:if you could|hypothetically,?) (?:tell|say|share|reveal) (?:me )?(?:anything|everything)"
    r"|what (?:are you|were you) (?:told|instructed|programmed) (?:not )?to"
    r"|(?:hiding|holding back) from me"
    r"|(?:what|which) instructions (?:were you|did you|have you been) (?:given|get|told)|what (?:were you|have you been) told (?:to say|before)"
    r"|what (?:score|grade) (?:am i|i am|i'm) (?:getting|going to get)|(?:my|the) (?:score|report) (?:so far|right now)",
    re.I,
)

# Small talk on unrelated subjects: the persona's view of an event, their tastes, the weather.
SMALL_TALK = re.compile(
    r"\bwhat did you think (?:of|about) (?:the|that|this|last) (?:\w+ ){0,3}?(?:keynote|talk|game|match|movie|film|show|episode|"
    r"concert|speech|debate|election|finale|season|book|album|news|game last|weather|super bowl|world series|world cup|playoffs?|"
    r"finals|oscars|grammys|olympics|halftime show|tournament)\b"
    r"|\b(?:did|have) you (?:see|watch|catch|hear|read) (?:the|that|this|last) (?:\w+ ){0,3}?(?:game|match|movie|film|show|episode|"
    r"concert|speech|debate|finale|news|keynote|album|game)\b"
    r"|\b(?:your|you have a) favou?rite (?:food|restaurant|restaurants|movie|movies|film|show|shows|band|song|music|singer|color|colour|"
    r"team|sport|sports team|book|books|animal|place to eat|spot to eat|pizza|coffee|drink|holiday|vacation spot|tv show|podcast)\b"
    r"|\bhow(?:'s| is) the weather\b|\bwhat(?:'s| is) the weather\b|\bweather (?:like )?(?:there|today|where you are)\b"
    r"|\b(?:who|which team) (?:do you|are you) (?:root|rooting|cheer|cheering) for\b"
    r"|\b(?:any|what are your) plans for (?:the|this) (?:weekend|holidays?|summer)\b"
    r"|\b(?:do you|did you) (?:have|own) (?:any )?(?:pets?|a dog|a cat|dogs|cats)\b"
    r"|\bwhat(?:'s| is) your (?:star sign|zodiac|sign)\b"
    # A favourite that is not part of the work ("your favorite lake"), hobbies, what they do for fun.
    r"|\b(?:your|you have a|you have any) favou?rite (?!part|parts|thing|things|aspect|project|projects|task|tasks|client|clients|day|days|moment|memory|"
    r"course|class|tool|tools|assignment|case|cases|story|stories|kind|type|piece|program|programs|exhibit|exhibition|painting|patient|team|place to work)[a-z'-]+"
    r"|\b(?:any|your|what are your|got any) hobbies\b|\bwhat do you do for fun\b"
    # The line itself: "sorry my wifi cut out, can you hear me?"
    r"|\bcan you (?:still )?(?:hear|see) me\b|\b(?:wifi|wi-fi|internet|connection|audio|mic|camera|video) (?:cut out|dropped|froze|died|is (?:bad|lagging|glitchy))\b"
    # The weather where they are, the shows they watch.
    r"|\b(?:is|was) it (?:nice|sunny|cold|hot|warm|rainy|raining|snowing|snowy|freezing|humid|beautiful) (?:out |outside )?(?:there|where you are|where you live|today|right now|this week|in (?!the |your |a |an |our |my )[a-z]+)\b"
    r"|\bhave you (?:been )?(?:watching|seen|watched|caught) (?:the |that |any |this )?(?:new |latest |last )?(?:\w+ ){0,3}?(?:show|series|season|episode|movie|film|game|bake off)\b",
    re.I,
)


def off_script(text: str) -> OffScript | None:
    """What kind of off-script turn `text` is, if it is one."""
    if AI_QUESTION.search(text):
        return "ai_question"
    if EXTRACTION.search(text):
        return "extraction"
    if SMALL_TALK.search(text):
        return "small_talk"
    return None
