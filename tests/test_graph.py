"""build_graph: per-article extractions merge into one graph, node by node and edge by edge.

The extractions are built by hand from model.py's dataclasses, so these tests
need neither spaCy nor the extractor.
"""

from __future__ import annotations

import pytest
from conftest import extraction_of

from actorgraph.export import schema
from actorgraph.graph import PROVENANCE_KEPT, ReadingLog, build_graph, most_connected
from actorgraph.model import (
    ArticleExtraction,
    EntityRecord,
    EventRecord,
    Reading,
    Statement,
)
from actorgraph.resources import relation_vocabulary

TTP = "organization/tehreek-e-taliban-pakistan"
JUA = "organization/jamaat-ul-ahrar"
PESHAWAR = "place/peshawar"
PAKISTAN = "place/pakistan"
KHURASANI = "person/omar-khalid-khurasani"
BOMBING = "event/peshawar-mosque-suicide-bombing-2023-01-30"


def _entity(
    key: str,
    label: str,
    type_: str,
    aliases: set[str] | None = None,
    mentions: int = 1,
    **extra: object,
) -> EntityRecord:
    return EntityRecord(key, label, type_, set(aliases or ()), mentions, **extra)


def _bombing(**extra: object) -> EventRecord:
    attrs = {
        "key": BOMBING,
        "label": "Peshawar mosque suicide bombing (2023-01-30)",
        "event_type": "suicide_bombing",
        "date": "2023-01-30",
        "place": PESHAWAR,
        "summary": "A suicide bomber struck a mosque in Peshawar.",
        "mentions": 2,
    }
    attrs.update(extra)
    return EventRecord(**attrs)


def _claim(evidence: str, confidence: float, start: int = 0) -> Statement:
    return Statement(
        JUA, "claimed_responsibility", BOMBING, evidence, start, start + len(evidence), confidence
    )


def test_graph_same_key_in_two_articles_is_one_node():
    first = extraction_of(
        "a.txt", [_entity(TTP, "Tehreek-e-Taliban Pakistan", "Organization", {"TTP"}, mentions=3)]
    )
    second = extraction_of(
        "b.txt",
        [
            _entity(
                TTP,
                "Tehreek-e-Taliban Pakistan",
                "Organization",
                {"Pakistani Taliban", "TPP"},
                mentions=4,
            )
        ],
    )
    graph = build_graph([first, second])
    assert list(graph.nodes) == [TTP]
    node = graph.nodes[TTP]
    assert node["id"] == TTP
    assert node["type"] == "Organization"
    assert node["mentions"] == 7
    assert node["aliases"] == ("Pakistani Taliban", "TPP", "TTP")  # sorted
    assert node["sources"] == ("a.txt", "b.txt")
    assert graph.graph["sources"] == ("a.txt", "b.txt")


@pytest.mark.parametrize("order", [("short", "long"), ("long", "short")])
def test_graph_longer_label_wins_and_shorter_becomes_alias(order):
    labels = {"short": "TTP", "long": "Tehreek-e-Taliban Pakistan"}
    extractions = [
        extraction_of(f"{name}.txt", [_entity(TTP, labels[name], "Organization")]) for name in order
    ]
    node = build_graph(extractions).nodes[TTP]
    assert node["label"] == "Tehreek-e-Taliban Pakistan"
    assert node["aliases"] == ("TTP",)


def test_graph_label_never_listed_among_its_aliases():
    first = extraction_of(
        "a.txt", [_entity(TTP, "TTP", "Organization", {"Tehreek-e-Taliban Pakistan"})]
    )
    second = extraction_of("b.txt", [_entity(TTP, "Tehreek-e-Taliban Pakistan", "Organization")])
    node = build_graph([first, second]).nodes[TTP]
    assert node["label"] == "Tehreek-e-Taliban Pakistan"
    assert "Tehreek-e-Taliban Pakistan" not in node["aliases"]


