"""Finding the trafficking cases told in prose, several to a paragraph, and their sentences.

A case (``cases_gold/GUIDE.md``) is one specific incident of human trafficking or a closely
related exploitation that the text reports with a concrete particular (counted or named
victims or perpetrators, a nationality, a place, a date) and an event (a rescue, a raid, an
arrest, an investigation, charges, a trial, a sentence...).

A case opens with a sentence that singles out an incident: it has particulars enough (a
month or a day, a counted person, a nationality, a place; see ``_particular``) and is not
one of what the guide rules out: statistics ("police opened 45 investigations during the
reporting period"), the law ("a person convicted of trafficking can be sentenced to ..."),
questions of a questionnaire, negations ("has not been asked to extradite a trafficking
suspect"), programmes and trainings. It runs on over the sentences that continue it ("The
victims were promised jobs ...", "Three victims of this trafficking incident were
repatriated") until one that opens another case or leaves it. The whole group, not only
its first sentence, must then speak of human trafficking or exploitation and of an event:
cables often open a case plainly ("In January 2005, authorities arrested two women running
a sham employment agency.") and say what it was in the next sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from .dates import MONTH_PATTERN
from .gazetteer import gazetteer
from .sentences import Sentence, split_sentences
from .tellings import names_in
from .text import NUMBER, fold

# How far a case runs on past its first sentence, at most.
MAX_CONTINUATION = 5


@dataclass(frozen=True)
class Incident:
    """One case found in a paragraph: ``text[start:end]`` tells it."""

    start: int
    end: int
    confidence: float


def _words(*alternatives: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")", flags)


# Human trafficking and the exploitation the guide counts with it. "Trafficking" next to
# goods ("drug trafficking", "trafficking 1 kg of heroin") is checked separately.
_TRAFFICKING = _words(
    r"traffick\w*",
    r"prostitut\w*",
    r"brothels?\b",
    r"pimp\w*",
    r"sex(?:ual(?:ly)?)?\s+exploit\w*",
    r"sex\s+(?:trade|work\w*|slave\w*|tourism|tourists?|industry)",
    r"commercial\s+sex",
    r"forced\s+(?:labou?r|prostitution|begging|marriage|to\s+(?:work|marry|beg|prostitute))",
    r"forced\s+into\s+(?:a\s+)?(?:marriage|prostitution|labou?r|begging|servitude)",
    r"forcing\s+(?:\w+\s+){0,4}into\s+(?:prostitution|labou?r|begging|marriage)",
    r"coerc\w+\s+(?:\w+\s+){0,3}into\s+prostitution",
    r"(?:labou?r|child|sexual)\s+exploitation",
    # "exploitation" alone is as often of a site, a market or a resource
    r"exploit(?:ed|ing|ation)\s+(?:of\s+)?(?:\w+\s+){0,2}?(?:wom[ae]n|girls?|children|minors?|"
    r"workers?|victims?|them|her|him|labou?rers?|employees?|migrants?|people|persons?)\b",
    r"servitude",
    r"slave(?:ry|s)?\b",
    r"slave-like",
    r"enslav\w*",
    r"debt\s+bondage",
    r"bonded\s+labou?r",
    r"organs?\s+(?:harvest\w*|remov\w*|trad\w*|sale)",
    # A sham marriage for papers is fraud; one for exploitation says so in other words.
    r"(?:under-?age|child|forced|temporary|summer|short-term)\s+(?:marriages?|brides?)",
    r"marri\w+\s+(?:of\s+)?(?:[\w-]+\s+){0,4}?(?:under-?age\s+(?:girls|minors|children)|"
    r"(?:girls|minors|children)\s+(?:under|below|aged))",
    r"child\s+(?:pornograph\w*|sex\w*|labou?r|soldiers?|abuse)",
    r"pornograph\w*",
    r"pandering|procuring",
    r"sold\s+(?:her|him|them|their|his)\b",
    r"(?:sale|selling)\s+of\s+(?:children|babies|infants|a\s+baby|women)",
)
# Every match of _TRAFFICKING holds one of these: most paragraphs hold none, and a
# substring test is many times cheaper than the pattern (450 of 2,500 ms on the corpus).
_TRAFFICKING_STEMS = (
    "traffick",
    "prostitut",
    "brothel",
    "pimp",
    "exploit",
    "sex",
    "forced",
    "forcing",
    "coerc",
    "servitude",
    "slave",
    "enslav",
    "bondage",
    "organ",
    "marri",
    "bride",
    "child",
    "pornograph",
    "pandering",
    "procuring",
    "sold",
    "sale",
    "selling",
)


# "TIP" is trafficking in persons only in capitals: "the tip of the iceberg" is not.
_TIP = re.compile(r"\bTIP\b")


def mentions_trafficking(text: str) -> bool:
    """Whether ``text`` holds a word of human trafficking or exploitation."""
    if "TIP" in text and _TIP.search(text):
        return True
    lowered = text.lower()
    if not any(stem in lowered for stem in _TRAFFICKING_STEMS):
        return False
    return bool(_TRAFFICKING.search(lowered))


def _trafficking_words(text: str, lowered: str) -> int:
    return len(_TRAFFICKING.findall(lowered)) + len(_TIP.findall(text))


# Words of exploitation too weak alone: they count in a paragraph about trafficking.
_EXPLOITATION = _words(
    r"sex\b",
    r"sexual\w*",
    r"(?:passports?|documents)\s+(?:were\s+|was\s+|had\s+been\s+)?(?:confiscated|seized|taken|withheld)",
    r"unpaid|without\s+pay|wages",
    r"dancers?",
    r"massage\s+parlou?rs?|spas?\b",
    r"nightclubs?|night\s+clubs?|cabarets?|strip\w*",
    r"kidnapp\w*|abduct\w*",
    r"lured|deceived|tricked|false\s+promises?|promised\s+(?:\w+\s+){0,2}(?:jobs?|work|employment)",
    r"employment\s+agenc\w+",
    r"street\s+children",
    r"minors?\b|under-?age",
    r"domestic\s+(?:workers?|servants?|helpers?)|housemaids?",
    r"exploit(?:ed|ing|ation)\b",
)
_GOODS_BEFORE = re.compile(
    r"\b(?:drugs?|narcotics?|cocaine|heroin|opium|marijuana|cannabis|arms|weapons?|guns?|"
    r"wildlife|ivory|cigarettes?|fuel|antiquities|timber|contraband|goods|counterfeit\w*|"
    r"nuclear|missiles?|materials?|diamonds?|gems?|gold|minerals?|oil|gas|ephedrine|"
    r"precursors?|chemicals?|cars?|vehicles?|animals?)[- ](?:(?:and|or|,)\s*\w+[- ])?$",
    re.IGNORECASE,
)
_GOODS_AFTER = re.compile(
    r"^\w*\s+(?:in\s+|of\s+)?(?:[\d.,]+\s*(?:kg|kilos?|kilograms?|tons?|grams?)\s+(?:of\s+)?)?"
    r"(?:drugs|narcotics|cocaine|heroin|opium|arms|weapons|marijuana|hashish)\b",
    re.IGNORECASE,
)
# Crimes of another kind: a sentence about them is not about trafficking in persons.
_OTHER_CRIME = _words(
    r"cocaine|heroin|narcotics?|drugs?\b|marijuana|hashish|ephedrine|methamphetamine",
    r"defam\w+|libel|slander",
    r"terroris\w+",
    r"money\s+laundering",
    r"weapons|arms\s+(?:dealer|traffick|smuggl)",
)
# The exploitation itself, beyond the word "trafficking" (which some laws give to smuggling).
_SPECIFIC_EXPLOITATION = _words(
    r"prostitut\w*|brothels?|pimp\w*|sex(?:ual(?:ly)?)?\s+exploit\w*|commercial\s+sex|"
    r"forced\s+(?:labou?r|prostitution|begging|marriage)|servitude|slave\w*|enslav\w*|"
    r"debt\s+bondage|exploit(?:ed|ing|ation)|organs?\s+(?:harvest|remov)\w*|forced\s+to\s+work",
)
_SMUGGLED_MIGRANTS = _words(r"smuggled\s+(?:\w+\s+){0,3}(?:into|across|to)", r"migrants?\b")
_MIGRANT_SMUGGLING = _words(
    r"(?:alien|migrant|human|people)\s+smuggl\w*",
    r"smuggl\w+\s+(?:of\s+)?(?:migrants|aliens|people|persons)",
    r"illegal\s+(?:travel|entry|immigration|migrants?|border\s+crossing)",
    r"look-?alike\s+passports?",
)

_EVENT = _words(
    r"arrest(?:ed|s)?\b",
    r"re-?arrested",
    r"detain(?:ed|s)?\b",
    r"apprehend\w*",
    r"captured\b",
    r"intercept\w*",
    r"stopped\s+(?:a|an|the)\s+(?:\w+\s+)?(?:bus|car|van|truck|minibus|vehicle|boat|vessel|group|train)",
    r"rescu(?:ed|es)\b",
    r"freed\b",
    r"liberat\w*",
    r"raid(?:ed|s)?\b",
    r"convict(?:ed|s)?\b",
    r"conviction\b",
    r"sentenc(?:ed|es)\b",
    r"jailed|imprisoned",
    r"charg(?:ed|es)\b",
    r"indict\w*",
    r"prosecut(?:ed|es|ing)\b",
    r"(?:criminal\s+)?proceedings\s+against",
    r"trial\b",
    r"tried\b",
    r"acquit\w*",
    r"investigat\w*",
    r"questioned\b",
    r"(?:opened|launched|initiated|filed)\s+(?:a\s+)?(?:criminal\s+)?(?:case|complaint|proceedings)",
    r"complain\w*",
    r"accused\b",
    r"denounced",
    r"identified\b",
    r"repatriat\w*",
    r"deport\w*",
    r"escaped|fled\b",
    r"sheltered|approached\s+the\s+shelter",
    r"uncovered|discovered|dismantled|broke\s+up|busted",
    r"fined\b",
    r"extradit\w*",
    r"summoned",
    r"referred\s+(?:\w+\s+){0,4}to",
    r"interviewed\s+by",
    r"granted\s+(?:a\s+)?(?:temporary\s+)?(?:residence|refugee|asylum|T-?visa|visa|status)",
    r"T-?visa",
    r"reported\s+to\s+(?:the\s+)?police",
    r"police\s+(?:report|complaint)",
    r"removed\s+(?:the|her|him|them)\b",
    r"(?:a|the|one|another|separate)\s+(?:criminal\s+|trafficking\s+|recent\s+|\w+\s+)?case\s+"
    r"(?:involving|of|against|in\s+which|where|concern\w*|involved|mentioned)",
    r"(?:an?|the)\s+(?:ongoing|pending|current|open)\s+(?:\w+\s+)?"
    r"(?:case|investigation|prosecution|trial)",
    r"revelation",
    r"court\s+(?:ruled|found|ordered|began|heard|awarded)",
)

_PERSON_NOUNS = (
    r"wom[ae]n|girls?|m[ae]n|boys?|child(?:ren)?|minors?|victims?|nationals?|citizens?|"
    r"persons?|people|individuals?|workers?|labou?rers?|suspects?|traffickers?|pimps?|"
    r"defendants?|officials?|officers?|policem[ae]n|registrars?|registers?|dancers?|"
    r"prostitutes?|fishermen|maids?|housemaids?|domestics?|employees?|teenagers?|"
    r"adolescents?|students?|migrants?|refugees?|foreigners?|brothers?|sisters?|daughters?|"
    r"sons?|mothers?|fathers?|husbands?|wives|wife|couples?|owners?|businessm[ae]n|"
    r"auditors?|judges?|doctors?|nurses?|ranch-?hands?|farmworkers?|accomplices?|"
    r"recruiters?|madams?|teachers?|soldiers?|guards?|applicants?|infants?|bab(?:y|ies)|"
    r"infant|employers?|co-defendants?"
)
# "two Chilean nationals", "nine Argentine women", "a Thai woman", "a 27-year old
# Belarusian woman", "a suspect", "26 child traffickers".
_NOT_AN_ADJECTIVE = (
    r"(?:for|of|to|in|on|with|from|by|at|and|or|who|that|which|the|was|were|is|are|has|have|"
    r"had|be|been|as|than|its|their|his|her)"
)
_COUNTED_PERSON = re.compile(
    rf"\b(?P<count>{NUMBER}|an?|one|another|both|a\s+second|a\s+third)\s+"
    rf"(?:(?!{_NOT_AN_ADJECTIVE}\b)[\w'’-]+\s+){{0,3}}?"
    rf"(?:{_PERSON_NOUNS})\b",
    re.IGNORECASE,
)
# "at a Manama hotel", "a massage parlor": a place of its own, as the guide counts one.
_ESTABLISHMENT = _words(
    r"(?:at|in|to|from|of|owned)\s+(?:an?|the)\s+(?:[\w'’-]+\s+){0,2}?(?:hotels?|brothels?|bars?|"
    r"nightclubs?|night\s+clubs?|restaurants?|factor(?:y|ies)|farms?|ranch|ships?|vessels?|"
    r"boats?|spas?|massage\s+parlou?rs?|apartments?|circus|saunas?|karaoke|cabarets?|"
    r"plantations?|mines?|quarr(?:y|ies)|kilns?|workshops?|sweatshops?)\b",
)
# "a court in Dakheleya Governorate": a region of its own, known or not to the gazetteer.
_NAMED_REGION = re.compile(
    r"\b(?:in|of|from)\s+(?:the\s+)?[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+"
    r"(?:Governorate|Province|Oblast|Region|District|Prefecture|State|County|Department)\b"
)
# "two Bahrainis and an Iraqi": a nationality counted as people.
_COUNTED_WORD = re.compile(rf"\b(?:{NUMBER}|an?|one)\s+(?P<word>[A-Z][a-z]+)\b", re.IGNORECASE)
_MONTH_DATE = re.compile(
    rf"\b(?:{MONTH_PATTERN})(?:\s+\d{{1,2}}(?:st|nd|rd|th)?\b|,?\s+(?:19|20)\d{{2}}\b)"
    rf"|\b(?:in|on|since|during|by|until|from|early|mid-?|late|last|this)\s+"
    rf"(?:early\s+|mid-?\s*|late\s+)?(?:{MONTH_PATTERN})\b",
    re.IGNORECASE,
)
_RELATIVE_DATE = _words(
    r"(?:two|three|four|five|several|a\s+few)\s+(?:days|weeks|months)\s+(?:later|earlier|ago)",
    r"the\s+following\s+(?:day|week|month)",
    r"last\s+(?:week|month)",
    r"earlier\s+this\s+(?:week|month)",
    r"(?:this|last)\s+(?:spring|summer|autumn|fall|winter)",
    r"recent(?:ly)?\b",
)
# "a 16-year old girl", "aged 14": the age of someone in particular.
_AGE = re.compile(
    r"\b\d{1,2}[- ]years?[- ]olds?\b|\baged\s+\d{1,2}\b|"
    r"\bin\s+(?:his|her)\s+(?:teens|twenties|thirties)",
    re.I,
)
_YEAR_DATE = re.compile(r"\b(?:in|since|during)\s+(?:early\s+|late\s+|mid-)?(?:19|20)\d{2}\b", re.I)
_CAPITAL_WORDS = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\b")

# The marks of a case told as an example, or as one of several.
_CASE_MARKER = _words(
    r"in\s+(?:one|another|a\s+separate|a\s+second|a\s+similar|a\s+related|the\s+first)\s+"
    r"(?:\w+\s+){0,2}(?:case|incident|instance|investigation|example)",
    r"(?:a|one)\s+(?:separate|second|similar)\s+case",
    r"for\s+(?:example|instance)",
    r"one\s+(?:such|recent)\s+case",
    r"(?<!in\s)the\s+case\s+(?:of|involving|against)",
    r"the\s+[A-Z]\w+\s+case\b",
    r"an?\s+(?:high-profile|well-publicized|notable|recent|major)\s+(?:\w+\s+){0,3}"
    r"(?:case|trial|investigation)",
    flags=0,
)

# A sentence that says it tells a case of its own: "In another case, ...", "Two days later,
# Ncogo was arrested again ... in a separate case."
_ANOTHER_CASE = _words(
    r"in\s+(?:one|another|a\s+separate|a\s+second|a\s+similar|a\s+related|a\s+different)\s+"
    r"(?:\w+\s+){0,2}(?:case|incident|instance)",
    r"in\s+a\s+separate\s+(?:case|incident|investigation)",
)

# Statistics, not an incident: counted proceedings, periods, totals.
_PROCEEDING_NOUNS = (
    r"(?:investigations?|prosecutions?|convictions?|cases|raids|arrests|operations|"
    r"inspections|complaints|indictments|trials|sentences|proceedings|reports|calls|"
    r"interventions|rescues|deportations|repatriations|officials|inspectors|officers)"
)
_COUNTED_PROCEEDINGS = re.compile(
    rf"\b(?:{NUMBER}|several|numerous|many|dozens\s+of|hundreds\s+of|a\s+total\s+of\s+\d+)\s+"
    # the words between qualify the proceedings ("45 trafficking investigations"); a person
    # or a verb among them makes another phrase ("two underage victims filed complaints")
    rf"(?:(?!(?:{_PERSON_NOUNS})\b)(?![\w'’-]+ed\s)[\w'’-]+\s+){{0,2}}?{_PROCEEDING_NOUNS}\b",
    re.IGNORECASE,
)
_AGGREGATE = _words(
    r"during\s+the\s+(?:reporting\s+period|year|past\s+year|last\s+year|period)",
    r"(?:in|over|during)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:years?|months)",
    r"(?:per|a|each)\s+year\b",
    r"last\s+year\b",
    r"annually",
    r"statistic\w*",
    r"a\s+total\s+of",
    r"percent|per\s+cent",
    r"compared\s+(?:to|with)",
    r"up\s+from|down\s+from",
    r"ranging\s+from",
    r"on\s+average",
    r"since\s+(?:starting|its|the\s+beginning)",
    r"(?:trafficking\s+)?cases\s+(?:were|are|have\s+been)\s+(?:prosecuted|tried|investigated|handled)",
)
# Thousands are statistics ("freed over 29,000 laborers since 1993"); a case's victims are
# counted in tens or hundreds.
_LARGE_COUNT = re.compile(
    r"\b(?:\d{1,3}(?:,\d{3})+|[1-9]\d{3,}(?<!\b(?:19|20)\d\d))\s+(?:[\w-]+\s+){0,2}?"
    rf"(?:{_PERSON_NOUNS}|{_PROCEEDING_NOUNS})\b",
    re.IGNORECASE,
)

# Not an incident at all.
_QUESTION = re.compile(
    r"^(?:\(?[A-Z0-9]{1,2}[.)]\s+|Question\s+\d+\s*\w?\s*:\s*)?(?:If|Does|Do|Is|Are|Has|Have|What|"
    r"How|Which|Please|Did|Were|Was)\b"
)
# The annual report and its tiers: what a cable says of them is policy, not an incident.
_REPORT_TALK = re.compile(
    r"\b(?:TIP|Trafficking\s+in\s+Persons)\s+[Rr]eport\b|\bTier\s+(?:[123]|One|Two|Three)\b|"
    r"\bWatch\s+List\b"
)
_NEGATED_EVENT = re.compile(
    r"\b(?:not|no|never|nor|neither|none|without)\s+(?:\w+\s+){0,4}?"
    r"(?:been\s+)?(?:asked|arrest\w*|convict\w*|prosecut\w*|investigat\w*|charg\w*|"
    r"identif\w*|reported|cases?|evidence|victims?|suspects?|traffickers?|sentenc\w*|have)\b",
    re.IGNORECASE,
)
_HYPOTHETICAL = re.compile(
    r"\b(?:can|could|may|might|would|will|should|must|shall)\s+(?:not\s+)?(?:also\s+)?(?:simply\s+)?"
    r"(?:be\s+)?(?:\w+\s+)?(?:sentenc|convict|prosecut|investigat|arrest|charg|deport|punish|"
    r"tr(?:y|ied)|fac)\w*",
    re.IGNORECASE,
)
_GENERIC_PERSON = _words(
    # tried for what was said of it, not for it: "sentenced ... for defaming ... in an
    # article alleging their involvement in a prostitution ring"
    r"for\s+(?:defam|libel|slander|insult)\w*",
    # a portrait, not an incident: "Farhat is an inspirational woman who ..."
    r"^[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+is\s+an?\s+(?:\w+\s+){0,3}(?:woman|man|girl|activist|"
    r"advocate|lawyer|journalist)\b",
    r"\w+s\s+(?:who|that)\s+(?:are|were)\s+(?:convicted|found|caught)",
    r"(?:is|are)\s+(?:\w+\s+)?(?:fined|punished|punishable|liable)\b",
    r"(?:a|any|each|every)\s+(?:corporate\s+)?(?:person|one|individual|offender|trafficker)\s+"
    r"(?:who|convicted|found|that)",
    r"anyone|whoever|those\s+who|persons\s+(?:who|convicted)",
    r"in\s+the\s+case\s+of\s+(?:a|an|adult|minor|child|foreign)",
)
_PROGRAMME = _words(
    r"train(?:ing|ed)\b",
    r"meetings?\b|met\s+with",
    r"launch\w*|establish\w*|formed\b|set\s+up|drafted|action\s+plan|enacted|adopted",
    r"efforts?\b|partnership|cooperation",
    r"(?:law|decree|legislation|regulation|bill|amendment)\s+(?:requiring|prohibiting|that|"
    r"which|criminali[sz]\w+|to\s+)",
    r"workshops?",
    r"seminars?",
    r"conferences?",
    r"campaigns?",
    r"outreach",
    r"hotlines?",
    r"participated|attended",
    r"funding|funded|budget",
    r"dedicated\s+to",
    r"recommendations?",
    r"manual\b",
    r"memorandum|agreement",
)
# Hearsay and hypotheses: a case all the same, but less certain.
_HEDGE = _words(
    r"allegedly|alleged|reportedly|rumou?r\w*|possib\w+|may\s+have|might\s+have",
    r"believed\s+to|unconfirmed|unverified|suspected\s+of",
)
# The embassy's own business: a sentence whose subject is the embassy's people ("On April
# 16, ADCM and Poloffs met with ...", "The Embassy presented a film"), not one that quotes
# what someone told them ("NGO Rahab told Poloff that in December 2004 ...").
_OWN_BUSINESS = re.compile(
    r"^(?:\(\w+\)\s*)?(?:(?:On|In|During|At)\s+[^,]{3,40},?\s+)?(?:the\s+)?"
    r"(?:Ambassador|Embassy|Emb(?:assy\s+)?offs?|Pol(?:itical\s+)?offs?|PolOffs?|Econoffs?|"
    r"A?DCM|CDA|Charg[eé]|Consul\s+General|Mission|Department|Secretary|USG|Post|we|We)\b"
    r"(?:\s+(?:and|,)\s+\w+)*(?!\s+(?:was|were)\s+(?:told|informed|contacted))",
)
# The events that programme words do not rule out: "a 16-year old girl was the first
# caller to the hotline to complain that she had been forced into a marriage".
_STRONG_EVENT = _words(
    r"arrest(?:ed)?\b|detained|convicted|sentenced|charged|indicted|rescued|freed|raided",
    r"complain\w*|escaped|fled\b|acquitted|accused",
)
# Continuing the case before: it refers back to what the case named, or goes on with its
# story in time.
_REFERS_BACK = _words(
    r"(?:the|this|that|these|those|both|all|such)\s+(?:\w+\s+){0,2}(?:case|incident|suspects?|"
    r"defendants?|victims?|wom[ae]n|girls?|m[ae]n|boys?|children|minors?|traffickers?|"
    r"accused|court|judge|prosecutors?|couple|owner|employer|registrars?|ring|group|network|"
    r"brothel|agency|trial|investigation|individuals|persons|people|daughter|mother|son|"
    r"husband|wife|family|two|three|four|five|six|seven|eight|nine|ten|others)\b",
    r"(?:he|she|they|his|her|their|them|him|it)\b",
    rf"(?:the|these|those|both)\s+(?:[\w-]+\s+)?(?:{_PERSON_NOUNS})\b",
    r"(?:later|subsequently|afterwards|eventually|then|meanwhile|in\s+addition|also)\b",
    r"(?:police|authorities|prosecutors|investigators|officials)\s+(?:later|then|subsequently|"
    r"also|eventually)",
    r"(?:two|three|four|five|several|a\s+few)\s+(?:days|weeks|months)\s+later",
    r"after\s+(?:an?\s+|the\s+|their\s+|his\s+|her\s+)?(?:initial\s+)?(?:investigation|trial|"
    r"arrest|raid|interview|release|rescue|escape|return|arrival)",
    r"(?:once|upon)\s+(?:in|arrival|arriving)",
    r"(?:according\s+to|in)\s+(?:the\s+)?(?:documentation|documents|file|indictment|verdict|"
    r"ruling|judgment|court\s+records?)\b",
)
_NEW_TOPIC = _words(
    r"(?:the\s+)?(?:government|ministry|GO[A-Z]{1,3}|law|legislation|NGOs?|IOM|UNICEF)\b",
    r"the\s+(?:new\s+)?(?:law|government|national|federal)\b",
    r"(?:other|additional|further)\s+(?:cases|investigations)",
    r"(?:comment|note)\s*:",
)


@lru_cache(maxsize=8192)
def _nationality_or_country(word: str) -> bool:
    key = fold(word)
    return any(
        entry.kind in ("demonym", "country") and entry.country for entry in gazetteer().lookup(key)
    )


@lru_cache(maxsize=8192)
def _settlement(word: str) -> bool:
    key = fold(word)
    return any(entry.kind in ("city", "region") for entry in gazetteer().lookup(key))


# "Trafficking" says of what only with words around it: "human trafficking", "trafficking
# in persons", "trafficked women"; "five traffickers" alone may deal in drugs.
_PERSONS_TRAFFICKED = re.compile(
    r"(?:human|child|children|sex|sexual|labou?r|persons?|people|women|girls|minors?)[- ]"
    r"(?:\w+[- ]){0,1}$|^\w*\s+(?:in\s+(?:persons|human|people|women|children|minors)|"
    r"(?:of\s+)?(?:(?:\d+|\w+)\s+)?(?:\w+\s+)?(?:women|girls|children|minors|people|persons|"
    r"victims|men|boys|workers|nationals))\b|^victims?\b",
    re.IGNORECASE,
)


def _human_trafficking(text: str, lowered: str) -> tuple[bool, bool, bool]:
    """(a word of human trafficking, a word of trafficking in goods only, a word that can
    only be of people). ``lowered`` is ``text`` in lower case."""
    human = bool(_TIP.search(text)) if "TIP" in text else False
    goods = False
    strong = False
    text = lowered
    for match in _TRAFFICKING.finditer(text):
        word = match.group(0).lower()
        if word.startswith("traffick"):
            before = text[max(0, match.start() - 30) : match.start()]
            after = text[match.start() : match.start() + 50]
            if _GOODS_BEFORE.search(before) or _GOODS_AFTER.match(after):
                goods = True
                continue
            if _PERSONS_TRAFFICKED.search(before) or _PERSONS_TRAFFICKED.match(after):
                strong = True
            if after.lower().startswith(("trafficking victim", "trafficked ")):
                strong = True
        else:
            strong = True
        human = True
    return human, goods and not human, strong


def _particular(text: str, lowered: str) -> tuple[float, bool]:
    """How concretely the sentence identifies an incident (0 = not at all), and whether it
    dates it by month or day."""
    weight = 0.0
    dated = bool(_MONTH_DATE.search(lowered))
    if dated:
        weight += 1.0
    elif _RELATIVE_DATE.search(lowered):
        weight += 0.5
    elif _YEAR_DATE.search(lowered):
        weight += 0.3
    counted = bool(_COUNTED_PERSON.search(lowered)) or any(
        _nationality_or_country(match["word"]) for match in _COUNTED_WORD.finditer(text)
    )
    if counted:
        weight += 1.0
    names = _CAPITAL_WORDS.findall(text[1:])
    if any(_nationality_or_country(name) for name in names):
        weight += 0.5
    if any(_settlement(name) and not _nationality_or_country(name) for name in names):
        weight += 0.3
    if _ESTABLISHMENT.search(lowered) or _NAMED_REGION.search(text):
        weight += 0.5
    if _AGE.search(lowered):
        weight += 0.5
    return weight, dated


class Reading:
    """What one sentence shows of a case. Each feature is read when first asked for: most
    sentences of a long report are ruled out by the first one or two."""

    def __init__(self, text: str, paragraph_relevant: bool) -> None:
        self.text = text
        self.paragraph_relevant = paragraph_relevant
        # Set by the paragraph's reader: an item of a list announced as cases (its event is
        # the announcement's), and a case "on similar charges" after a trafficking case.
        self.listed = False
        self.same_offence = False

    @cached_property
    def lower(self) -> str:
        return self.text.lower()

    @cached_property
    def _trafficking_words(self) -> tuple[bool, bool, bool]:
        return _human_trafficking(self.text, self.lower)

    @cached_property
    def trafficking(self) -> bool:
        """Words of human trafficking or exploitation, or charges like the case's before."""
        return self.same_offence or self._trafficking_words[0]

    @cached_property
    def of_people(self) -> bool:
        """Words that can only be of trafficking in people."""
        return self.same_offence or self._trafficking_words[2]

    @cached_property
    def exploitation(self) -> bool:
        """Weaker words of exploitation, in a paragraph about trafficking."""
        return self.paragraph_relevant and bool(_EXPLOITATION.search(self.lower))

    @cached_property
    def crime_words(self) -> bool:
        """Words of drugs, terrorism, weapons."""
        return bool(_OTHER_CRIME.search(self.lower))

    @cached_property
    def other_crime(self) -> bool:
        """Drugs, terrorism or goods, and nothing of human trafficking."""
        return self._trafficking_words[1] or (self.crime_words and not self.trafficking)

    @cached_property
    def smuggling(self) -> bool:
        return bool(_MIGRANT_SMUGGLING.search(self.lower))

    @cached_property
    def event(self) -> bool:
        return self.listed or bool(_EVENT.search(self.lower))

    @cached_property
    def _particulars(self) -> tuple[float, bool]:
        return _particular(self.text, self.lower)

    @cached_property
    def particular(self) -> float:
        return self._particulars[0]

    @cached_property
    def dated(self) -> bool:
        """A month or a day."""
        return self._particulars[1]

    @cached_property
    def aggregate(self) -> bool:
        lowered = self.lower
        counted = _COUNTED_PROCEEDINGS.search(lowered) or _LARGE_COUNT.search(lowered)
        return bool(_AGGREGATE.search(lowered) or counted)

    @cached_property
    def ruled_out(self) -> bool:
        """A question, a negation, the law, a programme, the embassy's own business."""
        text, lowered = self.text, self.lower
        return bool(
            text.rstrip().endswith("?")
            or _QUESTION.match(text)
            or _NEGATED_EVENT.search(lowered)
            or _HYPOTHETICAL.search(lowered)
            or _GENERIC_PERSON.search(lowered)
            or (_PROGRAMME.search(lowered) and not _STRONG_EVENT.search(lowered))
            or _OWN_BUSINESS.match(text)
            or _REPORT_TALK.search(text)
        )

    @cached_property
    def marker(self) -> bool:
        return bool(_CASE_MARKER.search(self.text))

    @cached_property
    def hedged(self) -> bool:
        return bool(_HEDGE.search(self.lower))

    @cached_property
    def refers_back(self) -> bool:
        return bool(_REFERS_BACK.match(self.lower) or _REFERS_BACK_INSIDE.search(self.lower))

    @cached_property
    def new_topic(self) -> bool:
        return bool(_NEW_TOPIC.match(self.lower))

    @cached_property
    def someone_new(self) -> bool:
        return bool(_SOMEONE_NEW.search(self.lower))

    @cached_property
    def another_case(self) -> bool:
        return bool(_ANOTHER_CASE.search(self.lower))

    @cached_property
    def names(self) -> frozenset[str]:
        """Of people and things: "Ncogo"."""
        return names_in(self.text)


