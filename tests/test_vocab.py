"""vocab.AG mirrors graph/ontology.ttl; mint_iri makes valid, stable, distinct IRIs."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef

from actorgraph.resources import graph_dir, relation_vocabulary
from actorgraph.vocab import AG, DATA_BASE, ONTOLOGY_IRI, mint_iri, relation_property

SCHEMA = Namespace("https://schema.org/")

HOSTILE_KEYS = [
    "organization/tehreek-e-taliban-pakistan",
    "event/peshawar-suicide-bombing-2023-01-30",
    'organization/"quoted" name',
    "person/<script>alert(1)</script>",
    "place/with space",
    "place/new\nline",
    "person/\u200fright-to-left\u200e mark",
    "organization/تحریک طالبان پاکستان",
    "person/王毅",
    "x" * 10_000,
    "",
    "/",
    "a//b",
    "place/../etc/passwd",
    "place/./x",
    "organization/a~b",
    "a&b=c?d#frag",
    "\x00\x01\x1b[31m",
    "lone \ud800 surrogate",
    "%2F%00encoded",
    "{curly}|pipe^caret`tick\\back",
    "Organization/TTP",
]


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(graph_dir() / "ontology.ttl", format="turtle")


def _defined_terms(ontology: Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
    return {
        str(subject)[len(ONTOLOGY_IRI) :]
        for kind in kinds
        for subject in ontology.subjects(RDF.type, kind)
        if isinstance(subject, URIRef) and str(subject).startswith(ONTOLOGY_IRI)
    }


def test_vocab_every_ag_term_is_defined_in_ontology(ontology: Graph) -> None:
    declared = set(AG.__annotations__) - {"_NS", "_fail"}
    assert declared, "AG lists no terms"
    assert declared - _defined_terms(ontology) == set()


def test_vocab_every_ontology_term_is_in_ag(ontology: Graph) -> None:
    declared = set(AG.__annotations__)
    assert _defined_terms(ontology) - declared == set()


def test_vocab_ag_is_closed() -> None:
    with pytest.raises(AttributeError):
        AG.claimedResponsability  # noqa: B018 - the typo is the point


@pytest.mark.parametrize("relation", sorted(relation_vocabulary()))
def test_vocab_every_relation_has_its_property(ontology: Graph, relation: str) -> None:
    spec = relation_vocabulary()[relation]
    prop = relation_property(relation)
    assert prop == URIRef(ONTOLOGY_IRI + spec["property"])
    assert (prop, RDF.type, OWL.ObjectProperty) in ontology
    assert str(ontology.value(prop, RDFS.label)) == spec["label"]
    assert ((prop, RDF.type, OWL.SymmetricProperty) in ontology) == spec["symmetric"]
    assert ontology.value(prop, RDFS.domain) is not None
    assert ontology.value(prop, RDFS.range) is not None


@pytest.mark.parametrize("relation", ["occurred_in", "perpetrated"])
def test_vocab_domain_and_range_follow_vocabulary(ontology: Graph, relation: str) -> None:
    spec = relation_vocabulary()[relation]
    prop = relation_property(relation)
    for axis, names in ((RDFS.domain, spec["domain"]), (RDFS.range, spec["range"])):
        node = ontology.value(prop, axis)
        if len(names) == 1:
            assert node == AG[names[0]]
        else:
            members = list(ontology.items(ontology.value(node, OWL.unionOf)))
            assert members == [AG[name] for name in names]


@pytest.mark.parametrize("name", ["Person", "Organization", "Place", "Event"])
def test_vocab_classes_align_with_schema_org(ontology: Graph, name: str) -> None:
    assert (AG[name], RDFS.subClassOf, SCHEMA[name]) in ontology


def test_vocab_ontology_has_header(ontology: Graph) -> None:
    assert (URIRef(ONTOLOGY_IRI), RDF.type, OWL.Ontology) in ontology


def test_vocab_relation_property_unknown_relation() -> None:
    with pytest.raises(KeyError):
        relation_property("invented_relation")


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_vocab_mint_iri_is_valid_and_stable(key: str) -> None:
    iri = mint_iri("node", key)
    assert iri == mint_iri("node", key)
    assert iri.startswith(DATA_BASE + "node/")
    local = iri[len(DATA_BASE + "node/") :]
    assert local
    assert len(iri) < 200
    # nothing an IRI may not carry unescaped (RFC 3987), and no dot-segments
    for bad in ' <>"{}|\\^`\n\r\t\x00\x01\u200e\u200f#?%':
        assert bad not in iri, (bad, iri)
    assert all(segment not in (".", "..", "") for segment in local.split("/"))
    iri.encode("utf-8")  # no lone surrogates


def test_vocab_mint_iri_keeps_clean_ids_readable() -> None:
    assert mint_iri("node", "organization/tehreek-e-taliban-pakistan") == URIRef(
        DATA_BASE + "node/organization/tehreek-e-taliban-pakistan"
    )


def test_vocab_mint_iri_never_collides() -> None:
    iris = {mint_iri("node", key) for key in HOSTILE_KEYS}
    assert len(iris) == len(set(HOSTILE_KEYS))
    # a clean key that looks like a hashed one stays distinct from it
    hashed = mint_iri("node", "place/with space")
    assert mint_iri("node", hashed[len(DATA_BASE + "node/") :].replace("~", "-")) != hashed
    assert mint_iri("node", "x") != mint_iri("statement", "x")


@pytest.mark.parametrize("kind", ["", "Node", "node/x", "../x", "no de"])
def test_vocab_mint_iri_rejects_bad_kind(kind: str) -> None:
    with pytest.raises(ValueError):
        mint_iri(kind, "x")


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
def test_vocab_minted_iris_parse_in_rapper(tmp_path: Path) -> None:
    lines = [f'<{mint_iri("node", key)}> <{AG.key}> "k{i}" .' for i, key in enumerate(HOSTILE_KEYS)]
    path = tmp_path / "iris.ttl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        ["rapper", "-q", "-i", "turtle", "-o", "ntriples", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.strip().splitlines()) == len(HOSTILE_KEYS)
    reparsed = Graph().parse(path, format="turtle")
    assert set(reparsed.subjects()) == {mint_iri("node", key) for key in HOSTILE_KEYS}


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
def test_vocab_ontology_is_valid_turtle_for_rapper() -> None:
    done = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(graph_dir() / "ontology.ttl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
