"""Stage 4: the topic of each question, from cue phrases (strong cues count double)."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from practice.questions.patterns import cues
from practice.topics import TOPICS

# Each topic: strong cues (enough alone) and weak ones (count only when nothing strong matched).
TOPIC_CUES: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "career_path": (
        cues(
            # "What was it like going back to school at 26?": a step on their path.
            r"\b(?:going|went|go) back to (?:school|college|grad school)\b",
            r"\b(?:roles?|jobs?|positions?) you (?:had|held|did)\b", r"\bhow long were you (?:an? |the )?[\w-]+(?: [\w-]+)? before\b", r"\bbefore you (?:made|became|got promoted|moved up)\b", r"\b(?:you )?(?:go|went|going|moving|moved) from (?:being )?(?:an? )?[\w-]+(?: [\w-]+)? to\b", r"\bdid you start (?:out )?as\b",
            r"\b(?:start|started) (?:at|out at|out in|your career)\b", r"\bgot you (?:promoted|hired|the job)\b",
            # "Was it hard switching from dance to the science classes?": their own change of path.
            r"\b(?:switch|switching|switched|transition|transitioning|transitioned|pivot|pivoting|pivoted) (?:over )?from\b",
            # "why banking in the first place?", "what got you into it in the first place?"
            r"\b(?:why|what|how)\b.*\bin the first place\b",
            # Their own path: "what did you do before court reporting?", "how you went from homebrewing in your garage to owning a brewery".
            r"\bwhat did you do (?:before|right after|after (?:college|school|graduating|undergrad))\b",
            r"\b(?:moving|moved|move) up (?:from|to|into|the ladder)\b",
            r"\b(?:you )?(?:go|went|gone|moved|switched|transitioned) from (?:[\w'-]+ ){1,6}?to (?:being |owning |running |doing |working )",
            r"\bpromoted to\b", r"\bhow you got (?:from|into|to)\b", r"\bto where you are now\b",
            r"\b(?:your|the) path (?:into|to)\b", r"\brotations?\b",
            r"\b(?:leave|left|leaving) (?:the classroom|teaching|the newsroom|the firm|public accounting|engineering|your (?:first|last|old) job)\b",
            r"\bmoved? in-house\b", r"\bmake that (?:change|move|switch|jump)\b", r"\bwhat firm did you\b",
            r"\b(?:get|got|getting|break|broke|came|come|end|ended|wound|wind) (?:up )?(?:into|in to|started|"
            r"your start|to where you are|here\b|to this|this (?:job|role|position)|the job|into this)",
            r"\b(?<!do you )(?<!do you not )(?<!don't you )end(?:ed)? up\b(?! (?:being|doing|having|with|feeling|spending|working (?:late|weekends|nights)))", r"\bcareer (?:path|journey|trajectory|story|history|change|changer|switch|shift|pivot)",
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
            r"\b(?:what|that|which|it) made you (?:want to )?(?:go|get|become|choose|switch|pursue|move|leave|join|start|decide|apply)\b",
            r"\bdecided? to (?:go into|become|pursue|get into|join|work in|switch|leave)\b", r"\bwhat steps did you\b",
            r"\bthe path\b", r"\bled you (?:to|into|here)\b", r"\bbuild(?:ing)? a career\b", r"\b(?:make|made|making) partner\b", r"\btake you to (?:become|get|make|reach|land)\b",
            r"\b(?:university|college|school|program) did you\b", r"\bdid you get your\b", r"\bfirst[- ]generation\b",
            r"\byour career\b", r"\bwhat year did you graduate", r"\btransition(?:ed)? (?:into|from|to)",
            r"\bhow did you (?:get|end up) (?:here|this|into|started|your)",
        ),
        cues(r"\bcareer\b", r"\bbackground\b", r"\bmentors?\b", r"\bjourney\b", r"\bbecame\b", r"\bgrad school\b", r"\bdegree in\b",
            r"\bfirst year\b", r"\bturned into\b", r"\bfull[- ]time\b", r"\bprepared? you\b", r"\byour first\b"),
    ),
    "day_to_day": (
        cues(
            # Who they teach: "what grade levels mostly", "what grades do you teach?"
            r"\bgrade levels?\b", r"\bwhat grades? (?:do|did) you (?:teach|work with|have)\b",
            # "What exactly does a UX researcher do?"
            r"^what (?:exactly |actually )?(?:does|do) (?:an? |the )?(?:[a-z-]+ ){1,2}(?:actually |really )?do\b(?! (?:to|for|if|when|differently|about)\b)",
            r"\bwhat do you (?:actually |usually )?(?:look at|check|review|analy[sz]e|evaluate|look for) (?:first )?when (?:you(?:'re| are)? )?(?:deciding|reviewing|evaluating|assessing|looking at|judging)\b",
            r"\bhow do you (?:decide|evaluate|assess|judge|figure out|tell) (?:if|whether) (?:a|an|the|this|someone)\b",
            # "How do you decide whether to recommend a loan?": a judgment their work makes, not advice to the student.
            r"\bhow do you (?:usually |actually )?(?:decide|judge|figure out) (?:whether|if|when|which|what|who|how much|how many) (?:to|you|a|an|the)\b",
            r"\b(?:construction|job|work) sites?\b", r"\b(?:physical|working) conditions\b",
            r"\bcollaborat(?:e|es|ing) with\b", r"\bwho (?:do )?you (?:collaborate|partner|coordinate) with\b",
            r"\bhow often do you (?:go|get) (?:out )?to\b", r"\bjob sites?\b", r"\bresponsible for\b",
            r"\b(?:does|do) all day\b", r"\bwhat does (?:a|an|your) (?:[\w-]+ ){0,3}(?:day|week|shift|morning|visit|call) look like\b",
            # "How do your duties change between tax season and the rest of the year?", "...from start to finish?"
            r"\b(?:duties|responsibilities|tasks)\b", r"\bfrom start to finish\b",
            r"\bchecking (?:on|in)\b", r"\bwhat kinds? of (?:cases|clients|projects|patients|stories|work) do you\b",
            r"\bkids (?:are )?(?:usually )?in a class\b",
            r"\bhow many (?:kids|students|patients|clients|cases) (?:are|do you)\b",
            r"\btypical (?:[\w-]+ ){0,2}?(?:day|week|workday|morning|afternoon|shift|month|year|project)\b",
            # "what does calibrating the equipment involve?": a task of theirs, described
            r"\bwhat (?:does|did|do) [a-z]+ing (?:[a-z'-]+ ){1,4}?involve\b", r"\bday[- ]to[- ]day\b",
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
            r"\b(?:meet|see|work with) (?:the )?(?:athletes|clients|patients|students|customers|artists|authors|kids) ", r"\b(?:people|many|who) (?:are |is )?on your team\b", r"\b(?:team size|size of your team)\b", r"\bhow (?:big|large|small) is (?:your|the) team\b", r"\b(?:people|who) you work with\b", r"\bwork with (?:on|every|day|most)\b",
            r"\bspend (?:most of )?(?:your|the|a) (?:time|day|days|week|hours)", r"\b(?:percentage|percent|share|how much) of your (?:time|day|week)",
            r"\bcaseload\b", r"\b(?:what|which) (?:tools|software|programs|platforms|systems|apps) do you use",
            r"\bwhat is your (?:role|job) like\b", r"\bwhat do you do\b(?! (?:for fun|outside|to relax|on weekends))",
            r"\bdesk\b",
            r"\bwhat (?:is|was) (?:a|your) (?:day|week|shift)\b", r"\bwalk me through (?:a|your) (?:day|week|shift)",
            r"\bmorning routine\b", r"\bwork environment\b", r"\bwhat kind of work\b", r"\bwhat your work (?:involves|looks)",
            r"\bclients?\b", r"\bpatients? (?:a|per) day\b", r"\bhands[- ]on\b", r"\bfieldwork\b",
        ),
        cues(r"\bday\b", r"\bweek\b", r"\bwork on\b", r"\bschedule\b", r"\brole\b", r"\btools?\b", r"\bsoftware\b",
            r"\byour team\b", r"\bin the (?:office|field|lab|classroom|clinic|newsroom|galleries)\b", r"\bwalk me through\b",
            r"\bin practice\b", r"\blook like for you\b"),
    ),
    "skills": (
        cues(
            # Getting better at something: "How did you get better at writing?", "You mentioned R. How did you pick it up?"
            r"\bhow did you (?:get (?:better|good) at|improve (?:at|your)|pick (?:it|that|them) up|pick up|master|learn to|learn how to)\b",
            # The length of a degree or a training: "How many years is a DPT program?", "how long is the apprenticeship?"
            r"\bhow (?:many years|long) (?:is|are|does|do|did|was) (?:a |an |the |your )?(?:[\w-]+ ){0,3}?(?:program|school|degree|apprenticeship|residency|training|certificate|certification|bootcamp)s?\b",
            r"\bhow many years of (?:school|college|training|education|study|schooling)\b",
            # What their schooling gave them: "what did your nursing program not prepare you for?", "what classes did you end up using?"
            r"\b(?:program|degree|school|classes|courses|coursework|training|major) (?:[\w']+ ){0,2}prepared? you\b",
            r"\b(?:classes|courses|coursework) (?:[\w']+ ){0,6}?(?:use|using|used)\b",
            r"\b(?:background|experience|degree) (?:actually |really |still )?(?:helps?|helped|transfers?|translates?)\b|\bwhat (?:from|of) (?:a |an |my |your )?[\w-]+ (?:background|degree|experience) (?:actually |really )?(?:transfers?|translates?|carries over)\b",
            # The exams of a profession: "is the NCLEX really as hard as everyone says?", "how hard was it to pass?"
            r"\b(?:exam|exams|boards|nclex|praxis|licensing test|certification test|bar exam)\b", r"\bpass(?:ing)? (?:the |your |a )?(?:[a-z]+ )?(?:exam|exams|boards|test)\b",
            r"\blook for (?:when|in (?:a|an|new|candidates|applicants|interns|hires))\b", r"\bwhen (?:they|you|employers|managers|principals|firms|schools|hospitals|companies|agencies) (?:hire|are hiring)\b",
            r"\bsection of the (?:exam|test|boards)\b", r"\bexams?\b", r"\bcertifications?\b",
            r"\bskills?\b", r"\bskillset\b", r"\bqualifications?\b", r"\bqualified\b", r"\btraining\b",
            r"\bcertif(?:y|ied|icate|icates|ication|ications)\b", r"\blicen[cs](?:e|ed|ure|ing)\b",
            r"\b(?:courses?|classes|coursework|bootcamp|boot camp)\b", r"\bhiring managers?\b",
            r"\blook(?:ing)? for in (?:a|an)? ?(?:candidate|applicant|hire|new hire|intern|resume|employee)",
            r"\bwhat makes (?:a|an|someone|somebody|people) (?:good|great|successful|strong|effective|excellent)",
            r"\b(?:successful|good|great|strong|effective) (?:candidate|applicant|hire)",
            r"\bexcel\b", r"\bsql\b", r"\bpython\b", r"\btableau\b", r"\bfigma\b", r"\bstatistics\b", r"\bstats\b",
            r"\bcod(?:e|ing)\b", r"\bprogramming\b", r"\bspanish\b", r"\bbilingual\b", r"\bgis\b",
            r"\b(?:cpa|pmp|cfa|bar exam|credentials?)\b", r"\bstand out to you\b", r"\bif you were hiring\b",
            r"\b(?:teach|taught) yourself\b", r"\b(?:teach|taught) you\b(?! (?:about yourself|how to be))",  # what they learned, and how r"\bwhen you hire\b",
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
            r"\bgpa\b", r"\bgrades?\b(?! (?:you|i) teach| levels?\b)(?<!what grade)(?<!what grades)",
            r"\b(?:dpt|bsn|msn|msw|mph|mba|jd|phd|doctorate|master'?s|bachelor'?s|bootcamp|certificate|degree|nursing|law|med|grad) (?:program|degree|school)s?\b.{0,30}"
            r"\b(?:expensive|costly|cost|costs|tuition|affordable|worth|hard|competitive|long|selective)\b",
        ),
        cues(r"(?<!hoping to )(?<!want to )(?<!like to )(?<!love to )\blearn\b(?! (?:more )?about| how people)", r"\bknowledge\b", r"\bexperience\b", r"\bdegree\b", r"\bmajor\b", r"\bwriting\b"),
    ),
    "culture": (
        cues(
            # Facts of the organization itself, and what it does for new people.
            r"\b(?:circulation|readership|endowment|headcount)\b",
            r"\b(?:your|the) (?:clinic|company|organization|firm|agency|hospital|school|district|team|museum|bank|newsroom|startup|lab) "
            r"(?:help|helps|support|supports|train|trains|onboard|onboards|mentor|mentors)\b",
            # Why this employer: "Why did you pick a regional bank over one of the big Wall Street firms?"
            r"\bwhy (?:did|do) you (?:pick|choose|chose|go with|join|want to work (?:at|for)) (?:a |an |the |this |your )?(?:[a-z-]+ ){0,2}"
            r"(?:company|bank|firm|organization|agency|hospital|clinic|museum|startup|school|district|employer|paper|newsroom|nonprofit)\b(?= (?:over|instead|rather))",
            # Liking the place, not the work: "do you like the school you work at?"
            r"\bdo you (?:like|enjoy|love) (?:the|your) (?:school|company|organization|org|team|firm|agency|hospital|clinic|museum|bank|newsroom|office|district|workplace|coworkers|co-workers|boss|manager)\b",
            r"\bthe (?:school|company|place|organization|hospital|clinic|firm|agency) (?:you|that you) work (?:at|for|in)\b",
            r"\b(?:vibe|vibes|atmosphere)\b(?! (?:of|in) (?:the|this) (?:field|industry))",
            r"\b(?:help |helps )?(?:pay|paid|pays) (?:for|toward|towards|half of) (?:your |my |staff'?s? |employees'? |people'?s? )?(?:grad school|school|tuition|conferences?|training|courses?|classes|certifications?|degrees?|continuing education|professional development|a master'?s)\b",
            r"\b(?:does|do|will|would) (?:the|your) (?:museum|company|firm|agency|organization|hospital|school|district|bank|clinic|newsroom|paper|employer|station|nonprofit|lab) (?:help )?(?:pay|cover|reimburse|fund|sponsor)\b",
            r"\b(?:the|your) (?:museum|company|firm|agency|organization|hospital|school|district|bank|clinic|newsroom|paper|employer|station|nonprofit|lab) (?:paid|pays|covered|covers|reimbursed) for\b",
            r"\bdecisions? (?:are |get |gets )?made\b", r"\b(?:big|major|important|key) decisions\b", r"\b(?:collaborative|hierarchical|cutthroat|cut-throat|siloed)\b",
            r"\b(?:kinds?|sorts?|types?) of people (?:tend to |usually )?(?:thrive|do well|succeed|fit)\b", r"\b(?:support|pay for|cover) (?:staff|employees|people|you) (?:going|to go) to\b", r"\bhow does (?:the|your) (?:lab|company|firm|agency|organization|team|museum|office|newsroom|school|hospital|clinic|department) decide\b", r"\bwork for (?:an? |the )?[\w-]+(?: [\w-]+)? instead of\b",
            r"\bthrive (?:at|in) (?:your|the|this)\b", r"\b(?:cover|pay for|reimburse) the cost\b",
            r"\bsupport (?:new|junior|young) (?:teachers|hires|employees|staff|analysts|nurses|engineers)\b",
            r"\breact when\b", r"\bwhen someone makes a mistake\b", r"\bget things done\b",
            r"\bmoved? up (?:that way|there|internally|from within)\b",
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
            r"\bas (?:a|an) (?:company|organization|employer|firm|agency|workplace|business)\b",  # "what does Tallyroot really care about as a company?"
            # Support for growing there: "how does ur studio help junior animators grow"
            r"\bhow (?:does|do) (?:your|the|ur|they) (?:[a-z]+ )?(?:help|support) (?:[a-z]+ ){0,3}?(?:grow|develop|learn|advance|improve)\b",
            # What moves the people around them, not them: "what motivates the people you work with?"
            r"\b(?:motivates|drives|inspires) (?:the |your |most |other )?(?:people|folks|colleagues|coworkers|co-workers|team|staff|everyone|others)\b",
            r"\bdifferent from other (?:places|organizations|companies|employers|firms|agencies|museums)\b", r"\bleadership\b",
            r"\b(?:startup|nonprofit) over\b", r"\bover a (?:bigger|smaller|big|small|large|larger) (?:company|organization|firm|one)\b",
            r"\bdisagreements?\b", r"\bconflicts?\b", r"\bfounded\b", r"\bheadquarter", r"\bhow many people work (?:there|here|at)\b",
            r"\bwhy (?:did you )?(?:pick|choose) (?:a|an) (?:startup|nonprofit|big|small|large|government|public|private)\b",
            r"\b(?:choose|chose|choosing|pick|picked|picking|join|joined|joining) (?:this|your) (?:\w+ )?(?:house|company|organization|firm|agency|museum|hospital|school|studio|practice|office|employer|team|paper|newsroom|clinic|bank|startup|nonprofit)\b",
            r"\b(?:drew|brought|attracted|led|draws|keeps) you (?:to|at) (?:this|your|the) (?:company|organization|org|employer|firm|agency|museum|hospital|school|paper|newsroom|clinic|bank|startup|nonprofit|district|team)\b",
        ),
        cues(r"\b(?:organization|company|employer|firm|agency|org|workplace)\b", r"\bteam\b"),
    ),
    "lifestyle": (
        cues(
            r"\bwork(?:ing)? (?:past|until|till) [a-z0-9:]+ (?:at night|pm)\b",
            r"\btake care of (?:yourself|myself)\b", r"\bself-care\b", r"\bunplug\b", r"\bdecompress\b", r"\brecharge\b", r"\bswitch off\b", r"\bwind down\b", r"\bde-?stress\b", r"\bmental health\b", r"\bburn(?:ing)?[- ]?out\b", r"\b(?:pick|choose|set) (?:your|my|those|the|which) (?:own )?(?:days|hours|schedule|shifts)\b",
            r"\b(?:owns?|takes? over|eats? up|consumes?|runs?) your (?:whole |entire )?life\b", r"\bhave a life\b",
            r"\bwhat (?:does|do) (?:an? |the )?(?:first-year|new|entry-level|starting|beginning|junior) [\w-]+(?: [\w-]+)? (?:make|earn|get paid)\b", r"\btakes? over (?:your|ur|my) (?:whole )?life\b", r"\b(?:unplug|unwind|decompress|switch off|recharge)\b",
            r"\bhow late do you\b", r"\bstay late\b", r"\bpressure to come in\b", r"\bcome in more\b",
            r"\b(?<!credit )hours?\b", r"\bhow (?:many|much) hours\b", r"\bhours? (?:do|did|does|would) (?:you|i|people|they) (?:usually |typically |actually |normally )?(?:work|put in|spend)\b", r"\bwork[- ]?life\b", r"\bbalance\b", r"\b(?:take|bring|taking|bringing|brings|takes) (?:your |the |any )?work home\b",
            r"\bwork home\b", r"\bweekends?\b", r"\bevenings?\b", r"\bnights?\b", r"\bovertime\b", r"\bstress(?:ful|ed|es)?\b",
            r"\bburn(?:ed|t)? ?out\b", r"\bburnout\b", r"\bflexib(?:le|ility)\b", r"\bremote(?:ly)?\b", r"\bwork from home\b",
            r"\bworking from home\b", r"\bhybrid\b", r"\b(?:work|working|be|come|days) in[- ]person\b", r"\bin[- ]person (?:work|days|job)\b", r"\bcommute\b", r"\bon[- ]call\b",
            r"\bvacation\b", r"\btime off\b", r"\bpto\b", r"\bparental leave\b", r"\bsick days\b",
            r"\bpay\b(?! for)", r"\b(?:paid|salary|salaries|compensation|income|wages?|benefits|raise|raises)\b",
            r"\bburning out\b", r"\bburn out\b", r"\bsocial life\b", r"\bmake a year\b", r"\bfinancially\b",
            r"\b(?:make|earn) (?:a ton of|a lot of|tons of|good|decent|enough|much)? ?money\b",
            r"\b(?:earn|make) (?:a living|money|good money|enough)\b", r"\bhow much (?:do|does|did|can|could|will|would) .{0,30}(?:make|earn)\b",
            r"\blifestyle\b", r"\bfamily (?:life|time)\b", r"\bpersonal life\b", r"\bfree time\b", r"\boutside (?:of )?work\b",
            r"\bfor fun\b", r"\bhobbies\b", r"\bbusy season\b", r"\bbusiest (?:time|times|season|part|months?|weeks?)\b", r"\b(?:long|crazy|late) (?:hours|days|nights)\b",
            r"\bsleep\b", r"\bexhaust(?:ed|ing)\b", r"\b(?:9|nine) to (?:5|five)\b", r"\bunplug\b", r"\bdisconnect\b",
            r"\bmental health\b", r"\bdeadlines?\b", r"\bpressure\b", r"\bhave a life\b", r"\btime for yourself\b",
            r"\bpace\b", r"\bschedule\b.{0,20}\bflexib", r"\boff the clock\b", r"\bemails? (?:at night|after)",
            r"\bsummers? off\b", r"\bcost of living\b", r"\b(?:six|five|seven|6|5|7)[- ]figures?\b",
            r"\b(?:fried|drained|wiped out|worn out|run down)\b", r"\blunch breaks?\b", r"\b(?:a|the) (?:typical|usual|salary|pay|starting) range\b",
            r"\bburns? (?:you|people|them|teachers|nurses|folks|everyone|staff) out\b",
            r"\bwhat (?:do|does|would|will) (?:[\w'-]+ ){1,8}?start (?:out )?at\s*[?.!]*$",
            # "What do people starting out at a state agency typically earn?": earning, said last or with when and where.
            r"\bearn(?:s|ing)?\b(?=\s*(?:[?.!,;]|$)|\s+(?:in|at|per|a year|an hour|annually|on average|to start|at first|out of school|coming in|there|around|roughly|about|these days|nowadays)\b)",
            r"\bwhat (?:do|does|did|would|will|could|can) (?:[\w'-]+ ){1,8}?make\s*(?:[?.!]|$)",
        ),
        cues(r"\bschedule\b", r"\bbusy\b", r"\bmoney\b", r"\btired\b", r"\bfamily\b"),
    ),
    "rewards_challenges": (
        cues(
            r"\bgets? you (?:up in the morning|out of bed)\b",
            # "Tell me about a time something went really wrong on a job site."
            r"\b(?:went|goes|go|going) (?:really |badly |totally |horribly )?wrong\b",
            # Getting through the hard part: "How do you handle it when insurance approves four visits?"
            r"\bhow (?:do|did|would) you (?:handle|deal with|cope with|get through|react|respond) (?:it |that )?when\b",
            # What keeps them, what let them down, what they would change: "What keeps you at this job year after year?"
            r"\bwhat keeps you (?:at|in|going|motivated|there|here|doing)\b", r"\b(?:disappointed|disappoints|let you down)\b",
            r"\bchange one thing about (?:your|the|this) (?:job|work|role|field)\b", r"\bsoul[- ]crushing\b",
            # "do you ever get bored doing the same exercises?": what wears on them.
            r"\b(?:get|gets|getting|got|ever) (?:bored|tired of it|sick of it)\b", r"\b(?:boring|tedious|monotonous|repetitive)\b",
            r"\b(?:caught|catch) (?:you|me) off guard\b", r"\btook you by surprise\b", r"\bblindsided\b", r"\b(?:didn't|did not|wasn't|were not|weren't) (?:you )?expect(?:ing)?\b",
            r"\bwears? (?:you|me|people) (?:down|out)\b", r"\bdrains? (?:you|me)\b", r"\btakes? a toll\b", r"\bgets? to you\b",
            r"\btoughest\b", r"\bemotionally (?:hard|draining|tough|heavy)\b|\b(?:hardest|toughest) for you emotionally\b", r"\b(?:most fun|most memorable|favou?rite|best|worst|proudest) (?:story|stories|case|cases|project|projects|assignment|assignments|client|clients|patient|patients)\b",
            r"\bnobody (?:warns|tells|told|warned) you\b", r"\b(?:wanted|want) to quit\b", r"\bhappy (?:that )?you (?:chose|picked|went into)\b",
            r"\bmeans? the most to you\b", r"\bhardest part of (?:moving|being|becoming|going)\b", r"\bregrets?\b",
            r"\brepetitive\b", r"\bdo you miss\b", r"\bmiss (?:public|the|being|working)\b",
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
            r"\bmotivat(?:es|ing)\b(?! (?:the |your |most |other )?(?:people|folks|colleagues|coworkers|co-workers|team|staff|everyone|others)\b)", r"\bhappy (?:in|with|doing)\b", r"\bmistakes?\b", r"\bfailures?\b", r"\bhighlights?\b",
            r"\bget out of bed\b", r"\bimpact you (?:have|make)\b", r"\bstruggle[ds]?\b",
            r"\b(?:ever|almost) (?:quit|leave|left)\b", r"\bwhat (?:is|was) (?:the )?hardest\b", r"\bhardest\b",
            r"\b(?:best|dream) job\b", r"\bmisconceptions?\b", r"\bmyths?\b", r"\bmust love\b", r"\bis hard\b",
            r"\b(?:don't|do not) realize\b", r"\b(?:bother|bothers|bug|bugs|annoy|annoys|drive|drives) you\b", r"\btedious\b", r"\bboring\b",
            r"\bfind (?:most |the most )?(?:tedious|boring|hard|difficult|rewarding|satisfying|frustrating|fun|exciting)\b", r"\b(?:harder|easier|better|worse) than (?:you|i)? ?expected\b", r"\bthan (?:you|i) expected\b",
            r"\blike (?:it )?(?:better|more)\b", r"\bso bad\b", r"\bawful\b",
        ),
        # "like" as liking, not as "what does it look like", "feel like", "something like", "like, ...".
        cues(r"(?<!look )(?<!looks )(?<!looked )(?<!feel )(?<!feels )(?<!sound )(?<!sounds )(?<!seem )(?<!thing )(?<!things )(?<!stuff )(?<!, )(?<!^)\blike\b(?!,| for (?:you|them|someone|people|her|him)\b| (?:is|are|was|were|do|does|did|how|what|when|where|why|which|who|a|an|the|maybe|just|really|actually)\b)", r"\benjoy\b", r"\blove\b", r"\bhard\b", r"\bdifficult\b", r"\btough\b", r"\bworth it\b", r"\bprefer\b", r"\bexpected\b"),
    ),
    "industry": (
        cues(
            r"\b(?:getting|being) (?:bought up|bought out|acquired|absorbed)\b", r"\b(?:consolidation|consolidating|mergers?)\b",
            # The job market: "is it hard to get a job teaching history?" (not how to get hired where they work).
            r"\b(?:hard|difficult|tough|easy|competitive) (?:is it )?to (?:get|find|land) (?:a |an )?(?:[a-z-]+ )?(?:jobs?|positions?|roles?|work)\b(?! (?:at|with|on) your)",
            r"\b(?:major|biggest|main|top) employers\b", r"\bstill hiring\b", r"\b(?:career|job) tracks?\b",
            r"\b(?:jobs|roles|careers|fields) do people (?:with|in) [\w ]{1,30}(?:move|go) into\b", r"\bmove into\b",
            r"\b(?:companies|firms|employers|hospitals|agencies) (?:around here |in \w+ )?hire\b", r"\binfluencers?\b",
            r"\bmake that move\b", r"\b(?:museums|the field|newspapers|hospitals|schools|firms) are going\b",
            r"\bindustry\b", r"\bindustries\b", r"\b(?:the|this|your) (?:field|sector|profession)\b.{0,40}"
            r"\b(?:heading|going|headed|changing|changed|change|growing|grow|evolv|future|shrinking|moving|look like in)",
            r"\bfuture of\b", r"\bthe future\b", r"\btrends?\b", r"\boutlook\b", r"\bjob market\b", r"\bmarket (?:for|is|like)\b",
            r"\b(?:ai|artificial intelligence|automation|chatgpt|machine learning)\b", r"\bnext (?:5|five|10|ten|few|couple of) years\b",
            r"\bin (?:5|five|10|ten|twenty|20) years\b", r"\brelated (?:careers|jobs|fields|roles|paths|positions)\b",
            r"\bother (?:careers|roles|jobs|paths|positions|employers|companies|organizations) (?:in|like|related|that|do|could|can|would|might|are|people)",
            r"\b(?:what else|where else) (?:can|could|would|might) (?:you|i|people|someone) (?:do|go|work)\b", r"\bif (?:\w+ ){1,3}(?:does not|doesn't|did not) work out\b", r"\b(?:can|could|would|might) (?:i|you|someone|people) (?:do|go into) with (?:a|an|this|that|these|those|the|such|my|your)\b",
            r"\bwhat (?:else|other (?:jobs|careers|roles|paths|work)) (?:can|could|do|would|might) (?:you|i|people|someone) (?:do|go into|get|find|move into)\b.{0,30}\bwith (?:a|an|this|that|these|those|the|such|my|your) \w+",
            r"\b(?:employers|companies|organizations|firms|agencies|places) (?:in|that hire|hiring|to look at)\b",
            r"\bdemand (?:for|in)\b", r"\bin demand\b", r"\b(?:how )?competitive (?:is )?(?:the )?(?:field|industry|market|sector)\b",
            r"\bhow competitive\b", r"\bfunding (?:landscape|environment|cuts|climate)\b", r"\bgrowth (?:in|of) (?:the|this)",
            r"\bwhere (?:is|are|do you see) (?:the|this) (?:field|industry|profession|sector|work)\b",
            r"\bchanges? (?:in|to) (?:the|this|your) (?:field|industry|profession|sector)\b",
            r"\b(?:the|this) (?:field|sector|profession) (?:as a whole|overall|in general)\b", r"\bstability\b",
            r"\blayoffs?\b", r"\bjob security\b", r"\bsecure\b", r"\bpolicy\b", r"\bregulations?\b", r"\bevolv(?:e|ed|ing)\b",
            r"\bshifting\b", r"\b(?:field|industry) (?:changed|changing|shifted)\b",
            r"\bwhere do you see\b(?! yourself)", r"\bgo on to\b", r"\bstay current\b", r"\bkeep up with (?:all )?(?:the |what is |what's )?(?:trends?|changes?|news|field|industry|research|developments?|technology|tech|latest|new|changing|happening)\b", r"\b(?:heading|headed)\b", r"\bgoing in the (?:next|future|coming)\b",
            r"\brelated to this\b", r"\bare related\b", r"\bclosely related\b", r"\b(?:careers?|jobs|fields|roles|paths) (?:\w+ ){0,3}related\b",
            r"\bopenings (?:in|for)\b", r"\bshortage\b", r"\bsurplus\b", r"\b(?:will|going to) (?:continue|grow|shrink|survive|disappear|recover|keep growing)\b",
            r"\b(?:dying|dead|declining|decline|booming|saturated)\b", r"\bjobs available\b", r"\bavailable jobs\b",
            r"\b(?:affected|affect|affects|impact|impacted) (?:the )?(?:jobs|hiring|market|field|industry)\b", r"\bhiring as much\b", r"\b(?:has|have) [\w ]{1,30} changed\b", r"\bchanges? (?:have you seen|in)\b",
            r"\bchanging\b", r"\bjob growth\b", r"\bgrowth rate\b", r"\bprojected\b", r"\bbls\b", r"\bbureau of labor\b",
            r"\b(?:organizations|companies|employers|places|firms|agencies) (?:\w+ )?hire\b", r"\bfacing\b", r"\bgrowing\b",
            r"\bthe (?:art|museum|tech|nonprofit|finance|news|publishing|healthcare|non-profit|policy) world\b",
            r"\b(?:other )?career paths (?:people|that|for)\b", r"\bother career paths\b", r"\bcutting\b", r"\bdisappear", r"\bentry[- ]level (?:jobs|market|positions) (?:like|look)",
        ),
        # "The field" is the industry; field data, a field day, field season and being in the field are the work itself.
        cues(r"(?<!in the )\bfield\b(?! (?:data|days?|seasons?|work|trips?|sites?|stations?|technicians?|techs?|crews?|notes|sampling|visits?|runs?|samples?|research|experience|staff|office))", r"\bsector\b", r"\bprofession\b", r"\bfuture\b", r"\bstartups\b", r"\bright now\b", r"\bcompetitive\b",
              r"\b(?:companies|firms|organizations|museums|studios|agencies|places|employers|hospitals|schools|newsrooms) (?:are |still )?hiring\b"),
    ),
    "advice": (
        cues(
            r"\bwish (?:you|you had|you would have|you would|you'd|you'd have) known\b",
            # The mistakes they see others make: what to avoid ("What mistakes do you see new grads make?")
            r"\bmistakes? (?:do |that |which )?you (?:see|notice)\b", r"\bmistakes? (?:you )?see (?:a lot of |many |most )?(?:students|new grads|people|applicants|candidates|juniors|beginners)\b",
            r"\bis it (?:a (?:bad |good |big )?(?:mistake|idea)|smart|wise|dumb|crazy|risky) to\b", r"\bwould it be (?:a (?:bad |big )?mistake|smart|wise|better|crazy|dumb) to\b", r"\b(?:is|was|would) (?:that|this|it) (?:be )?(?:a )?(?:good|bad|smart|wise|dumb|crazy|terrible|reasonable) (?:idea|move|plan|choice|path|call|step)\b", r"\b(?:would|is) (?:that|this) (?:be )?(?:smart|wise|a mistake)\b",
            r"\btips for\b", r"\b(?:start|begin) looking for (?:internships|jobs|a job|an internship)\b", r"\bif you could go back\b",
            r"\bbetter to (?:get|go|start|take|do)\b", r"\bwould you suggest i\b(?! (?:(?:that )?i )?(?:talk|speak|reach|contact|connect|meet|email|chat|get in touch|follow up|network|shadow))", r"\bknowing what you know now\b",
            r"\bwhat would you change about\b", r"\bcareer changer\b",
            r"\b(?:new grads|people|students) (?:end up )?(?:getting|get) hired\b", r"\bhow would i go about\b",
            r"\bgo straight (?:to|into)\b",
            r"\badvice\b", r"\b(?:some|any|your|for) advice\b", r"\btips?\b", r"\bsuggestions?\b", r"\brecommendations?\b(?! (?:for|of) (?:people|someone|anyone))",
            r"\bwhat would you (?:do|have done) differently", r"\bdo (?:anything|things|it) differently\b", r"\bdifferently\b",
            r"\bwish(?:ed)? (?:you|i) (?:had )?(?:known|knew|done|learned|studied|taken)", r"\bwish someone\b",
            r"\bif you (?:were|could|had to) (?:start|starting|begin|do it|go back|redo)", r"\bstart(?:ing)? over\b",
            r"\bin my (?:position|shoes)\b", r"\bsomeone (?:like me|in my|who is|who's|who wants|interested|starting|trying)",
            r"\b(?:students?|people|somebody) (?:who want|interested|hoping|looking|trying|starting|like me)",
            r"\bhow (?:should|can|could|do|would|might) (?:i|someone|a student|students|one|a person|people|you) "
            r"(?:best )?(?:prepare|get (?:into|in|started|a foot|hired|experience|a job)|break|start|stand out|position|become|find|land|make (?:myself|the jump|the switch)|build|gain|go about|approach|pursue|set myself)",
            r"\bfoot in the door\b", r"\bbreak into\b", r"\bget (?:my|a) foot\b",
            # The student asking how to do something, or what the professional would do in their place.
            r"^(?:and |so |but |ok |okay )?how (?:do|can|should|could|would|might) i\b(?! (?:best )?(?:reach out|contact|get in touch|follow up|network|connect|email|message|keep in touch|stay in touch|find (?:people|someone|bankers|mentors)))", r"\bwould you (?:do that|wait|hold off|go for it|do the same)\b",
            r"\bwhat would you do (?:if you were|in my|with|about)\b", r"\bif you were (?:me|in my (?:shoes|position|place))\b", r"\bin my shoes\b",
            r"\b(?:should|would|could) i (?:do|take|study|get|apply|major|focus|learn|try|consider|start|pursue|go|look|join|be|read|work|volunteer|intern|minor|double|avoid)\b",
            r"\bi should (?:just |really |probably )?(?:go|do|take|study|get|apply|major|focus|learn|try|consider|start|pursue)\b", r"\brecommend (?:that )?i\b(?! (?:(?:that )?i )?(?:talk|speak|reach|contact|connect|meet|email|chat|get in touch|follow up|network|shadow))",
            r"\bmistakes? (?:to|should i|i should) avoid\b", r"\bavoid\b", r"\bbest way\b", r"\b(?:hiring|application|recruiting|interview) process\b", r"\bget hired\b",
            r"\bthing you(?:'ve| have)? (?:learned|learnt)\b", r"\bmistakes? (?:that )?(?:new|people|students|interns|beginners|newcomers)\b",
            r"\bwhat (?:should|would|could|can) (?:i|a student|students|someone|one) (?:do|focus|be doing|work on|read)\b",
            r"\bwhat steps\b", r"\bnext steps?\b", r"\bwhat can i do\b", r"\bbest way to\b", r"\byounger self\b",
            r"\bresources?\b", r"\bbooks?\b", r"\bpodcasts?\b", r"\bnewsletters?\b", r"\bwebsites?\b", r"\bblogs?\b",
            r"\b(?:professional )?(?:associations?|conferences?)\b", r"\bstand out\b", r"\bmake myself\b",
            r"\blessons?\b", r"\bregrets?\b", r"\bwhat do you wish\b", r"\bif you could go back\b",
            r"\b(?:as a|i am a) (?:student|junior|senior|sophomore|freshman|first-year|new grad)\b.{0,60}\b(?:should|how|what)",
            r"\b(?:one|1) thing (?:you|i)\b", r"\bhow to prepare\b", r"\bprepare (?:for|myself)\b", r"\bapplying\b",
            # "Is there anything I should be doing this year to get ready?"
            r"\bget ready\b", r"\b(?:should|could|can) i (?:be )?(?:doing|do|working on|focusing on) (?:now|this year|this summer|right now|while|to|before|in the meantime)\b",
            r"\bapply(?: to| for)? (?:jobs|internships|positions|roles|grad school|programs)\b",
            r"\bcover letters?\b", r"\binterview(?:s|ing)? (?:process|tips|prep)\b", r"\bwhat would you tell\b", r"\bmy (?:situation|position)\b",
        ),
        cues(r"\bshould i\b", r"\bwhat would you\b", r"\brecommend\b(?! (?:(?:that )?i )?(?:talk|speak|reach|contact|connect|meet|email|chat|get in touch|follow up|network|shadow))", r"\bsuggest\b(?! (?:(?:that )?i )?(?:talk|speak|reach|contact|connect|meet|email|chat|get in touch|follow up|network|shadow))", r"\bresume\b"),
    ),
    "network": (
        cues(
            r"\bwho (?:else )?should i (?:hit up|reach out to|contact|email|message|connect with)\b", r"\bhit (?:them |him |her )?up\b",
            r"\breach(?:ing)? out (?:to you )?again\b", r"\b(?:other|more) people\b.{0,40}\b(?:i could|i should|to) talk to\b", r"\bopen to (?:talking|speaking|chatting|meeting) with me\b",
            r"\btag along\b", r"\bintroducing me\b", r"\bobserve (?:a|your|one of)\b",
            r"\blet me (?:observe|shadow|sit in)\b", r"\bsit in on\b",
            r"\b(?:sharing|share|send me|pass along) (?:his|her|their) (?:email|contact|info|name)\b",
            r"\bgood to (?:chat|talk|speak) (?:with|to)\b", r"\bstay in touch\b", r"\bfollowed up over\b",
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
            r"\brefer me to (?:someone|somebody|people|a person|anyone)\b", r"\bwho else\b", r"\banyone else\b", r"\bsomeone else\b", r"\bpass (?:along )?my (?:name|info|email)",
            r"\bmeet (?:other|more) (?:people|professionals)\b", r"\bprofessional (?:groups|organizations|associations) (?:i could|to) join\b",
        ),
        cues(r"\brecruiter\b"),
    ),
}


_INDEX: dict[str, int] = {t: n for n, t in enumerate(TOPICS)}  # a topic's place in the cue counts
# When two topics score the same, the more specific one wins ("the best way to stay in
# touch" is about the network, not advice).
_TOPIC_PRIORITY = ("network", "lifestyle", "skills", "advice", "culture", "industry", "rewards_challenges",
                   "career_path", "day_to_day")


_WHAT_IS_IT_LIKE = re.compile(
    r"^((?:what|how) (?:is|are|was|were|would be|will be|has been)\b.*?) like(?: for (?:you|them|her|him|people|someone)| there| now| these days| day to day)?"
    # "what's the 401k match like at your bank?": where, after the "like", is still what is described
    r"((?: (?:at|in|on|around|with) (?:the |your |a |an )?[a-z0-9' -]{1,40})?)\s*[?.!]*$"
)


def strongly_about(clause: str, topic: str) -> bool:
    """Whether one of the topic's strong cues names it ("how did you get into...": career_path)."""
    return bool(TOPIC_CUES[topic][0].findall(_WHAT_IS_IT_LIKE.sub(r"\1\2", clause)))


