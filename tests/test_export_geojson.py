"""graph.geojson: RFC 7946 rules checked here, and the file read back by the ``geojson`` package.

The checks of RFC 7946 are one function (``rfc7946_problems``) that returns what it found
wrong; it runs on every export (expecting nothing) and on broken documents (expecting its
complaint), so a check that stops working fails too.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import add_edge, add_node, xml_clean

from actorgraph.export import DEFAULT_FORMATS, EXPORTERS, export, format_for
from actorgraph.export.geojson import write_geojson

BOMBING = "event/peshawar-mosque-suicide-bombing-2023-01-30"
PESHAWAR = [71.578, 34.008]  # [lon, lat]


# --- RFC 7946, as a checker ----------------------------------------------------------------


def rfc7946_problems(document: Any) -> list[str]:
    """What in ``document`` breaks RFC 7946 for a FeatureCollection of Point features."""
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        return ["top level is not a FeatureCollection object (section 3.3)"]
    problems = []
    if "crs" in document:
        problems.append("crs member (removed by RFC 7946, section 4)")
    features = document.get("features")
    if not isinstance(features, list):
        return problems + ["features is not an array (section 3.3)"]
    for number, feature in enumerate(features):
        problems += [f"feature {number}: {p}" for p in _feature_problems(feature)]
    return problems


def _feature_problems(feature: Any) -> list[str]:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        return ["not a Feature object (section 3.2)"]
    problems = []
    if "properties" not in feature or not isinstance(feature["properties"], (dict, type(None))):
        problems.append("properties missing or not an object (section 3.2)")
    if "id" in feature and not isinstance(feature["id"], (str, int, float)):
        problems.append("id is neither a string nor a number (section 3.2)")
    geometry = feature.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return problems + ["geometry is not a Point (section 3.1.2)"]
    return problems + _position_problems(geometry.get("coordinates"))


def _position_problems(position: Any) -> list[str]:
    """A position is [longitude, latitude] in WGS84 decimal degrees (sections 3.1.1, 4)."""
    if not isinstance(position, list) or len(position) not in (2, 3):
        return ["position is not an array of two or three numbers (section 3.1.1)"]
    if not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in position):
        return ["position holds a non-number (section 3.1.1)"]
    if not all(math.isfinite(n) for n in position):
        return ["position holds a non-finite number"]
    lon, lat = position[:2]
    problems = []
    if not -180 <= lon <= 180:
        problems.append(f"longitude {lon} outside [-180, 180] (section 4)")
    if not -90 <= lat <= 90:
        problems.append(f"latitude {lat} outside [-90, 90] (section 4)")
    return problems


def _point(position: list[float]) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": position},
        "properties": {},
    }


@pytest.mark.parametrize(
    "document,complaint",
    [
        ([], "not a FeatureCollection"),
        ({"type": "Feature"}, "not a FeatureCollection"),
        ({"type": "FeatureCollection", "features": {}}, "not an array"),
        ({"type": "FeatureCollection", "features": [], "crs": {}}, "crs"),
        ({"type": "FeatureCollection", "features": [{"type": "Point"}]}, "not a Feature"),
        ({"type": "FeatureCollection", "features": [_point([34.0, 171.5])]}, "latitude"),
        ({"type": "FeatureCollection", "features": [_point([-190.0, 10.0])]}, "longitude"),
        ({"type": "FeatureCollection", "features": [_point(["71", "34"])]}, "non-number"),
        ({"type": "FeatureCollection", "features": [_point([71.0])]}, "two or three"),
        (
            {
                "type": "FeatureCollection",
                "features": [{**_point([1.0, 2.0]), "geometry": {"type": "LineString"}}],
            },
            "not a Point",
        ),
        (
            {"type": "FeatureCollection", "features": [{**_point([1.0, 2.0]), "id": [1]}]},
            "id",
        ),
    ],
)
def test_geojson_checker_catches_broken_documents(document, complaint) -> None:
    problems = rfc7946_problems(document)
    assert any(complaint in problem for problem in problems), problems


# --- the export ------------------------------------------------------------------------------


def _write(graph, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "graph.geojson"
    write_geojson(graph, path)
    text = path.read_text(encoding="utf-8")
    document = json.loads(text)
    assert rfc7946_problems(document) == []
    return document


def _by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {feature["id"]: feature for feature in document["features"]}


def test_geojson_is_registered_and_written_by_default() -> None:
    assert EXPORTERS["geojson"].writer == "actorgraph.export.geojson:write"
    assert "geojson" in DEFAULT_FORMATS
    assert format_for(Path("out/graph.geojson")) == "geojson"


def test_geojson_event_at_its_place_with_its_facts(small_graph, tmp_path) -> None:
    features = _by_id(_write(small_graph, tmp_path))
    bombing = features[BOMBING]
    assert bombing["geometry"] == {"type": "Point", "coordinates": PESHAWAR}  # [lon, lat]
    assert bombing["properties"] == {
        "node_type": "Event",
        "id": BOMBING,
        "name": "Peshawar mosque suicide bombing (2023-01-30)",
        "type": "suicide_bombing",
        "date": "2023-01-30",
        "date_start": "2023-01-30",
        "date_end": "2023-01-30",
        "fatalities": 100,
        "injured": 225,
        "perpetrators": [],
        "claimants": ["Jamaat-ul-Ahrar"],
        "place": "Peshawar",
        "place_id": "place/peshawar",
        "summary": "At least 100 people were killed in a suicide bombing at a mosque in Peshawar.",
        "sources": ["dw-2023-01-31.txt"],
        "source_labels": ["dw-2023-01-31.txt"],  # the graph has no article metadata
    }


def test_geojson_places_with_coordinates_are_points(small_graph, tmp_path) -> None:
    features = _by_id(_write(small_graph, tmp_path))
    places = {k: f for k, f in features.items() if f["properties"]["node_type"] == "Place"}
    assert set(places) == {"place/peshawar", "place/pakistan"}
    assert places["place/pakistan"]["geometry"]["coordinates"] == [70.0, 30.0]
    assert places["place/peshawar"]["properties"] == {
        "node_type": "Place",
        "id": "place/peshawar",
        "name": "Peshawar",
        "country": "PK",
        "mentions": 4,
        "events": 1,
        "sources": ["dw-2023-01-31.txt"],
        "source_labels": ["dw-2023-01-31.txt"],
    }


def test_geojson_sources_read_as_headline_outlet_and_date(small_graph, tmp_path) -> None:
    small_graph.graph["articles"] = (
        {
            "source": "dw-2023-01-31.txt",
            "title": "Pakistan: <b>Peshawar</b> mosque blast",
            "url": "https://www.dw.com/en/a-64555408",
            "published": "2023-01-31",
            "publisher": "DW",
        },
    )
    properties = _by_id(_write(small_graph, tmp_path))[BOMBING]["properties"]
    assert properties["sources"] == ["dw-2023-01-31.txt"]
    assert properties["source_labels"] == [
        "Pakistan: <b>Peshawar</b> mosque blast — DW, 2023-01-31"
    ]


def test_geojson_leaves_out_what_a_map_cannot_show(small_graph, tmp_path) -> None:
    """An event with no located place, and places without coordinates or with numbers outside
    WGS84 (a swapped pair, NaN, text), are not features; flat values that are numbers are."""
    add_node(small_graph, "place/nowhere", "Nowhere", "Place")
    add_node(small_graph, "place/swapped", "Swapped", "Place", lat=151.2, lon=-33.9)
    add_node(small_graph, "place/nan", "NaN", "Place", lat=float("nan"), lon=1.0)
    add_node(small_graph, "place/text", "Text", "Place", lat="north", lon="east")
    add_node(small_graph, "place/flat", "Flat", "Place", lat="-33.5", lon="151.25")
    add_edge(small_graph, "event/pakistan-attack-2016-03", "occurred_in", "place/nowhere")
    features = _by_id(_write(small_graph, tmp_path))
    assert "event/pakistan-attack-2016-03" not in features
    assert not {"place/nowhere", "place/swapped", "place/nan", "place/text"} & set(features)
    assert features["place/flat"]["geometry"]["coordinates"] == [151.25, -33.5]


def test_geojson_event_goes_to_its_most_confident_located_place(small_graph, tmp_path) -> None:
    event = "event/pakistan-attack-2016-03"
    add_node(small_graph, "place/quetta", "Quetta", "Place", lat=30.18, lon=66.99, country="PK")
    add_node(small_graph, "place/unlocated", "Unlocated", "Place")
    add_edge(small_graph, event, "occurred_in", "place/pakistan", confidence=0.5)
    add_edge(small_graph, event, "occurred_in", "place/quetta", confidence=0.8)
    add_edge(small_graph, event, "occurred_in", "place/unlocated", confidence=0.99)
    add_edge(small_graph, "organization/tehreek-e-taliban-pakistan", "perpetrated", event)
    feature = _by_id(_write(small_graph, tmp_path))[event]
    assert feature["geometry"]["coordinates"] == [66.99, 30.18]
    assert feature["properties"]["place"] == "Quetta"
    assert feature["properties"]["perpetrators"] == ["Tehreek-e-Taliban Pakistan"]
    assert feature["properties"]["fatalities"] is None
    assert (feature["properties"]["date_start"], feature["properties"]["date_end"]) == (
        "2016-03-01",
        "2016-03-31",
    )


def test_geojson_hostile_names_stay_plain_strings(hostile_graph, hostile_text, tmp_path) -> None:
    document = _write(hostile_graph, tmp_path)
    features = _by_id(document)
    event = features["event/evil"]["properties"]
    assert event["name"] == "</script><script>alert(2)</script>"
    assert event["summary"] == xml_clean(hostile_text)
    assert event["claimants"] == [hostile_graph.nodes["organization/long"]["label"]]
    assert event["place"] == xml_clean(f"Place {hostile_text}")
    place = features["place/evil"]
    assert place["geometry"]["coordinates"] == [151.25, -33.5]
    assert place["properties"]["country"] == "PK"  # the control character is dropped
    raw = (tmp_path / "graph.geojson").read_text(encoding="utf-8")
    assert "\r" not in raw and all(line.startswith(("{", "]")) for line in raw.splitlines())


def test_geojson_read_back_by_the_geojson_package(small_graph, tmp_path) -> None:
    geojson = pytest.importorskip("geojson", reason="the test extra geojson is not installed")
    path = tmp_path / "graph.geojson"
    export(small_graph, path)
    collection = geojson.loads(path.read_text(encoding="utf-8"))
    assert isinstance(collection, geojson.FeatureCollection)
    assert collection.is_valid, collection.errors()
    points = {f.id: f for f in collection.features}
    assert all(isinstance(f.geometry, geojson.Point) for f in points.values())
    assert list(points[BOMBING].geometry.coordinates) == PESHAWAR
    assert points[BOMBING].properties["claimants"] == ["Jamaat-ul-Ahrar"]


# --- a real build ------------------------------------------------------------------------------


@pytest.mark.model
def test_geojson_of_the_seed_build(seed_build, seed_out) -> None:
    """The seed article's build writes graph.geojson with the rest; its events are drawn at
    their places, the Peshawar bombing at Peshawar with Jamaat-ul-Ahrar's claim."""
    path = seed_out / "graph.geojson"
    assert path in seed_build.outputs
    document = json.loads(path.read_text(encoding="utf-8"))
    assert rfc7946_problems(document) == []
    graph = seed_build.graph
    events = [f for f in document["features"] if f["properties"]["node_type"] == "Event"]
    assert events
    for feature in events:
        place = graph.nodes[feature["properties"]["place_id"]]
        assert feature["geometry"]["coordinates"] == [
            round(place["lon"], 6),
            round(place["lat"], 6),
        ]
    peshawar = [f for f in events if f["properties"]["place"] == "Peshawar"]
    assert any("Jamaat-ul-Ahrar" in f["properties"]["claimants"] for f in peshawar), peshawar
