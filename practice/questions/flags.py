"""Stage 5: flags on a question (leading, googleable, job request, personal salary, double-barreled)."""

from __future__ import annotations

from practice.questions.patterns import rx

LEADING = rx(
    r"\b(?:don't|do not|doesn't|wouldn't|isn't|aren't|wasn't|didn't|won't|shouldn't|haven't) (?:you|it|that|this|there|they) "
    r"(?:think|agree|feel|find|say|love|get|be|seem|make|sound|mean)\b",
    r"^(?:isn't|aren't|wasn't|don't|doesn't|didn't|wouldn't|shouldn't|haven't) ",
    r"[,.] ?(?:right|correct|yeah|no|huh|yes|true|isn't it|aren't they|don't you|didn't you|wasn't it|doesn't it|"
    r"right\?|won't it|isn't that right|am i right)\s*[?]?\s*$",
    # A tag asks for a yes: "networking matters more than grades, wouldn't you?"
    r",\s*(?:isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|wouldn't|shouldn't|couldn't|can't|haven't|hasn't) (?:it|you|they|that|there|he|she|we)\s*[?]?\s*$",
    r"\bi (?:bet|assume|imagine|suppose|expect|take it|guess|am sure|am guessing|would imagine|would assume|would guess) (?:that )?(?:you|it|the|this|your|that|there)\b",
    r"\bsurely\b", r"\bobviously\b", r"\byou (?:must|probably|definitely|surely) (?:love|hate|be|have|get|make|enjoy|feel|find|think|work)\b",
    r"\bit must be\b", r"\bmust be\b.{0,30}\bright\s*[?!.]*$",
    # A premise inside the question: "What makes a startup so much better than a big company?"
    r"\b(?:what makes|why (?:is|are|do|does|did))\b.{1,60}\bso much (?:better|worse|less|more|easier|harder)\b",
    r"\bmust be (?:so |really |very |super |pretty |incredibly |extremely )?(?:hard|amazing|great|stressful|rewarding|tough|exhausting|fun|cool)\b",
    r"\bdo you agree (?:that|with)\b", r"\bwouldn't you (?:say|agree)\b", r"\bagree that\b",
    r"\bi think (?:that )?\w+(?: \w+){0,8},? (?:right|don't you|do you agree|wouldn't you)\b",
    r"\b(?:so|really|very) (?:rewarding|amazing|fulfilling|stressful|hard|exciting),? (?:right|isn't it|huh)\b",
)

# A job's name ("credit analyst", "night auditor", "UX researcher"), not a word of the trade ("a standup").
_ROLE = r"(?:[a-z-]+(?:er|or|ist|ian|ant|ent)|nurse|tech|technician|analyst|engineer|paralegal|therapist|pharmacist|accountant)"

