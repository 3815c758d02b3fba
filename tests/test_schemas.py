"""GraphML and GEXF against their published schemas, and read by independent readers.

* Schemas: graph/schemas/ (see its README for where each file comes from),
  compiled by lxml from local files only; the parser may not touch the network.
* Readers that share no code with our writers: python-igraph (GraphML) and
  graphology's GraphML and GEXF parsers (npm; what Gephi Lite uses), run by
  tests/js/read_exports.mjs. The graphology tests skip when Node or
  tests/js/node_modules is missing (``make test`` runs ``npm ci`` there); on CI
  (``CI=true``) with Node present, a missing install fails instead.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest
from conftest import missing, xml_clean
from lxml import etree

from actorgraph.export.gexf import write_gexf
from actorgraph.export.graphml import graphml_node_id, graphml_node_key, write_graphml
from actorgraph.resources import node_types

REPO_ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = REPO_ROOT / "graph" / "schemas"
JS_DIR = REPO_ROOT / "tests" / "js"
NMTOKEN = re.compile(r"[A-Za-z0-9._:\-]+")  # the ASCII part of XML's NameChar, all we write


@pytest.fixture(scope="module")
def graphml_schema() -> etree.XMLSchema:
    return _schema(SCHEMAS / "graphml" / "graphml.xsd")


@pytest.fixture(scope="module")
def gexf_schema() -> etree.XMLSchema:
    return _schema(SCHEMAS / "gexf" / "gexf.xsd")


def _schema(path: Path) -> etree.XMLSchema:
    """Compile a schema whose imports resolve beside it; any network access is an error."""
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(path), parser))


def _assert_valid(schema: etree.XMLSchema, path: Path) -> None:
    document = etree.parse(str(path), etree.XMLParser(no_network=True, resolve_entities=False))
    if not schema.validate(document):
        errors = "\n".join(f"{e.line}: {e.message}" for e in list(schema.error_log)[:5])
        pytest.fail(f"{path.name} is not valid:\n{errors}")


def _write_both(graph: nx.MultiDiGraph, folder: Path) -> tuple[Path, Path]:
    graphml, gexf = folder / "graph.graphml", folder / "graph.gexf"
    write_graphml(graph, graphml)
    write_gexf(graph, gexf)
    return graphml, gexf


# --- the schema files --------------------------------------------------------------------------


def test_schemas_are_shipped_with_their_provenance():
    readme = (SCHEMAS / "README.md").read_text(encoding="utf-8")
    for name in ("graphml/graphml.xsd", "graphml/xlink.xsd", "gexf/gexf.xsd", "gexf/viz.xsd"):
        assert (SCHEMAS / name).is_file(), name
        assert name in readme, name
    assert "licen" in readme.lower()


def test_schemas_import_only_local_files():
    for path in SCHEMAS.rglob("*.xsd"):
        for location in re.findall(r'schemaLocation="([^"]+)"', path.read_text(encoding="utf-8")):
            assert "://" not in location, (path.name, location)
            assert (path.parent / location).is_file(), (path.name, location)


# --- our exports are valid -----------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["small_graph", "hostile_graph"])
def test_schemas_exports_are_valid(fixture, request, tmp_path, graphml_schema, gexf_schema):
    graphml, gexf = _write_both(request.getfixturevalue(fixture), tmp_path)
    _assert_valid(graphml_schema, graphml)
    _assert_valid(gexf_schema, gexf)


def test_schemas_dynamic_gexf_of_every_date_precision_is_valid(small_graph, tmp_path, gexf_schema):
    """Days, months and years become dates GEXF's time type accepts; an unreadable date none."""
    for key, date in (("event/y", "2014"), ("event/m", "2024-02"), ("event/x", "2023-02-30")):
        small_graph.add_node(key, label=key, type="Event", date=date)
    _, gexf = _write_both(small_graph, tmp_path)
    _assert_valid(gexf_schema, gexf)
    root = etree.parse(str(gexf)).getroot()
    ns = {"g": "http://gexf.net/1.3"}
    assert root.find("g:graph", ns).get("mode") == "dynamic"
    times = {
        node.get("id"): (node.get("start"), node.get("end"))
        for node in root.iterfind("g:graph/g:nodes/g:node", ns)
    }
    assert times["event/y"] == ("2014-01-01", "2014-12-31")
    assert times["event/m"] == ("2024-02-01", "2024-02-29")
    assert times["event/x"] == (None, None)


def test_schemas_empty_graph_exports_are_valid(tmp_path, graphml_schema, gexf_schema):
    graphml, gexf = _write_both(nx.MultiDiGraph(), tmp_path)
    _assert_valid(graphml_schema, graphml)
    _assert_valid(gexf_schema, gexf)


