"""The named queries answer the seed article's questions, and both SPARQL engines agree on them.

The seed graph is built once per session by the ``seed_build`` fixture (needs
the trained spaCy model). The expected answers are what the DW article says;
an assertion failing here is an extraction regression, not a test to loosen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import rounded
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery

from actorgraph.query import QueryResult, named_queries, run_query
from actorgraph.vocab import PREFIXES

pytestmark = pytest.mark.model

TTP = "Tehreek-e-Taliban Pakistan"
JUA = "Jamaat-ul-Ahrar"


@pytest.fixture(scope="module")
def seed_ttl(seed_build) -> Path:
    return next(path for path in seed_build.outputs if path.name == "graph.ttl")


def _records(result: QueryResult) -> list[dict[str, str]]:
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def test_queries_seed_claims(seed_ttl: Path) -> None:
    records = _records(run_query(seed_ttl, "claims"))
    peshawar = {
        r["claimant"] for r in records if "Peshawar" in r["event"] and r["date"] == "2023-01-30"
    }
    assert {TTP, JUA} <= peshawar
    assert all(r["evidence"] and r["source"] for r in records)


def test_queries_seed_factions(seed_ttl: Path) -> None:
    rows = run_query(seed_ttl, "factions").rows
    assert [TTP, JUA, "Omar Khalid Khurasani"] in rows


@pytest.mark.parametrize(
    ("place", "month", "fatalities"),
    [("Peshawar", "2023-01", "100"), ("Lahore", "2016-03", "75"), ("Peshawar", "2014", "150")],
)
def test_queries_seed_events_by_place_month(
    seed_ttl: Path, place: str, month: str, fatalities: str
) -> None:
    records = _records(run_query(seed_ttl, "events_by_place_month"))
    assert [r["fatalities"] for r in records if (r["place"], r["month"]) == (place, month)] == [
        fatalities
    ]


def test_queries_seed_positions(seed_ttl: Path) -> None:
    records = _records(run_query(seed_ttl, "positions"))
    assert {
        "person": "Bilawal Bhutto-Zardari",
        "relation": "holds position",
        "role": "Foreign Minister",
        "organization": "Pakistan",
    }.items() <= next(r for r in records if r["person"] == "Bilawal Bhutto-Zardari").items()


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_queries_seed_rdflib_and_oxigraph_agree(seed_ttl: Path, name: str) -> None:
    """The store run_query uses (pyoxigraph) gives rdflib's rows, decimals rounded."""
    ours = run_query(seed_ttl, name)
    text = named_queries()[name].read_text(encoding="utf-8")
    result = Graph().parse(seed_ttl, format="turtle").query(prepareQuery(text, initNs=PREFIXES))
    columns = [str(var) for var in result.vars]
    theirs = [["" if row[c] is None else str(row[c]) for c in columns] for row in result]
    assert ours.columns == columns
    assert ours.rows, f"{name} answers nothing on the seed graph"
    assert sorted(map(rounded, ours.rows)) == sorted(map(rounded, theirs))


def test_queries_seed_events_in_range_finds_the_month_dated_cease_fire(seed_ttl: Path) -> None:
    """The seed dates the cease-fire's end only to November 2022: the default range (from 15
    November 2022) finds it beside the day-dated bombing; 2021 and 2014 stay out."""
    records = _records(run_query(seed_ttl, "events_in_range"))
    by_date = {r["date"]: r for r in records}
    assert set(by_date) == {"2022-11", "2023-01-30"}
    assert (by_date["2022-11"]["dateStart"], by_date["2022-11"]["dateEnd"]) == (
        "2022-11-01",
        "2022-11-30",
    )
    assert "Peshawar" in by_date["2023-01-30"]["places"]
    assert [r["date"] for r in records] == ["2022-11", "2023-01-30"]  # by the first day