@pytest.mark.parametrize(
    "labels",
    [
        ("Jamaat-ul-Ahrar", "Jamaat ul-Ahrar", "JuA"),
        ("JuA", "Jamaat ul-Ahrar", "Jamaat-ul-Ahrar"),
        ("Jamaat ul-Ahrar", "JuA", "Jamaat-ul-Ahrar"),
    ],
)
def test_graph_label_and_aliases_do_not_depend_on_article_order(labels):
    """Equal-length names tie; the choice must still be the same in every order."""
    extractions = [
        extraction_of(f"{i}.txt", [_entity(JUA, label, "Organization")])
        for i, label in enumerate(labels)
    ]
    node = build_graph(extractions).nodes[JUA]
    reference = build_graph(sorted(extractions, key=lambda e: e.article.source, reverse=True))
    assert (node["label"], node["aliases"]) == (
        reference.nodes[JUA]["label"],
        reference.nodes[JUA]["aliases"],
    )
    assert {node["label"], *node["aliases"]} == set(labels)
    assert node["mentions"] == 3


def test_graph_node_values_are_scalars():
    """GraphML and pyvis take scalars only: node values are scalars or tuples of names
    (aliases, sources), which ``export/schema.py`` joins with '|'."""
    extraction = extraction_of(
        "a.txt",
        [
            _entity(TTP, "Tehreek-e-Taliban Pakistan", "Organization", {"TTP", "TPP"}),
            _entity(PESHAWAR, "Peshawar", "Place", lat=34.0, lon=71.5, country="PK"),
        ],
        [_bombing(fatalities=100, injured=None)],
    )
    graph = build_graph([extraction])
    for _, data in graph.nodes(data=True):
        for key, value in data.items():
            names = isinstance(value, tuple) and all(isinstance(name, str) for name in value)
            assert isinstance(value, (str, int, float)) or names, (key, value)
        for key, value in schema.flat(data).items():
            assert isinstance(value, (str, int, float)), (key, value)
    assert schema.flat(graph.nodes[TTP])["aliases"] == "TPP|TTP"
    place = graph.nodes[PESHAWAR]
    assert (place["lat"], place["lon"], place["country"]) == (34.0, 71.5, "PK")
    assert "lat" not in graph.nodes[TTP]
    event = graph.nodes[BOMBING]
    assert event["type"] == "Event"
    assert event["fatalities"] == 100
    assert "injured" not in event  # unknown stays absent, never None or 0


def test_graph_event_seen_twice_keeps_date_and_highest_counts():
    first = extraction_of("a.txt", events=[_bombing(fatalities=44, injured=None)])
    second = extraction_of(
        "b.txt", events=[_bombing(date="", fatalities=100, injured=225, summary="")]
    )
    event = build_graph([first, second]).nodes[BOMBING]
    assert event["date"] == "2023-01-30"
    assert event["fatalities"] == 100
    assert event["injured"] == 225
    assert event["summary"] == "A suicide bomber struck a mosque in Peshawar."
    assert event["mentions"] == 4


def _claim_extractions(first: Statement, second: Statement) -> list[ArticleExtraction]:
    actors = [_entity(JUA, "Jamaat-ul-Ahrar", "Organization")]
    return [
        extraction_of("a.txt", actors, [_bombing()], [first]),
        extraction_of("b.txt", actors, [_bombing()], [second]),
    ]


@pytest.mark.parametrize("weak_first", [True, False])
def test_graph_edge_seen_twice_keeps_most_confident_evidence(weak_first):
    weak = _claim("JuA is suspected of the attack.", 0.4, start=5)
    strong = _claim("Jamaat-ul-Ahrar claimed responsibility for the attack.", 0.9, start=50)
    first, second = (weak, strong) if weak_first else (strong, weak)
    graph = build_graph(_claim_extractions(first, second))
    edges = list(graph.edges(keys=True, data=True))
    assert len(edges) == 1
    subject, obj, key, data = edges[0]
    assert (subject, obj, key) == (JUA, BOMBING, "claimed_responsibility")
    assert data["evidence"] == strong.evidence
    assert (data["start"], data["end"]) == (strong.start, strong.end)
    assert data["confidence"] == 0.9
    assert data["source"] == ("b.txt" if weak_first else "a.txt")


