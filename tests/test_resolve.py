"""Resolution across articles (actorgraph.resolve): one key per entity and per incident."""

from __future__ import annotations

import functools
import itertools

import pytest
from conftest import extraction_of

from actorgraph.graph import build_graph
from actorgraph.model import EntityRecord, EventRecord, Statement
from actorgraph.resolve import resolve

_article = functools.partial(extraction_of, published="2024-06-12")


def _org(key, label, *aliases):
    return EntityRecord(key, label, "Organization", set(aliases), 1)


def _place(key, label):
    return EntityRecord(key, label, "Place", set(), 1)


def _corpus():
    gao = _place("place/gao", "Gao")
    first = _article(
        "a.txt",
        [_org("organization/ansar-al-fursan-front", "Ansar al-Fursan Front", "AFF"), gao],
        [
            EventRecord(
                "event/gao-attack-2024-06-11",
                "Gao attack (2024-06-11)",
                "armed_attack",
                "2024-06-11",
                "place/gao",
                fatalities=12,
            )
        ],
        [
            Statement(
                "organization/ansar-al-fursan-front",
                "claimed_responsibility",
                "event/gao-attack-2024-06-11",
                "AFF claimed it.",
                0,
                15,
                0.8,
            )
        ],
    )
    second = _article(
        "b.txt",
        [_org("organization/ansar-al-forsan-front", "Ansar al-Forsan Front"), gao],
        [
            EventRecord(
                "event/gao-market-raid-2024-06-11",
                "Gao market raid (2024-06-11)",
                "armed_attack",
                "2024-06-11",
                "place/gao",
                fatalities=14,
            )
        ],
        [
            Statement(
                "organization/ansar-al-forsan-front",
                "perpetrated",
                "event/gao-market-raid-2024-06-11",
                "Its fighters raided the market.",
                0,
                30,
                0.7,
            )
        ],
    )
    third = _article(
        "c.txt",
        [_org("organization/aff", "AFF"), gao],
        [
            EventRecord(
                "event/gao-attack-2023", "Gao attack (2023)", "armed_attack", "2023", "place/gao"
            )
        ],
    )
    return [first, second, third]


def _graph(extractions):
    return build_graph(resolve(extractions))


def test_resolve_transliteration_and_acronym_join_one_node():
    graph = _graph(_corpus())
    groups = [d for _, d in graph.nodes(data=True) if d["type"] == "Organization"]
    assert len(groups) == 1
    names = {groups[0]["label"], *groups[0]["aliases"]}
    assert {"Ansar al-Fursan Front", "Ansar al-Forsan Front", "AFF"} <= names
    assert groups[0]["sources"] == ("a.txt", "b.txt", "c.txt")


def test_resolve_same_incident_in_two_articles_is_one_event():
    graph = _graph(_corpus())
    events = {d["date"]: d for _, d in graph.nodes(data=True) if d["type"] == "Event"}
    assert set(events) == {"2024-06-11", "2023"}  # a different year is a different incident
    merged = events["2024-06-11"]
    assert merged["sources"] == ("a.txt", "b.txt")
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


def _person(key, label, *aliases):
    return EntityRecord(key, label, "Person", set(aliases), 1)


def _node_labels(extractions) -> list[str]:
    return sorted(data["label"] for _, data in _graph(extractions).nodes(data=True))


def test_resolve_people_sharing_a_first_name_stay_apart():
    first = _article("a.txt", [_person("person/claude-joseph", "Claude Joseph", "Joseph")])
    second = _article(
        "b.txt", [_person("person/joseph-lambert", "Joseph Lambert", "Joseph", "Lambert")]
    )
    assert _node_labels([first, second]) == ["Claude Joseph", "Joseph Lambert"]


def test_resolve_a_surname_alone_joins_the_full_name_it_ends():
    first = _article("a.txt", [_person("person/abiy-ahmed", "Abiy Ahmed", "Ahmed")])
    second = _article("b.txt", [_person("person/ahmed", "Ahmed")])
    assert _node_labels([first, second]) == ["Abiy Ahmed"]


def test_resolve_never_joins_two_dictionary_groups_through_a_shared_alias():
    """ISCAP's record carrying 'Islamic State' (a mis-read apposition) must not give IS its
    claims."""
    islamic_state = _org("organization/islamic-state", "Islamic State", "ISIS")
    province = _org(
        "organization/islamic-state-central-africa-province",
        "Islamic State Central Africa Province",
        "ISCAP",
        "Islamic State",
    )
    bridge = _org("organization/is", "IS", "Islamic State Central Africa Province")
    labels = _node_labels(
        [
            _article("a.txt", [islamic_state]),
            _article("b.txt", [province]),
            _article("c.txt", [bridge]),
        ]
    )
    assert "Islamic State" in labels and "Islamic State Central Africa Province" in labels


def test_resolve_an_alias_both_carry_is_not_enough_but_a_label_is():
    acronym_only = _org("organization/aff", "AFF")
    full = _org("organization/ansar-al-fursan-front", "Ansar al-Fursan Front", "AFF")
    assert _node_labels([_article("a.txt", [acronym_only]), _article("b.txt", [full])]) == [
        "Ansar al-Fursan Front"
    ]
    one = _org("organization/northern-brigade", "Northern Brigade", "the brigade")
    other = _org("organization/southern-brigade", "Southern Brigade", "the brigade")
    assert len(_node_labels([_article("a.txt", [one]), _article("b.txt", [other])])) == 2


