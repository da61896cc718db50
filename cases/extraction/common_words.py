"""English words, and names of people, that the gazetteer also lists as places.

A capitalised "Police" opening a sentence is not the town in Poland, nor "Split" the city
in Croatia. The first list was derived from the gazetteer itself: the one-word names of
its cities and regions that the 536 cables of ``shared/corpus`` write in lower case at
least as often as capitalised in mid-sentence (that is, common words). The second holds
words that cables capitalise without meaning a place (directions, institutions, name
particles, organisations); the third, frequent personal names that are also the names of towns.
"""

from __future__ import annotations

_FROM_CORPUS = """
acre ada ado agro airport alia along alter ascension ask assis ath awash bad ban bane
banning bar basic bear begun bend best bid big bode bolder bona bone bono boom boon borne
bow broach buffalo bury but buy caller can cantonment cars cascade cascades cat chal chang
civ clay cocoa come conception consolation cordon crystal date deal defiance des dig dinar
dire drama drug dual enterprise era erode ever fate federal fleet fore free from gap garner
garrison goes gold golden grass green grenade hail hang hire hit holiday hook hub hull human
humble hunter ida independence int keen kilo kin kuna lag lakes lakeside lend lens lessen
liberty lime littoral log lone lot luck mala male man manage mango marina market marks mason
mentor meta mile mine mission mobile more most mountain much name never nice noma normal
northern of off officer okay one opportunity oral overland pal panorama papaya para
paramount paras parole peer pen pet plantation plaque plateau po police pool port possession
pre pristine prosper rapid ray reading rest revel rich riding rim risen roles rom rot sake
sale salt same savage save say se semi set shaping shot simmering since sine sing sole soma
soul southern spike split spoken spring sterling store sue superior surprise tall tame tango
tank tape temple tender terminus tete than thorn tilt time to torn tour tours turn unity von
wa wave wean wedding woodlands worth xico young
"""

_CAPITALISED_NON_PLACES = """
abu al allah alliance bank bay ben bin central chair coast da das de delta der do dos du
east eastern el forest god gulf hamas hezbollah horn ibn la le liberal lord north pa
republic rio rivers san south summit un union university valley west western
"""

_PERSONAL_NAMES = """
alba ali bush castro clinton david duarte fernandez garcia george juan kim lula martin
mendoza mora morales obama perez quintana rashid reyes robert rodriguez salgado serra sousa
taylor teo yang
"""

COMMON_WORDS: frozenset[str] = frozenset(
    (_FROM_CORPUS + _CAPITALISED_NON_PLACES + _PERSONAL_NAMES).split()
)