def test_graph_edge_attributes_follow_the_schema():
    statement = Statement(
        KHURASANI,
        "leader_of",
        JUA,
        "its leader, Omar Khalid Khurasani",
        10,
        43,
        0.87654,
        role="leader",
        date="2016",
        rule="roles:person:leader",
    )
    extraction = extraction_of(
        "a.txt",
        [
            _entity(KHURASANI, "Omar Khalid Khurasani", "Person"),
            _entity(JUA, "Jamaat-ul-Ahrar", "Organization"),
        ],
        statements=[statement],
    )
    data = build_graph([extraction]).edges[KHURASANI, JUA, "leader_of"]
    assert data == {
        "relation": "leader_of",
        "label": relation_vocabulary()["leader_of"]["label"],
        "evidence": "its leader, Omar Khalid Khurasani",
        "source": "a.txt",
        "start": 10,
        "end": 43,
        "confidence": 0.877,
        "role": "leader",
        "date": "2016",
        "sources": ("a.txt",),
        "readings": 1,
        "provenance": (
            Reading(
                source="a.txt",
                evidence="its leader, Omar Khalid Khurasani",
                start=10,
                end=43,
                confidence=0.877,
                rule="roles:person:leader",
            ),
        ),
    }


def test_graph_edge_keeps_every_reading_across_articles():
    def reading(source, confidence):
        statement = Statement(
            JUA, "claimed_responsibility", BOMBING, f"claim in {source}", 0, 9, confidence
        )
        return extraction_of(
            source,
            [_entity(JUA, "Jamaat-ul-Ahrar", "Organization")],
            events=[_bombing()],
            statements=[statement],
        )

    graph = build_graph([reading("a.txt", 0.6), reading("b.txt", 0.9)])
    data = graph.edges[JUA, BOMBING, "claimed_responsibility"]
    assert data["sources"] == ("a.txt", "b.txt")
    assert [r.source for r in data["provenance"]] == ["a.txt", "b.txt"]
    assert data["evidence"] == "claim in b.txt"


@pytest.mark.parametrize(
    "subject,obj",
    [
        (JUA, "event/never-extracted"),
        ("organization/never-extracted", BOMBING),
        ("organization/never-extracted", "event/never-extracted"),
    ],
)
def test_graph_edge_with_missing_end_is_dropped(subject, obj):
    statement = Statement(subject, "claimed_responsibility", obj, "claimed it", 0, 10, 0.9)
    extraction = extraction_of(
        "a.txt", [_entity(JUA, "Jamaat-ul-Ahrar", "Organization")], [_bombing()], [statement]
    )
    graph = build_graph([extraction])
    assert graph.number_of_edges() == 0
    assert set(graph.nodes) == {JUA, BOMBING}  # no placeholder node is invented


def test_graph_edge_may_point_at_node_from_another_article():
    """Nodes are added before edges per article, and earlier articles' nodes count too."""
    first = extraction_of("a.txt", [_entity(JUA, "Jamaat-ul-Ahrar", "Organization")])
    second = extraction_of(
        "b.txt", events=[_bombing()], statements=[_claim("Jamaat-ul-Ahrar claimed it.", 0.9)]
    )
    assert build_graph([first, second]).has_edge(JUA, BOMBING, key="claimed_responsibility")


def test_graph_empty_input_gives_empty_graph():
    graph = build_graph([])
    assert graph.number_of_nodes() == 0
    assert graph.is_directed() and graph.is_multigraph()