def test_schemas_repeated_relations_keep_edge_ids_unique(
    small_graph, tmp_path, graphml_schema, gexf_schema
):
    """GraphML wants document-wide unique edge ids; relation keys repeat across node pairs."""
    small_graph.add_edge("organization/tehreek-e-taliban-pakistan", "part_of", key="part_of")
    small_graph.add_edge(
        "organization/tehreek-e-taliban-pakistan",
        "organization/jamaat-ul-ahrar",
        key="part_of",
        relation="part_of",
        label="part of",
        evidence="e",
        source="d",
        start=1,
        end=2,
        confidence=0.5,
    )
    graphml, gexf = _write_both(small_graph, tmp_path)
    _assert_valid(graphml_schema, graphml)
    _assert_valid(gexf_schema, gexf)


@pytest.mark.model
def test_schemas_seed_build_exports_are_valid(seed_build, seed_out, graphml_schema, gexf_schema):
    _assert_valid(graphml_schema, seed_out / "graph.graphml")
    _assert_valid(gexf_schema, seed_out / "graph.gexf")
    assert seed_build.graph.number_of_nodes() > 0


@pytest.mark.parametrize(
    "broken",
    [
        # GraphML: a node id with "/" is not an NMTOKEN; an edge to a node that does not exist.
        (
            "graphml",
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
            '<node id="person/x"/></graph></graphml>',
        ),
        (
            "graphml",
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="directed">'
            '<node id="a"/><edge source="a" target="b"/></graph></graphml>',
        ),
        (
            "graphml",
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><key id="d0" for="node" '
            'attr.name="n" attr.type="integer"/><graph edgedefault="directed"/></graphml>',
        ),
        # GEXF: wrong version, colour channel out of range, unknown attribute type, no <edges>.
        (
            "gexf",
            '<gexf xmlns="http://gexf.net/1.3" version="1.2">'
            "<graph><nodes/><edges/></graph></gexf>",
        ),
        (
            "gexf",
            '<gexf xmlns="http://gexf.net/1.3" xmlns:viz="http://gexf.net/1.3/viz" version="1.3">'
            '<graph><nodes><node id="a"><viz:color r="300" g="0" b="0"/></node></nodes><edges/>'
            "</graph></gexf>",
        ),
        (
            "gexf",
            '<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph><attributes class="node">'
            '<attribute id="0" title="t" type="text"/></attributes><nodes/><edges/></graph></gexf>',
        ),
        ("gexf", '<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph><nodes/></graph></gexf>'),
        # GEXF dynamics: a month is not a time (why the export writes the days it covers), and
        # "dynamic" is the mode's only spelling.
        (
            "gexf",
            '<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph mode="dynamic" '
            'timeformat="date"><nodes><node id="a" start="2016-03" end="2016-03"/></nodes>'
            "<edges/></graph></gexf>",
        ),
        (
            "gexf",
            '<gexf xmlns="http://gexf.net/1.3" version="1.3"><graph mode="Dynamic" '
            'timeformat="date"><nodes/><edges/></graph></gexf>',
        ),
        (
            "gexf",
            '<gexf xmlns="http://www.gexf.net/1.2draft" version="1.3"><graph><nodes/><edges/>'
            "</graph></gexf>",
        ),
    ],
)
def test_schemas_reject_invalid_documents(broken, graphml_schema, gexf_schema):
    """The schemas bite: each document breaks one rule of its specification."""
    kind, text = broken
    schema = graphml_schema if kind == "graphml" else gexf_schema
    assert not schema.validate(etree.fromstring(text))


# --- GraphML node ids ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "organization/tehreek-e-taliban-pakistan",
        "event/a-2023-01-30",
        "place/x_y:z",
        "_x0041_",
        "",
        "/",
        "a b\n\u202e\x01\ud800",
        "Peshāwar/تحریک",
        "\U0001f600",
    ],
)
def test_schemas_graphml_node_ids_are_nmtokens_and_reversible(key):
    node_id = graphml_node_id(key)
    assert NMTOKEN.fullmatch(node_id), node_id
    assert graphml_node_key(node_id) == key


def test_schemas_graphml_node_ids_are_readable_and_distinct():
    assert graphml_node_id("organization/ttp") == "organization:ttp"
    keys = ["a/b", "a:b", "a_b", "a_x003A_b", "a b", "a\tb", "a-b", "a.b"]
    assert len({graphml_node_id(k) for k in keys}) == len(keys)


# --- python-igraph reads the GraphML -------------------------------------------------------------


