"""Benchmark: how long the HTML page takes to settle in headless Chromium.

Prints figures; asserts nothing (timed tests are flaky, a printed figure is evidence).

    python bench/bench_page.py [--sizes 1000 5000] [--max-nodes N] [--runs R] [--keep DIR]

For each size it generates an actorgraph-shaped graph (the four node types,
vocabulary relations, about three edges per node with a few hubs, realistic
labels, aliases, sources and evidence sentences), writes the page with
``write_html`` twice -- once with the default node limit and once uncut -- and
opens each in Debian's Chromium with every non-file request aborted. It
reports the time from navigation to the moment the layout stops moving (the
page's ``stabilized`` / ``stabilizationIterationsDone`` handler, after which
physics is off and the positions are checked to stand still), the page size
and the number of nodes vis-network drew.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

CHROMIUM = "/usr/bin/chromium"
TYPES = ("Person", "Organization", "Place", "Event")
TYPE_SHARE = (0.35, 0.25, 0.2, 0.2)
FIRST = (
    "Omar",
    "Ayesha",
    "Bilal",
    "Fatima",
    "Imran",
    "Maleeha",
    "Rana",
    "Sarah",
    "Yusuf",
    "Zainab",
    "Hamid",
    "Nadia",
    "Khalid",
    "Amina",
    "Tariq",
    "Leila",
    "Daniel",
    "Maria",
)
LAST = (
    "Khan",
    "Afzal",
    "Lodhi",
    "Khattak",
    "Mohmand",
    "Zardari",
    "Qureshi",
    "Siddiqui",
    "Haqqani",
    "Mehsud",
    "Yousafzai",
    "Malik",
    "Ahmed",
    "Hussain",
    "Shah",
    "Baig",
)
ORG_HEAD = (
    "Tehreek-e",
    "Jamaat-ul",
    "Lashkar-e",
    "Harakat-ul",
    "Hizb-ul",
    "Ansar",
    "Islamic",
    "National",
    "United",
    "Popular",
)
ORG_TAIL = (
    "Front",
    "Movement",
    "Council",
    "Army",
    "Brigade",
    "Institute",
    "Party",
    "Alliance",
    "Mujahideen",
    "Ahrar",
    "Taliban",
    "League",
)
PLACE_HEAD = (
    "Pesh",
    "Lah",
    "Kar",
    "Quet",
    "Kab",
    "Kand",
    "Jal",
    "Mard",
    "Band",
    "Sw",
    "Bann",
    "Tank",
    "Chit",
    "Gilg",
    "Mult",
    "Sial",
)
PLACE_TAIL = (
    "awar",
    "ore",
    "achi",
    "ta",
    "ul",
    "ahar",
    "alabad",
    "an",
    "u",
    "at",
    "istan",
    "pur",
    "kot",
    "garh",
)
EVENT_KINDS = (
    "bombing",
    "suicide bombing",
    "attack",
    "shooting",
    "kidnapping",
    "raid",
    "cease-fire",
    "military operation",
    "protest",
)
RELATIONS = {  # (subject type, object type) -> relations the vocabulary allows
    ("Organization", "Event"): ("claimed_responsibility", "perpetrated", "denied_responsibility"),
    ("Person", "Event"): ("perpetrated", "participated_in"),
    ("Event", "Place"): ("occurred_in",),
    ("Event", "Organization"): ("targeted",),
    ("Person", "Organization"): ("member_of", "leader_of", "affiliated_with", "spoke_to"),
    ("Organization", "Organization"): ("allied_with", "part_of", "opposes"),
    ("Organization", "Place"): ("based_in", "banned_by", "negotiated_with"),
    ("Person", "Place"): ("holds_position", "based_in"),
    ("Place", "Place"): ("located_in", "borders"),
}
SENTENCE = (
    "{s}, which officials said had been active in the region for several years, "
    "{rel} {o}, according to a statement released on {day} March and reported by "
    "several outlets including {src}."
)


def make_graph(size: int, seed: int = 7) -> nx.MultiDiGraph:
    """A graph in build_graph's schema with ``size`` nodes and about ``3 * size`` edges."""
    rng = random.Random(seed)
    graph = nx.MultiDiGraph(name=f"benchmark {size}")
    by_type: dict[str, list[str]] = {t: [] for t in TYPES}
    for number in range(size):
        type_ = rng.choices(TYPES, TYPE_SHARE)[0]
        label, aliases = _name(rng, type_, number)
        key = f"{type_.lower()}/{label.lower().replace(' ', '-')}-{number}"
        sources = "|".join(
            f"article-{rng.randrange(size * 2):05d}.txt" for _ in range(rng.randint(1, 4))
        )
        graph.add_node(
            key,
            id=key,
            label=label,
            type=type_,
            aliases="|".join(aliases),
            mentions=rng.randint(1, 40),
            sources=sources,
            **_extras(rng, type_, label),
        )
        by_type[type_].append(key)
    weights = {t: [1.0 / (1 + i) ** 0.8 for i in range(len(keys))] for t, keys in by_type.items()}
    pairs = [pair for pair in RELATIONS if by_type[pair[0]] and by_type[pair[1]]]
    keys = list(graph.nodes)
    for number in range(3 * size):
        subject_type, object_type = rng.choice(pairs)
        subject = rng.choices(by_type[subject_type], weights[subject_type])[0]
        obj = rng.choices(by_type[object_type], weights[object_type])[0]
        if number < size:  # every node takes part in at least one relation, as in a real build
            node = keys[number]
            subject_type, object_type = rng.choice(
                [pair for pair in pairs if graph.nodes[node]["type"] in pair]
            )
            subject = (
                node
                if subject_type == graph.nodes[node]["type"]
                else rng.choices(by_type[subject_type], weights[subject_type])[0]
            )
            obj = (
                node
                if subject != node
                else rng.choices(by_type[object_type], weights[object_type])[0]
            )
        if subject == obj:
            continue
        relation = rng.choice(RELATIONS[(subject_type, object_type)])
        source = f"article-{rng.randrange(size * 2):05d}.txt"
        evidence = SENTENCE.format(
            s=graph.nodes[subject]["label"],
            rel=relation.replace("_", " "),
            o=graph.nodes[obj]["label"],
            day=rng.randint(1, 28),
            src=source,
        )
        graph.add_edge(
            subject,
            obj,
            key=relation,
            relation=relation,
            label=relation.replace("_", " "),
            evidence=evidence,
            source=source,
            start=0,
            end=len(evidence),
            confidence=round(rng.uniform(0.5, 0.95), 2),
        )
    return graph