def test_resolve_keeps_a_namesake_apart_from_its_dictionary_entry():
    somalia = _org("organization/al-shabaab", "Al-Shabaab", "al-Shabab")
    mozambique = EntityRecord(
        "organization/al-shabab-mz", "al-Shabab", "Organization", set(), 2, namesake=True
    )
    assert _node_labels([_article("a.txt", [somalia]), _article("b.txt", [mozambique])]) == [
        "Al-Shabaab",
        "al-Shabab",
    ]


def test_resolving_loads_no_spacy():
    """Resolution reads the knowledge tables through actorgraph.knowledge, which imports no
    NLP stack: resolving a corpus never pays spaCy's start-up."""
    import subprocess
    import sys

    code = "import sys, actorgraph.resolve, actorgraph.graph; print('spacy' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "False", run.stderr


def test_resolve_blocking_keeps_acronym_and_transliteration_merges():
    """No shared name here: the acronym and the transliteration are found only through their
    blocking keys (initials; skeleton and tokens)."""
    ttp = _org("organization/tehreek-e-taliban-pakistan", "Tehreek-e-Taliban Pakistan")
    acronym = _org("organization/ttp", "TTP")
    shabaab = _org("organization/al-shabaab", "Al-Shabaab")
    shabab = _org("organization/al-shabab", "al-Shabab")
    corpus = [_article("a.txt", [ttp, shabaab]), _article("b.txt", [acronym, shabab])]
    assert _node_labels(corpus) == ["Al-Shabaab", "Tehreek-e-Taliban Pakistan"]


def test_resolve_blocking_keeps_known_non_merges_apart():
    """A first name shared by two people, an acronym that is not the group's initials, and an
    acronym two groups' names could stand for: no merge."""
    people = [
        _person("person/claude-joseph", "Claude Joseph", "Joseph"),
        _person("person/joseph-lambert", "Joseph Lambert", "Lambert"),
    ]
    groups = [
        _org("organization/islamic-state", "Islamic State", "IS"),
        _org("organization/iswap", "ISWAP"),
        _org("organization/allied-democratic-forces", "Allied Democratic Forces"),
        _org("organization/australian-defence-force", "Australian Defence Force"),
        _org("organization/adf", "ADF"),
    ]
    labels = _node_labels(
        [_article("a.txt", people[:1] + groups[:3]), _article("b.txt", people[1:] + groups[3:])]
    )
    assert labels == [
        "ADF",
        "Allied Democratic Forces",
        "Australian Defence Force",
        "Claude Joseph",
        "ISWAP",
        "Islamic State",
        "Joseph Lambert",
    ]


def _synthetic_groups(count: int, seed: int = 13) -> list:
    """``count`` distinct group names "<word> <word> Front" from a vocabulary that grows with
    the corpus (as a real one's does), every tenth also spelt with one vowel changed by
    another article: the variants are the merges to find."""
    import random

    rng = random.Random(seed)
    syllables = [c + v for c in "bdgklmnprstz" for v in "aiu"]
    vocabulary = sorted({"".join(rng.choices(syllables, k=3)) for _ in range(count)})
    names = sorted(
        {f"{rng.choice(vocabulary)} {rng.choice(vocabulary)} front" for _ in range(count)}
    )
    records = [_org(f"organization/g{i}", name.title()) for i, name in enumerate(names)]
    variants = [
        _org(f"organization/v{i}", name.replace("a", "o", 1).title())
        for i, name in enumerate(names)
        if i % 10 == 0 and "a" in name
    ]
    return [_article("a.txt", records), _article("b.txt", variants)]


def test_resolve_similarity_calls_grow_with_candidates_not_entities_squared(monkeypatch):
    import actorgraph.resolve as resolve_module

    calls = []
    similar = resolve_module._similar
    monkeypatch.setattr(resolve_module, "_similar", lambda x, y: calls.append(1) or similar(x, y))
    counts = {}
    for size in (300, 1200):
        calls.clear()
        corpus = _synthetic_groups(size)
        names = sum(len(e.entities) for e in corpus)
        nodes = len(_node_labels(corpus))
        assert nodes == len(corpus[0].entities)  # every variant joined its original
        counts[size] = len(calls)
        assert 0 < counts[size] < names * names / 2 / 20  # a full comparison is names^2 / 2
    assert counts[1200] < 8 * counts[300]  # 4x the names: 16x for a quadratic cost, 4x linear


def _attack(key, date, place="place/gao", event_type="armed_attack"):
    return EventRecord(key, f"{key} ({date})", event_type, date, place)


def test_resolve_incidents_join_through_agreeing_dates_within_kind_and_place():
    """A month-precise report joins the two day-precise ones it agrees with; another year,
    another place, another kind of event or no date stays apart."""
    gao, kidal = _place("place/gao", "Gao"), _place("place/kidal", "Kidal")
    events = [
        _attack("event/a", "2024-06-11"),
        _attack("event/b", "2024-06"),
        _attack("event/c", "2024-06-12"),
        _attack("event/d", "2023-06"),
        _attack("event/e", "2024-06-11", place="place/kidal"),
        _attack("event/f", "2024-06-11", event_type="protest"),
        _attack("event/g", ""),
    ]
    corpus = [_article(f"{e.key[-1]}.txt", [gao, kidal], [e]) for e in events]
    _, event_map = _resolver_maps(corpus)
    assert event_map["event/a"] == event_map["event/b"] == event_map["event/c"]
    assert len({event_map[e.key] for e in events}) == 5


def _resolver_maps(extractions):
    from actorgraph.resolve import Resolver

    resolver = Resolver()
    for extraction in extractions:
        resolver.learn(extraction)
    return resolver.canonical_maps()
