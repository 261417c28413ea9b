"""Word lists for the toponym recogniser (lower-case; written for geomap)."""
from __future__ import annotations


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


#: Words that are place names somewhere but almost never in English news when written
#: with a capital: calendar words, titles, pronouns, function words.
NEVER_PLACES = _words("""
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec
monday tuesday wednesday thursday friday saturday sunday
mr mrs ms dr sen rep gov lt sgt capt gen col prof rev st ft mt pt jr sr
i a an the this that these those he she it we they you his her its our their my your
and or but if of in on at to for from by with as is was were be been are not no yes
god christmas easter halloween thanksgiving ramadan hanukkah
internet web online email facebook twitter google youtube
police sheriff mayor governor president senator congressman officer deputy chief judge
university college school church hospital center centre court county city state town village
department office council board committee commission agency company news
north south east west northern southern eastern western central
mother father son daughter brother sister mom dad
man woman men women people person
new old big little great
one two three four five six seven eight nine ten
""")

#: Capitalised nouns and adjectives of organisation, event and street names that are also
#: names of tiny places somewhere ("Street", "Air Force", "Federal Way", "Wolf Pack").
GENERIC_NOUNS = _words("""
street road way avenue drive lane bank war force day act section pack minister area park
air valley commissioner commerce airport patrol home holy energy chamber spring federal
garden meadow leader congress ridge bureau forest metro vice union human junior market
mound border royal research secretary law hall lions marshal bond herald region mill time
bell principal zoo art gulf station red recovery hill justice hills labor labour along
parent celebration academy battle eagle band liberal colony story driver equality casino
trail trooper parks has constitution federation gold dome highways highway power downtown
green emerald moon post riding landmark bar mission media port tour brain olympic olympics
jesus christ arab ismaili democrat democrats republican republicans northeast northwest
southeast southwest titan angels glacier lake river creek bay beach island islands
mountain mountains rock rocks falls fall harbor harbour point heights springs grove
village town city county state nation national international global world earth
sun star stars sky ocean sea wood woods field fields farm farms ranch lodge inn hotel
motel club team league cup bowl series championship tournament game games festival fair
show museum library gallery theatre theater cinema studio center centre plaza mall store
shop company corporation group institute foundation society association council
committee commission board agency authority service services department division unit
office ministry government administration court prison jail police fire rescue health
hospital clinic medical care school college university church temple mosque cathedral
chapel seminary faith grace hope glory victory peace freedom liberty independence
progress harmony unity concord providence eden paradise zion canaan goshen bethel
salem enterprise industry commerce trade energy oil gas coal steel iron silver copper
diamond crystal pearl ruby jade amber coral ivory ebony marble granite stone stones
water wind snow rain storm thunder lightning fire ice frost sunshine sunrise sunset
dawn twilight summer winter autumn spring may june august march
north south east west northern southern eastern western central middle upper lower
great grand big little old new young royal imperial federal national
king queen prince princess duke earl lord lady knight bishop pope saint
father mother son daughter brother sister family friend friends neighbor neighbors
man woman men women boy boys girl girls child children baby people person
doctor nurse teacher student students worker workers officer officers soldier soldiers
army navy marine marines guard guards corps
john paul peter james mark luke matthew david michael joseph thomas william george
justin christian patrick bruno tyler taylor obama bush al el la le van von de
toyota honda ford chevrolet dodge nissan
media press news times post herald tribune journal gazette star sun daily weekly
drug drugs samples sample tank hiv aids
""")

#: Common English words that are also gazetteer names: rejected at the start of a
#: sentence (where everything is capitalised) and when the article uses them in lower case.
COMMON_WORDS = _words("""
about after again against all also although always among another any anyone anything
around as ask back bath be because before being below best better between both born bring
but by call called can case change check city close come could day did do does done down
during each early either else enough even ever every fair far few fine first follow for
four free friday from front full further gave get give given go going gone good got had
half hand happy has have having he hear heard help her here high him his hold home hope how
however if in including inside instead into is it its just keep kind know known last late
later least left less let life like likely little live long look lost lot made make many
march may maybe me mean meanwhile might mobile more most much must my near need never new
news next nice no none nor not nothing now of off often on once one only open or order
other others our out outside over own part past people per perhaps place plan play please
plus point power put quite rather read reading real really rest right rock round run said
same saw say says school second see seen send set several shall she short should side
since six so some something soon spring still such summer sun sure take taken than that
the their them then there these they thing think this those though three through thus time
to today together told too took top toward towards two under union unless until up upon
us use used very victory view wait want was way we well went were what when where whether
which while who whole why will win winter with within without work would year yes yet you
young your police fire water story first last early late order justice liberty independence
freedom progress commerce industry enterprise friendship harmony unity concord eden paradise
providence faith grace charity mercy patience prosperity plenty
""")

