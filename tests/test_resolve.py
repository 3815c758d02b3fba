"""Resolution across articles (actorgraph.resolve): one key per entity and per incident."""

from __future__ import annotations

import itertools

import pytest

from actorgraph.graph import build_graph
from actorgraph.model import Article, ArticleExtraction, EntityRecord, EventRecord, Statement
from actorgraph.resolve import resolve


def _article(source, entities=(), events=(), statements=()):
    return ArticleExtraction(Article(source, "(text)", published="2024-06-12"),
                             {e.key: e for e in entities}, {e.key: e for e in events}, list(statements))


def _org(key, label, *aliases):
    return EntityRecord(key, label, "Organization", set(aliases), 1)


def _place(key, label):
    return EntityRecord(key, label, "Place", set(), 1)


def _corpus():
    gao = _place("place/gao", "Gao")
    first = _article("a.txt", [_org("organization/ansar-al-fursan-front", "Ansar al-Fursan Front", "AFF"), gao],
                     [EventRecord("event/gao-attack-2024-06-11", "Gao attack (2024-06-11)", "armed_attack",
                                  "2024-06-11", "place/gao", fatalities=12)],
                     [Statement("organization/ansar-al-fursan-front", "claimed_responsibility",
                                "event/gao-attack-2024-06-11", "AFF claimed it.", 0, 15, 0.8)])
    second = _article("b.txt", [_org("organization/ansar-al-forsan-front", "Ansar al-Forsan Front"), gao],
                      [EventRecord("event/gao-market-raid-2024-06-11", "Gao market raid (2024-06-11)", "armed_attack",
                                   "2024-06-11", "place/gao", fatalities=14)],
                      [Statement("organization/ansar-al-forsan-front", "perpetrated",
                                 "event/gao-market-raid-2024-06-11", "Its fighters raided the market.", 0, 30, 0.7)])
    third = _article("c.txt", [_org("organization/aff", "AFF"), gao],
                     [EventRecord("event/gao-attack-2023", "Gao attack (2023)", "armed_attack", "2023", "place/gao")])
    return [first, second, third]


def _graph(extractions):
    return build_graph(resolve(extractions))


def test_resolve_transliteration_and_acronym_join_one_node():
    graph = _graph(_corpus())
    groups = [d for _, d in graph.nodes(data=True) if d["type"] == "Organization"]
    assert len(groups) == 1
    names = {groups[0]["label"], *groups[0]["aliases"].split("|")}
    assert {"Ansar al-Fursan Front", "Ansar al-Forsan Front", "AFF"} <= names
    assert groups[0]["sources"] == "a.txt|b.txt|c.txt"


def test_resolve_same_incident_in_two_articles_is_one_event():
    graph = _graph(_corpus())
    events = {d["date"]: d for _, d in graph.nodes(data=True) if d["type"] == "Event"}
    assert set(events) == {"2024-06-11", "2023"}  # a different year is a different incident
    merged = events["2024-06-11"]
    assert merged["sources"] == "a.txt|b.txt"
    assert merged["fatalities"] == 14  # the higher toll of the two reports
    relations = {d["relation"] for *_, d in graph.edges(data=True)}
    assert {"claimed_responsibility", "perpetrated"} <= relations


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_resolve_keys_do_not_depend_on_article_order(order):
    reference = _graph(_corpus())
    corpus = _corpus()
    shuffled = _graph([corpus[i] for i in order])
    assert sorted(shuffled.nodes) == sorted(reference.nodes)
    assert sorted(shuffled.edges(keys=True)) == sorted(reference.edges(keys=True))


def test_resolve_is_idempotent():
    once = resolve(_corpus())
    twice = resolve(once)
    assert [x.to_dict() for x in once] == [x.to_dict() for x in twice]


def test_resolve_keeps_people_with_similar_names_apart():
    a = _article("a.txt", [EntityRecord("person/imran-khan", "Imran Khan", "Person", set(), 1)])
    b = _article("b.txt", [EntityRecord("person/imran-khani", "Imran Khani", "Person", set(), 1)])
    graph = _graph([a, b])
    assert graph.number_of_nodes() == 2