def read_sentence(text: str, paragraph_relevant: bool) -> Reading:
    """What ``text``, one sentence of a paragraph, shows of a case."""
    return Reading(text, paragraph_relevant)


# A reference back inside the sentence's opening words: "Three victims of this trafficking
# incident", "An Icelandic man was arrested, suspected of having forced the two women ...".
_REFERS_BACK_INSIDE = _words(
    r"(?:this|that|these|those)\s+(?:\w+\s+){0,2}(?:case|incident|ring|group|network|agency)",
    r"the\s+(?:two|three|four|five|six|seven|eight|nine|ten)\s+(?:\w+\s+)?"
    r"(?:wom[ae]n|girls|m[ae]n|boys|children|victims|suspects|defendants)",
    r"the\s+same\s+(?:court|offen[cs]e|case|judge)",
    r"the\s+other\s+(?:\w+\s+)?(?:wom[ae]n|girls|m[ae]n|boys|children|victims|suspects)",
    r"(?:one|some|all|none|each|most|two|three)\s+of\s+the\s+(?:\w+\s+)?(?:wom[ae]n|girls|"
    r"m[ae]n|boys|children|victims|suspects|defendants|traffickers)",
    r"the\s+(?:\w+\s+)?(?:traffickers?|victims?|suspects?|defendants?|accused|recruiters?|"
    r"owners?|employers?|pimps?|madams?|brokers?|ringleaders?)\b",
    r"the\s+(?:\w+\s+)?(?:charges|allegations|accusations|complaint|indictment|verdict|"
    r"sentence|conviction|arrest|raid|operation)\b",
    r"co-?defendants",
    r"(?:was|were|and)\s+then\b",
)
# Someone new, or a case of its own: "a second marriage registrar", "three additional
# registrars", "in a separate case".
_SOMEONE_NEW = _words(
    r"(?:a|one)\s+(?:second|third|separate|different|new)\b",
    r"(?<!the\s)(?:another|additional|other)\s+(?:\w+\s+)?(?:case|incident|wom[ae]n|girls?|m[ae]n|boys?|"
    r"children|victims?|suspects?|registrars?|traffickers?|defendants?)",
    r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:additional|other|more)\b",
    r"in\s+a\s+separate\s+case",
)


