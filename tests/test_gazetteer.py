"""The gazetteer: where a place the dictionaries lack lies, decided by the article it is in.

Two layers: ``locate`` and ``candidates`` on names and country tallies (no model), and the
extractor on real text, where the article's other places are what decides a namesake
(Tripoli in a story on Libya, on Lebanon, on Syria; Hyderabad in Sindh or in India), and on
fixture articles (a city, a first-level subdivision, a country name two countries share).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from conftest import extract_text

from actorgraph.extract.gazetteer import (
    Place,
    article_country,
    candidates,
    country_tally,
    locate,
    locate_places,
)
from actorgraph.model import EntityRecord

FIXTURES = Path(__file__).parent / "fixtures" / "articles"

TRIPOLI_LY = (32.88743, 13.18733)  # GeoNames 2210247
TRIPOLI_LB = (34.43352, 35.84415)  # GeoNames 266826


def _near(record: EntityRecord, point: tuple[float, float], tolerance: float = 0.05) -> bool:
    return (
        record.lat is not None
        and record.lon is not None
        and abs(record.lat - point[0]) < tolerance
        and abs(record.lon - point[1]) < tolerance
    )


def _place(extraction, key: str) -> EntityRecord:
    places = {k: e for k, e in extraction.entities.items() if e.type == "Place"}
    assert key in places, sorted(places)
    return places[key]


def _fixture_extraction(nlp, name: str):
    from actorgraph.extract import extract_article
    from actorgraph.ingest import read_articles

    (article,) = read_articles([FIXTURES / name])
    return extract_article(article, nlp)


# --- names and tallies, no model ----------------------------------------------------------


def test_gazetteer_country_names_are_iso_names_with_the_dictionary_point() -> None:
    official = candidates("Socialist Republic of Viet Nam")
    common = candidates("Viet Nam")
    inverted = candidates("Korea, Republic of")
    assert [(p.kind, p.country) for p in official] == [("country", "VN")]
    assert official == common  # one point per country, whatever the name
    assert official[0].lat is not None and -90 <= official[0].lat <= 90
    assert [p.country for p in inverted] == ["KR"]


def test_gazetteer_a_country_without_a_point_keeps_its_code() -> None:
    """No package ships country centroids and a capital is not a country's point: a code the
    dictionary has no point for is located without coordinates."""
    assert candidates("Antarctica") == [Place("country", "AQ")]


def test_gazetteer_a_city_has_country_and_point() -> None:
    (jilib,) = candidates("Jilib")
    assert (jilib.kind, jilib.country) == ("city", "SO")
    assert abs(jilib.lat - 0.488) < 0.01 and abs(jilib.lon - 42.785) < 0.01


def test_gazetteer_a_city_is_found_by_its_latin_alternate_name() -> None:
    assert [(p.kind, p.country) for p in candidates("Bombay")] == [("city", "IN")]


def test_gazetteer_first_level_subdivisions_give_the_country_only() -> None:
    for name in ("Khyber Pakhtunkhwa", "Kajiado County", "Kandahar province"):
        found = candidates(name)
        assert found and all(p.kind == "subdivision" and p.lat is None for p in found), name
    assert {p.country for p in candidates("Kajiado County")} == {"KE"}


def test_gazetteer_unknown_and_empty_names() -> None:
    assert candidates("Qwzxv Hamlet") == []
    assert candidates("") == [] and candidates("---") == []
    assert locate("Qwzxv Hamlet", Counter({"PK": 3})) is None


@pytest.mark.parametrize(
    "tally,expected",
    [
        (Counter({"LY": 4, "LB": 1}), TRIPOLI_LY),
        (Counter({"LB": 3, "SY": 1}), TRIPOLI_LB),
    ],
)
def test_gazetteer_namesake_goes_to_the_articles_country(tally, expected) -> None:
    place = locate("Tripoli", tally)
    assert place is not None and (place.lat, place.lon) == expected


@pytest.mark.parametrize(
    "tally",
    [
        Counter(),  # the article names no country
        Counter({"SY": 5, "LB": 1}),  # about Syria: neither Tripoli is its
        Counter({"LY": 2, "LB": 2}),  # a tie decides nothing
    ],
)
def test_gazetteer_namesake_is_left_unplaced_when_the_article_does_not_decide(tally) -> None:
    assert len({p.country for p in candidates("Tripoli")}) > 1
    assert locate("Tripoli", tally) is None


def test_gazetteer_a_name_known_in_one_country_needs_that_country_or_none_named() -> None:
    """Solhan of the list is in Turkey; Burkina Faso's Solhan is too small for it. In a story on
    Burkina Faso it stays unplaced rather than landing in Turkey."""
    assert {p.country for p in candidates("Solhan")} == {"TR"}
    assert locate("Solhan", Counter({"BF": 5})) is None
    assert locate("Solhan", Counter({"BF": 5, "TR": 1})).country == "TR"
    assert locate("Solhan", Counter()).country == "TR"


def test_gazetteer_several_namesakes_in_the_country_give_the_country_alone() -> None:
    in_colombia = [p for p in candidates("El Carmen") if p.country == "CO"]
    assert len(in_colombia) > 1
    assert locate("El Carmen", Counter({"CO": 3})) == Place("country-only", "CO")


def test_gazetteer_a_country_name_two_countries_share_is_decided_by_the_article() -> None:
    assert {p.country for p in candidates("Congo")} == {"CD", "CG"}
    assert locate("Congo", Counter({"CD": 3})).country == "CD"
    assert locate("Congo", Counter({"CG": 2, "CD": 1})).country == "CG"
    assert locate("Congo", Counter({"NG": 2})) is None
    assert locate("Korea", Counter({"KR": 2})).country == "KR"


def test_gazetteer_article_country_is_the_most_mentioned_and_no_tie() -> None:
    assert article_country(Counter({"PK": 5, "AF": 2})) == "PK"
    assert article_country(Counter({"PK": 2, "AF": 2})) == ""
    assert article_country(Counter()) == ""


def test_gazetteer_tally_counts_certain_countries_only() -> None:
    """Dictionary places and ISO country names count their mentions; a gazetteer city does
    not (its country is what the tally decides), nor does a shared name ("Congo")."""
    entities = {
        "place/peshawar": EntityRecord("place/peshawar", "Peshawar", "Place", mentions=3),
        "place/pakistan": EntityRecord("place/pakistan", "Pakistan", "Place", mentions=2),
        "place/eastern-republic-of-uruguay": EntityRecord(
            "place/eastern-republic-of-uruguay", "Eastern Republic of Uruguay", "Place", mentions=1
        ),
        "place/hyderabad": EntityRecord("place/hyderabad", "Hyderabad", "Place", mentions=4),
        "place/congo": EntityRecord("place/congo", "Congo", "Place", mentions=4),
        "person/x": EntityRecord("person/x", "Pakistan", "Person", mentions=9),
    }
    entities["place/peshawar"].country = "PK"
    entities["place/pakistan"].country = "PK"
    assert country_tally(entities) == Counter({"PK": 5, "UY": 1})


def test_gazetteer_locate_places_leaves_dictionary_places_alone() -> None:
    sahel = EntityRecord("place/sahel", "Sahel", "Place", mentions=2)  # a dictionary area
    kabul = EntityRecord("place/kabul", "Kabul", "Place", mentions=1, lat=1.0, lon=2.0)
    kabul.country = "AF"
    hyderabad = EntityRecord("place/hyderabad", "Hyderabad", "Place", mentions=1)
    entities = {"place/sahel": sahel, "place/kabul": kabul, "place/hyderabad": hyderabad}
    locate_places(entities)
    assert (sahel.country, sahel.lat) == ("", None)
    assert (kabul.lat, kabul.lon) == (1.0, 2.0)  # the dictionary's values are never replaced
    assert (hyderabad.country, hyderabad.lat) == ("", None)  # Kabul is AF: neither Hyderabad


# --- real text through the extractor ------------------------------------------------------


LIBYA = (
    "Militiamen clashed with government forces in Tripoli on Saturday, Libyan officials said. "
    "The fighting spread from Tripoli to Zawiya, west of the capital, and Misrata sent "
    "reinforcements. Libya has been divided since 2011."
)
LEBANON = (
    "A bomb exploded outside a mosque in Tripoli on Friday, killing 12 people, Lebanese "
    "security officials said. Lebanon's army deployed in Tripoli and in Beirut after the blast."
)
SYRIA = (
    "Syrian government forces shelled Idlib on Sunday. Officials in Damascus said talks would "
    "resume in Tripoli next month. Syria's war has killed hundreds of thousands."
)
SINDH = (
    "Police in Hyderabad arrested three men on Monday over a bombing in Karachi, officials in "
    "Sindh said. Pakistan has seen a rise in attacks."
)
INDIA = (
    "Police in Hyderabad arrested three men on Monday over a bombing in Mumbai, officials said. "
    "India has seen a rise in attacks in Telangana."
)


@pytest.mark.model
def test_gazetteer_tripoli_in_a_story_on_libya(nlp) -> None:
    tripoli = _place(extract_text(nlp, LIBYA), "place/tripoli")
    assert tripoli.country == "LY" and _near(tripoli, TRIPOLI_LY)


@pytest.mark.model
def test_gazetteer_tripoli_in_a_story_on_lebanon(nlp) -> None:
    tripoli = _place(extract_text(nlp, LEBANON), "place/tripoli")
    assert tripoli.country == "LB" and _near(tripoli, TRIPOLI_LB)


@pytest.mark.model
def test_gazetteer_tripoli_in_a_story_on_syria_is_not_guessed(nlp) -> None:
    extraction = extract_text(nlp, SYRIA)
    tripoli = _place(extraction, "place/tripoli")
    assert (tripoli.country, tripoli.lat, tripoli.lon) == ("", None, None)
    assert _place(extraction, "place/damascus").country == "SY"  # the dictionary still rules


@pytest.mark.model
@pytest.mark.parametrize(
    "text,country,point",
    [(SINDH, "PK", (25.397, 68.377)), (INDIA, "IN", (17.384, 78.456))],
    ids=["sindh", "india"],
)
def test_gazetteer_hyderabad_follows_the_article(nlp, text, country, point) -> None:
    hyderabad = _place(extract_text(nlp, text), "place/hyderabad")
    assert hyderabad.country == country and _near(hyderabad, point)


@pytest.mark.model
def test_gazetteer_a_country_by_its_official_name(nlp) -> None:
    extraction = extract_text(
        nlp, "The Eastern Republic of Uruguay sent troops to Goma on Monday, officials said."
    )
    uruguay = _place(extraction, "place/eastern-republic-of-uruguay")
    assert uruguay.country == "UY" and _near(uruguay, (-32.5, -55.8), 0.5)


@pytest.mark.model
def test_gazetteer_a_city_in_a_fixture_article(nlp) -> None:
    """c06: the US strike near Jilib, Somalia; Jilib is no dictionary entry."""
    extraction = _fixture_extraction(nlp, "c06-jilib-us-drone-strike-al-shabaab.txt")
    jilib = _place(extraction, "place/jilib")
    assert jilib.country == "SO" and _near(jilib, (0.488, 42.785))


@pytest.mark.model
def test_gazetteer_a_subdivision_in_a_fixture_article(nlp) -> None:
    """c20: Kajiado County is a first-level division of Kenya: the country, and no point."""
    extraction = _fixture_extraction(nlp, "c20-nairobi-march-abducted-blogger-police-denial.txt")
    county = _place(extraction, "place/kajiado-county")
    assert (county.country, county.lat, county.lon) == ("KE", None, None)


@pytest.mark.model
def test_gazetteer_congo_in_a_story_from_beni_is_the_drc(nlp) -> None:
    """c09: 'Congo' is Congo-Brazzaville's ISO name and the head of the DRC's; the story's
    places are in the DRC."""
    extraction = _fixture_extraction(nlp, "c09-beni-kitsimba-adf-attack-toll-rises.txt")
    assert _place(extraction, "place/congo").country == "CD"


@pytest.mark.parametrize(
    ("name", "folded"),
    [
        ("The Hague", "hague"),
        ("  the  Islamic-State ", "islamic state"),
        ("Théâtre", "theatre"),
        ("İstanbul", "istanbul"),
        ("ﬁnance", "finance"),  # a ligature decomposes
        ("Ⅳ", "iv"),
        ("the", "the"),  # only a leading "the " goes
        ("theatre", "theatre"),
        ("Ouagadougou", "ouagadougou"),
    ],
)
def test_gazetteer_fold_ignores_case_accents_punctuation_and_a_leading_the(name, folded):
    from actorgraph.knowledge import fold

    assert fold(name) == folded
