"""The claims ledger: actorgraph.ledger over real builds, its formats, and `actorgraph ledger`.

The seed and two-article tests read the GraphML that a real build writes (trained model);
what they expect is what the articles say: the DW piece has Jamaat-ul-Ahrar claiming the
Peshawar mosque bombing and the TTP claiming it then denying it; the Azaz article has the
Islamic State claiming the car bomb while Turkish officials blame the YPG. The format and
bad-input tests need nothing but networkx.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from conftest import actorgraph_script
from typer.testing import CliRunner

from actorgraph.cli import app
from actorgraph.errors import ExitCode, InputError
from actorgraph.ledger import (
    CONTESTED_BLAME,
    CONTESTED_CLAIMANTS,
    CONTESTED_DENIAL,
    CSV_COLUMNS,
    Attribution,
    LedgerEntry,
    contested_because,
    format_ledger,
    ledger,
    parse_ledger,
    read_graph,
)

PLAIN_ENV = {"COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb"}
AZAZ = "c07-azaz-car-bomb-is-claim-ypg-blamed.txt"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _peshawar_bombing(entries: list[LedgerEntry]) -> LedgerEntry:
    """The 2023 mosque bombing, found by what the article says: Peshawar, 2023-01-30."""
    found = [e for e in entries if "Peshawar" in e.place and e.date == "2023-01-30"]
    assert len(found) == 1, [(e.event, e.place, e.date) for e in entries]
    return found[0]


def _names(graph: nx.Graph, actor_id: str) -> set[str]:
    """Every name of the node with this id: its label and its aliases."""
    data = next(d for key, d in graph.nodes(data=True) if (d.get("id") or key) == actor_id)
    return {data["label"], *filter(None, str(data.get("aliases", "")).split("|"))}


def _article_text(path: Path) -> str:
    return _flat(path.read_text(encoding="utf-8"))


# --- the seed article -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_graph(seed_build, seed_out: Path) -> nx.MultiDiGraph:
    return read_graph(seed_out / "graph.graphml")


@pytest.mark.model
def test_ledger_seed_jamaat_ul_ahrar_claimed_ttp_claimed_then_denied(seed_graph, seed_dir):
    entry = _peshawar_bombing(ledger(seed_graph))
    text = " ".join(_article_text(path) for path in seed_dir.iterdir())
    claimed = {item.actor: item for item in entry.by_role("claimed")}
    denied = {item.actor: item for item in entry.by_role("denied")}
    assert {"Jamaat-ul-Ahrar", "Tehreek-e-Taliban Pakistan"} <= set(claimed)
    assert "Tehreek-e-Taliban Pakistan" in denied
    assert "Jamaat-ul-Ahrar has claimed responsibility" in claimed["Jamaat-ul-Ahrar"].evidence
    assert "TTP initially claimed responsibility" in claimed["Tehreek-e-Taliban Pakistan"].evidence
    assert "later denied the group was responsible" in denied["Tehreek-e-Taliban Pakistan"].evidence
    # the TTP's claim comes before its denial in the text
    ttp_claim, ttp_denial = (
        claimed["Tehreek-e-Taliban Pakistan"],
        denied["Tehreek-e-Taliban Pakistan"],
    )
    assert ttp_claim.source == ttp_denial.source and ttp_claim.start < ttp_denial.start
    for item in entry.attributions:
        assert _flat(item.evidence) in text  # each sentence is the article's own
        assert Path(item.source).name in {path.name for path in seed_dir.iterdir()}
    assert entry.fatalities is not None and entry.fatalities >= 100
    assert set(entry.contested_because) == {CONTESTED_CLAIMANTS, CONTESTED_DENIAL}


@pytest.mark.model
def test_ledger_seed_lists_events_without_attributions_only_with_all(seed_graph):
    listed = ledger(seed_graph)
    every = ledger(seed_graph, include_all=True)
    events = [key for key, data in seed_graph.nodes(data=True) if data["type"] == "Event"]
    assert len(every) == len(events)
    assert all(entry.attributions for entry in listed)
    assert {e.event_id for e in every if e.attributions} == {e.event_id for e in listed}
    assert len(listed) < len(every)  # the seed has events nobody claimed (the 2021 takeover)


@pytest.mark.model
def test_ledger_seed_cli_table_shows_claims_and_sentences(seed_graph, seed_out):
    result = CliRunner().invoke(app, ["ledger", str(seed_out / "graph.graphml")], env=PLAIN_ENV)
    assert result.exit_code == 0, result.output
    block = next(b for b in result.stdout.split("\n\n") if "date 2023-01-30" in b)
    assert "CONTESTED" in block
    assert "claimed     Jamaat-ul-Ahrar" in block
    assert "claimed     Tehreek-e-Taliban Pakistan" in block
    assert "denied      Tehreek-e-Taliban Pakistan" in block
    assert "later denied the group was responsible" in block


@pytest.mark.model
def test_ledger_named_query_agrees_with_the_graphml_ledger(seed_build, seed_graph, seed_out):
    from actorgraph.query import run_query

    result = run_query(seed_out / "graph.ttl", "ledger")
    records = [dict(zip(result.columns, row, strict=True)) for row in result.rows]
    peshawar = [r for r in records if r["date"] == "2023-01-30" and "Peshawar" in r["place"]]
    assert {(r["role"], r["actor"]) for r in peshawar} >= {
        ("claimed", "Jamaat-ul-Ahrar"),
        ("claimed", "Tehreek-e-Taliban Pakistan"),
        ("denied", "Tehreek-e-Taliban Pakistan"),
    }
    assert all(r["contested"] == "true" and r["evidence"] and r["source"] for r in peshawar)
    # every edge's shown sentence is one of the RDF statements, with the same contest flag
    sparql = {(r["event"], r["role"], r["actor"], r["evidence"], r["contested"]) for r in records}
    for entry in ledger(seed_graph):
        for item in entry.attributions:
            flag = "true" if entry.contested else "false"
            assert (entry.event, item.role, item.actor, item.evidence, flag) in sparql


# --- a claim and a third-party blame ---------------------------------------------------------


@pytest.fixture(scope="module")
def two_articles(needs_model, seed_dir, repo_root, tmp_path_factory) -> Path:
    """seeds/ plus the Azaz article (IS claims, Turkey blames the YPG), built once."""
    from actorgraph.pipeline import build

    out = tmp_path_factory.mktemp("ledger-two")
    build([seed_dir, repo_root / "tests" / "fixtures" / "articles" / AZAZ], out)
    return out / "graph.graphml"


def _azaz(entries: list[LedgerEntry]) -> LedgerEntry:
    found = [e for e in entries if any(Path(a.source).name == AZAZ for a in e.attributions)]
    assert len(found) == 1, [e.event for e in found]
    return found[0]


@pytest.mark.model
def test_ledger_claim_and_third_party_blame_is_contested(two_articles, repo_root):
    graph = read_graph(two_articles)
    entries = ledger(graph)
    entry = _azaz(entries)
    assert "Azaz" in entry.place
    (claim,) = entry.by_role("claimed")
    assert "Islamic State" in _names(graph, claim.actor_id)
    assert "claimed responsibility" in claim.evidence
    (blame,) = entry.by_role("blamed")
    assert "YPG" in _names(graph, blame.actor_id)
    assert blame.actor_id != claim.actor_id
    assert blame.by == "Turkey" and "Turkish officials" in blame.evidence
    text = _article_text(repo_root / "tests" / "fixtures" / "articles" / AZAZ)
    assert _flat(claim.evidence) in text and _flat(blame.evidence) in text
    assert entry.contested and CONTESTED_BLAME in entry.contested_because
    _peshawar_bombing(entries)  # the seed's incident is still there


@pytest.mark.model
def test_ledger_cli_contested_only_and_out_file(two_articles, tmp_path):
    out = tmp_path / "ledger.csv"
    args = ["ledger", str(two_articles), "--contested", "--out", str(out)]
    result = CliRunner().invoke(app, args, env=PLAIN_ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"wrote {out}" in result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows and all(row["contested"] == "yes" for row in rows)
    azaz = [row for row in rows if Path(row["source"]).name == AZAZ]
    assert {row["role"] for row in azaz} >= {"claimed", "blamed"}
    assert next(row for row in azaz if row["role"] == "blamed")["by"] == "Turkey"
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.csv"]  # no temporary file left


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_ledger_real_round_trip(two_articles, fmt):
    entries = ledger(read_graph(two_articles), include_all=True)
    assert parse_ledger(format_ledger(entries, fmt), fmt) == entries


# --- contest rules ----------------------------------------------------------------------------


def _a(role: str, actor: str) -> Attribution:
    return Attribution(role=role, actor_id=actor, actor=actor, evidence="", source="")


@pytest.mark.parametrize(
    ("attributions", "expected"),
    [
        ([_a("claimed", "A")], ()),
        ([_a("claimed", "A"), _a("claimed", "B")], (CONTESTED_CLAIMANTS,)),
        ([_a("claimed", "A"), _a("claimed", "A")], ()),
        ([_a("claimed", "A"), _a("denied", "A")], (CONTESTED_DENIAL,)),
        ([_a("claimed", "A"), _a("denied", "B")], (CONTESTED_DENIAL,)),
        ([_a("claimed", "A"), _a("blamed", "B")], (CONTESTED_BLAME,)),
        ([_a("claimed", "A"), _a("blamed", "A")], ()),
        ([_a("denied", "A"), _a("blamed", "A")], ()),  # accused and denying: not by itself
        ([_a("blamed", "A"), _a("blamed", "B")], ()),
        ([_a("perpetrated", "A"), _a("claimed", "B")], ()),
    ],
)
def test_ledger_contested_rules(attributions, expected):
    assert contested_because(attributions) == expected


# --- hand-built graphs: places, hostile names, formats ----------------------------------------


def test_ledger_small_graph_most_specific_place(small_graph):
    small_graph.add_edge(
        "event/peshawar-mosque-suicide-bombing-2023-01-30",
        "place/pakistan",
        key="occurred_in",
        relation="occurred_in",
    )
    (entry,) = ledger(small_graph)
    assert entry.place == "Peshawar"  # Peshawar lies in Pakistan
    assert entry.fatalities == 100 and entry.date == "2023-01-30"
    assert [(a.role, a.actor) for a in entry.attributions] == [("claimed", "Jamaat-ul-Ahrar")]
    assert not entry.contested


@pytest.fixture
def hostile_ledger_graph(hostile_graph, hostile_text, hostile_long_name) -> nx.MultiDiGraph:
    """hostile_graph plus a claim, a denial and an accused blamed by a hostile accuser."""
    evil = next(key for key, d in hostile_graph.nodes(data=True) if d["type"] == "Person")
    hostile_graph.add_node(
        "organization/formula",
        id="organization/formula",
        label='=HYPERLINK("http://evil.example","x")',
        type="Organization",
    )
    edges = [
        (evil, "claimed_responsibility", {}),
        ("organization/long", "denied_responsibility", {}),
        ("organization/formula", "blamed_for", {"by": evil}),
    ]
    for subject, relation, extra in edges:
        hostile_graph.add_edge(
            subject,
            "event/evil",
            key=relation,
            relation=relation,
            label=relation.replace("_", " "),
            evidence=f"{hostile_text} -- {relation}",
            source=hostile_text,
            start=0,
            end=10,
            confidence=0.5,
            **extra,
        )
    return hostile_graph


def test_ledger_hostile_names_table_is_terminal_safe(hostile_ledger_graph):
    (entry,) = ledger(hostile_ledger_graph)
    assert entry.contested
    text = format_ledger([entry], "table")
    lines = text.splitlines()
    # heading, facts, then three lines per attribution: no value broke a line
    assert len(lines) == 2 + 3 * len(entry.attributions)
    for char in ("\x01", "\x0b", "\r", "\t", "\u202e"):
        assert char not in text
    assert "<script>alert(1)</script>" in text  # shown as text; a terminal does not run it
    assert "\\u202e" in text and "\\n" in text
    assert max(len(line) for line in lines) < 5_000  # the 10,000-character name is cut


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_ledger_hostile_names_round_trip(hostile_ledger_graph, hostile_long_name, fmt):
    entries = ledger(hostile_ledger_graph)
    text = format_ledger(entries, fmt)
    assert parse_ledger(text, fmt) == entries
    actors = {a.actor for a in entries[0].attributions}
    assert hostile_long_name in actors and "<script>alert(1)</script>" in actors


def test_ledger_hostile_csv_is_rfc4180_and_guards_formulas(hostile_ledger_graph):
    entries = ledger(hostile_ledger_graph)
    rows = list(csv.reader(io.StringIO(format_ledger(entries, "csv"), newline="")))
    assert rows[0] == list(CSV_COLUMNS)
    assert len(rows) == 1 + len(entries[0].attributions)
    assert all(len(row) == len(CSV_COLUMNS) for row in rows)
    actor = CSV_COLUMNS.index("actor")
    assert '\'=HYPERLINK("http://evil.example","x")' in [row[actor] for row in rows]


def test_ledger_hostile_json_is_valid(hostile_ledger_graph, hostile_text):
    records = json.loads(format_ledger(ledger(hostile_ledger_graph), "json"))
    (blamed,) = [a for a in records[0]["attributions"] if a["role"] == "blamed"]
    assert blamed["by"] == "<script>alert(1)</script>"
    assert blamed["evidence"].startswith(hostile_text)


def test_ledger_cli_reads_exported_hostile_graphml(hostile_ledger_graph, tmp_path):
    from actorgraph.export import export

    path = export(hostile_ledger_graph, tmp_path / "graph.graphml")
    for fmt in ("table", "csv", "json"):
        args = ["ledger", str(path), "--format", fmt]
        result = CliRunner().invoke(app, args, env=PLAIN_ENV)
        assert result.exit_code == 0, result.output
        assert "alert(1)" in result.stdout
    records = json.loads(result.stdout)
    assert records[0]["contested"] is True


def test_ledger_empty_table_says_so(small_graph):
    small_graph.remove_node("organization/jamaat-ul-ahrar")
    assert ledger(small_graph) == []
    assert "no incident" in format_ledger([], "table")
    assert format_ledger([], "csv").splitlines() == [",".join(CSV_COLUMNS)]
    assert json.loads(format_ledger([], "json")) == []


# --- bad input ----------------------------------------------------------------------------------


def _plain_graphml(path: Path) -> Path:
    graph = nx.DiGraph()
    graph.add_edge("a", "b", weight=1.0)
    nx.write_graphml(graph, path)
    return path


def _empty_graphml(path: Path) -> Path:
    nx.write_graphml(nx.MultiDiGraph(), path)
    return path


def _undirected(path: Path, small_graph: nx.MultiDiGraph) -> Path:
    graph = nx.Graph()
    graph.add_node("x", id="x", label="X", type="Organization")
    nx.write_graphml(graph, path)
    return path


BAD_INPUTS = {
    "missing": lambda path, _: path,
    "folder": lambda path, _: (path.mkdir(), path)[1],
    "text": lambda path, _: (path.write_text("just some text\n"), path)[1],
    "binary": lambda path, _: (path.write_bytes(bytes(range(256)) * 4), path)[1],
    "turtle": lambda path, _: (path.write_text("@prefix ag: <x#> .\n<a> ag:b <c> .\n"), path)[1],
    "other xml": lambda path, _: (path.write_text("<?xml version='1.0'?><html/>"), path)[1],
    "bad value": lambda path, _: (
        path.write_text(
            '<?xml version="1.0"?><graphml xmlns="http://graphml.graphdrawing.org/xmlns">'
            '<key id="d0" for="node" attr.name="mentions" attr.type="long"/>'
            '<graph edgedefault="directed"><node id="n"><data key="d0">many</data></node>'
            "</graph></graphml>"
        ),
        path,
    )[1],
    "not ours": lambda path, _: _plain_graphml(path),
    "empty": lambda path, _: _empty_graphml(path),
    "undirected": _undirected,
}


@pytest.mark.parametrize("kind", list(BAD_INPUTS))
def test_ledger_bad_input_raises_input_error(kind, tmp_path, small_graph):
    path = BAD_INPUTS[kind](tmp_path / "graph.graphml", small_graph)
    with pytest.raises(InputError):
        read_graph(path)


@pytest.mark.parametrize("kind", ["missing", "folder", "binary", "not ours", "undirected"])
def test_ledger_cli_bad_input_exits_one_without_traceback(kind, tmp_path, small_graph):
    path = BAD_INPUTS[kind](tmp_path / "graph.graphml", small_graph)
    result = subprocess.run(
        [*actorgraph_script(), "ledger", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **PLAIN_ENV},
    )
    assert result.returncode == ExitCode.ERROR, result.stderr
    assert result.stderr.startswith("error:") and "hint:" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_ledger_cli_unknown_format_exits_one(small_graph, tmp_path):
    from actorgraph.export import export

    path = export(small_graph, tmp_path / "graph.graphml")
    result = subprocess.run(
        [*actorgraph_script(), "ledger", str(path), "--format", "xml"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **PLAIN_ENV},
    )
    assert result.returncode == ExitCode.ERROR
    assert "unknown format 'xml'" in result.stderr and "Traceback" not in result.stderr


def test_ledger_cli_help_is_complete():
    result = CliRunner().invoke(app, ["ledger", "--help"], env=PLAIN_ENV)
    assert result.exit_code == 0
    text = _flat(result.stdout.replace("│", " "))
    for option in ("--format", "--out", "--all", "--contested", "table", "csv", "json"):
        assert option in text
    assert "CONTESTED" in text
    top = _flat(CliRunner().invoke(app, ["--help"], env=PLAIN_ENV).stdout.replace("│", " "))
    assert "ledger List per incident who claimed" in top


# --- graph/queries/ledger.rq: the most specific place ------------------------------------------

# ledger.rq's place lookup as first written (FILTER NOT EXISTS per event and place, slow on a
# million triples); the named query must answer exactly what it did.
REFERENCE_PLACE = """
  OPTIONAL {
    SELECT ?eventNode (GROUP_CONCAT(DISTINCT ?placeName; SEPARATOR=" | ") AS ?place)
    WHERE {
      ?eventNode ag:occurredIn ?placeNode .
      ?placeNode schema:name ?placeName .
      FILTER NOT EXISTS {
        ?eventNode ag:occurredIn ?inner .
        ?inner ag:locatedIn+ ?placeNode .
        FILTER (?inner != ?placeNode)
      }
    }
    GROUP BY ?eventNode
  }