def opens_case(reading: Reading) -> bool:
    """Whether a sentence can be the first of a case."""
    if not (reading.event or reading.trafficking or reading.exploitation):
        return False
    needed = 0.5 if reading.another_case else 1.0 if reading.marker else 1.5
    if reading.particular < needed:
        return False
    if reading.ruled_out or reading.other_crime:
        return False
    if reading.aggregate and not reading.marker:
        return False
    # A very particular sentence of exploitation opens a case whose event may come next
    # ("a 27-year old Belarusian woman was tricked into coming to Istanbul ...").
    very_particular = reading.exploitation and reading.particular >= 2
    return reading.event or reading.trafficking or very_particular


def _continues(reading: Reading) -> bool:
    """Whether a sentence goes on with the case before it."""
    if reading.aggregate or reading.new_topic or reading.ruled_out or reading.another_case:
        return False
    if reading.marker and not reading.refers_back:
        return False
    if opens_case(reading):
        # A new date with someone new ("On October 22, the same court convicted a second
        # registrar") is a case of its own; so is anything dated that does not refer back.
        if reading.dated and (reading.someone_new or not reading.refers_back):
            return False
        if reading.someone_new and not reading.refers_back:
            return False
    return reading.refers_back


@dataclass(frozen=True)
class _Context:
    """What the paragraph around a case is about."""

    relevant: bool  # trafficking in persons
    smuggling: bool  # migrants smuggled, with no word of their exploitation
    other_crime: bool  # drugs, terrorism, weapons, with no word of people trafficked