GOOGLEABLE = rx(
    r"\bwhen (?:was|did) (?:the|your) (?:company|organization|org|firm|agency|museum|nonprofit|bank|startup|hospital|paper|school) "
    r"(?:founded|start|get started|established|open|begin|created)",
    r"\bhow many (?:employees|offices|locations|branches|people work (?:at|for) (?:the|your) (?:company|organization))",
    r"\bhow many (?:people|employees) (?:work|are employed) (?:at|for) (?!your\b|the\b|my\b|our\b|this\b|that\b|a\b|an\b)[a-z]",
    r"\bhow (?:big|large) is (?:the|your) (?:company|organization|firm|agency|bank|museum|nonprofit|startup|hospital)",
    r"\bwhere (?:is|are) (?:the|your) (?:company|organization|firm|agency|nonprofit|bank|startup|museum)'?s? ?(?:headquarters|headquartered|based|located|offices)",
    r"\bwhere (?:is|are) (?:the|your) headquarters\b", r"\bheadquartered\b",
    r"\bwhat year (?:was|did) (?:the|your) \w+ (?:founded|start|open|established)",
    r"\bwhat (?:exactly )?(?:does|do) (?:the|your) (?:company|organization|org|firm|agency|nonprofit|startup|bank|museum) (?:do|make|sell|offer)\b",
    r"\bwhat (?:is|are) (?:the|your) (?:company|organization|org|firm|agency|nonprofit|startup|museum)(?:'s)? (?:mission|products|services|mission statement)\b",
    r"\bwhat (?:is|was) (?:the|your) (?:mission statement|revenue|stock price|annual budget)\b",
    r"\bwhat (?:is|was) (?:the |your )?(?:[a-z'-]+'s |[a-z'-]+ )?(?:circulation|readership|enrollment|endowment|revenue)\b",
    # ... but not what they pay where the persona works ("the starting salary for analysts there").
    r"\bwhat (?:is|are) the (?:average|median|typical|starting|national average) (?:salary|salaries|pay|wage)\b"
    r"(?!.*\b(?:there|here|at your|where you|your (?:company|bank|team|firm|office|organization|agency|clinic|school|district))\b)",
    r"^(?:do|does) (?:you|one|someone|i) (?:need|have to have) (?:a|an) (?:[a-z]+ ){0,3}?(?:license|licence|credential|certification|degree) "
    r"to (?:teach|practice|work as|become|be licensed)\b(?:.*\bin (?!your\b|a\b|the\b)[a-z]+)?\s*$",
    r"\b(?:make|earn|paid) on average\b", r"\baverage (?:salary|pay|wage) (?:for|of)\b",
    r"\bwho (?:is|was) (?:the|your) (?:ceo|founder|founders|president|executive director)\b",
    # The published requirements of a profession: "What degree do you need to be a physical therapist?",
    # "How many years is a DPT program?", "What's the pass rate for the NCLEX?"
    r"^what (?:degree|degrees|license|licence|licenses|certification|certifications|credentials?) (?:do|does) (?:you|one|someone|a person|i|[a-z]+s) "
    r"(?:need|have) to (?:be|become|practice as|work as|practice|work) (?:an? )?[a-z]",
    r"^how (?:many|long) (?:years|months) (?:is|does|are) (?:an? |the )?[a-z-]+(?: [a-z-]+)? (?:program|programs|degree|school)\b",
    r"^how long (?:is|does) (?:an? |the )?[a-z-]+(?: [a-z-]+)? (?:program|school|degree) (?:take|last)?\s*$",
    r"\bwhat(?: is|'s) the (?:national |average |first-time )?pass(?:ing)? rate\b",
    r"\bwho (?:founded|started|owns|runs) (?:the|your) (?:company|organization|firm|nonprofit|startup|museum|paper)\b",
    r"\bhow long has (?:the|your) (?:company|organization|firm|agency|museum|nonprofit) been\b",
    r"\bwhat (?:products|services) (?:does|do) (?:the|your|you)\b",
    # Published statistics and definitions: a search answers them in a minute.
    r"\baccording to (?:the )?(?:bls|bureau of labor statistics|census|department of labor|glassdoor|indeed|wikipedia|o\*?net)\b",
    r"\b(?:projected|national|nationwide) (?:job )?(?:growth|employment|median|average)\b", r"\bmedian (?:annual |hourly )?(?:wage|salary|pay|income)\b",
    r"\bwhat (?:does|do) (?:the (?:acronym |letters )?)?(?!you\b|we\b|they\b|i\b|it\b|people\b)[a-z]{2,6} stand for\b",
    # What a job is, in general: "What does a credit analyst do?", "what's a night auditor?"
    r"^(?:sorry,? |so,? |wait,? )?what (?:exactly |actually )?(?:does|do) an? (?:[a-z-]+ )?" + _ROLE + r" (?:actually |really )?do\s*[?.!]*$",
    r"^(?:sorry,? |so,? |wait,? )?what(?:'s| is) an? (?:[a-z-]+ )?" + _ROLE + r"\s*[?.!]*$",
    r"\bhow many (?:people|employees|staff) (?:work|are) (?:at|for|in) [a-z]+ (?:worldwide|globally|total|overall|nationwide|in total)\b",
)

