"""A large graph in ``build_graph``'s typed schema, for benchmarks of the RDF store and writers.

Generated, never committed: ``python bench/synthetic_graph.py --events 5000 --out /tmp/g.ttl``.

The shape follows what extraction gives on news (see ``src/actorgraph/graph.py`` for the
schema): countries and the cities located in them; groups with factions (``part_of``),
leaders, members and a base; officials holding positions in states; events typed and dated
at day, month or year precision, with tolls when the text gives them, that happened in a city
(some also in its country, as articles often say both), claimed by one or two groups (a
contested claim now and then), perpetrated, denied, and blamed on a group by an official.
Every edge is read in one to four articles, so it carries one ``Reading`` (one
``ag:Statement`` in RDF) per article; every id is distinct. About 200 triples per event:
5,000 events give about a million.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import networkx as nx

from actorgraph.model import Reading

EVENT_TYPES = (
    "bombing",
    "suicide_bombing",
    "armed_attack",
    "kidnapping",
    "military_operation",
    "assassination",
    "protest",
)
TRIPLES_PER_EVENT = 200  # roughly: used to size a graph for a triple count


def generate_graph(n_events: int, seed: int = 13) -> nx.MultiDiGraph:
    """The graph: ``n_events`` events and the actors and places around them, reproducible."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph(name="actorgraph")
    articles = [f"corpus/{2010 + i % 15}/article-{i:06d}.txt" for i in range(max(4, n_events))]
    countries = [
        _place(graph, rng, f"country-{i}", articles) for i in range(max(4, n_events // 500))
    ]
    cities = []
    for i in range(max(10, n_events // 10)):
        city = _place(graph, rng, f"city-{i}", articles)
        _edge(graph, rng, city, "located_in", rng.choice(countries), articles)
        cities.append(city)
    groups = _groups(graph, rng, max(10, n_events // 20), cities, articles)
    officials = _officials(graph, rng, max(10, n_events // 10), countries, articles)
    for i in range(n_events):
        _event(graph, rng, i, cities, groups, officials, articles)
    used = sorted({s for _, data in graph.nodes(data=True) for s in data["sources"]})
    graph.graph["sources"] = tuple(used)
    graph.graph["articles"] = tuple(
        {
            "source": source,
            "title": f"Headline of {source.rsplit('/', 1)[-1]}",
            "url": f"https://news.example/{source}",
            "published": f"{source.split('/')[1]}-{rng.randint(1, 12):02d}-01",
            "publisher": rng.choice(("News Example", "Daily Example", "Example Wire")),
        }
        for source in used
    )
    return graph


def _groups(graph, rng, count, cities, articles) -> list[str]:
    groups = []
    for i in range(count):
        group = _node(graph, rng, f"organization/group-{i}", f"Group {i}", "Organization", articles)
        _edge(graph, rng, group, "based_in", rng.choice(cities), articles)
        if groups and rng.random() < 0.3:
            _edge(graph, rng, group, "part_of", rng.choice(groups), articles)
        for j in range(rng.randint(1, 4)):
            person = _node(
                graph, rng, f"person/member-{i}-{j}", f"Member {i}-{j}", "Person", articles
            )
            relation = "leader_of" if j == 0 else "member_of"
            role = "emir" if j == 0 else rng.choice(("commander", "spokesman", "fighter"))
            _edge(graph, rng, person, relation, group, articles, role=role)
        groups.append(group)
    return groups


def _officials(graph, rng, count, countries, articles) -> list[str]:
    officials = []
    for i in range(count):
        person = _node(graph, rng, f"person/official-{i}", f"Official {i}", "Person", articles)
        role = rng.choice(("Foreign Minister", "Interior Minister", "President", "Governor"))
        _edge(graph, rng, person, "holds_position", rng.choice(countries), articles, role=role)
        officials.append(person)
    return officials


def _event(graph, rng, i, cities, groups, officials, articles) -> None:
    year, month, day = rng.randint(2010, 2024), rng.randint(1, 12), rng.randint(1, 28)
    date = rng.choice((f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}", f"{year}"))
    tolls = {}
    if rng.random() < 0.7:
        tolls["fatalities"] = rng.randint(0, 150)
    if rng.random() < 0.5:
        tolls["injured"] = rng.randint(0, 300)
    event = _node(
        graph,
        rng,
        f"event/event-{i}",
        f"Event {i} ({date})",
        "Event",
        articles,
        event_type=rng.choice(EVENT_TYPES),
        date=date,
        summary=f"Attackers struck in event {i}; officials gave a toll.",
        **tolls,
    )
    city = rng.choice(cities)
    _edge(graph, rng, event, "occurred_in", city, articles)
    if rng.random() < 0.3:
        country = next(iter(graph.successors(city)))
        _edge(graph, rng, event, "occurred_in", country, articles)
    claimants = rng.sample(groups, 2 if rng.random() < 0.1 else 1)
    for group in claimants:
        _edge(graph, rng, group, "claimed_responsibility", event, articles)
    _edge(graph, rng, rng.choice(groups), "perpetrated", event, articles)
    if rng.random() < 0.2:
        _edge(graph, rng, rng.choice(groups), "denied_responsibility", event, articles)
    if rng.random() < 0.3:
        accuser = rng.choice(officials)
        _edge(graph, rng, rng.choice(groups), "blamed_for", event, articles, by=accuser)


def _place(graph, rng, key, articles) -> str:
    return _node(
        graph,
        rng,
        f"place/{key}",
        key.replace("-", " ").title(),
        "Place",
        articles,
        lat=round(rng.uniform(-60, 60), 4),
        lon=round(rng.uniform(-170, 170), 4),
        country=f"C{rng.randint(0, 99):02d}",
    )


def _node(graph, rng, key, label, type_, articles, **extra) -> str:
    sources = tuple(sorted(rng.sample(articles, rng.randint(1, 3))))
    aliases = (f"{label} alias",) if rng.random() < 0.5 else ()
    graph.add_node(
        key,
        id=key,
        label=label,
        type=type_,
        aliases=aliases,
        mentions=rng.randint(1, 9),
        sources=sources,
        **extra,
    )
    return key


def _edge(graph, rng, subject, relation, obj, articles, **extra) -> None:
    readings = []
    for source in sorted(rng.sample(articles, rng.randint(1, 4))):
        start = rng.randint(0, 6000)
        readings.append(
            Reading(
                source=source,
                evidence=f"{subject} {relation.replace('_', ' ')} {obj}, the article says.",
                start=start,
                end=start + rng.randint(40, 300),
                confidence=round(rng.uniform(0.5, 1.0), 3),
                rule=f"rule.{relation}",
                by=str(extra.get("by", "")),
            )
        )
    best = max(readings, key=lambda reading: reading.confidence)
    graph.add_edge(
        subject,
        obj,
        key=relation,
        relation=relation,
        label=relation.replace("_", " "),
        evidence=best.evidence,
        source=best.source,
        start=best.start,
        end=best.end,
        confidence=best.confidence,
        sources=tuple(reading.source for reading in readings),
        readings=len(readings),
        provenance=tuple(readings),
        **extra,
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--out", type=Path, required=True, help="a .ttl or .jsonld path")
    args = parser.parse_args()
    from actorgraph.export import export

    started = time.perf_counter()
    graph = generate_graph(args.events)
    export(graph, args.out)
    print(
        f"{graph.number_of_nodes():,} nodes, {graph.number_of_edges():,} edges -> {args.out} "
        f"({args.out.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