def _context(lowered: str, relevant: bool, readings: Sequence[Reading]) -> _Context:
    """What a paragraph (``lowered``, in lower case) is about, read with its sentences."""
    of_people = any(reading.of_people for reading in readings if reading.trafficking)
    smuggled = _MIGRANT_SMUGGLING.search(lowered) or _SMUGGLED_MIGRANTS.search(lowered)
    return _Context(
        relevant=relevant,
        smuggling=bool(smuggled) and not _SPECIFIC_EXPLOITATION.search(lowered),
        other_crime=bool(_OTHER_CRIME.search(lowered)) and not of_people,
    )


def _confidence(group: Sequence[Reading], context: _Context) -> float:
    """How surely a group of sentences tells a case (0 when it does not)."""
    first = group[0]
    trafficking = any(reading.trafficking for reading in group)
    exploitation = any(reading.exploitation for reading in group)
    of_people = any(reading.of_people for reading in group)
    if not (trafficking or exploitation):
        return 0.0
    if not any(reading.event for reading in group):
        return 0.0
    if any(reading.other_crime for reading in group) and not trafficking:
        return 0.0
    if any(reading.smuggling for reading in group) and not trafficking:
        return 0.0
    if (context.other_crime or any(reading.crime_words for reading in group)) and not (
        of_people or exploitation
    ):
        return 0.0  # "a Ghanaian court sentenced five traffickers" of cocaine
    if not (of_people or exploitation or context.relevant):
        return 0.0  # "traffickers" once in a paragraph about something else
    confidence = 0.3 + 0.15 * min(first.particular, 2.5)
    if first.marker:
        confidence += 0.1
    if first.trafficking:
        confidence += 0.1
    elif not trafficking:
        confidence -= 0.1
    if first.hedged:
        confidence -= 0.1
    if len(group) > 1:
        confidence += 0.05
    if context.smuggling:
        # "charged with human trafficking" for smuggling migrants: for staff to judge.
        confidence -= 0.25
    return round(max(0.0, min(confidence, 0.95)), 3)