#: Titles and roles that precede a person's name ("Sheriff Anderson", "Mr. Lincoln").
PERSON_TITLES = _words("""
mr mrs ms miss dr sir dame lord lady sen senator rep representative gov governor
president vice lt sgt capt gen col maj cpl pvt adm cmdr officer deputy detective sheriff
chief judge justice coach pastor rev reverend father brother sister bishop rabbi imam
prof professor mayor commissioner councilman councilwoman secretary minister premier
prince princess king queen pope saint trooper inspector superintendent principal
attorney prosecutor chancellor chairman chairwoman director manager spokesman spokeswoman
dean ambassador general colonel sergeant captain lieutenant corporal private admiral
sens reps govs drs messrs leader
""")

#: Words after a capitalised word that make the whole a street/building, not a place.
STREET_SUFFIXES = _words("""
street st road rd avenue ave boulevard blvd drive dr lane ln highway hwy way pike parkway
pkwy court ct place pl terrace circle trail turnpike expressway freeway alley square
""")

#: Generic words that extend a region name ("Bryansk region", "Laurel County").
ADMIN_GENERICS: dict[str, str] = {
    "oblast": "admin1", "region": "admin1", "province": "admin1", "krai": "admin1",
    "kray": "admin1", "governorate": "admin1", "prefecture": "admin1", "state": "admin1",
    "county": "admin2", "parish": "admin2", "district": "admin2", "raion": "admin2",
    "rayon": "admin2", "borough": "admin2", "municipality": "admin2",
}

#: Words before a name that say it is a populated place ("the city of X", "port of X").
CITY_CUES = _words("""
city town village port hamlet suburb capital township settlement municipality
""")

#: Verbs after a place name that make it a metonym ("Kyiv said", "Moscow denied").
METONYM_VERBS = _words("""
said says say announced announces claimed claims denied denies accused accuses warned
warns demanded demands insisted insists argued argues responded responds rejected
rejects condemned condemns vowed vows urged urges threatened threatens refused refuses
agreed agrees signed signs believes believed wants wanted hopes hoped
seems seemed sees saw intends intended plans planned wouldn't won't
""")

#: Nouns after a possessive place name that make it a metonym ("Moscow's delusions").
METONYM_NOUNS = _words("""
government leadership leaders leader president officials delusions claims claim policy
policies position decision decisions ministry ambassador propaganda stance demands
response regime diplomats diplomacy strategy plan plans foreign
""")

#: Buildings and institutions that stand for a government: surface -> (place name, country).
METONYM_INSTITUTIONS: dict[str, tuple[str, str]] = {
    "Kremlin": ("Moscow", "RU"), "White House": ("Washington", "US"),
    "Pentagon": ("Washington", "US"), "Downing Street": ("London", "GB"),
    "Elysee": ("Paris", "FR"), "Élysée": ("Paris", "FR"), "Bankova": ("Kyiv", "UA"),
    "Capitol Hill": ("Washington", "US"), "Whitehall": ("London", "GB"),
}

#: Connectors allowed in lower case inside a multi-word name ("Sea of Azov", "Rostov-on-Don").
NAME_CONNECTORS = _words("""
of on upon de del della di da do dos das du des la le las los el al am an der den
y e and sur en the au aux les im op aan bei
""")

#: Abbreviations that end with a period without ending the sentence.
NAME_ABBREVIATIONS = _words("st ft mt pt")

#: Verbs of speech after a name that make a single word a person ("Bailey said").
SPEECH_VERBS = _words("""
said says told added explained noted wrote asked answered replied testified stated recalled
""")

#: Prepositions before a name: "officials in Paris said" is not a metonym, "from Jones" not a person.
PREPOSITIONS = _words("""
in at near from to into outside inside across around over through toward towards between within
""")