_CONDITION = re.compile(r"^(?:[a-z' ]{1,20}, )?(?P<condition>(?:if|when|once|since|after|before|while|now that|as long as) [^,]{3,120}), (?:like [^,]{1,40}, )?(?P<main>.+)$")
CONDITION_WEIGHT = 0.5

def clause_topic(clause: str) -> str | None:
    """The topic a single question's words name: its cues (`cue_topic`), the words students use for each topic.

    The analyzer also reads each question with the topic model (`practice.questions.model`), which
    names the topic of one no cue names ("has a field day ever just fallen apart on you?") and may
    overrule a cue; this is the words' own reading, which the persona ranks its passages on.
    """
    return cue_topic(clause)


def cue_counts(clause: str) -> tuple[int, ...]:
    """How many strong and how many weak cues of each topic the clause holds (strong, weak, in TOPICS order)."""
    return _counts(_WHAT_IS_IT_LIKE.sub(r"\1\2", clause))


@lru_cache(maxsize=2048)  # the cue topic and the topic model both count a clause's cues
def _counts(text: str) -> tuple[int, ...]:
    return tuple(len(pattern.findall(text)) for topic in TOPICS for pattern in TOPIC_CUES[topic])


@lru_cache(maxsize=1024)  # a turn asks for a question's cue topic more than once (the analyzer, then the plan)
def cue_topic(clause: str) -> str | None:
    """The topic a question's cue words name: most cues wins, strong cues count double (remembered per clause)."""
    # "What is your tech stack like?": that "like" asks for a description, not what they like.
    clause = _WHAT_IS_IT_LIKE.sub(r"\1\2", clause)
    # "if I moved up to credit officer, is the money decent?": the condition sets the scene, the main
    # clause asks; the condition's cues count half.
    leading = _CONDITION.match(clause)
    parts = ((leading["main"], 1.0), (leading["condition"], CONDITION_WEIGHT)) if leading else ((clause, 1.0),)
    counted = [(_counts(part), w) for part, w in parts]
    best, best_score = None, 0.0
    for topic in _TOPIC_PRIORITY:
        n = 2 * _INDEX[topic]
        score = sum(w * (2 * found[n] + found[n + 1]) for found, w in counted)
        if score > best_score:
            best, best_score = topic, score
    return best


def topics_of(question_clauses: list[str], whole: str) -> list[str]:
    """One topic per question; several questions may carry several topics (in TOPICS order)."""
    found = {t for t in map(clause_topic, question_clauses) if t}
    if not found:
        # The subject may sit in a preamble: "My sister is a nurse and never sleeps. Is that normal?"
        topic = clause_topic(whole)
        found = {topic} if topic else set()
    return [t for t in TOPICS if t in found]



@cache
def cue_vocabulary(topic: str) -> frozenset[str]:
    """The words a topic's cues are made of ("hours", "week", "typical"), as written in the cues."""
    strong, weak = TOPIC_CUES[topic]
    words: set[str] = set()
    for pattern in (strong, weak):
        words.update(re.findall(r"[a-z]{3,}", re.sub(r"\\[a-zA-Z]", " ", pattern.pattern)))
    return frozenset(words)


def clear_cache() -> None:
    """Forget the remembered cue counts and cue topics (benchmarks measure from cold)."""
    cue_topic.cache_clear()
    _counts.cache_clear()
