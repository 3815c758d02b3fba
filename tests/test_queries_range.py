"""events_in_range.rq: a range of days finds events dated to a day, a month or a year.

The query's range is its VALUES line; each case here rewrites it, as the query's comment tells
a user to, and runs it on both SPARQL engines (pyoxigraph through ``run_query``, rdflib).
The boundaries are the point: a month-dated event is in a range that touches only its last
day, and out of one that starts the day after.
"""

from __future__ import annotations

import re
from pathlib import Path

import networkx as nx
import pytest
from conftest import add_edge, add_node
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from actorgraph.export.rdf import write_turtle
from actorgraph.query import named_queries, run_query
from actorgraph.vocab import PREFIXES

RANGE = re.compile(
    r'VALUES \(\?from \?to\) \{ \("([0-9-]+)"\^\^xsd:date "([0-9-]+)"\^\^xsd:date\) \}'
)
EVENTS = {
    "event/day": ("Kabul bombing (2023-01-30)", "2023-01-30"),
    "event/month": ("Pakistan cease-fire (2022-11)", "2022-11"),
    "event/year": ("Peshawar attack (2014)", "2014"),
    "event/leap": ("Quetta blast (2024-02)", "2024-02"),
    "event/undated": ("Undated protest", ""),
    "event/text": ("Attack last year", "last year"),
}


@pytest.fixture(scope="module")
def graph_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    graph = nx.MultiDiGraph(name="actorgraph")
    add_node(graph, "place/peshawar", "Peshawar", "Place", country="PK")
    for key, (label, date) in EVENTS.items():
        add_node(graph, key, label, "Event", event_type="bombing", date=date)
    add_edge(graph, "event/year", "occurred_in", "place/peshawar")
    path = tmp_path_factory.mktemp("range") / "graph.ttl"
    write_turtle(graph, path)
    return path


def _query(start: str, end: str) -> str:
    text = named_queries()["events_in_range"].read_text(encoding="utf-8")
    replaced, count = RANGE.subn(
        f'VALUES (?from ?to) {{ ("{start}"^^xsd:date "{end}"^^xsd:date) }}', text
    )
    assert count == 1, "events_in_range.rq must set its range in one VALUES line"
    return replaced


def _events(graph_file: Path, sparql: str) -> list[str]:
    """The ?event column, from pyoxigraph; rdflib must give the same rows."""
    ours = run_query(graph_file, sparql)
    theirs = Graph().parse(graph_file, format="turtle").query(prepareQuery(sparql, initNs=PREFIXES))
    assert ours.rows == [
        ["" if row[column] is None else str(row[column]) for column in ours.columns]
        for row in theirs
    ]
    return [row[ours.columns.index("event")] for row in ours.rows]


def test_queries_range_default_range_is_documented_and_finds_a_month(graph_file: Path) -> None:
    text = named_queries()["events_in_range"].read_text(encoding="utf-8")
    (start, end) = RANGE.search(text).groups()
    assert text.startswith("#") and "15 November 2022 to 31 January 2023" in text
    assert (start, end) == ("2022-11-15", "2023-01-31")
    assert _events(graph_file, text) == [
        "Pakistan cease-fire (2022-11)",
        "Kabul bombing (2023-01-30)",
    ]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # a range inside the month, or touching only its last day, finds the month
        ("2022-11-10", "2022-11-20", ["Pakistan cease-fire (2022-11)"]),
        ("2022-10-01", "2022-11-01", ["Pakistan cease-fire (2022-11)"]),
        ("2022-11-30", "2022-12-05", ["Pakistan cease-fire (2022-11)"]),
        ("2022-12-01", "2023-01-29", []),
        # a year: its last day and the new year's first
        ("2014-12-31", "2015-01-01", ["Peshawar attack (2014)"]),
        ("2013-01-01", "2013-12-31", []),
        # a day, on its own day only
        ("2023-01-30", "2023-01-30", ["Kabul bombing (2023-01-30)"]),
        ("2023-01-31", "2023-02-28", []),
        # February of a leap year ends on the 29th
        ("2024-02-29", "2024-03-01", ["Quetta blast (2024-02)"]),
        # a range the wrong way round holds no day at all
        ("2023-01-31", "2022-11-15", []),
        # everything: ordered by the first day, undated and unreadable events never in a range
        (
            "0001-01-01",
            "9999-12-31",
            [
                "Peshawar attack (2014)",
                "Pakistan cease-fire (2022-11)",
                "Kabul bombing (2023-01-30)",
                "Quetta blast (2024-02)",
            ],
        ),
    ],
)
def test_queries_range_overlaps_at_every_precision(
    graph_file: Path, start: str, end: str, expected: list[str]
) -> None:
    assert _events(graph_file, _query(start, end)) == expected


def test_queries_range_filter_on_the_date_as_written_drops_the_month(graph_file: Path) -> None:
    """The bug the interval fixes: the same range on schema:startDate loses the month."""
    naive = (
        "SELECT ?event WHERE { ?e schema:name ?event ; schema:startDate ?date ."
        ' FILTER (?date >= "2022-11-10"^^xsd:date && ?date <= "2022-11-20"^^xsd:date) }'
    )
    assert _events(graph_file, naive) == []
    assert _events(graph_file, _query("2022-11-10", "2022-11-20")) == [
        "Pakistan cease-fire (2022-11)"
    ]


def test_queries_range_columns(graph_file: Path) -> None:
    result = run_query(graph_file, _query("2014-06-01", "2014-06-30"))
    row = dict(zip(result.columns, result.rows[0], strict=True))
    assert row == {
        "event": "Peshawar attack (2014)",
        "date": "2014",
        "dateStart": "2014-01-01",
        "dateEnd": "2014-12-31",
        "eventType": "bombing",
        "places": "Peshawar",
        "fatalities": "",
    }


@pytest.mark.parametrize("name", ["claims", "ledger"])
def test_queries_range_named_queries_sort_every_precision_by_its_first_day(
    tmp_path: Path, name: str
) -> None:
    """Sorting the dates as written mixes three datatypes, whose order SPARQL leaves open
    (rdflib put every xsd:date before every gYear); the first day sorts them on both engines."""
    graph = nx.MultiDiGraph(name="actorgraph")
    add_node(graph, "organization/x", "X", "Organization")
    for date in ("2016-03", "2014", "2015-06-01", "2015-12", "2013-12-31"):
        add_node(
            graph, f"event/{date}", f"Attack ({date})", "Event", event_type="bombing", date=date
        )
        add_edge(graph, "organization/x", "claimed_responsibility", f"event/{date}")
    path = tmp_path / "graph.ttl"
    write_turtle(graph, path)
    expected = ["2013-12-31", "2014", "2015-06-01", "2015-12", "2016-03"]
    ours = run_query(path, name)
    assert [row[ours.columns.index("date")] for row in ours.rows] == expected
    text = named_queries()[name].read_text(encoding="utf-8")
    theirs = Graph().parse(path, format="turtle").query(prepareQuery(text, initNs=PREFIXES))
    assert [str(row["date"]) for row in theirs] == expected