"""

# Nested places (city in province in country), places in two countries, a cycle of places, a
# place located in itself, an event without places; claims, a denial and a blame.
PLACES_TTL = """
@prefix ag: <https://w3id.org/actorgraph/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <https://example.org/> .

:pk schema:name "Pakistan" .
:kp schema:name "Khyber Pakhtunkhwa" ; ag:locatedIn :pk .
:peshawar schema:name "Peshawar" ; ag:locatedIn :kp .
:af schema:name "Afghanistan" .
:kabul schema:name "Kabul" ; ag:locatedIn :af .
:loopA schema:name "Loop A" ; ag:locatedIn :loopB .
:loopB schema:name "Loop B" ; ag:locatedIn :loopA .
:self schema:name "Selfsame" ; ag:locatedIn :self .
:g1 schema:name "Group One" .
:g2 schema:name "Group Two" .
:official schema:name "An Official" .

:e1 a ag:Event ; schema:name "nested" ; ag:occurredIn :pk, :peshawar, :kp ;
    schema:startDate "2023-01-30" ; ag:dateStart "2023-01-30"^^xsd:date ; ag:fatalities 100 .
:e2 a ag:Event ; schema:name "two countries" ; ag:occurredIn :peshawar, :kabul, :af, :kp ;
    schema:startDate "2023-02" ; ag:dateStart "2023-02-01"^^xsd:date .
