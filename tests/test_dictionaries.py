"""Validate the actor and place dictionaries under graph/dictionaries/.

The extractor turns every label, alias and demonym in these files into a
case-sensitive, whole-word spaCy EntityRuler pattern, so one bad entry
mislabels every article that contains it. These tests hold the data to the
contract the extractor relies on:

- strict JSON lines (no comments, no blank lines), so any JSONL reader works;
- ``id`` = prefix + ``slug(label)``, unique, so node keys are stable;
- kinds, ISO 3166 alpha-2 codes and coordinates within their allowed ranges;
- no surface form (label, alias or demonym) belongs to two entries, because
  the ruler could not tell which one a match means;
- no surface form is a common English word, because capitalised words start
  sentences ("Army officials said ...").

Each check is a small function returning the problems it found; the tests run
it on the real files (expecting none) and on hostile rows (expecting it to
complain), so a check that silently stops working fails too.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

DICT_DIR = Path(__file__).resolve().parents[1] / "graph" / "dictionaries"
ORG_FILE = DICT_DIR / "organizations.jsonl"
PLACE_FILE = DICT_DIR / "places.jsonl"

ORG_KINDS = {
    "armed_group",
    "political_party",
    "government_body",
    "international_org",
    "media",
    "think_tank",
    "other",
}
# country: sovereign states and major territories (one entry per ISO code);
# region: first-level divisions and districts; city: towns and cities;
# site: named buildings, bases and camps; area: multinational or geographic
# areas (Sahel, Red Sea, Kashmir) that belong to no single country; world_region:
# a continent or a part of the world (Africa, the Middle East), never a node.
PLACE_KINDS = {"country", "region", "city", "site", "area", "world_region"}
NO_COUNTRY_KINDS = {"area", "world_region"}

ORG_KEYS = {"id", "label", "aliases", "kind", "country"}
PLACE_KEYS = {"id", "label", "aliases", "kind", "country", "lat", "lon", "demonyms"}

ISO_CODE = re.compile(r"^[A-Z]{2}$")

# Surface forms that may legitimately name two entries. Empty on purpose:
# add a name only with a comment saying why the ruler can still resolve it.
ALLOWED_SHARED: dict[str, set[str]] = {}

# Labels kept although they are common words, because the entity is usually
# named exactly so; the extractor should trust them only mid-sentence.
ALLOWED_COMMON_LABELS = {"Dawn"}  # the Pakistani newspaper, cited by name in DW/AFP copy

# Common English words, lower case. A name is rejected when it equals one of
# these as written or capitalised ("army", "Army"); all-caps forms such as
# "US", "IS" or "WHO" stay allowed, since matching is case-sensitive.
COMMON_WORDS = set(
    """
    a about above across act action after again against age agency ago air all
    alliance also always among an and another any april area army around as
    assembly association at attack august authority away back bad bank base
    battalion be because been before being best between big black blue board
    body border both brigade brigades bridge building bureau but by call camp
    can capital case center centre central chief church city civil coalition
    come command commission committee community company congress council
    country county court crown dark dawn day december defence defense democratic
    department district division do down during each early earth east eastern
    eight even evening every faith fall family far february federal few field
    fighters first five fleet for force forces foreign foundation four free
    freedom friday from front general global go gold golden good government
    grace grand great green group guard guards hall have he head health
    her here high him his hope hospital hotel house how i if in independent
    institute intelligence interior international into iron is it its january
    july june just justice key kill king land large last late law league
    leader left liberation light like line little local long low made major
    many march mark market may me military minister ministry mission monday
    month more morning most movement much must my nation national navy near
    network new news next night nine no north northern not november now
    october of off office old on one only or order organization organisation
    other our out over own palace park parliament party path peace people
    police post power president press prime prison private province public
    rain read rebels red region republic resistance revolution right river
    road rose royal rule said saturday say school sea second secret security
    senate september service seven she shield should since six small so
    society some south southern special spring square standard star state
    station still storm street strike summer sun sunday supreme sword
    take team temple ten than that the their them then there these they
    third this those three thunder thursday time times to today together
    told tower town troops truth tuesday two under union unit united
    units unity up upon us valley very victory voice war was water way we
    wednesday week well were west western what when where which white who
    why will wind winter wing with without world year yellow yes yesterday
    you your youth
    """.split()
)


def slug(text: str) -> str:
    """The id rule: ASCII-fold, lower-case, every run of non-alphanumerics -> "-", trimmed.

    "Côte d'Ivoire" -> "cote-d-ivoire"; "Tehreek-e-Taliban Pakistan" ->
    "tehreek-e-taliban-pakistan". The id is then "organization/<slug>" or
    "place/<slug>".
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def _read_strict_jsonl(path: Path) -> list[dict[str, Any]]:
    """Parse every line as a JSON object; blank lines and comments are errors here."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AssertionError(f"{path.name}:{number}: {exc.msg}") from None
        assert isinstance(row, dict), f"{path.name}:{number}: not a JSON object"
        rows.append(row)
    return rows


@pytest.fixture(scope="module")
def organizations() -> list[dict[str, Any]]:
    return _read_strict_jsonl(ORG_FILE)


@pytest.fixture(scope="module")
def places() -> list[dict[str, Any]]:
    return _read_strict_jsonl(PLACE_FILE)


def _surface_forms(entry: dict[str, Any]) -> list[str]:
    """Everything the ruler will match for an entry: label, aliases, demonyms."""
    return [entry["label"], *entry.get("aliases", []), *entry.get("demonyms", [])]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _name_problems(entry: dict[str, Any]) -> list[str]:
    """Names must be clean strings, distinct within the entry, and not bare letters."""
    problems = []
    names = _surface_forms(entry)
    for name in names:
        if not isinstance(name, str) or not name.strip():
            problems.append(f"empty or non-string name {name!r}")
        elif name != name.strip() or "  " in name:
            problems.append(f"stray whitespace in {name!r}")
        elif len(name) < 2 or (len(name) == 2 and not name.isupper() and not name[0].isdigit()):
            problems.append(f"name too short to match safely: {name!r}")
    if len(set(names)) != len(names):
        problems.append("a name repeats within the entry")
    return problems


def _entry_problems(
    entry: dict[str, Any], prefix: str, keys: set[str], kinds: set[str]
) -> list[str]:
    """Everything wrong with one dictionary row (empty list when it is valid)."""
    missing = keys - entry.keys()
    if missing:
        return [f"missing keys {sorted(missing)}"]
    problems = []
    if not isinstance(entry["label"], str) or not entry["label"]:
        return ["label must be a non-empty string"]
    if entry["id"] != f"{prefix}/{slug(entry['label'])}":
        problems.append(f"id {entry['id']!r} != {prefix}/{slug(entry['label'])}")
    if entry["kind"] not in kinds:
        problems.append(f"unknown kind {entry['kind']!r}")
    if not isinstance(entry["aliases"], list):
        problems.append("aliases must be a list")
    country = entry["country"]
    if country != "" and not (isinstance(country, str) and ISO_CODE.match(country)):
        problems.append(f"country {country!r} is not an ISO 3166 alpha-2 code")
    if "lat" in keys:
        problems += _place_problems(entry)
    return problems + _name_problems(entry)


def _place_problems(entry: dict[str, Any]) -> list[str]:
    """Coordinates in range; only multinational areas may lack a country."""
    problems = []
    if not _is_number(entry["lat"]) or not -90 <= entry["lat"] <= 90:
        problems.append(f"lat {entry['lat']!r} outside [-90, 90]")
    if not _is_number(entry["lon"]) or not -180 <= entry["lon"] <= 180:
        problems.append(f"lon {entry['lon']!r} outside [-180, 180]")
    if not isinstance(entry["demonyms"], list):
        problems.append("demonyms must be a list")
    if (entry["kind"] in NO_COUNTRY_KINDS) != (entry["country"] == ""):
        problems.append("country must be empty exactly for an area or a world region")
    for relation in ("part_of", "allied_with"):
        others = entry.get(relation, [])
        if not isinstance(others, list) or not all(
            isinstance(o, str) and o.startswith("organization/") and o != entry["id"]
            for o in others
        ):
            problems.append(f"{relation} must be a list of other organizations' ids")
    return problems


def _shared_names(entries: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Surface forms claimed by more than one entry (case-sensitive), minus the allow-list."""
    owners: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        for name in set(_surface_forms(entry)):
            owners[name].append(entry["id"])
    return {
        name: ids
        for name, ids in owners.items()
        if len(ids) > 1 and set(ids) != ALLOWED_SHARED.get(name)
    }


