"""Chains of places that nest: 'a village in Koui sub-prefecture, in Ouham-Pendé prefecture in
north-western Central African Republic', 'the Batibo subdivision of Momo division in Cameroon's
North-West Region', 'Sittwe, the capital of Myanmar's Rakhine State'.

The parse of such a chain is unreliable (each 'in' phrase may hang on any noun before it), so the
chain is read off the surface: the places in their order, and between two of them nothing but the
words a chain is made of ('in', 'of', a comma, 'the', a direction, the tier words 'village',
'district', 'state'). Each place lies in the next one, or in the noun a possessive of the next one
names ('in Jammu and Kashmir's Poonch district': Poonch, not Jammu and Kashmir). A link is only
read when the outer place is the larger, by the word that names each place's tier ('Koui
sub-prefecture', 'the village of Ebeyah', 'Pinga, a town in') or by the dictionary's kind of
place; a place of unknown tier lies 'in' (never merely ', ') a commune or anything larger. Lists
('in Gao, Timbuktu and Mopti': three towns) never pass that test.
"""

from __future__ import annotations

import re

from .clauses import SentenceContext

DIRECTION = re.compile(r"^(?:far-?)?(?:north|south|east|west|central|centre|center|upper|lower)")
CONNECTORS = {",", "in", "of"}
POSSESSIVES = {"'s", "’s", "'"}
FILLERS = {"the", "a", "an", "-", "also"}
UNKNOWN_INNER_BELOW = 3  # a place of no known tier lies 'in' a commune or anything larger


def read_place_chain(ctx: SentenceContext) -> None:
    """located_in for each place of a nesting chain and the next larger one."""
    mentions = _place_mentions(ctx)
    tiers = ctx.kb.patterns["place_tiers"]
    predicates = frozenset(ctx.kb.cues["place_predicates"]) | {"be", "sit"}
    doc, end = ctx.sentence.doc, ctx.sentence.end
    named = [_tier_named(doc, first, last, end, tiers) for _, first, last in mentions]
    ranks = [
        n or tiers.get("kind:" + ctx.kb.kind_of(key), 0) for n, (key, _, _) in zip(named, mentions)
    ]
    gaps = [
        _gap_kind(doc, mentions[n][2] + 1, mentions[n + 1][1], tiers, predicates)
        for n in range(len(mentions) - 1)
    ]
    for n, link in enumerate(gaps):
        key, owned_key = mentions[n][0], mentions[n + 1][0]
        if link == "possessive":  # "Jammu and Kashmir's Poonch district"
            if ranks[n] and ranks[n + 1] and ranks[n + 1] < ranks[n] and owned_key != key:
                ctx.emit(owned_key, "located_in", key, 0.7, "", "places:chain-possessive")
            continue
        if link is None or (link == "of" and not named[n]):
            continue  # "Mali of the 1990s"; "the Batibo subdivision of Momo" is a chain
        target = n + 1
        while target < len(gaps) and gaps[target] == "possessive":
            target += 1  # "in Jammu and Kashmir's Poonch district": in the district
        inner, outer = ranks[n], ranks[target]
        if not inner and link == "in" and outer >= UNKNOWN_INNER_BELOW:
            inner = 1  # "near Dera Ki Gali in Jammu and Kashmir's Poonch district"
        if inner and outer and inner < outer and mentions[target][0] != key:
            ctx.emit(key, "located_in", mentions[target][0], 0.7, "", "places:chain")
    _in_the_place_named(ctx, mentions, ranks, tiers)