JOB_REQUEST = rx(
    r"\b(?:are|will) (?:you|you guys|you all|they|y'all) (?:currently |be )?hiring\b", r"\bis (?:your|the) (?:company|team|organization|firm|office) hiring\b",
    r"\b(?:is|are) your (?:[a-z]+ ){1,2}?(?:currently |still )?hiring\b",
    # "is the Ledger hiring any data reporters?": their employer, by its name (not "is the industry hiring?").
    r"\bis the (?!(?:[a-z]+ )?(?:industry|field|market|sector|economy|profession|government|state|city|county|area|world)\b)[a-z]+(?: [a-z]+)? (?:currently |still )?hiring\b",  # "is your bank hiring right now?" (not "are papers hiring?")
    r"\bintroduce me to (?:the|your|whoever|someone)(?: [a-z]+){0,3}? (?:hiring manager|recruiter|who (?:hires|does the hiring|does hiring)|in hr)\b",
    r"\bso (?:that )?i (?:can|could) (?:get|land|have) (?:a|an|the) (?:interview|job|internship|position|offer)\b",
    r"\b(?:any|are there|have any|got any) (?:jobs?|internships?|positions?|roles?|openings?|vacancies) (?:open|opening|available|right now|(?:at|on) (?:your|the (?:company|team|firm|agency|museum|bank|clinic|school|office))|here|for me)\b",
    r"\b(?:job|internship|position) openings?\b", r"\bopenings? (?:on|at|in) your\b", r"\bdo you have (?:any )?(?:openings|positions|internships|jobs)\b",
    r"\b(?:get|give|find|offer) me (?:a|an|the)? ?(?:job|internship|position|interview|role|spot)\b", r"\bhire me\b",
    r"\brefer(?:ral)? me (?:for|to) (?:a|an|the|that|this|your)? ?(?:job|position|role|internship|opening)", r"\brefer me\b(?! to (?:someone|anyone|people|a person|somebody))",
    r"\b(?:pass|forward|send|give|share) (?:along |on )?my (?:resume|cv|application)\b", r"\b(?:put|putting|puts) in a (?:good )?word\b", r"\bvouch for me\b",
    r"\bknow (?:of )?(?:anyone|anybody|any (?:places|companies|firms|orgs|organizations|teams|clinics|agencies)) (?:who|that|which)(?: is|'s| are)? (?:currently |still )?hiring\b",
    r"\b(?:consider|keep) me (?:for|in mind)\b", r"\b(?:could|can|may|might) i (?:ever |someday |one day )?(?:work|intern) (?:for|with) (?:you|your)\b",
    r"\b(?:i would|i'd) (?:love|like) to (?:work|intern) (?:for|with|at) (?:you|your)\b", r"\bwork for you (?:guys|all|someday|one day)\b",
    r"\bcan i (?:apply|intern) (?:at|with|for) your\b", r"\b(?:a|an) (?:job|internship|position) (?:at|with) your\b.{0,20}\?$",
    r"\bhelp me get (?:a|an|the) (?:job|internship|position|interview)\b",
    r"\b(?:send|forward|forwarding|sending|passing|pass|give) (?:it|this|them|my (?:resume|cv|portfolio|application|info|name|work)) (?:along )?to (?:whoever|the person|your|someone|the hiring|hr\b|human resources|the recruiter)",
    r"\bbe (?:a|my) (?:reference|referral)\b", r"\bput my name (?:forward|in)\b", r"\bmy portfolio (?:to|along)\b", r"\bsend you my (?:resume|cv)\b",
    r"\blooking for (?:a|an) (?:job|internship|position) (?:at|with) your\b", r"\bcould you hire\b", r"\bany chance (?:of|i could get) (?:a|an) (?:job|internship|position)\b",
)

SALARY_PERSONAL = rx(
    r"\bhow much (?:money )?(?:do|did) you (?:make|earn|get paid|bring in|take home|get)\b",
    r"\bwhat (?:is|was) your (?:salary|pay|income|compensation|wage|take[- ]home|hourly rate|base|base salary|paycheck)\b",
    # ... not what they make things in: "what do you make your maps in?"
    r"\bwhat (?:do|did) you (?:make|earn|get paid)\b(?! (?:of|with|from|out of|it|them|those|these|this|that|a(?! year| month| week| day)|an(?! hour)|my|our|their)\b)"
    r"(?! (?:your|the) (?!first\b|second\b|third\b|starting\b|last\b)[a-z]+ (?:in|with|on|for|using|from)\b)", r"\bwhat did you start (?:at|out at|out making)\b", r"(?<!not )(?<!not really )(?<!without )\b(?:ask|asking|share|sharing|tell me|telling me) (?:you )?what you (?:make|earn|get paid)\b", r"\bhow much (?:are|were) you (?:paid|making|earning)\b",
    r"\byour (?:starting |first |current |base |annual )?(?:salary|income|paycheck|compensation|wages?)\b",
    r"\byou (?:must|probably|definitely) (?:make|earn|get paid)\b", r"\bdo you (?:make|earn) (?:good|a lot of|decent|enough) (?:money|pay)\b", r"\bdo you (?:make|earn|pull in|bring in) (?:six|five|seven|6|5|7)[- ]figures?\b",
    r"\bhow much (?:money )?(?:you make|you earn)\b", r"\bhow much is your (?:salary|pay)\b", r"\bwhat (?:are|do) you (?:making|earning)\b",
    r"\bif you (?:don't|do not) mind (?:me )?(?:asking|sharing),? (?:how much|what) (?:do )?you (?:make|earn)\b",
)

DOUBLE_IN_ONE = rx(
    r"\b(?:like|love|enjoy) and (?:dislike|hate|not like)\b", r"\blikes and dislikes\b", r"\bbest and (?:the )?worst\b",
    r"\bmost and (?:the )?least\b", r"\bmost rewarding and (?:the )?most (?:challenging|difficult|frustrating)\b",
    r"\bhow (?:did|do) you .{3,40} and (?:why|how|what|where|when)\b",
)