def _name(rng: random.Random, type_: str, number: int) -> tuple[str, list[str]]:
    if type_ == "Person":
        first, last = rng.choice(FIRST), rng.choice(LAST)
        return f"{first} {rng.choice(LAST)} {last}", [last, f"{first[0]}. {last}"][
            : rng.randint(0, 2)
        ]
    if type_ == "Organization":
        name = (
            f"{rng.choice(ORG_HEAD)} {rng.choice(ORG_TAIL)} "
            f"{rng.choice(PLACE_HEAD)}{rng.choice(PLACE_TAIL)}"
        )
        return name, ["".join(word[0] for word in name.split()).upper()][: rng.randint(0, 1)]
    if type_ == "Place":
        return f"{rng.choice(PLACE_HEAD)}{rng.choice(PLACE_TAIL)} {number}", []
    kind = rng.choice(EVENT_KINDS)
    place = f"{rng.choice(PLACE_HEAD)}{rng.choice(PLACE_TAIL)}"
    return f"{place} {kind} ({rng.randint(2008, 2024)}-{rng.randint(1, 12):02d})", []


def _extras(rng: random.Random, type_: str, label: str) -> dict[str, object]:
    if type_ == "Place":
        return {
            "lat": round(rng.uniform(24, 37), 3),
            "lon": round(rng.uniform(61, 77), 3),
            "country": "PK",
        }
    if type_ == "Event":
        return {
            "event_type": label.split(" (")[0].split(" ", 1)[-1].replace(" ", "_"),
            "date": label[-8:-1],
            "fatalities": rng.randint(0, 120),
            "summary": f"{label}: officials gave casualty figures the next day.",
        }
    return {}


def measure(page_path: Path, browser, timeout_s: float) -> dict[str, float]:
    """Open the page with the network blocked; time until the layout stands still."""
    blocked: list[str] = []
    errors: list[str] = []

    def route(request_route) -> None:
        if request_route.request.url.startswith(("file://", "data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(request_route.request.url)
            request_route.abort()

    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/*", route)
        started = time.perf_counter()
        page.goto(page_path.resolve().as_uri(), wait_until="commit", timeout=timeout_s * 1000)
        page.wait_for_selector("body[data-stabilized]", state="attached", timeout=timeout_s * 1000)
        wall = time.perf_counter() - started
        settled_ms = page.evaluate("window.actorgraph.stabilizedAt ?? NaN")
        before = page.evaluate("JSON.stringify(window.actorgraph.network.getPositions())")
        page.wait_for_timeout(500)
        after = page.evaluate("JSON.stringify(window.actorgraph.network.getPositions())")
        drawn = page.evaluate("window.actorgraph.network.body.nodeIndices.length")
        if blocked or errors:
            raise RuntimeError(f"{page_path}: blocked {blocked[:3]}, errors {errors[:3]}")
        return {
            "wall": wall,
            "settled": settled_ms / 1000,
            "drawn": drawn,
            "still": before == after,
        }
    finally:
        page.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument(
        "--max-nodes",
        type=int,
        default=None,
        help="the page's node limit (default: write_html's default)",
    )
    parser.add_argument("--runs", type=int, default=1, help="page loads per case (best is shown)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per page load")
    parser.add_argument("--keep", type=Path, default=None, help="keep the pages in this folder")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} not found: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    from actorgraph.export.html import DEFAULT_MAX_NODES, write_html

    limit = args.max_nodes or DEFAULT_MAX_NODES
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench_page_"))
    folder.mkdir(parents=True, exist_ok=True)
    print(
        f"{'nodes':>6} {'edges':>6} {'limit':>6} {'drawn':>6} {'page MB':>8} "
        f"{'write s':>8} {'settled s':>10} {'wall s':>7}  still"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            for size in args.sizes:
                graph = make_graph(size)
                for cut in sorted({min(limit, size), size}):
                    path = folder / f"page_{size}_{cut}.html"
                    started = time.perf_counter()
                    write_html(graph, path, max_nodes=cut)
                    write_s = time.perf_counter() - started
                    runs = [measure(path, browser, args.timeout) for _ in range(args.runs)]
                    best = min(runs, key=lambda run: run["settled"])
                    print(
                        f"{size:>6} {graph.number_of_edges():>6} {cut:>6} {best['drawn']:>6} "
                        f"{path.stat().st_size / 1e6:>8.2f} {write_s:>8.2f} "
                        f"{best['settled']:>10.2f} {best['wall']:>7.2f}  "
                        f"{'yes' if all(run['still'] for run in runs) else 'NO'}",
                        flush=True,
                    )
        finally:
            browser.close()
    print(f"pages in {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