def _common_word_names(entries: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(id, name) pairs whose name is a common English word as written or capitalised."""
    found = []
    for entry in entries:
        for name in _surface_forms(entry):
            if name in ALLOWED_COMMON_LABELS and name == entry["label"]:
                continue
            if name in COMMON_WORDS or name.lower() in COMMON_WORDS and name == name.capitalize():
                found.append((entry["id"], name))
    return found


def fold(text: str) -> str:
    """The extractor's loose compare form: ASCII, lower case, punctuation as spaces, no "the "."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    folded = re.sub(r"[^a-z0-9]+", " ", folded).strip()
    return re.sub(r"^the ", "", folded)


def _shared_folded_names(entries: list[dict[str, Any]]) -> dict[str, list[str]]:
    """Folded forms of two entries' names, for names the extractor also looks up loosely.

    The extractor resolves a surface it cannot find exactly by its folded form
    (names longer than three characters that are not all capitals), so two
    entries must not fold alike: "Peoples' Democratic Party" and "Peoples
    Democratic Party" would both land on whichever was loaded first.
    """
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        for name in [entry["label"], *entry.get("aliases", [])]:
            if len(name) > 3 and not name.isupper():
                owners[fold(name)].add(entry["id"])
    return {name: sorted(ids) for name, ids in owners.items() if len(ids) > 1}


def _index(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Surface form -> entry, the lookup the extractor will build."""
    return {name: entry for entry in entries for name in _surface_forms(entry)}


# --- the slug rule ---------------------------------------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Tehreek-e-Taliban Pakistan", "tehreek-e-taliban-pakistan"),
        ("Côte d'Ivoire", "cote-d-ivoire"),
        ("  --Al-Shabaab--  ", "al-shabaab"),
        ("Armed Conflict Location & Event Data", "armed-conflict-location-event-data"),
        ("Communist Party of India (Maoist)", "communist-party-of-india-maoist"),
        ("Ürümqi", "urumqi"),
        ("", ""),
    ],
)
def test_dictionaries_slug_rule(text: str, expected: str) -> None:
    assert slug(text) == expected


# --- the real files --------------------------------------------------------


@pytest.mark.parametrize("path", [ORG_FILE, PLACE_FILE], ids=["organizations", "places"])
def test_dictionaries_every_line_is_a_json_object(path: Path) -> None:
    rows = _read_strict_jsonl(path)
    assert rows, f"{path.name} is empty"


def test_dictionaries_organization_rows_are_valid(organizations: list[dict[str, Any]]) -> None:
    problems = {
        row.get("id", f"row {n}"): found
        for n, row in enumerate(organizations, 1)
        if (found := _entry_problems(row, "organization", ORG_KEYS, ORG_KINDS))
    }
    assert problems == {}


def test_dictionaries_place_rows_are_valid(places: list[dict[str, Any]]) -> None:
    problems = {
        row.get("id", f"row {n}"): found
        for n, row in enumerate(places, 1)
        if (found := _entry_problems(row, "place", PLACE_KEYS, PLACE_KINDS))
    }
    assert problems == {}


def test_dictionaries_ids_are_unique(organizations, places) -> None:
    ids = [row["id"] for row in organizations + places]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


def test_dictionaries_no_name_names_two_entries(organizations, places) -> None:
    assert _shared_names(organizations + places) == {}


def test_dictionaries_no_two_entries_fold_alike(organizations, places) -> None:
    assert _shared_folded_names(organizations + places) == {}


def test_dictionaries_no_name_is_a_common_word(organizations, places) -> None:
    assert _common_word_names(organizations + places) == []


def test_dictionaries_one_country_entry_per_iso_code(places) -> None:
    codes = [row["country"] for row in places if row["kind"] == "country"]
    assert len(codes) == len(set(codes))


def test_dictionaries_within_names_a_smaller_unit_of_the_same_country(places) -> None:
    """'within' gives located_in wherever both places are named, so a wrong or circular parent
    would place every article's city wrongly: the parent is an entry of the same country, no
    country or world region, and no chain of parents comes back to where it started."""
    rows = {row["id"]: row for row in places}
    problems = []
    for row in places:
        for parent in row.get("within", []):
            other = rows.get(parent)
            if other is None or parent == row["id"]:
                problems.append((row["id"], parent, "unknown"))
            elif other["kind"] in ("country", "world_region"):
                problems.append((row["id"], parent, other["kind"]))
            elif other["country"] != row["country"]:
                problems.append((row["id"], parent, "another country"))
    for start in rows:
        seen, current = {start}, rows[start].get("within", [])
        while current:
            if current[0] in seen:
                problems.append((start, current[0], "cycle"))
                break
            seen.add(current[0])
            current = rows.get(current[0], {}).get("within", [])
    assert problems == []


def test_dictionaries_place_countries_refer_to_country_entries(places) -> None:
    known = {row["country"] for row in places if row["kind"] == "country"}
    dangling = sorted(
        (row["id"], row["country"])
        for row in places
        if row["country"] and row["country"] not in known
    )
    assert dangling == []


def test_dictionaries_organization_countries_refer_to_country_entries(
    organizations, places
) -> None:
    known = {row["country"] for row in places if row["kind"] == "country"}
    dangling = sorted(
        (row["id"], row["country"])
        for row in organizations
        if row["country"] and row["country"] not in known
    )
    assert dangling == []


def test_dictionaries_coverage(organizations, places) -> None:
    org_kinds = defaultdict(int)
    for row in organizations:
        org_kinds[row["kind"]] += 1
    place_kinds = defaultdict(int)
    for row in places:
        place_kinds[row["kind"]] += 1
    assert len(organizations) >= 250
    assert org_kinds["armed_group"] >= 250
    assert org_kinds["government_body"] >= 40
    assert org_kinds["media"] >= 60
    assert org_kinds["think_tank"] >= 25
    assert place_kinds["country"] >= 200
    assert place_kinds["city"] >= 250


@pytest.mark.parametrize(
    "name,expected_id",
    [
        ("TTP", "organization/tehreek-e-taliban-pakistan"),
        ("Pakistani Taliban", "organization/tehreek-e-taliban-pakistan"),
        ("Jamaat-ul-Ahrar", "organization/jamaat-ul-ahrar"),
        ("Afghan Taliban", "organization/taliban"),
        ("ISKP", "organization/islamic-state-khorasan-province"),
        ("al-Shabaab", "organization/al-shabaab"),
        ("Houthis", "organization/ansar-allah"),
        ("Brookings Institution", "organization/brookings-institution"),
        ("Pak Institute for Peace Studies", "organization/pak-institute-for-peace-studies"),
        ("DW", "organization/deutsche-welle"),
        ("Al Jazeera", "organization/al-jazeera"),
        ("United Nations", "organization/united-nations"),
        ("United States", "place/united-states"),
        ("U.S.", "place/united-states"),
        ("Pakistani", "place/pakistan"),
        ("Qatari", "place/qatar"),
        ("Afghan", "place/afghanistan"),
        ("Peshawar", "place/peshawar"),
        ("Khyber Pakhtunkhwa", "place/khyber-pakhtunkhwa"),
        ("Kiev", "place/kyiv"),
        ("Westgate Shopping Mall", "place/westgate-shopping-mall"),
    ],
)
def test_dictionaries_known_names_resolve(
    organizations, places, name: str, expected_id: str
) -> None:
    assert _index(organizations + places)[name]["id"] == expected_id


@pytest.mark.parametrize("name", ["Hayat Hotel", "Crocus City Hall", "Kankara", "Daura"])
def test_dictionaries_hold_no_dev_article_specifics(organizations, places, name: str) -> None:
    """Names known only from the evaluation articles stay out: the rules must find them."""
    assert name not in _index(organizations + places)


def test_dictionaries_places_carry_their_country(places) -> None:
    by_id = {row["id"]: row for row in places}
    assert by_id["place/peshawar"]["country"] == "PK"
    assert by_id["place/peshawar"]["kind"] == "city"
    assert by_id["place/khyber-pakhtunkhwa"]["kind"] == "region"
    assert by_id["place/pakistan"]["kind"] == "country"
    assert abs(by_id["place/peshawar"]["lat"] - 34.0) < 0.5


# --- the checks themselves catch bad rows ------------------------------------


GOOD_PLACE = {
    "id": "place/peshawar",
    "label": "Peshawar",
    "aliases": [],
    "kind": "city",
    "country": "PK",
    "lat": 34.0,
    "lon": 71.6,
    "demonyms": [],
}


@pytest.mark.parametrize(
    "change,complaint",
    [
        ({"id": "place/Peshawar"}, "id"),
        ({"id": "organization/peshawar"}, "id"),
        ({"kind": "town"}, "unknown kind"),
        ({"country": "pk"}, "ISO"),
        ({"country": "PAK"}, "ISO"),
        ({"country": ""}, "exactly for an area or a world region"),
        ({"lat": 134.0}, "lat"),
        ({"lon": -181}, "lon"),
        ({"lat": "34.0"}, "lat"),
        ({"lat": True}, "lat"),
        ({"aliases": "Pesh"}, "aliases must be a list"),
        ({"aliases": ["Peshawar"]}, "repeats"),
        ({"aliases": [" Pesh"]}, "whitespace"),
        ({"aliases": ["P"]}, "too short"),
        ({"aliases": ["Pw"]}, "too short"),
        ({"aliases": [""]}, "empty"),
        ({"aliases": [None]}, "non-string"),
    ],
)
def test_dictionaries_entry_check_rejects_bad_rows(change: dict[str, Any], complaint: str) -> None:
    row = {**GOOD_PLACE, **change}
    problems = _entry_problems(row, "place", PLACE_KEYS, PLACE_KINDS)
    assert any(complaint in problem for problem in problems), problems


def test_dictionaries_entry_check_accepts_good_row() -> None:
    assert _entry_problems(GOOD_PLACE, "place", PLACE_KEYS, PLACE_KINDS) == []


def test_dictionaries_entry_check_reports_missing_keys() -> None:
    row = {key: value for key, value in GOOD_PLACE.items() if key != "lat"}
    assert _entry_problems(row, "place", PLACE_KEYS, PLACE_KINDS) == ["missing keys ['lat']"]


def test_dictionaries_shared_name_check_finds_collisions() -> None:
    first = {"id": "organization/a", "label": "Alpha Front", "aliases": ["AF"]}
    second = {"id": "place/afghanistan", "label": "Afghanistan", "aliases": ["AF"], "demonyms": []}
    assert _shared_names([first, second]) == {"AF": ["organization/a", "place/afghanistan"]}


def test_dictionaries_folded_name_check_finds_near_duplicates() -> None:
    turkish = {"id": "organization/hdp", "label": "Peoples' Democratic Party", "aliases": ["HDP"]}
    nigerian = {
        "id": "organization/pdp",
        "label": "The Peoples Democratic Party",
        "aliases": ["PDP"],
    }
    assert _shared_folded_names([turkish, nigerian]) == {
        "peoples democratic party": ["organization/hdp", "organization/pdp"]
    }


def test_dictionaries_shared_name_check_is_case_sensitive() -> None:
    first = {"id": "organization/jem", "label": "JeM", "aliases": []}
    second = {"id": "organization/jem-2", "label": "JEM", "aliases": []}
    assert _shared_names([first, second]) == {}


@pytest.mark.parametrize(
    "alias,flagged",
    [
        ("Army", True),
        ("army", True),
        ("Front", True),
        ("May", True),
        ("The", True),
        ("US", False),
        ("IS", False),
        ("WHO", False),
        ("Hamas", False),
    ],
)
def test_dictionaries_common_word_check(alias: str, flagged: bool) -> None:
    entry = {"id": "organization/x", "label": "Example Group", "aliases": [alias]}
    assert bool(_common_word_names([entry])) is flagged


def test_dictionaries_common_word_allow_list_covers_labels_only() -> None:
    as_label = {"id": "organization/dawn", "label": "Dawn", "aliases": []}
    as_alias = {"id": "organization/x", "label": "Example Daily", "aliases": ["Dawn"]}
    assert _common_word_names([as_label]) == []
    assert _common_word_names([as_alias]) == [("organization/x", "Dawn")]


def test_dictionaries_strict_reader_rejects_comments_and_arrays(tmp_path: Path) -> None:
    commented = tmp_path / "commented.jsonl"
    commented.write_text('{"id": "place/a"}\n# a comment\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="commented.jsonl:2"):
        _read_strict_jsonl(commented)
    array = tmp_path / "array.jsonl"
    array.write_text('["place/a"]\n', encoding="utf-8")
    with pytest.raises(AssertionError, match="not a JSON object"):
        _read_strict_jsonl(array)


def test_dictionaries_load_through_resources() -> None:
    """The package loader reads the same rows the tests checked."""
    from actorgraph.resources import load_jsonl

    assert len(load_jsonl("dictionaries/organizations.jsonl")) == len(_read_strict_jsonl(ORG_FILE))
    assert len(load_jsonl("dictionaries/places.jsonl")) == len(_read_strict_jsonl(PLACE_FILE))


# --- the dictionaries and the gazetteer -----------------------------------------------------


# Kosovo's code is user-assigned (ISO 3166 reserves XK for it); pycountry leaves it out.
USER_ASSIGNED_CODES = {"XK"}


def test_dictionaries_country_codes_are_iso_3166(places) -> None:
    """The gazetteer places a country named by its ISO name (pycountry) at the dictionary's
    point for that code, so every country row's code must be a real alpha-2."""
    import pycountry

    iso = {country.alpha_2 for country in pycountry.countries} | USER_ASSIGNED_CODES
    assert sorted({row["country"] for row in places if row["country"]} - iso) == []


@pytest.mark.parametrize("name", ["Tripoli", "Hyderabad"])
def test_dictionaries_leave_namesakes_to_the_article(organizations, places, name: str) -> None:
    """A city name two countries' news both use is no dictionary entry (which would fix it to
    one country): the gazetteer decides it by the article's country."""
    from actorgraph.extract.gazetteer import candidates

    assert name not in _index(organizations + places)
    assert len({place.country for place in candidates(name)}) > 1


def test_dictionaries_parents_and_allies_are_entries(organizations) -> None:
    """Every 'part_of' and 'allied_with' id names an organization of the dictionary."""
    ids = {row["id"] for row in organizations}
    dangling = {
        (row["id"], other)
        for row in organizations
        for relation in ("part_of", "allied_with")
        for other in row.get(relation, [])
        if other not in ids
    }
    assert dangling == set()