def _in_the_place_named(
    ctx: SentenceContext,
    mentions: list[tuple[str, int, int]],
    ranks: list[int],
    tiers: dict[str, int],
) -> None:
    """ "Ali, Galkayo's deputy mayor, was shot as he left a mosque in the city's Garsoor
    neighbourhood": a place owned by "the city" (a tier word) lies in the place of the sentence
    named before it, the nearest of that tier where the dictionary knows one ("In Juba, ...
    victims of the Lainya ambush, traders from the city's Konyo Konyo market": Juba)."""
    doc = ctx.sentence.doc
    for n, (key, first, _) in enumerate(mentions):
        if n == 0 or first - 3 < ctx.sentence.start:
            continue
        article, tier, owner = doc[first - 3], doc[first - 2], doc[first - 1]
        rank = tiers.get(tier.lower_, 0)
        if article.lower_ != "the" or owner.lower_ != "'s" or rank <= 0:
            continue
        earlier = [m for m in range(n) if mentions[m][0] != key]
        same_tier = [m for m in earlier if ranks[m] == rank]
        chosen = (same_tier or earlier)[-1:] if earlier else []
        for m in chosen:
            ctx.emit(key, "located_in", mentions[m][0], 0.7, "", "places:the-city's")


def _place_mentions(ctx: SentenceContext) -> list[tuple[str, int, int]]:
    """(key, first token, last token) of every place named in the sentence, in order."""
    found: list[tuple[str, int, int]] = []
    for token in ctx.sentence:
        key = ctx.key(token)
        if not key or ctx.type_of(key) != "Place":
            continue
        if found and found[-1][0] == key and found[-1][2] == token.i - 1:
            found[-1] = (key, found[-1][1], token.i)
        else:
            found.append((key, token.i, token.i))
    return found


def _gap_kind(
    doc, start: int, end: int, tiers: dict[str, int], predicates: frozenset[str]
) -> str | None:
    """What the words between two places make of them: 'in' (the first lies in the second),
    'of' (the same if the first is named as a tier: 'the Kérou commune of Atacora'),
    'comma' (commas only: the same, if both tiers are known), 'possessive' (the second is the
    first's), or None (no chain: a verb, 'and', 'near')."""
    tokens = list(doc[start:end])
    if any(t.lemma_ in predicates for t in tokens):
        # "Lainya county lies in Central Equatoria state", "which is located in"
        kept = [t for t in tokens if t.lemma_ not in predicates and t.lower_ != "which"]
        tokens = kept if any(t.lower_ == "in" for t in kept) else []
    words = _words(tokens)
    if not words or len(words) > 8:
        return None
    if words[0] in POSSESSIVES and all(_filler(w, tiers) for w in words[1:]):
        return "possessive"
    links = [w for w in words if not _filler(w, tiers)]
    if links == ["of"]:
        return "of"  # "the Kérou commune of Atacora department", if "commune" names a tier
    if links and all(w in CONNECTORS for w in links):
        return "in" if "in" in links else "comma"
    return None


def _filler(word: str, tiers: dict[str, int]) -> bool:
    return word in FILLERS or word in tiers or bool(DIRECTION.match(word))


def _tier_named(doc, first: int, last: int, end: int, tiers: dict[str, int]) -> int:
    """How high the place stands (a site 1, a village 2 ... a country 6) by the word the text
    names its tier with; 0 when it names none (the dictionary's kind may still tell)."""
    name = _words(doc[first : last + 1])
    after = _words(doc[last + 1 : min(last + 6, end)])
    for words in (name[-3:], name[-1:], after[:3], after[:1]):
        if " ".join(words) in tiers:
            return tiers[" ".join(words)]  # "Poonch district", "Koui sub-prefecture"
    if after[:1] == [","] and len(after) > 2 and after[1] in ("a", "an", "the"):
        return tiers.get(after[2], 0)  # "Pinga, a town in ..."
    before = _words(doc[max(first - 3, 0) : first])
    if before[-1:] == ["of"] and len(before) > 1 and before[-2] in tiers:
        return tiers[before[-2]]  # "the village of Ebeyah"
    return 0


def _words(tokens) -> list[str]:
    """The lower-cased words of the tokens, a hyphenated word one word ('sub-prefecture')."""
    words: list[str] = []
    previous = None
    for token in tokens:
        if previous is not None and not previous.whitespace_ and "-" in (token.text, previous.text):
            words[-1] += token.lower_
        else:
            words.append(token.lower_)
        previous = token
    return words