def find_incidents(text: str, *, context: str = "", relevant: bool | None = None) -> list[Incident]:
    """The cases told in a paragraph's ``text``, each with the span of its sentences.

    ``context`` is what surrounds the paragraph (its section heading); ``relevant`` says
    whether the paragraph is about trafficking (worked out from its text when None).
    """
    if not mentions_trafficking(text) and not mentions_trafficking(context):
        return []
    sentences = split_sentences(text)
    lowered = text.lower()
    if relevant is None:
        relevant = _trafficking_words(text, lowered) >= 2 or mentions_trafficking(context)
    readings = [Reading(sentence.text, relevant) for sentence in sentences]
    _mark_listed_cases(sentences, readings)
    around = _context(lowered, relevant, readings)
    incidents: list[Incident] = []
    i = 0
    while i < len(sentences):
        if incidents and _SAME_OFFENCE.search(readings[i].lower):
            readings[i].same_offence = True
        if not opens_case(readings[i]):
            i += 1
            continue
        last = _last_of_case(readings, i)
        confidence = _confidence(readings[i : last + 1], around)
        if confidence <= 0:
            i += 1
            continue
        incidents.append(Incident(sentences[i].start, sentences[last].end, confidence))
        i = last + 1
    return incidents


# "convicted a second registrar of the same offense", "on similar charges": the charges of
# the case told just before.
_SAME_OFFENCE = re.compile(
    r"\b(?:the\s+same|similar|identical|related)\s+(?:offen[cs]es?|charges?|crimes?|counts?)\b"
)
# "The NGO knew of four cases:", "Examples include:": a list of cases follows.
_ANNOUNCES_CASES = re.compile(
    r"\b(?:cases|incidents|instances|examples|victims)\b[^.]*:\s*$|\binclude[sd]?:\s*$",
    re.IGNORECASE,
)