# igraph warns that it cannot store the XML node ids as "id" because our "id" attribute is already
# there: exactly what we want, since that attribute holds the real key.
@pytest.mark.filterwarnings("ignore:Could not add vertex ids:RuntimeWarning")
@pytest.mark.parametrize("fixture", ["small_graph", "hostile_graph"])
def test_schemas_igraph_reads_graphml(fixture, request, tmp_path):
    igraph = pytest.importorskip("igraph")
    graph = request.getfixturevalue(fixture)
    graphml, _ = _write_both(graph, tmp_path)
    read = igraph.Graph.Read_GraphML(str(graphml))
    assert read.is_directed()
    assert (read.vcount(), read.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    # Vertex attribute "id" is our node attribute "id", the real key (cleaned of what XML cannot
    # carry), which is how igraph users look nodes up (TOOLCHAIN.md section 7).
    keys = read.vs["id"]
    originals = {xml_clean(n): n for n in graph.nodes}
    assert set(keys) == set(originals)
    for vertex, key in zip(read.vs, keys):
        data = graph.nodes[originals[key]]
        assert vertex["label"] == xml_clean(data["label"])
        assert vertex["type"] == data["type"]
        assert vertex["mentions"] == float(data["mentions"])  # igraph stores numbers as doubles
    relations = sorted(read.es["relation"])
    assert relations == sorted(d["relation"] for *_, d in graph.edges(data=True))
    for edge in read.es:
        source, target = originals[keys[edge.source]], originals[keys[edge.target]]
        assert graph.has_edge(source, target, key=edge["relation"])
        assert edge["start"] == float(graph.edges[source, target, edge["relation"]]["start"])


# --- graphology (npm) reads both -----------------------------------------------------------------


def _graphology(*paths: Path) -> dict:
    node = shutil.which("node")
    if node is None:
        # Not strict: make test installs graphology only where npm is, and a clean machine
        # may have no Node.js at all; the summary names the skip and how to install it.
        missing("graphology", "Node.js is not installed; graphology cannot run", strict=False)
    if not (JS_DIR / "node_modules" / "graphology-gexf").is_dir():
        missing("graphology", "tests/js/node_modules is missing")
    result = subprocess.run(
        [node, str(JS_DIR / "read_exports.mjs"), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_schemas_graphology_reads_graphml_and_gexf(small_graph, tmp_path):
    graphml, gexf = _write_both(small_graph, tmp_path)
    seen = _graphology(graphml, gexf)
    colours = {name: spec["color"].lower() for name, spec in node_types().items()}
    for path in (graphml, gexf):
        read = seen[str(path)]
        assert read["type"] == "directed"
        assert (read["order"], read["size"]) == (
            small_graph.number_of_nodes(),
            small_graph.number_of_edges(),
        )
        nodes = (
            read["nodes"]
            if path == gexf
            else {graphml_node_key(k): v for k, v in read["nodes"].items()}
        )
        assert set(nodes) == set(small_graph.nodes)
        for key, data in small_graph.nodes(data=True):
            got = nodes[key]
            assert (got["label"], got["type"], got["mentions"]) == (
                data["label"],
                data["type"],
                data["mentions"],
            )
            assert got["size"] > 0
        event = nodes["event/peshawar-mosque-suicide-bombing-2023-01-30"]
        assert (event["fatalities"], event["injured"], event["date"]) == (100, 225, "2023-01-30")
        assert nodes["place/peshawar"]["lat"] == 34.008
        relations = sorted(edge["attributes"]["relation"] for edge in read["edges"])
        assert relations == sorted(d["relation"] for *_, d in small_graph.edges(data=True))
    graphml_nodes = seen[str(graphml)]["nodes"]
    assert graphml_nodes[graphml_node_id("place/peshawar")]["color"] == colours["Place"]
    gexf_read = seen[str(gexf)]
    assert gexf_read["nodes"]["place/peshawar"]["color"] == "rgb(47,168,79)"
    weights = {e["attributes"]["relation"]: e["attributes"]["weight"] for e in gexf_read["edges"]}
    assert weights["claimed_responsibility"] == 0.9


def test_schemas_graphology_reads_hostile_exports(hostile_graph, hostile_long_name, tmp_path):
    graphml, gexf = _write_both(hostile_graph, tmp_path)
    seen = _graphology(graphml, gexf)
    for path in (graphml, gexf):
        read = seen[str(path)]
        nodes = (
            read["nodes"]
            if path == gexf
            else {graphml_node_key(k): v for k, v in read["nodes"].items()}
        )
        assert {xml_clean(k) for k in nodes} == {xml_clean(n) for n in hostile_graph.nodes}
        by_clean = {xml_clean(k): v for k, v in nodes.items()}
        for node, data in hostile_graph.nodes(data=True):
            assert by_clean[xml_clean(node)]["label"] == xml_clean(data["label"]), path.suffix
        summary = by_clean["event/evil"]["summary"]
        assert "<script>alert(1)</script>" in summary and "\u202e" in summary and "\n" in summary
        assert by_clean["organization/long"]["label"] == hostile_long_name
        assert read["size"] == hostile_graph.number_of_edges()


@pytest.mark.model
def test_schemas_graphology_reads_seed_build(seed_build, seed_out):
    seen = _graphology(seed_out / "graph.graphml", seed_out / "graph.gexf")
    for read in seen.values():
        assert read["order"] == seed_build.graph.number_of_nodes()
        assert read["size"] == seed_build.graph.number_of_edges()