:e3 a ag:Event ; schema:name "nowhere" .
:e4 a ag:Event ; schema:name "cycle" ; ag:occurredIn :loopA, :loopB .
:e5 a ag:Event ; schema:name "itself" ; ag:occurredIn :self, :pk .

:g1 ag:claimedResponsibility :e1, :e2, :e3, :e4, :e5 .
:g2 ag:claimedResponsibility :e2 .
:g2 ag:deniedResponsibility :e1 .
:g2 ag:blamedFor :e5 .
"""


def _places_ttl() -> str:
    statements = []
    triples = [("g1", "claimedResponsibility", f"e{i}") for i in range(1, 6)] + [
        ("g2", "claimedResponsibility", "e2"),
        ("g2", "deniedResponsibility", "e1"),
        ("g2", "blamedFor", "e5"),
    ]
    for n, (subject, predicate, event) in enumerate(triples):
        by = " ; ag:by :official" if predicate == "blamedFor" else ""
        statements.append(
            f":s{n} a ag:Statement ; rdf:predicate ag:{predicate} ; rdf:subject :{subject} ; "
            f'rdf:object :{event} ; ag:evidence "sentence {n}" ; ag:source "doc{n % 2}.txt"{by} .'
        )
    return PLACES_TTL + "\n".join(statements) + "\n"


def _ledger_rows(text: str, engine: str) -> list[tuple]:
    from actorgraph.vocab import PREFIXES

    data = _places_ttl()
    if engine == "oxigraph":
        import pyoxigraph

        store = pyoxigraph.Store()
        store.load(data.encode(), format=pyoxigraph.RdfFormat.TURTLE)
        result = store.query(text, prefixes=PREFIXES)
        names = [v.value for v in result.variables]
        rows = [tuple(None if t is None else t.value for t in row) for row in result]
    else:
        from rdflib import Graph
        from rdflib.plugins.sparql import prepareQuery

        result = Graph().parse(data=data, format="turtle").query(prepareQuery(text, PREFIXES))
        names = [str(v) for v in result.vars]
        rows = [tuple(None if row[n] is None else str(row[n]) for n in names) for row in result]
    place = names.index("place")
    # GROUP_CONCAT's order is the engine's: an event's places compared as a set
    return [
        (*row[:place], row[place] and frozenset(row[place].split(" | ")), *row[place + 1 :])
        for row in rows
    ]


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_ledger_query_place_is_the_first_formulation(repo_root, engine):
    text = (repo_root / "graph" / "queries" / "ledger.rq").read_text(encoding="utf-8")
    start = text.index("  OPTIONAL {\n    SELECT ?eventNode")
    end = text.index("GROUP BY ?eventNode\n  }\n", start) + len("GROUP BY ?eventNode\n  }\n")
    reference = text[:start] + REFERENCE_PLACE.lstrip("\n") + text[end:]
    assert reference != text  # the named query's place lookup is not the slow one
    rows = _ledger_rows(text, engine)
    assert rows == _ledger_rows(reference, engine)
    places = {row[0]: row[2] for row in rows}
    assert places == {
        "nested": {"Peshawar"},
        "two countries": {"Peshawar", "Kabul"},
        "nowhere": None,
        "cycle": None,  # each of its places holds the other
        "itself": {"Selfsame", "Pakistan"},  # a place in itself does not hide itself
    }
    assert len(rows) == 8