def _mark_listed_cases(sentences: Sequence[Sentence], readings: Sequence[Reading]) -> None:
    """The items of a list that a sentence announces as cases take their event from it."""
    announced = False
    for sentence, reading in zip(sentences, readings, strict=True):
        if not sentence.item:
            announced = bool(_ANNOUNCES_CASES.search(sentence.text))
        elif announced:
            reading.listed = True


def tells_a_case(text: str) -> bool:
    """Whether ``text``, taken whole, tells of trafficking in persons and of an event: the
    test a paragraph opened by a media lead ("May 5, Interfax: ...") must pass, so that a
    dated list of anything else ("Middle Management Course, January 12 - ...") is not one."""
    lowered = text.lower()
    relevant = _trafficking_words(text, lowered) >= 2
    readings = [Reading(sentence.text, relevant) for sentence in split_sentences(text)]
    return bool(readings) and _confidence(readings, _context(lowered, relevant, readings)) > 0


def _last_of_case(readings: Sequence[Reading], first: int) -> int:
    """The index of the last sentence of the case opened by sentence ``first``."""
    last = first
    names = set(readings[first].names)
    for j in range(first + 1, min(len(readings), first + 1 + MAX_CONTINUATION)):
        reading = readings[j]
        if not (_continues(reading) or _names_again(reading, names)):
            break
        names.update(reading.names)
        last = j
    return last