def test_graph_most_connected_orders_by_degree_then_label_and_skips_events():
    entities = [
        _entity(PAKISTAN, "Pakistan", "Place"),
        _entity(TTP, "Tehreek-e-Taliban Pakistan", "Organization"),
        _entity(JUA, "Jamaat-ul-Ahrar", "Organization"),
        _entity(KHURASANI, "Omar Khalid Khurasani", "Person"),
        _entity(PESHAWAR, "Peshawar", "Place"),
    ]
    statements = [
        Statement(TTP, "claimed_responsibility", BOMBING, "e1", 0, 2, 0.9),
        Statement(TTP, "opposes", PAKISTAN, "e2", 0, 2, 0.9),
        Statement(JUA, "part_of", TTP, "e3", 0, 2, 0.9),
        Statement(KHURASANI, "leader_of", JUA, "e4", 0, 2, 0.9),
        Statement(BOMBING, "occurred_in", PESHAWAR, "e5", 0, 2, 0.9),
        Statement(PESHAWAR, "located_in", PAKISTAN, "e6", 0, 2, 0.9),
    ]
    graph = build_graph([extraction_of("a.txt", entities, [_bombing()], statements)])
    # degrees: TTP 3, BOMBING 2 (an event: left out), JUA 2, Pakistan 2, Peshawar 2, Khurasani 1
    assert most_connected(graph) == [
        ("Tehreek-e-Taliban Pakistan", 3),
        ("Jamaat-ul-Ahrar", 2),
        ("Pakistan", 2),
        ("Peshawar", 2),
        ("Omar Khalid Khurasani", 1),
    ]
    assert most_connected(graph, limit=2) == [
        ("Tehreek-e-Taliban Pakistan", 3),
        ("Jamaat-ul-Ahrar", 2),
    ]
    assert all(label != _bombing().label for label, _ in most_connected(graph, limit=100))


def test_graph_most_connected_of_empty_graph_is_empty():
    assert most_connected(build_graph([])) == []


def test_graph_edge_keeps_the_most_confident_readings_and_counts_all(tmp_path):
    def reading(number):
        confidence = 0.5 + (number % 7) / 20
        statement = Statement(
            JUA,
            "claimed_responsibility",
            BOMBING,
            f"claim {number}",
            number,
            number + 9,
            confidence,
        )
        return extraction_of(
            f"{number:03d}.txt",
            [_entity(JUA, "Jamaat-ul-Ahrar", "Organization")],
            events=[_bombing()],
            statements=[statement],
        )

    with ReadingLog(tmp_path) as log:
        graph = build_graph((reading(n) for n in range(100)), readings=log)
        logged = list(log)
    data = graph.edges[JUA, BOMBING, "claimed_responsibility"]
    kept = data["provenance"]
    assert data["readings"] == 100 and len(data["sources"]) == 100
    assert len(kept) == PROVENANCE_KEPT
    strongest = [n for n in range(100) if n % 7 == 6]  # 14 readings at 0.8, then the first at 0.75
    ties = [n for n in range(100) if n % 7 == 5][: PROVENANCE_KEPT - len(strongest)]
    assert sorted(r.start for r in kept) == sorted(strongest + ties)
    assert [r.start for r in kept] == sorted(r.start for r in kept)  # in reading order
    assert [edge for edge, _ in logged] == [(JUA, BOMBING, "claimed_responsibility")] * 100
    assert [r.evidence for _, r in logged] == [f"claim {n}" for n in range(100)]
    assert not list(tmp_path.iterdir())  # the log deletes its file


def test_graph_reading_log_carries_hostile_text(tmp_path):
    hostile = 'x <script>alert("1")</script>\n\u202e \ud800 end'
    with ReadingLog(tmp_path) as log:
        log.add(
            ("a", "b", "opposes"),
            Reading(source="s\n.txt", evidence=hostile, start=0, end=1, confidence=1.0),
        )
        assert [reading.evidence for _, reading in log] == [hostile]
        assert [reading.evidence for _, reading in log] == [hostile]  # read as often as asked