def _names_again(reading: Reading, names: set[str]) -> bool:
    """A sentence that names someone the case named goes on with it ("On December 1 the
    District Court acquitted Ncogo ..."), unless it says it is another case."""
    if reading.another_case or reading.aggregate or reading.ruled_out or reading.new_topic:
        return False
    return bool(reading.names & names)


def _for_lowered(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The same pattern for text already in lower case, without IGNORECASE: Python's re
    runs these long alternations three times faster so (measured on the corpus)."""
    lowered = pattern.pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P=")
    return re.compile(lowered, pattern.flags & ~re.IGNORECASE)


# The patterns below are matched against lower-cased text; those that need capitals
# (_COUNTED_WORD, _CAPITAL_WORDS, _CASE_MARKER, _QUESTION, _REPORT_TALK, _OWN_BUSINESS,
# _TIP) read the text as written.
_TRAFFICKING = _for_lowered(_TRAFFICKING)
_EXPLOITATION = _for_lowered(_EXPLOITATION)
_GOODS_BEFORE = _for_lowered(_GOODS_BEFORE)
_GOODS_AFTER = _for_lowered(_GOODS_AFTER)
_OTHER_CRIME = _for_lowered(_OTHER_CRIME)
_SPECIFIC_EXPLOITATION = _for_lowered(_SPECIFIC_EXPLOITATION)
_SMUGGLED_MIGRANTS = _for_lowered(_SMUGGLED_MIGRANTS)
_MIGRANT_SMUGGLING = _for_lowered(_MIGRANT_SMUGGLING)
_EVENT = _for_lowered(_EVENT)
_COUNTED_PERSON = _for_lowered(_COUNTED_PERSON)
_ESTABLISHMENT = _for_lowered(_ESTABLISHMENT)
_MONTH_DATE = _for_lowered(_MONTH_DATE)
_RELATIVE_DATE = _for_lowered(_RELATIVE_DATE)
_AGE = _for_lowered(_AGE)
_YEAR_DATE = _for_lowered(_YEAR_DATE)
_ANOTHER_CASE = _for_lowered(_ANOTHER_CASE)
_COUNTED_PROCEEDINGS = _for_lowered(_COUNTED_PROCEEDINGS)
_AGGREGATE = _for_lowered(_AGGREGATE)
_LARGE_COUNT = _for_lowered(_LARGE_COUNT)
_NEGATED_EVENT = _for_lowered(_NEGATED_EVENT)
_HYPOTHETICAL = _for_lowered(_HYPOTHETICAL)
_GENERIC_PERSON = _for_lowered(_GENERIC_PERSON)
_PROGRAMME = _for_lowered(_PROGRAMME)
_HEDGE = _for_lowered(_HEDGE)
_STRONG_EVENT = _for_lowered(_STRONG_EVENT)
_REFERS_BACK = _for_lowered(_REFERS_BACK)
_REFERS_BACK_INSIDE = _for_lowered(_REFERS_BACK_INSIDE)
_SOMEONE_NEW = _for_lowered(_SOMEONE_NEW)
_PERSONS_TRAFFICKED = _for_lowered(_PERSONS_TRAFFICKED)
_NEW_TOPIC = _for_lowered(_NEW_TOPIC)
