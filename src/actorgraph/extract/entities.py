"""Entity mentions, their types, and alias resolution within one article.

spaCy's NER (with the dictionary ruler in front) proposes spans; this module
repairs their boundaries, decides each entity's type from the dictionary,
the name itself and the context it appears in, and merges the mentions of
one entity: acronyms introduced in parentheses or apposition, surname-only
mentions, spelling variants of a name already seen.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..knowledge import Knowledge, fold, indexed, knowledge, slug
from ..model import EntityRecord
from .gazetteer import is_known_place, is_major_city, locate_places

NER_TYPES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "NORP": "Organization",
}


@dataclass
class Unit:
    """One line or paragraph of the cleaned text, parsed; ``start`` is its offset in the article."""

    start: int
    doc: Doc
    line: str | None = None  # the text parsed, when the caller has it at hand

    @property
    def text(self) -> str:
        """The unit's text; ``doc.text`` would rebuild it token by token (it is the same string)."""
        return self.line if self.line is not None else self.doc.text


@dataclass
class RawMention:
    unit: int
    tok_start: int
    tok_end: int
    start: int
    end: int
    text: str
    label: str
    dict_id: str = ""
    votes: Counter = field(default_factory=Counter)
    key: str = ""
    defined: list[str] = field(default_factory=list)  # aliases the text defines right after it
    # the one body a descriptive name stands for however written ('the Egyptian army', 'the
    # Egyptian military'): mentions with the same body are one entity
    body: str = ""
    # "Washington accused Tehran": a capital written for its state, which is no name of the state
    metonym: bool = False

    @classmethod
    def of_span(
        cls, index: int, unit: Unit, span: Span, label: str, dict_id: str = "", key: str = ""
    ) -> RawMention:
        """The mention a span of unit ``index`` makes, its offsets in the article's text."""
        start, end = unit.start + span.start_char, unit.start + span.end_char
        return cls(index, span.start, span.end, start, end, span.text, label, dict_id, key=key)


def collect_mentions(units: list[Unit], kb: Knowledge) -> list[RawMention]:
    """Candidate mentions from the ruler and NER, boundaries repaired, obvious junk dropped."""
    mentions = []
    whole_names = _whole_names(units)
    untagged: list[RawMention] = []
    for index, unit in enumerate(units):
        taken_until = 0  # a name completed over the next entity ("... of the" + "Congo") has it
        shouted = _is_capitals_line(unit.text)
        ents = _join_split_names(_split_at_separators(unit.doc.ents, kb), whole_names)
        ents = _join_spelled_acronym(ents, kb)
        ents = _join_place_start(_join_compass_part(ents, kb), kb)
        for ent in _join_numbered_unit(ents, kb):
            if ent.label_ not in NER_TYPES or ent.start < taken_until:
                continue
            span = _repair(ent, kb)
            if span is None:
                continue
            if shouted and not (ent.ent_id_ or kb.lookup(span.text)):
                continue  # "KEY FIGURES", "EASTERN DRC SITUATION BULLETIN": page furniture
            taken_until = max(taken_until, span.end)
            if span.text.lower() in kb.demonyms and not (
                ent.ent_id_ and kb.kind_of(ent.ent_id_) != "demonym"
            ):
                continue
            dict_id = (
                (ent.ent_id_ if span.end <= ent.end and ent.kb_id_ != JOINED_PLACE else "")
                or kb.lookup(span.text)
                or _state_named(span, kb)
            )
            if (
                ent.label_ == "NORP"
                and not dict_id
                and not (span.end > ent.end and _hyphenated_place_name(span.text, kb))
            ):
                continue  # nationality adjectives are not nodes; "Conflans-Sainte-Honorine" is
            if dict_id and kb.type_of(dict_id) == "Place" and kb.kind_of(dict_id) == "demonym":
                continue
            if dict_id and kb.kind_of(dict_id) == "world_region":
                if not _region_of_a_country(span, kb):
                    continue  # "across Africa", "the Middle East": a reader's frame, not a node
                dict_id = ""  # "Burkina Faso's Sahel region": a region of one country
            state = kb.state_of_capital(dict_id) if dict_id else ""
            metonym = bool(state) and _speaks_for_its_state(span, kb)
            if metonym:
                dict_id = state  # "Washington accused Tehran": the United States
            mention = RawMention.of_span(index, unit, span, ent.label_, dict_id)
            mention.metonym = metonym
            _vote(mention, span, kb)
            if ent.kb_id_ == SPELLED:
                mention.votes["Organization"] += 10  # the acronym in brackets says what it is
            mentions.append(mention)
            if _named_settlement(span.doc, span.start, kb):
                untagged.append(mention)  # "a town called Metele": a place wherever it recurs
        mentions += _state_mentions(index, unit, kb, mentions)
        mentions += _capital_mentions(index, unit, kb, mentions)
        mentions += _force_mentions(index, unit, kb, mentions)
        found = _untagged_places(index, unit, kb, mentions)
        untagged += found
        mentions += found
        _agree_with_places([m for m in mentions if m.unit == index], unit.doc, kb)
    return mentions + _repeated_places(units, untagged, mentions, kb)


def _repeated_places(
    units: list[Unit], placed: list[RawMention], mentions: list[RawMention], kb: Knowledge
) -> list[RawMention]:
    """'an attack on an army post at Tamou' makes Tamou a place; so it is where the text names
    it again with nothing to say so ('four soldiers were killed and nine wounded at Tamou'),
    the model tagging it a language or nothing."""
    names = {tuple(m.text.split()) for m in placed if m.text.split()}
    if not names:
        return []
    covered = {(m.unit, i) for m in mentions for i in range(m.tok_start, m.tok_end)}
    found = []
    for index, unit in enumerate(units):
        doc = unit.doc
        for token in doc:
            for name in names:
                end = token.i + len(name)
                if (
                    end > len(doc)
                    or tuple(t.text for t in doc[token.i : end]) != name
                    or any((index, i) in covered for i in range(token.i, end))
                    or (end < len(doc) and doc[end].pos_ == "PROPN")
                    or (token.i > 0 and doc[token.i - 1].pos_ == "PROPN")
                ):
                    continue
                span = doc[token.i : end]
                mention = RawMention.of_span(index, unit, span, "GPE")
                _vote(mention, span, kb)
                found.append(mention)
                covered |= {(index, i) for i in range(token.i, end)}
    return found


def _owns_a_named_unit(span: Span, kb: Knowledge) -> bool:
    """'Sunamganj's Madhyanagar upazila', "Borno's Konduga district": a name that owns a named
    unit of land (a name, then a word for a unit) is the larger unit, a place."""
    owned = span.root.head
    if owned.dep_ == "compound" and owned.pos_ == "PROPN":
        owned = owned.head  # the parser may hang the owner on the name, not on the unit word
    return (
        span.root.dep_ == "poss"
        and owned.lower_ in kb.cues["place_name_words"]
        and any(c.dep_ == "compound" and c.pos_ == "PROPN" for c in owned.children)
    )


def _named_settlement(doc: Doc, start: int, kb: Knowledge) -> bool:
    """'a town called Metele', 'a village named Kiki': a name (starting at ``start``) that a
    settlement noun gives."""
    return (
        start > 1
        and doc[start - 1].lower_ in kb.cues["naming_participles"]
        and doc[start - 2].lower_ in kb.cues["settlement_nouns"]
    )


def _region_of_a_country(span: Span, kb: Knowledge) -> bool:
    """'in Burkina Faso's Sahel region', 'the Sahel region': a word for a region of a country
    after the name makes a region of the world one country's region of that name."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in kb.cues["region_words"]


# what a capital that acts for its state is to the verb it stands with
_STATE_ROLES = frozenset({"nsubj", "dobj", "agent"})


def _speaks_for_its_state(span: Span, kb: Knowledge) -> bool:
    """'Washington accused Tehran of arming the Houthis', 'backed by Kigali', "Moscow's
    allies": a capital that speaks, acts or is acted on as a state is its country (metonymy,
    as a reader takes it); 'in Washington', 'Kabul's airport' stay the city."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "Washington and London condemned the attack"
    head = root.head
    if root.dep_ == "poss":
        return head.lemma_.lower() in kb.cues["state_voice_nouns"]
    if root.dep_ == "pobj" and head.lower_ == "by" and head.dep_ == "agent":
        root, head = head, head.head
    if root.dep_ == "nsubj" and head.lemma_ == "have" and _disowns(head, kb):
        return True  # "said Moscow had nothing to do with the downing"
    return (
        root.dep_ in _STATE_ROLES
        and head.pos_ == "VERB"
        and head.lemma_.lower() in kb.cues["state_voice_verbs"]
    )


def _disowns(have: Token, kb: Knowledge) -> bool:
    """'had nothing to do with', 'had no role in': a denial, which a state makes."""
    words = kb.patterns["responsibility"]
    return any(
        c.dep_ == "dobj"
        and (c.lower_ in words["disavowal_words"] or c.lemma_.lower() in words["denial_objects"])
        for c in have.children
    )


def _agree_with_places(mentions: list[RawMention], doc: Doc, kb: Knowledge) -> None:
    """Names coordinated with a place, or set in apposition to one, are places: "in Lyon and
    Villeurbanne", "towards Kibua and Mpofi", "in Calamba, Misamis Occidental, during",
    "al-Busayrah, eastern Syria". The small model types such unknown towns as people or groups
    one by one; the place beside them decides."""
    at = {i: m for m in mentions for i in range(m.tok_start, m.tok_end)}
    for mention in mentions:
        if mention.dict_id:
            continue
        span = doc[mention.tok_start : mention.tok_end]
        if any(_is_sure_place(at.get(c.i), kb) for c in span.root.conjuncts):
            mention.votes["Place"] += 4
        if _apposed_place(mention, doc, at, kb):
            mention.votes["Place"] += 5


def _apposed_place(mention: RawMention, doc: Doc, at: dict[int, RawMention], kb: Knowledge) -> bool:
    """'Calamba, Misamis Occidental,' (the second, after a place that follows 'in') and
    'al-Busayrah, eastern Syria.' (the first, before a place that ends the phrase)."""
    end = mention.tok_end
    if end + 1 < len(doc) and doc[end].text == ",":
        nxt = end + 1 + (doc[end + 1].lower_ in kb.cues["direction_words"])
        after = at.get(nxt)
        if (
            after is not None
            and after.tok_start == nxt
            and after.dict_id
            and _is_sure_place(after, kb)
            and _ends_location(doc, after.tok_end)
        ):
            return True
    start = mention.tok_start
    if start >= 2 and doc[start - 1].text == ",":
        before = at.get(start - 2)
        if (
            before is not None
            and _is_sure_place(before, kb)
            and before.tok_start > 0
            and doc[before.tok_start - 1].lower_ in kb.cues["place_preps"]
            and _ends_location(doc, end)
        ):
            return True
    return False


def _ends_location(doc: Doc, i: int) -> bool:
    """Whether a place phrase ends at token ``i``: the sentence or clause goes on with a
    preposition or stops ("in Kapatagan, Lanao del Norte, on Tuesday"), where a person's
    apposition would go on with a role (", a trader, said")."""
    if i >= len(doc) or doc[i].text in (".", ";", ":", ")") or doc[i].pos_ == "ADP":
        return True
    return doc[i].text == "," and (
        i + 1 >= len(doc) or doc[i + 1].pos_ in ("ADP", "SCONJ") or doc[i + 1].lower_ == "where"
    )


def _is_sure_place(mention: RawMention | None, kb: Knowledge) -> bool:
    if mention is None:
        return False
    if mention.dict_id:
        return kb.type_of(mention.dict_id) == "Place" and kb.kind_of(mention.dict_id) != "demonym"
    top = mention.votes.most_common(1)
    return bool(top) and top[0][0] == "Place" and top[0][1] >= 5


def _is_capitals_line(text: str) -> bool:
    """A line in capitals, a masthead's or a box's heading: the small model tags its words as
    names ('EASTERN', 'KEY', 'NETWORK'), so only names the dictionaries know are read there."""
    letters = [ch for ch in text if ch.isalpha()]
    shouting = re.findall(r"\b[A-Z]{3,}\b", text)
    return len(shouting) >= 2 and sum(ch.islower() for ch in letters) <= len(letters) // 10


def _state_named(span: Span, kb: Knowledge) -> str:
    """'the Government of the Democratic Republic of the Congo' is the country acting as a
    state (ONTOLOGY.md), as 'the Somali government' is."""
    words = [t.lower_ for t in span]
    if len(words) < 3 or words[0] not in kb.cues["state_heads"] or words[1] != "of":
        return ""
    rest = span[3:] if words[2] == "the" and len(words) > 3 else span[2:]
    country = kb.lookup(rest.text) or kb.lookup(f"the {rest.text}")
    return country if country and kb.kind_of(country) == "country" else ""


def _untagged_places(
    index: int, unit: Unit, kb: Knowledge, taken: list[RawMention]
) -> list[RawMention]:
    """'attacked a police post in Arauca': a proper name after a place preposition that the
    model tagged as nothing at all, and that the gazetteer knows as a place. The model misses
    small towns outright; a name it tagged (a person, a group) keeps its tag and its vote. So is
    one, wherever it stands, that a settlement noun follows ('opened fire on Sabungkhok Khunou
    village') or names ('the village of Tizegorou') or an apposition defines as a place
    ('stormed Makalondi, a town in Tillabéri', which the model tags as a product): only places
    are villages and towns."""
    covered = {i for m in taken if m.unit == index for i in range(m.tok_start, m.tok_end)}
    preps = kb.cues["untagged_place_preps"]
    settlements = indexed(kb.cues["settlement_nouns"], frozenset)
    doc = unit.doc
    found = []
    for token in doc:
        if token.i in covered or (
            token.i > 0
            and (
                doc[token.i - 1].pos_ == "PROPN"
                or (doc[token.i - 1].text == "-" and not doc[token.i - 1].whitespace_)
            )
        ):
            # inside a name: "Imphal East district" is no place called "East", "Aab-e-Gum" none
            # called "Gum"
            continue
        end = token.i
        while (
            end < len(doc) and _is_untagged_name(doc[end], SETTLEMENT_LABELS) and end - token.i < 3
        ):
            end += 1
        settled = end > token.i and (
            (end < len(doc) and doc[end].lower_ in settlements)
            or _defined_as_place(doc, end, kb)
            or _apposed_place_noun(doc, end, kb)
            # "near the village of Tizegorou", the name tagged a product or nothing
            or (
                token.i > 1
                and doc[token.i - 1].lower_ == "of"
                and doc[token.i - 2].lower_ in settlements
            )
            # "a town called Metele": a name a settlement noun gives is the settlement's
            or _named_settlement(doc, token.i, kb)
            # "an attack on an army post at Tamou", the name tagged a language
            or (
                token.i > 1
                and doc[token.i - 1].lower_ == "at"
                and doc[token.i - 2].lemma_.lower() in kb.triggers["counted_sites"]
            )
        )
        if not settled:
            end = token.i
            while end < len(doc) and _is_untagged_name(doc[end]) and end - token.i < 3:
                end += 1
        if end == token.i or end in covered:
            continue
        if not settled and (token.i == 0 or doc[token.i - 1].lower_ not in preps):
            continue
        end = _extend_hyphenated(doc, token.i, end, kb)
        if end < len(doc) and (doc[end].lower_ in ("'s", "’s") or doc[end].pos_ == "PROPN"):
            continue  # "in Hassan's car", a longer name the model split: not a town alone
        span = doc[token.i : end]
        if kb.lookup(span.text) or not (
            settled or is_known_place(span.text) or _apposed_place_noun(doc, end, kb)
        ):
            continue
        mention = RawMention.of_span(index, unit, span, "GPE")
        _vote(mention, span, kb)
        found.append(mention)
    return found


def _apposed_place_noun(doc: Doc, end: int, kb: Knowledge) -> bool:
    """'near Aab-e-Gum, a small station in the Kachhi district': a name the gazetteer does not
    know is a place when an apposition calls it a town, a village, a station in somewhere."""
    if end + 2 >= len(doc) or doc[end].text != "," or doc[end + 1].lower_ not in ("a", "an"):
        return False
    words = set(kb.patterns["location_appositive_words"]) | set(kb.cues["station_words"])
    for token in doc[end + 2 : min(len(doc), end + 5)]:
        if token.lower_ in words:
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            return nxt is not None and nxt.lower_ in ("in", "of", "near", "on")
        if token.pos_ not in ("ADJ", "NOUN"):
            return False
    return False


def _place_definition(nouns: list[str]) -> re.Pattern[str]:
    """', a town', ', the regional capital', ', a rural commune', ', the group's last enclave',
    ', Mali's second city': an apposition headed by a word for a place, one modifier allowed."""
    words = "|".join(re.escape(n) for n in sorted(nouns))
    owner = r"(?:(?:a|an|the|its|their)(?: [\w'-]+ 's)?|[\w'-]+ 's)"
    return re.compile(rf"^, {owner} (?:[\w'-]+ )?(?:{words})\b")


def _defined_as_place(doc: Doc, end: int, kb: Knowledge) -> bool:
    """'Gida Ayana, a town in ...', 'Kolda, the regional capital,': an apposition whose head is a
    word for a place; not 'Ahmed Nur, a district commissioner', where the place word only
    qualifies the noun after it."""
    definition = indexed(kb.cues["place_definition_nouns"], _place_definition)
    found = definition.match(" ".join(t.lower_ for t in doc[end : end + 6]))
    if not found:
        return False
    last = end + len(found.group(0).split()) - 1  # the place word; ',' is a token of its own
    following = doc[last + 1] if last + 1 < len(doc) else None
    return (
        following is None
        or following.pos_ not in ("NOUN", "PROPN")
        or following.lower_ in kb.cues["direction_words"]  # "a village north of Beni"
    )


# labels the model gives small places' names it does not know ("Sabungkhok Khunou" a PRODUCT)
SETTLEMENT_LABELS = frozenset({"", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "LANGUAGE"})


def _is_untagged_name(token, labels: frozenset[str] = frozenset({""})) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.ent_type_ in labels
        and token.text[:1].isupper()
        and token.text.replace("-", "").isalpha()
    )


def _state_mentions(
    index: int, unit: Unit, kb: Knowledge, taken: list[RawMention]
) -> list[RawMention]:
    """'the Somali government', 'the Pakistani state': the country acting as a state
    (ONTOLOGY.md); 'Thai and BRN negotiators', 'the Sudanese delegation': the country that sent
    them, a party to the talks."""
    covered = {i for m in taken if m.unit == index for i in range(m.tok_start, m.tok_end)}
    heads = set(kb.cues["state_heads"])
    delegates = set(kb.cues["delegate_heads"])
    found = []
    doc = unit.doc
    for token in doc[:-1]:
        country = kb.demonyms.get(token.lower_) if token.text[:1].isupper() else None
        if not country:
            continue
        nxt = doc[token.i + 1]
        if (
            nxt.lower_ in heads
            and kb.kind_of(country) == "country"
            and token.i not in covered
            and nxt.i not in covered
        ):
            span = doc[token.i : nxt.i + 1]
        elif (
            _sends(token, delegates) and kb.kind_of(country) == "country" and token.i not in covered
        ):
            span = doc[token.i : token.i + 1]
        else:
            continue
        mention = RawMention.of_span(index, unit, span, "GPE", country)
        mention.votes["Place"] += 100
        found.append(mention)
    return found


def _capital_mentions(
    index: int, unit: Unit, kb: Knowledge, taken: list[RawMention]
) -> list[RawMention]:
    """'talks that began in the Cuban capital on May 2': the capital the dictionary gives that
    country, a place named by description; not 'the Afghan capital, Kabul', whose name follows."""
    covered = {i for m in taken if m.unit == index for i in range(m.tok_start, m.tok_end)}
    found = []
    doc = unit.doc
    for token in doc[1:-1]:
        nxt = doc[token.i + 1]
        country = kb.demonyms.get(token.lower_) if token.text[:1].isupper() else None
        if (
            not country
            or nxt.lower_ != "capital"
            or doc[token.i - 1].lower_ != "the"
            or token.i in covered
            or any(c.dep_ == "appos" for c in nxt.children)
        ):
            continue
        capital = kb.capital_of(country)
        if capital:
            mention = RawMention.of_span(index, unit, doc[token.i - 1 : nxt.i + 1], "GPE", capital)
            mention.votes["Place"] += 100
            found.append(mention)
    return found


def _sends(nationality: Token, delegates: set[str]) -> bool:
    """'Thai' in 'Thai and BRN negotiators', 'the Sudanese delegation'."""
    first = nationality
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    return first.dep_ in ("amod", "nmod", "compound") and first.head.lower_ in delegates


def _force_mentions(
    index: int, unit: Unit, kb: Knowledge, taken: list[RawMention]
) -> list[RawMention]:
    """'the Egyptian army', 'the Dutch foreign ministry', 'Rwandan troops': a body of a state
    named by the state's nationality and what the body is. It is the body of that country the
    dictionary knows by those words where there is one ('Haitian police': the Haitian National
    Police); else one body however the article writes it ('the Egyptian army', 'the Egyptian
    military'). Troops and soldiers stand for a known army only, and only as those who act:
    'countries that host Russian troops' names no body; nor does 'the Russian military
    contractor', where the words describe something else."""
    covered = {i for m in taken if m.unit == index for i in range(m.tok_start, m.tok_end)}
    cues = kb.cues
    heads = indexed(cues["state_force_heads"], _phrases_by_length)
    members = frozenset(cues["state_force_members"])
    bodies = indexed(kb.entries, _state_bodies_by_country)
    found = []
    doc = unit.doc
    for token in doc[:-1]:
        country = kb.demonyms.get(token.lower_) if token.text[:1].isupper() else None
        if not country or kb.kind_of(country) != "country" or token.i in covered:
            continue
        code = kb.entries[country].get("country", "")
        end = _phrase_end(doc, token.i + 1, heads)
        member = end is None and doc[token.i + 1].lower_ in members
        if member:
            end = token.i + 2
        if end is None or any(i in covered for i in range(token.i, end)):
            continue
        last = doc[end - 1]
        if last.dep_ == "amod" or (member and last.dep_ in ("dobj", "pobj")):
            continue
        span = doc[token.i : end]
        head = span[1:].text.lower()
        armed = head in cues["armed_forces_heads"] or member
        known = _state_body(bodies.get(code, []), head, armed, cues["armed_forces_words"])
        if member and not known:
            continue
        mention = RawMention.of_span(index, unit, span, "ORG", known)
        if not known:
            mention.body = f"armed-forces:{country}" if armed else f"{head}:{country}"
        mention.votes["Organization"] += 100
        found.append(mention)
    return found


def _state_body(
    bodies: list[tuple[str, list[str]]], head: str, armed: bool, armed_words: list[str]
) -> str:
    """The dictionary's body of a country named by ``head``: its armed forces by any of
    ``armed_words``, another body by all of the head's words ('foreign ministry': the Ministry
    of Foreign Affairs)."""
    words = [w[:-1] if w.endswith("y") else w for w in head.split()]  # ministry ~ ministries
    if armed:
        # a name whose head is the armed word ("Armed Forces of Ukraine", "Ukrainian army")
        # before one that only mentions it ("Ukrainian military intelligence")
        for key, names in bodies:
            if any(name.split(" of ")[0].endswith(tuple(armed_words)) for name in names):
                return key
    for key, names in bodies:
        for name in names:
            if (armed and any(w in name for w in armed_words)) or (
                not armed and all(w in name for w in words)
            ):
                return key
    return ""


def _state_bodies_by_country(entries: dict) -> dict[str, list[tuple[str, list[str]]]]:
    """Country code -> the dictionary's government bodies of that country, with their names."""
    found: dict[str, list[tuple[str, list[str]]]] = {}
    for key, entry in entries.items():
        code = entry.get("country", "")
        if entry["type"] == "Organization" and entry.get("kind") == "government_body" and code:
            names = [entry["label"].lower(), *(a.lower() for a in entry.get("aliases", []))]
            found.setdefault(code, []).append((key, names))
    return found


def _phrases_by_length(phrases: list[str]) -> list[list[str]]:
    return sorted((p.split() for p in phrases), key=len, reverse=True)


def _phrase_end(doc: Doc, start: int, phrases: list[list[str]]) -> int | None:
    """Where the longest of ``phrases`` written from ``start`` ends, or None."""
    for words in phrases:
        end = start + len(words)
        if end <= len(doc) and [t.lower_ for t in doc[start:end]] == words:
            return end
    return None


def _join_of_phrases(ents) -> list[Span]:
    """'Police Service of' + 'Northern Ireland': a name the model cut at its 'of' is one name."""
    return _join_adjacent(
        ents,
        lambda last, ent: (
            last.label_
            if len(last) > 1 and last[-1].lower_ in ("of", "for") and ent[0].text[:1].isupper()
            else None
        ),
    )


SPELLED = "spelled-acronym"  # the kb_id of a name joined by the acronym after it
JOINED_PLACE = "joined-place"  # the kb_id of 'Puerto' + 'Jordan': no dictionary name


def _join_spelled_acronym(ents: list[Span], kb: Knowledge) -> list[Span]:
    """'the Família do Norte (FDN)', which the model cut into 'Família' and 'Norte': the words
    right before an acronym in brackets whose initials spell it are one name, of the acronym's
    kind."""
    particles = set(kb.cues["name_particles"]) | set(kb.cues["name_links"])
    found = list(ents)
    for acronym in ents:
        letters = acronym.text
        if acronym.label_ != "ORG":
            continue  # a group's acronym: "KIM" read as a person's name joins nothing
        if not (
            len(acronym) == 1 and 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()
        ):
            continue
        doc, paren = acronym.doc, acronym.start - 1
        if paren < 1 or doc[paren].text != "(":
            continue
        start = _spelled_start(doc, paren, letters, particles)
        if start is None:
            # "the Guardians of the State (GDE)": a name in translation, which no initials
            # spell, that the model left untagged before the acronym it tagged
            name = _untagged_name_before(doc, paren, particles, found)
            if name is not None:
                found = sorted([*found, name], key=lambda e: e.start)
            continue
        inside = [e for e in found if e.start < paren and e.end > start]
        whole = len(inside) == 1 and (inside[0].start, inside[0].end) == (start, paren)
        if inside and not whole and all(start <= e.start and e.end <= paren for e in inside):
            name = Span(doc, start, paren, label=acronym.label_, kb_id=SPELLED)
            found = sorted([e for e in found if e not in inside] + [name], key=lambda e: e.start)
    return found


def _spelled_start(doc: Doc, paren: int, letters: str, particles: set[str]) -> int | None:
    """Where the name an acronym in brackets spells begins: the shortest run of capitalised
    words (and particles) before the bracket whose initials, with or without the particles',
    are the acronym's letters."""
    for start in range(paren - 1, max(paren - 9, -1), -1):
        words = doc[start:paren]
        if not words[0].text[:1].isupper() or words[0].lower_ in particles:
            continue
        if not all(w.text[:1].isupper() or w.lower_ in particles for w in words):
            return None
        spelled = {
            "".join(w.text[0] for w in words if w.text[:1].isupper()),
            "".join(w.text[0].upper() for w in words),
        }
        if letters in spelled:
            return start
    return None


def _untagged_name_before(
    doc: Doc, paren: int, particles: set[str], ents: list[Span]
) -> Span | None:
    """The run of capitalised words (and particles) right before a bracket, of two capitalised
    words or more, when no entity covers any of it."""
    start = paren
    while start > 0 and (doc[start - 1].text[:1].isupper() or doc[start - 1].lower_ in particles):
        start -= 1
    while start < paren and not doc[start].text[:1].isupper():
        start += 1  # the leading "the"
    words = doc[start:paren]
    if sum(w.text[:1].isupper() for w in words) < 2 or start == doc[start].sent.start:
        return None
    if any(e.start < paren and e.end > start for e in ents):
        return None
    return Span(doc, start, paren, label="ORG", kb_id=SPELLED)


def _whole_names(units: list[Unit]) -> frozenset[str]:
    """The names of two words or more the model tagged whole somewhere in the article."""
    names = set()
    for unit in units:
        for ent in unit.doc.ents:
            if ent[-1].text in ("'s", "’s"):
                ent = ent[:-1]  # "Gida Ayana's health centre"
            if len(ent) > 1 and "\n" not in ent.text:
                names.add(ent.text)
    return frozenset(names)


def _join_split_names(ents: list[Span], whole_names: frozenset[str]) -> list[Span]:
    """'Gida' + 'Ayana' tagged as two names side by side, where the article elsewhere has 'Gida
    Ayana' whole: one name. The model's split of an unknown name varies with the words around
    it; the article's own whole spelling decides, not a guess about the parts. The label is
    the last part's, the head of the name."""
    return _join_adjacent(
        ents,
        lambda last, ent: (
            ent.label_
            if last[-1].whitespace_ == " " and f"{last.text} {ent.text}" in whole_names
            else None
        ),
    )


def _join_compass_part(ents: list[Span], kb: Knowledge) -> list[Span]:
    """'the South' + 'Gondar' of "the South Gondar zone", 'North' + 'Kivu': a capitalised
    direction the model tagged apart is the first word of the place after it."""
    directions = indexed(kb.cues["direction_words"], frozenset)
    return _join_adjacent(
        ents,
        lambda last, ent: (
            ent.label_
            if ent.label_ in ("GPE", "LOC")
            and last.label_ in ("GPE", "LOC", "NORP", "ORG")
            and last[-1].text[:1].isupper()
            and last[-1].lower_ in directions
            and last[-1].whitespace_ == " "
            and all(t.lower_ == "the" for t in last[:-1])
            else None
        ),
    )


def _join_place_start(ents: list[Span], kb: Knowledge) -> list[Span]:
    """'Puerto' + 'Jordan' of "the base in Puerto Jordán", 'Port' + 'Sudan': a word that opens
    place names, tagged apart, is the first word of the name after it, which is then no
    country of the dictionary (the joined name is looked up again)."""
    starts = indexed(kb.cues["place_name_starts"], frozenset)
    joined: list[Span] = []
    for ent in ents:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.end == ent.start
            and ent.label_ in ("GPE", "LOC")
            and len(last) == 1
            and last.label_ in ("GPE", "LOC", "ORG", "PERSON")
            and not last.ent_id_
            and last[0].text[:1].isupper()
            and last[0].lower_ in starts
            and last[0].whitespace_ == " "
        ):
            # the root's dictionary id is no longer the name's
            joined[-1] = Span(ent.doc, last.start, ent.end, label="GPE", kb_id=JOINED_PLACE)
        else:
            joined.append(ent)
    return joined


def _join_numbered_unit(ents: list[Span], kb: Knowledge) -> list[Span]:
    """'10th' + 'Front' of "the 10th Front denied any involvement": an ordinal in figures the
    model tagged apart is the first word of the unit named after it. So is a number before a
    name a gang word follows ('the 5 Segonn gang', then 'the leader of 5 Segonn'), which the
    model tags a count and a place."""
    nouns = set(kb.cues["numbered_group_nouns"])
    numbered = set()
    for last, ent in zip(ents, ents[1:]):
        if _a_figure(last) and last.end == ent.start and ent[0].text[:1].isupper():
            after = ent.doc[ent.end].lower_ if ent.end < len(ent.doc) else ""
            if after in nouns:
                numbered.add(f"{last.text} {ent.text}")
    return _join_adjacent(
        ents,
        lambda last, ent: (
            "ORG"
            if (
                ent.label_ == "ORG"
                and last.label_ == "ORDINAL"
                and len(last) == 1
                and last[0].text[:1].isdigit()
                and ent[0].text[:1].isupper()
            )
            or (_a_figure(last) and f"{last.text} {ent.text}" in numbered)
            else None
        ),
    )


def _a_figure(ent: Span) -> bool:
    """A number in figures the model tagged alone ('5')."""
    return ent.label_ == "CARDINAL" and len(ent) == 1 and ent[0].text.isdigit()


def _join_adjacent(ents, label_if_one: Callable[[Span, Span], str | None]) -> list[Span]:
    """Entities side by side (no token between them) made one where ``label_if_one`` gives the
    joined name's label for the pair."""
    joined: list[Span] = []
    for ent in ents:
        last = joined[-1] if joined else None
        label = label_if_one(last, ent) if last is not None and last.end == ent.start else None
        if label is not None:
            joined[-1] = Span(ent.doc, last.start, ent.end, label=label)
        else:
            joined.append(ent)
    return joined


def _split_at_separators(ents, kb: Knowledge) -> list[Span]:
    """'Crocus City Hall: Islamic State' in a headline is two names, not one; so is
    'Kadamutsa, Alhaji Bello Dantsoho', a place and a person the model ran together."""
    parts = []
    for ent in _join_of_phrases(ents):
        start = ent.start
        for token in ent:
            if token.text in (":", "|", "•", ","):
                if token.i > start:
                    parts.append(
                        Span(
                            ent.doc,
                            start,
                            token.i,
                            label=ent.label_,
                            span_id=ent.id_ if hasattr(ent, "id_") else 0,
                        )
                    )
                start = token.i + 1
        end = _facility_end(ent, start, kb)
        if start == ent.start and end == ent.end:
            parts.append(ent)
        elif start < end:
            parts.append(Span(ent.doc, start, end, label=ent.label_))
    return parts


def _facility_end(ent: Span, start: int, kb: Knowledge) -> int:
    """'the Beach View Hotel on Lido beach', which the model tags as one facility: the name ends
    with its facility word; where it stands is another name."""
    for token in ent[start - ent.start :]:
        if (
            token.lower_ in ("on", "in", "at", "near")
            and token.i > start
            and token.nbor(-1).lower_ in kb.cues["facility_words"]
            and token.nbor(-1).text[:1].isupper()
        ):
            return token.i
    return ent.end


def _repair(ent: Span, kb: Knowledge) -> Span | None:
    """Trim determiners, possessives, titles and line breaks; extend a person's name leftwards."""
    doc, start, end = ent.doc, ent.start, ent.end
    for i in range(start, end):  # never take in a parenthesis: "(CNSP" is the acronym's start
        if doc[i].text == "(" and i > start:
            end = i
            break
    for i in range(start, end):  # never cross a line break
        if "\n" in doc[i].text or "\n" in doc[i].whitespace_:
            end = i + 1 if "\n" in doc[i].whitespace_ and "\n" not in doc[i].text else i
            break
    titles = set() if _names_a_site(doc, end, kb) else set(kb.roles["title_words"])
    bodies = indexed(kb.cues["org_name_words"], frozenset)
    hedges = kb.cues["hedge_words"]
    while start < end and (
        doc[start].lower_ in ("the", "a", "an")
        or doc[start].lower_ in hedges  # "Suspected Fulani herdsmen": no part of a name
        # "Inspector-General of Police": the rest of a hyphenated title
        or (doc[start].text == "-" and start > 0 and doc[start - 1].lower_.rstrip(".") in titles)
        or (
            doc[start].lower_.rstrip(".") in titles
            and (ent.label_ == "PERSON" or end - start > 2)
            and not (start + 1 < end and doc[start + 1].lower_ in bodies)
        )
    ):  # "Inspector John Caldwell"; not "General Directorate of Intelligence"
        start += 1
    if start < end and all(doc[i].lower_.rstrip(".") in titles for i in range(start, end)):
        return None  # "Brigadier General", the model's name for the rank before the name
    start = _past_titles(doc, start, end, ent.label_, kb)
    first = doc[start] if start < end else None
    if first is not None and first.is_lower and first.lower_ in _fragment_openers(kb):
        return None  # "of Communication" of "the Minister of Communication": a fragment
    if end - start == 1 and doc[start].text in indexed(kb.date_cues["zones"], _zone_words):
        return None  # "GMT" of a time stamp
    if end - start == 1 and (
        doc[start].lower_ in indexed(kb.cues["unnamed_attackers"], frozenset)
        or doc[start].lemma_.lower() in kb.triggers["weapon_subjects"]
    ):
        # "Gunmen attacked Kigoma village", "Mortar attacks on Halane are frequent": a word for
        # attackers or a weapon, tagged a name at a sentence's start
        return None
    if ent.label_ == "ORG" and not ent.ent_id_ and _part_of_a_title(doc, start, end, kb):
        return None
    while end > start and (
        doc[end - 1].text in ("'s", "’s", "'", "’", "-", ",", ".", ")", "(", "/")
        or doc[end - 1].is_space
    ):
        end -= 1
    if ent.label_ in ("GPE", "LOC", "FAC") and not ent.ent_id_:
        directions = set(kb.cues["direction_words"])
        while end - start > 1 and (
            (doc[start].is_lower and doc[start].lower_ in directions) or doc[start].text == "-"
        ):
            start += 1
    if ent.label_ == "PERSON" and not ent.ent_id_:
        while start > 0 and _is_name_token(doc[start - 1], titles, kb):
            start -= 1
        while end < len(doc) and _is_name_token(doc[end], titles, kb) and end - start < 5:
            end += 1
    if start >= end:
        return None
    if ent.label_ in ("FAC", "LOC", "ORG") and not ent.ent_id_:
        start = _title_opening_a_site(doc, start, end, kb)
    end = (
        _extend_right(doc, start, end, kb)
        if not ent.ent_id_ or kb.kind_of(ent.ent_id_) == "city"
        else end
    )
    if ent.label_ in ("GPE", "LOC", "NORP"):
        end = _extend_to_body(doc, end, kb)
    if ent.label_ == "ORG" and not ent.ent_id_:
        end = _extend_to_compound_head(doc, start, end, titles, kb)
    if ent.label_ == "GPE" and end == ent.end and kb.kind_of(ent.ent_id_) == "city":
        end = _town_of_a_longer_name(doc, start, end, titles, kb)
    end = _extend_hyphenated(doc, start, end, kb)
    end = _complete_name(doc, start, end, ent.label_, kb)
    while (
        end - start > 1
        and not ent.ent_id_
        and doc[end - 1].lower_ in kb.demonyms
        and end < len(doc)
        and doc[end].is_lower
        and doc[end].pos_ in ("NOUN", "ADJ")
    ):
        end -= 1  # "the Ain al-Hilweh Palestinian refugee camp": the nationality is the camp's
    if (
        (ent.label_ == "PERSON" or (ent.label_ == "ORG" and not ent.ent_id_))
        and end < len(doc)
        and doc[end].is_lower
        and doc[end].lower_ in kb.cues["named_unit_words"]
    ):
        end += 1  # "its José María Becerra front": a unit named after a person
    if start >= end:
        return None
    span = doc[start:end]
    text = span.text
    if (
        not any(ch.isupper() for ch in text)
        or len(text) < 2
        or text.lower() in kb.cues["not_entities"]
    ):
        return None
    if len(span) == 1 and text.lower().rstrip(".") in titles:
        return None  # "Brig." of "Brig. Gen. X" is a rank, not a name
    if re.search(r"[/@#]|https?:|\d{3,}", text) and not ent.ent_id_:
        return None
    return span


def _part_of_a_title(doc: Doc, start: int, end: int, kb: Knowledge) -> bool:
    """'Interior Cabinet' of 'Interior Cabinet Secretary X', 'Home Affairs' of 'Home Affairs
    Minister X': words before a government title make the title, not a body of their own
    (a body's name would have a body word: 'Interior Ministry')."""
    body_words = indexed(kb.cues["org_name_words"], frozenset)
    return (
        end < len(doc)
        and doc[end].lower_ in kb.cues["government_title_words"]
        and end - start <= 3
        and not any(t.lower_ in body_words for t in doc[start:end])
    )


def _fragment_openers(kb: Knowledge) -> frozenset[str]:
    """The linking words a span the model cut out of a longer name opens with ('of')."""
    return indexed(kb.cues["name_links"], _links_but_the)


def _links_but_the(links: list[str]) -> frozenset[str]:
    return frozenset(links) - {"the"}


def _complete_name(doc: Doc, start: int, end: int, label: str, kb: Knowledge) -> int:
    """Where a body's name ends that the model cut at a linking word: 'Armed Forces of the' +
    'Democratic Republic of the Congo', 'Kenya National Commission' + 'on Human Rights', 'UAE
    Ministry' + 'of Foreign Affairs'. A name that ends in a linking word goes on through the
    capitalised words after it, or loses the link; an organisation's name that ends in a body
    word ('Commission') goes on through 'of' and capitalised words, or through 'on' or 'for'
    and two capitalised words or 'the' ('for the Protection of Journalists'). Dates,
    line breaks and a parenthesis ("(FARDC)") end it; a name the model ran on into 'in' ends
    before it."""
    joiners = indexed(kb.cues, _name_joiners)
    last = doc[end - 1].lower_
    if end - start > 1 and last == "in":
        return end - 1  # "Institute for Autonomy and Governance in": the place is not the name's
    broken = end - start > 1 and last in joiners
    link = doc[end].lower_ if end < len(doc) else ""
    after = doc[end + 1 : end + 3]
    body_words = indexed(kb.cues["org_name_words"], frozenset)
    opens = (
        label != "PERSON"
        and type_from_name(doc[start:end].text, kb) != "Place"
        and (
            link == "of"
            and any(t.lower_ in body_words and t.text[:1].isupper() for t in doc[start:end])
            # "Union of Journalists" + "of the Philippines", not "the east bank" + "of the
            # Euphrates"; 'for Strategic Studies', not "the Police Service for Mwale's family"
            or link in ("for", "on")
            and (after[:1].text == "the" or all(_is_name_word(t, kb) for t in after))
            and last in body_words
        )
    )
    if not (broken or opens):
        return end
    stop, i = end, end
    while i < len(doc) and i - end < 8 and "\n" not in doc[i - 1].whitespace_:
        token = doc[i]
        if token.is_lower and token.lower_ in joiners:
            i += 1
        elif _is_name_word(token, kb):
            i += 1
            stop = i
        else:
            break
    if stop > end:
        return stop
    while broken and end > start + 1 and doc[end - 1].lower_ in joiners:
        end -= 1  # nothing capitalised follows: "Joint Command of" is "Joint Command"
    return end


def _name_joiners(cues: dict) -> frozenset[str]:
    """The lower-case words a name goes on through: links ('of') and a person's particles."""
    return frozenset(cues["name_links"]) | frozenset(cues["name_cut_particles"])


def _is_name_word(token, kb: Knowledge) -> bool:
    return (
        token.text[:1].isupper()
        and token.text.replace("'", "").replace("-", "").isalpha()
        and token.ent_type_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL")
        and token.lower_ not in kb.cues["not_entities"]
    )


def _past_titles(doc: Doc, start: int, end: int, label: str, kb: Knowledge) -> int:
    """Where the name proper starts after the titles and page furniture the model took in:
    'Regional Police Officer Imran Shahid', 'National Security Adviser Qasim al-Araji', a
    time stamp's 'GMT Zelensky', a person's 'Police Tamunotonye Ibiama' (of 'Superintendent of
    Police ...'). Only names of capitalised words are left, two at least unless the model
    called it a person."""
    titles = indexed(kb.roles["title_words"], frozenset)
    zones = indexed(kb.date_cues["zones"], _zone_words)
    body_words = indexed(kb.cues["org_name_words"], frozenset)
    if _names_a_site(doc, end, kb):
        return start
    least = 1 if label == "PERSON" else 2
    for k in range(end - 1 - least, start - 1, -1):
        word = doc[k].lower_.rstrip(".")
        if k > start and word in kb.cues["title_name_parts"]:
            continue  # "Hassan Sheikh Mohamud": a title that is part of the name
        if word in titles or doc[k].text in zones:
            rest = doc[k + 1 : end]
            if all(_is_plain_name(t, body_words) for t in rest):
                return k + 1
            break
    if (
        label == "PERSON"
        and end - start > 2
        and doc[start].lower_ in body_words
        and all(t.text[:1].isupper() and t.is_alpha for t in doc[start + 1 : end])
    ):
        start += 1  # not "Ansar al-Sharia", a group's name the model took for a person's
    return start


def _names_a_site(doc: Doc, end: int, kb: Knowledge) -> bool:
    """'the Imam Ali mosque', 'King Fahd Hospital': a name that is, or runs on into, a site's
    name keeps the title it opens with."""
    sites = indexed(kb.cues, _site_name_words)
    return doc[end - 1].lower_ in sites or (end < len(doc) and doc[end].lower_ in sites)


def _title_opening_a_site(doc: Doc, start: int, end: int, kb: Knowledge) -> int:
    """'Queen' of 'Queen Elizabeth National Park', 'King' of 'King Fahd Hospital': a title the
    model left out of a site's name, hung on a word of it, opens the name."""
    if start == 0 or not _names_a_site(doc, end, kb):
        return start
    before = doc[start - 1]
    if (
        before.dep_ == "compound"
        and start <= before.head.i < end
        and before.text[:1].isupper()
        and before.text.isalpha()
        and not before.ent_type_
        and before.lower_ in kb.cues["title_name_parts"]
        and "\n" not in doc[start - 1].whitespace_
    ):
        return start - 1
    return start


def _site_name_words(cues: dict) -> frozenset[str]:
    return frozenset(cues["facility_words"]) | frozenset(cues["site_words"])


def _zone_words(zones: dict) -> frozenset[str]:
    return frozenset(zone for names in zones.values() for zone in names)


def _is_plain_name(token, body_words: frozenset[str]) -> bool:
    """A capitalised word of a name, or one of its particles ('al-Araji', 'bin')."""
    text = token.text
    return (
        (text[:1].isupper() or "-" in text and text.split("-")[-1][:1].isupper())
        and token.lower_ not in body_words
        and token.text.replace("-", "").replace("'", "").isalpha()
    )


def _extend_right(doc, start: int, end: int, kb: Knowledge) -> int:
    """'Zoobe' + 'junction', 'Moscow' + 'region', 'African Union Mission' + 'in Somalia
    (AMISOM)'."""
    if end < len(doc) and doc[start].lower_ not in kb.cues["media_name_starts"]:
        nxt = doc[end]  # "its Radio Andalus station" is the broadcaster Radio Andalus
        if nxt.is_lower and (
            nxt.lower_ in kb.cues["facility_words"] or nxt.lower_ in kb.cues["region_words"]
        ):
            name = doc[start:end].text
            known = kb.lookup(name)
            if nxt.lower_ in kb.cues["generic_facility_words"] and (known or is_known_place(name)):
                return end  # "the Sittwe market": Sittwe
            if (
                nxt.lower_ in kb.cues["facility_words"]
                or not known
                or kb.kind_of(known) in ("city", "country")
            ):
                if not (known and kb.kind_of(known) == "region"):
                    return end + 1
    if (
        end + 3 < len(doc)
        and doc[end].lower_ in ("in", "of", "for")
        and doc[end + 1].pos_ == "PROPN"
    ):
        stop = end + 1
        while (
            stop < len(doc)
            and (doc[stop].pos_ == "PROPN" or doc[stop].lower_ in ("and", "the"))
            and stop - end < 6
        ):
            stop += 1
        if stop < len(doc) - 1 and doc[stop].text == "(" and doc[stop + 1].text.isupper():
            return stop
    return end


def _owner_of_role(span: Span, kb: Knowledge) -> bool:
    """'a deputy leader of Srpska Lista', 'a spokesman for Ansar Dine': what a person is a
    leader, member or spokesman of is a body, not another person."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i < 1 or doc[i].lower_ not in ("of", "for"):
        return False
    return _is_role_noun(doc[i - 1], kb, doc[i - 1].lemma_)


def _hyphenated_place_name(name: str, kb: Knowledge) -> bool:
    parts = name.lower().split("-")
    if len(parts) < 2 or " " in name:
        return False
    return parts[0] in kb.cues["hyphen_name_starts"] or any(
        p in kb.cues["place_particles"] or p in kb.cues["hyphen_name_starts"] for p in parts[1:-1]
    )  # "Conflans-Sainte-Honorine" too


def _extend_hyphenated(doc, start: int, end: int, kb: Knowledge) -> int:
    """'Croix' + '-des-Bouquets', 'Saint' + '-Marc': the model cuts a hyphenated place name
    after its first word. A chain of words joined by hyphens, without spaces, that runs through
    a particle ("des", "au", "sur"), starts with "Saint", or joins two words the dictionary does not
    know ("Ouham-Pendé") is one name; "Russia-Ukraine" is not."""
    particles = set(kb.cues["name_particles"])
    stop, last = end, end
    joined_particle = doc[start].lower_ in kb.cues["hyphen_name_starts"] and end - start == 1
    while (
        stop + 1 < len(doc)
        and doc[stop].text == "-"
        and not doc[stop - 1].whitespace_
        and not doc[stop].whitespace_
        and doc[stop + 1].is_alpha
        and not doc[stop + 1].ent_type_
    ):
        nxt = doc[stop + 1]
        if (nxt.lower_ in particles and nxt.is_lower) or (
            nxt.lower_ in kb.cues["hyphen_name_starts"] and stop + 2 < len(doc)
        ):
            joined_particle = True  # "Croix-des-Bouquets", "Conflans-Sainte-Honorine"
        elif not nxt.text[:1].isupper():
            break
        elif _unknown_word(doc[stop - 1], kb) and _unknown_word(nxt, kb):
            joined_particle = True  # "Ouham-Pendé", "Mai-Ndombe": two halves of one name
        stop += 2
        if nxt.text[:1].isupper():
            last = stop
    return last if joined_particle else end


def _unknown_word(token, kb: Knowledge) -> bool:
    """A capitalised word that names nothing the dictionary knows, nor a nationality: half of a
    hyphenated name, where 'Russia-Ukraine' and 'Kyrgyz-Tajik' join two known names."""
    return not kb.lookup(token.text) and token.lower_ not in kb.demonyms


def _extend_to_compound_head(doc, start: int, end: int, titles: set[str], kb: Knowledge) -> int:
    """'Miyetti' + 'Allah Kautal Hore': the model tagged the first word of a group's name, and
    the parser hangs it on the name's last word; the untagged capitalised words up to that head
    are the name's. Not a title or a known name after it ('ISWAP Commander Abu Musab'), nor a
    title's words ('the Chief of Army Staff')."""
    last = doc[end - 1]
    head = last.head
    if last.dep_ != "compound" or not end <= head.i < end + 4:
        return end
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in titles:
        return end
    if all(_untagged_name_word(t, titles, kb) for t in doc[end : head.i + 1]):
        return head.i + 1
    return end


def _untagged_name_word(token, titles: set[str], kb: Knowledge) -> bool:
    """A capitalised word the model left untagged that names nothing on its own: no title,
    nationality or dictionary name, and on the line of the word before it."""
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and token.text.isalpha()
        and not token.ent_type_
        and token.lower_ not in titles
        and token.lower_ not in kb.demonyms
        and not kb.lookup(token.text)
        and "\n" not in token.doc[token.i - 1].whitespace_
    )


def _town_of_a_longer_name(doc, start: int, end: int, titles: set[str], kb: Knowledge) -> int:
    """'Baga' of "his home in Baga Sola": a town of the dictionary that the parser hangs, as a
    modifier, on a capitalised word nothing else names, right after a preposition of place,
    is the first word of another town's two-word name (Baga Sola in Chad is not Baga in
    Nigeria). Not 'Kabul Bank', 'Mosul Dam', 'Gaza Strip' (a body, a site, a unit of land),
    'Dhaka North', a title ('Aleppo Governor'), 'the Jeddah Declaration' or a person's name
    ('Byron Lima Oliva')."""
    last, nxt = doc[end - 1], doc[end] if end < len(doc) else None
    if nxt is None or last.dep_ != "compound" or last.head.i != nxt.i or start < 1:
        return end
    if doc[start - 1].lower_ not in kb.cues["location_preps"]:
        return end
    if end + 1 < len(doc) and doc[end + 1].pos_ == "PROPN":
        return end
    if nxt.lower_ in kb.cues["direction_words"]:
        return end
    generic = indexed(kb.cues, _generic_name_words)
    if _untagged_name_word(nxt, titles, kb) and nxt.lower_ not in generic:
        return end + 1
    return end


def _generic_name_words(cues: dict) -> frozenset[str]:
    """Words that end the names of bodies, units of land, sites and regions ('Bank', 'Strip',
    'Dam', 'Province'): after a town, a name of another kind."""
    kinds = ("org_name_words", "place_name_words", "facility_words", "region_words")
    return frozenset(w for kind in kinds for w in cues[kind])


def _extend_to_body(doc, end: int, kb: Knowledge) -> int:
    """'Zimbabwe' + 'Republic Police', 'Sokoto State' + 'Police Command', 'Deir ez-Zor' +
    'Military Council': the small model often tags only the place that opens a body's name.
    Capitalised words the model left untagged, up to one that names a body, are the name's."""
    body_words = set(kb.cues["org_name_words"])
    stop, last_body = end, None
    while (
        stop < len(doc)
        and stop - end < 4
        and doc[stop].pos_ == "PROPN"
        and doc[stop].text[:1].isupper()
        and not doc[stop].ent_type_
        and "\n" not in doc[stop - 1].whitespace_
    ):
        if doc[stop].lower_ in body_words:
            last_body = stop
        stop += 1
    return end if last_body is None else last_body + 1


def _is_name_token(token, titles: set[str], kb: Knowledge) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and token.lower_ not in titles
        and not token.ent_type_
        and token.lower_ not in kb.demonyms
        and token.lower_ not in indexed(kb.cues["org_name_words"], frozenset)
        and not token.is_sent_start
        and "\n" not in token.whitespace_
        and token.text.isalpha()
    )


def _vote(mention: RawMention, span: Span, kb: Knowledge) -> None:
    """Type evidence for one mention: dictionary, name words, NER label, context."""
    if mention.dict_id:
        mention.votes[kb.type_of(mention.dict_id)] += 100
        return
    name_type = type_from_name(span.text, kb)
    if name_type:
        mention.votes[name_type] += 6
    elif mention.label != "PERSON" and is_major_city(span.text):
        mention.votes["Place"] += 4
    mention.votes[NER_TYPES[mention.label]] += 2
    doc = span.doc
    after = doc[span.end].lower_ if span.end < len(doc) else ""
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if _modifies_place_noun(span, mention.label, kb):
        mention.votes["Place"] += 3
    if _official_of_place(span, kb):
        mention.votes["Place"] += 6
    possessive = after in ("'s", "’s")  # "in Hassan's car": the car is in the place, not he
    at = _preposition_before(span, kb)
    prep = doc[at].lower_ if at >= 0 else ""
    if prep in kb.cues["place_preps"] and not possessive:
        mention.votes["Place"] += 3
        if mention.label == "PERSON" and not name_type and is_known_place(span.text):
            mention.votes["Place"] += 2  # "in Kaya": a town the gazetteer knows, not a person
    elif prep in kb.cues["point_preps"] and not possessive and _at_a_point(span, at, name_type, kb):
        mention.votes["Place"] += 3
    if (
        before == "of"
        and span.start > 1
        and doc[span.start - 2].lower_ in kb.cues["place_name_words"]
        and _heads_the_object(span, kb)  # not "a training camp of PDF terrorists"
    ):
        mention.votes["Place"] += 6  # "the department of Norte de Santander", "the town of Moura"
    if _named_settlement(span.doc, span.start, kb):
        mention.votes["Place"] += 6  # "a town called Metele", which the model tags a group
    if possessive and _owns_a_named_unit(span, kb):
        mention.votes["Place"] += 4  # "in Sunamganj's Madhyanagar upazila": the district's
    if after == "-" and span.end + 1 < len(doc) and doc[span.end + 1].lower_ == "based":
        mention.votes["Place"] += 4  # "the Nagrota-based White Knight Corps"
    if before.rstrip(".") in kb.roles["title_words"] and before not in ("former", "late"):
        mention.votes["Person"] += 5
    elif span.start > 0 and _is_role_noun(doc[span.start - 1], kb, before):
        if doc[span.start - 1].tag_ == "NN" and doc[span.start - 1].is_lower:
            mention.votes["Person"] += 5  # "Human Rights Watch researcher Ilaria Allegrozzi"
    nxt = " ".join(t.lower_ for t in doc[span.end : span.end + 6])
    if re.match(
        r"^, (?:(?:a|an|the|its|their) (?:[\w'-]+ ){0,3}|[\w'-]+ ?(?:'s|’s) (?:[\w'-]+ ){0,2})"
        r"(?:faction|group|militia|movement|"
        r"organi[sz]ation|party|network|outfit|affiliate|branch|wing|agency|arm|unit|"
        r"mouthpiece)\b",
        nxt,
    ):
        mention.votes["Organization"] += 4
    if _defined_as_place(doc, span.end, kb):
        mention.votes["Place"] += 10  # a definition outweighs the small model's guesses
    if _placed_by_predicate(span, kb):
        mention.votes["Place"] += 8  # "Gida Ayana lies in the East Welega zone"
    if _called_a_place(span, kb):
        mention.votes["Place"] += 10  # "El Bagre is a gold-mining town in the Bajo Cauca"
    if _hyphenated_place_name(span.text, kb):
        mention.votes["Place"] += 4  # "Croix-des-Bouquets", "Saint-Marc"
    if span[0].lower_ in kb.cues["religious_org_words"]:
        mention.votes["Organization"] += 8
    if _role_in_apposition(span, nxt, kb):
        mention.votes["Person"] += 4
    if _role_before(span, kb):
        mention.votes["Person"] += 5
    if mention.label == "PERSON" and _owner_of_role(span, kb):
        mention.votes["Organization"] += 5
    _person_context(mention, span, kb)
    if mention.label == "PERSON" and len(span) == 1 and span.text.isupper():
        mention.votes["Organization"] += 3


def _heads_the_object(span: Span, kb: Knowledge) -> bool:
    """The name is the object of its preposition, or names the place noun that is ('the
    Batibo subdivision of Momo division'); not a modifier of another noun ('a training camp of
    PDF terrorists')."""
    root = span.root
    head = root.head.lower_
    return root.dep_ == "pobj" or (
        root.dep_ == "compound"
        and (head in kb.cues["place_name_words"] or head in indexed(kb.cues, _compound_heads))
    )


def _preposition_before(span: Span, kb: Knowledge) -> int:
    """Where the preposition before a name stands, past 'the' and a hyphenated 'government-held'
    or 'rebel-controlled' ('in government-held Mayadin'), such an adjective holding a place; -1
    at the start."""
    doc = span.doc
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 3 and doc[i].lower_ in kb.cues["held_by_words"] and doc[i - 1].text == "-":
        i -= 3
    return i


def _at_a_point(span: Span, at: int, name_type: str, kb: Knowledge) -> bool:
    """'an army position at Kaiga-Kindjiria', 'died at the Regional Institute of Medical
    Sciences': what stands at a point is a place. Not a name whose words make it a body, not one
    that only modifies the noun after it ('at the Wagner base'), and not where a person's role
    or work comes before 'at' ('a researcher at Dhaka University', 'worked at Chevron')."""
    if name_type == "Organization" or span.root.dep_ == "compound":
        return False
    if at < 1:
        return True
    word = span.doc[at - 1]
    return not (_is_person_noun(word, kb) or word.lemma_.lower() in kb.cues["work_at_verbs"])


def _placed_by_predicate(span: Span, kb: Knowledge) -> bool:
    """'X lies in the East Welega zone', 'X is located near the border', 'X is situated on the
    coast': only a place is the subject of a verb that places it. A person "lies in hospital"
    too, so the place it lies in must be a name or a place noun."""
    root = span.root
    verb = root.head
    if root.dep_ not in ("nsubj", "nsubjpass") or verb.lemma_ not in kb.cues["place_predicates"]:
        return False
    place_names = indexed(kb.cues["place_name_words"], frozenset)
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.i < root.i:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and (obj.pos_ == "PROPN" or obj.lower_ in place_names):
                return True
    return False


def _called_a_place(span: Span, kb: Knowledge) -> bool:
    """'El Bagre is a gold-mining town in the Bajo Cauca region': the subject of a copula whose
    complement is a word for a place is that place, as an apposition defining it would be."""
    root = span.root
    if root.dep_ != "nsubj" or root.head.lemma_ != "be":
        return False
    nouns = indexed(kb.cues["place_definition_nouns"], frozenset)
    return any(
        c.dep_ == "attr" and c.pos_ == "NOUN" and c.lemma_.lower() in nouns
        for c in root.head.children
    )


def _role_in_apposition(span: Span, following: str, kb: Knowledge) -> bool:
    """', a senior commander' after a name makes a person; but in "in Zinapécuaro, councillor
    María Torres" the role is the next name's, not the town's."""
    if not following.startswith(", "):
        return False
    found = indexed(kb.roles["person_roles"], _role_apposition).match(following)
    if not found:
        return False
    after_role = span.end + len(found.group(0).split())
    doc = span.doc
    return not (
        after_role < len(doc)
        and doc[after_role].pos_ == "PROPN"
        and doc[after_role].text[:1].isupper()
    )


def _modifies_place_noun(span: Span, label: str, kb: Knowledge) -> bool:
    """'Momo division', 'the Mach tehsil', 'the Khor Mor gas field', 'the Amchidé post': a name
    that modifies a lower-case place or facility noun, past up to two other lower-case nouns,
    is a place's name. An organization's name modifies facilities too ("the Wagner base", "an
    army post"), so for a name the model took for an organization only the place nouns
    ("district", "township") count."""
    place_names = indexed(kb.cues["place_name_words"], frozenset)
    others = indexed(kb.cues, _compound_heads)
    for token in span.doc[span.end : span.end + 3]:
        if not token.is_lower or token.pos_ != "NOUN":
            return False
        if token.lower_ in place_names:
            return True
        if token.lower_ in others:
            return label != "ORG"
    return False


def _compound_heads(cues: dict) -> frozenset[str]:
    return frozenset(cues["place_compound_heads"]) | frozenset(cues["facility_words"])


def _official_of_place(span: Span, kb: Knowledge) -> bool:
    """'the prefect of Mayo-Sava', "Norte de Santander's governor", 'the Toribío mayor's office':
    what a governor, mayor or prefect is the official of is a place."""
    doc = span.doc
    officials = indexed(kb.cues["place_officials"], frozenset)
    i = span.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 1 and doc[i].lower_ == "of":
        one = doc[i - 1].lower_
        two = f"{doc[i - 2].lower_} {one}" if i >= 2 else ""
        if one in officials or two in officials:
            return True
    j = span.end + (1 if span.end < len(doc) and doc[span.end].text in ("'s", "’s") else 0)
    if j < len(doc) and doc[j].is_lower:
        one = doc[j].lower_
        two = f"{one} {doc[j + 1].lower_}" if j + 1 < len(doc) else ""
        return one in officials or two in officials
    return False


_AGE_APPOSITION = re.compile(r"^, (?:aged )?\d{1,3},")


def _person_context(mention: RawMention, span: Span, kb: Knowledge) -> None:
    """Words around a name that only people take, whatever the small model's label says:
    an age ("Bazoum, 63,"), kin ("his partner, Hayat Boumeddiene", "Bazoum's wife"), or
    leading a body ("a team headed by Ivan Marquez")."""
    doc = span.doc
    after = doc[span.end : span.end + 4].text
    if _AGE_APPOSITION.match(after):
        mention.votes["Person"] += 6
    kin = set(kb.cues["kinship_words"])
    if span.start >= 2 and doc[span.start - 1].text == "," and doc[span.start - 2].lower_ in kin:
        mention.votes["Person"] += 6
    if (
        span.end + 1 < len(doc)
        and doc[span.end].text in ("'s", "’s")
        and doc[span.end + 1].lower_ in kin
    ):
        mention.votes["Person"] += 4
    if (
        span.start >= 2
        and doc[span.start - 1].lower_ == "by"
        and doc[span.start - 2].lower_ in kb.cues["person_agent_verbs"]
    ):
        mention.votes["Person"] += 4
    if _apposed_to_person(span, kb):
        mention.votes["Person"] += 5
    elif _names_a_body(span, mention.label, kb):
        mention.votes["Organization"] += 5
    if doc[span.end : span.end + 2].text.lower() == ", who":
        mention.votes["Person"] += 4  # "Bulama Modu Tijjani, who leads the vigilantes"


def _apposed_nouns(span: Span) -> list[Token]:
    """The words a name stands in apposition to, on either side of it: the head it is apposed
    to ("the head of the bureau, X,") and what is apposed to it ("X, a political scientist")."""
    root = span.root
    nouns = [c for c in root.children if c.dep_ == "appos" and not span.start <= c.i < span.end]
    if root.dep_ == "appos":
        nouns.append(root.head)
    return nouns


def _apposed_to_person(span: Span, kb: Knowledge) -> bool:
    """'The head of the bureau, Gemechu Abdissa, told', 'said Nusrat Jahan Chowdhury, a political
    scientist at Dhaka University': a name in apposition to a role or to a noun only people are
    is a person. The parse finds the apposition's head past its modifiers and 'of' phrases,
    where the role-word patterns above look only next to the comma."""
    nouns = _apposed_nouns(span)
    head = span.root.head
    if span.root.dep_ == "appos" and head.pos_ == "PROPN" and head.dep_ == "pobj":
        nouns.append(head.head.head)  # "The prefect of Ouham-Pendé, Alain-Serge Nambona,"
    return any(n.pos_ == "NOUN" and n.is_lower and _is_person_noun(n, kb) for n in nouns)


def _names_a_body(span: Span, label: str, kb: Knowledge) -> bool:
    """'the Gaachana Sirnaa militia', 'Bui Warriors, one of the most active separatist
    militias', "Israel's emergency service, Magen David Adom": a name in apposition to a word
    for a body, or modifying one, is that body's name. Not a name the model took for a place
    that modifies one ('the Jalisco cartel')."""
    nouns = _apposed_nouns(span)
    if span.root.dep_ == "compound" and label != "GPE":
        nouns.append(span.root.head)
    nouns += [
        obj
        for noun in nouns
        if noun.lower_ == "one"
        for prep in noun.children
        if prep.lower_ == "of"
        for obj in prep.children
        if obj.dep_ == "pobj"
    ]
    bodies = indexed(kb.cues["body_nouns"], frozenset)
    return any(n.pos_ == "NOUN" and n.is_lower and n.lemma_.lower() in bodies for n in nouns)


def _is_person_noun(token, kb: Knowledge) -> bool:
    word = token.lemma_.lower()
    return word in indexed(kb.roles["person_roles"], _one_word_roles) or word in indexed(
        kb.cues["person_nouns"], frozenset
    )


def _role_apposition(person_roles: dict) -> re.Pattern[str]:
    """', a senior commander', ', its spokesman', ", AMCU's regional organiser": a one-word role
    of the lexicon after a name, the owner's possessive allowed before it."""
    roles = "|".join(re.escape(r) for r in sorted(_one_word_roles(person_roles)))
    return re.compile(
        rf"^, (?:a|an|the|its|their)? ?(?:[\w'-]+ (?:[\w'-]+ )?(?:'s|’s) )?"
        rf"(?:former |senior |deputy |chief |top |veteran )?(?:[\w'-]+ )?(?:{roles})s?\b"
    )


def _one_word_roles(person_roles: dict) -> frozenset[str]:
    return frozenset(r for r in person_roles if " " not in r)


def _role_before(span: Span, kb: Knowledge) -> bool:
    """'its spokesman, Issa Abakar', "ZANU-PF's provincial spokesperson, Godwin Chitsa", "the
    army's spokesman, Brigadier Nabil Abdallah": a role noun and a comma just before the name
    (past any rank words) make it a person, whatever the small model guessed. A singular role
    noun only, and not when the name opens the next clause ("They wrote to the commander,
    Al-Shabaab said"). A group so introduced ("the group's leader, Boko Haram") would pass: the
    dictionaries' groups outvote it."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].pos_ in ("VERB", "AUX"):
        return False
    titles = set(kb.roles["title_words"])
    i = span.start - 1
    while i >= 0 and doc[i].lower_.rstrip(".") in titles and doc[i].pos_ == "PROPN":
        i -= 1
    if i < 2 or doc[i].text != ",":
        return False
    role = doc[i - 1]
    return role.tag_ not in ("NNS", "NNPS") and _is_role_noun(role, kb, role.lower_)


def _is_role_noun(token, kb: Knowledge, word: str) -> bool:
    """A noun that is a one-word person role of the lexicon ("spokesman", "leader")."""
    return token.pos_ == "NOUN" and word in indexed(kb.roles["person_roles"], _one_word_roles)


def type_from_name(name: str, kb: Knowledge) -> str:
    """What the words of an unknown name say about it ("... Hotel" is a place, "... Front" a
    group)."""
    words = [w.lower() for w in re.split(r"\s+", name) if w]
    if not words:
        return ""
    last = words[-1]
    if words[0] in kb.cues["media_name_starts"] and len(words) > 1:
        return "Organization"  # "Radio Andalus station" broadcasts; it is no place
    if last in kb.cues["facility_words"]:
        return "Place"
    if any(" ".join(words).endswith(phrase) for phrase in kb.cues["place_name_phrases"]):
        return "Place"  # "Maru Local Government Area"
    if last in kb.cues["place_name_words"] and not any(
        w in kb.cues["org_name_words"] for w in words[:-1]
    ):
        return "Place"
    if any(w in kb.cues["org_name_words"] for w in words):
        return "Organization"
    return ""


# --- resolution -------------------------------------------------------------------------------

_ACRONYM_DEF = re.compile(r"^\s*\(\s*(?P<acr>[A-Z][A-Za-z0-9.&-]{1,11})\s*\)")
_OR_ACRONYM = re.compile(r"^,?\s+or\s+(?P<acr>[A-Z][A-Z0-9-]{1,9})\b")
_ALIAS_DEF = re.compile(
    r"^,?\s+\(?(?:whose (?:formal|full|official|real) name is|also known as|known as|"
    r"a\.k\.a\.?|aka|alias|formally known as|formerly known as|now known as|better known as|"
    r"(?:which|who) (?:calls|called) (?:itself|himself|themselves)|"
    r"(?:operating|operated|operates|fighting|known) under the (?:name|nom de guerre)|"
    r"(?:by|under) the nom de guerre|"
    r"(?:better |also )?known by (?:the|his|her|its|their) (?:name|nom de guerre|alias)|"
    r"(?:whose )?nom de guerre(?: is)?)\s+",
    re.I,
)


def resolve_entities(
    mentions: list[RawMention], text: str, kb: Knowledge
) -> dict[str, EntityRecord]:
    """Assign every mention an entity key (``mention.key``) and return the entities."""
    clusters: list[list[RawMention]] = []
    index: dict[str, int] = {}  # folded surface or dictionary id -> cluster
    for mention in mentions:
        cluster_id = _find_cluster(mention, clusters, index, kb, text)
        if cluster_id is None:
            clusters.append([])
            cluster_id = len(clusters) - 1
        clusters[cluster_id].append(mention)
        for key in _index_keys(mention):
            index.setdefault(key, cluster_id)
        for alias in _defined_aliases(mention, text, kb):
            known = kb.lookup(alias)
            if known and known != mention.dict_id and _expands(mention, alias, text, known, kb):
                # "the People's Defence Forces (HPG)": the HPG, in English; not Myanmar's
                # People's Defence Force, whose name the dictionary also knows
                mention.dict_id = known
            if known and known != mention.dict_id:
                continue  # "allied to Islamic State, known as ISWAP": the alias names another group
            index.setdefault(fold(alias), cluster_id)
            mention.defined.append(alias)
    clusters = _merge_variants(_join_shared_surnames(clusters, text), kb)
    entities: dict[str, EntityRecord] = {}
    for _number, cluster in enumerate(clusters):
        record = _to_record(cluster, kb)
        if record is None:
            continue
        if record.key in entities:
            existing = entities[record.key]
            existing.aliases |= record.aliases | {record.label}
            existing.aliases.discard(existing.label)
            existing.mentions += record.mentions
        else:
            entities[record.key] = record
        for mention in cluster:
            mention.key = record.key
    locate_places(entities)  # the gazetteer reads the whole article's places to decide namesakes
    return entities


def separate_namesakes(
    entities: dict[str, EntityRecord], mentions: list[RawMention], kb: Knowledge, main_country: str
) -> None:
    """An armed group of the dictionary named in an article about another country that never
    names the group's home is a namesake: Mozambique's insurgents whom residents call
    "al-Shabab" are not Somalia's al-Shabaab. Such a record leaves the dictionary entry for a
    key of its own, labelled as the article writes it, so no corpus merges the two.
    """
    main_code = entities[main_country].country if main_country in entities else ""
    places = {e.country for e in entities.values() if e.type == "Place" and e.country}
    for key, record in list(entities.items()):
        entry = kb.entries.get(key, {})
        homes = {entry.get("country", ""), *entry.get("active_in", ())} - {""}
        if (
            kb.kind_of(key) != "armed_group"
            or not homes
            or not main_code
            or homes & (places | {main_code})
        ):
            continue
        written = Counter(m.text for m in mentions if m.key == key)
        label = written.most_common(1)[0][0] if written else record.label
        local = f"organization/{slug(label)}-{main_code.lower()}"
        entities[local] = EntityRecord(
            local, label, record.type, set(written) - {label}, record.mentions, namesake=True
        )
        del entities[key]
        for mention in mentions:
            if mention.key == key:
                mention.key = local


def _index_keys(mention: RawMention) -> list[str]:
    keys = [fold(mention.text)]
    if mention.dict_id:
        keys.append(mention.dict_id)
    if mention.body:
        keys.append(mention.body)
    return keys


def _find_cluster(
    mention: RawMention,
    clusters: list[list[RawMention]],
    index: dict[str, int],
    kb: Knowledge,
    text: str,
) -> int | None:
    if mention.dict_id and mention.dict_id in index:
        return index[mention.dict_id]
    if mention.body and mention.body in index:
        return index[mention.body]
    folded = fold(mention.text)
    if folded in index:
        found = index[folded]
        dict_ids = {m.dict_id for m in clusters[found] if m.dict_id}
        if not mention.dict_id or not dict_ids or mention.dict_id in dict_ids:
            return found
    if not mention.dict_id and (
        mention.votes.most_common(1)[0][0] == "Person" or len(mention.text.split()) == 1
    ):
        found = _person_cluster(mention, clusters)
        if found is not None:
            mention.votes["Person"] += 3  # a surname of a full name seen before
            return found
    if not mention.dict_id and _a_relative(mention, clusters, kb):
        # "Saïd Kouachi" after "Chérif Kouachi", whatever the model said
        mention.votes["Person"] += 3
    if not mention.dict_id:
        found = _facility_cluster(mention, clusters, kb)
        # a cluster's number may be 0: never "or" two of them
        return found if found is not None else _head_word_cluster(mention, clusters, text)
    return None


_AND_FULL_NAME = re.compile(r"\s+and\s+[A-Z][\w'’-]*\s+(?P<surname>[A-Z][\w'’-]+)")


def _join_shared_surnames(clusters: list[list[RawMention]], text: str) -> list[list[RawMention]]:
    """'the brothers Saïd and Chérif Kouachi': a first name alone, joined by 'and' to a full
    name, shares its surname; it joins the person the article names in full that way ('Saïd
    Kouachi'), or stays as it was when the article never does."""
    full_names = {
        m.text: number
        for number, cluster in enumerate(clusters)
        if _cluster_type(cluster) == "Person"
        for m in cluster
        if len(m.text.split()) == 2
    }
    joined: dict[int, int] = {}
    for number, cluster in enumerate(clusters):
        if len({m.text for m in cluster}) != 1 or len(cluster[0].text.split()) != 1:
            continue
        for mention in cluster:
            after = _AND_FULL_NAME.match(text, mention.end)
            if after is None:
                continue
            target = full_names.get(f"{mention.text} {after.group('surname')}")
            if target is not None and target != number:
                joined[number] = target
                break
    if not joined:
        return clusters
    for number, target in joined.items():
        for mention in clusters[number]:
            mention.votes["Person"] += 3  # the model's reading of a lone first name was a guess
        clusters[target].extend(clusters[number])
    return [c for n, c in enumerate(clusters) if n not in joined]


def _a_relative(mention: RawMention, clusters: list[list[RawMention]], kb: Knowledge) -> bool:
    """A two-word name, not yet read as a person, whose last word is the surname of a person the
    article named with another first name: a brother, a wife, a son ('Saïd Kouachi' after
    'Chérif Kouachi'), unless its words make it a body or a place ('Kouachi Foundation' ends
    otherwise)."""
    words = mention.text.split()
    if len(words) != 2 or mention.votes.most_common(1)[0][0] == "Person":
        return False
    if type_from_name(mention.text, kb) or not all(w[:1].isupper() for w in words):
        return False
    return any(
        len(other := m.text.split()) == 2
        and other[1] == words[1]
        and other[0] != words[0]
        and _cluster_type(cluster) == "Person"
        for cluster in clusters
        for m in cluster
    )


def _head_word_cluster(
    mention: RawMention, clusters: list[list[RawMention]], text: str
) -> int | None:
    """'the Brotherhood' after 'the Muslim Brotherhood', 'the Defence Forces' after 'the Kenya
    Defence Forces': a group's name without its first words, after 'the', is that group when
    exactly one group of the article ends with it."""
    words = mention.text.split()
    before = text[max(0, mention.start - 5) : mention.start].lower()
    if mention.votes.most_common(1)[0][0] != "Organization" or not (
        before.endswith(" the ") or before.endswith("\nthe ")
    ):
        return None
    found = {
        number
        for number, cluster in enumerate(clusters)
        for other in cluster
        if len(other.text.split()) > len(words)
        and other.text.split()[-len(words) :] == words
        and other.votes.most_common(1)[0][0] == "Organization"
    }
    return found.pop() if len(found) == 1 else None


def _facility_cluster(
    mention: RawMention, clusters: list[list[RawMention]], kb: Knowledge
) -> int | None:
    """'the Hayat' after 'the Hayat Hotel': a name that is a place's name without its facility
    word; not 'Tripoli' after 'Tripoli port', a town the facility is named after."""
    town = is_known_place(mention.text)
    unit_words = set(kb.cues["place_name_words"])
    words = mention.text.split()
    for number in range(len(clusters) - 1, -1, -1):
        for other in clusters[number]:
            other_words = other.text.split()
            if (
                len(other_words) > len(words)
                and other_words[: len(words)] == words
                and type_from_name(other.text, kb) == "Place"
                # "Balkh" is Balkh province; "Tripoli" is not Tripoli port
                and not (
                    town and any(w.lower() not in unit_words for w in other_words[len(words) :])
                )
            ):
                return number
    return None


def _person_cluster(mention: RawMention, clusters: list[list[RawMention]]) -> int | None:
    """A surname, first name or shorter form of a full name already seen (latest first).

    A lone name is a surname first, as news style uses it: "Joseph" after "Claude Joseph"
    and "Joseph Lambert" is Claude Joseph, however recent Lambert; only a name that is
    nobody's surname may then be a first name.
    """
    words = mention.text.split()
    if len(words) == 1:
        found = _person_cluster_among(words, clusters, surname_only=True)
        if found is not None:
            return found
    return _person_cluster_among(words, clusters, surname_only=False)


def _person_cluster_among(
    words: list[str], clusters: list[list[RawMention]], surname_only: bool
) -> int | None:
    for number in range(len(clusters) - 1, -1, -1):
        cluster = clusters[number]
        if any(m.dict_id for m in cluster) or _cluster_type(cluster) not in (
            "Person",
            "Organization",
        ):
            continue
        if _cluster_type(cluster) == "Organization" and any(
            type_from_name(m.text, knowledge()) for m in cluster
        ):
            continue
        names = [m.text.split() for m in cluster]
        if not any(len(n) > 1 or len(words) > 1 for n in names):
            continue
        if surname_only and not any(len(n) > 1 and _bare(n[-1]) == _bare(words[0]) for n in names):
            continue
        if all(_compatible_names(words, n) for n in names) and any(
            _shares_name(words, n) for n in names
        ):
            return number
    return None


# "Burhan" after "Abdel Fattah al-Burhan": news drops the Arabic article from a surname
_NAME_ARTICLE = re.compile(r"^(?:al|el)[-‑]", re.IGNORECASE)


def _bare(word: str) -> str:
    """A name word compared without case or a leading Arabic article."""
    return _NAME_ARTICLE.sub("", word.lower())


def _compatible_names(a: list[str], b: list[str]) -> bool:
    """'Khan' fits 'Imran Khan'; 'Rana Sanaullah Khan' does not fit 'Imran Khan'."""
    a, b = [_bare(w) for w in a], [_bare(w) for w in b]
    short, long_ = sorted((a, b), key=len)
    it = iter(long_)
    return all(word in it for word in short)


def _shares_name(a: list[str], b: list[str]) -> bool:
    a, b = [_bare(w) for w in a], [_bare(w) for w in b]
    return a != b and (a[-1] == b[-1] or a[0] == b[0] or _compatible_names(a, b))


def _defined_aliases(mention: RawMention, text: str, kb: Knowledge) -> list[str]:
    """Aliases the text defines right after a mention: '(TTP)', ', or ISWAP', 'whose formal name
    is X'; not the name a branch gives itself ('the Pakistani affiliate of Islamic State, which
    calls itself Pakistan Province' names the affiliate, never Islamic State)."""
    tail = text[mention.end : mention.end + 120]
    found = []
    match = _ACRONYM_DEF.match(tail) or _OR_ACRONYM.match(tail)
    if match and _could_abbreviate(match.group("acr"), mention.text):
        found.append(match.group("acr"))
    match = _ALIAS_DEF.match(tail)
    if match and _of_a_branch(text[max(0, mention.start - 40) : mention.start], kb):
        match = None
    if match:
        rest = tail[match.end() :]
        name = re.match(
            r"((?:[A-Z][\w'’-]*|al|el|ul|wal|bin|ibn|of|the|de|e|i)"
            r"(?:[ -](?:[A-Z][\w'’-]*|al|el|ul|wal|bin|ibn|of|the|de|e|i|al-[\w'’-]+))*)",
            rest,
        )
        if name and name.group(1)[:1].isupper():
            found.append(name.group(1).rstrip(" -"))
    return found


def _of_a_branch(before: str, kb: Knowledge) -> bool:
    """Whether the words before a name make it the parent of a branch: 'the affiliate of'."""
    words = re.findall(r"[\w'’-]+", before.lower())
    while words and words[-1] in ("the", "a", "an"):
        words.pop()
    return len(words) >= 2 and words[-1] in ("of", "in") and words[-2] in kb.cues["branch_nouns"]


def _expands(mention: RawMention, alias: str, text: str, known: str, kb: Knowledge) -> bool:
    """Whether a name is spelled out right before a known acronym in brackets, as the same kind
    of body: 'the People's Defence Forces (HPG)' is the HPG the dictionary has under its Kurdish
    name, whatever else the words may name. The text's own definition decides; the letters
    need not make the acronym (a name in another language)."""
    bracketed = text[mention.end : mention.end + len(alias) + 4].lstrip().startswith(f"({alias})")
    return (
        bracketed
        and alias.isupper()
        and mention.label == "ORG"
        and kb.type_of(known) == "Organization"
    )


def _could_abbreviate(acronym: str, name: str) -> bool:
    """'(TTP)' after 'Tehreek-e-Taliban Pakistan' yes; '(TTP)' after a lone 'Pakistan' no."""
    words = [w for w in re.split(r"[\s-]+", name) if w]
    return len(words) > 1 or acronym[:1].upper() == name[:1].upper()


def _merge_variants(clusters: list[list[RawMention]], kb: Knowledge) -> list[list[RawMention]]:
    """Merge spelling variants: one-letter acronym slips (TPP/TTP) and near-identical long names."""
    merged: list[_Group] = []
    for cluster in clusters:
        group = _Group(cluster)
        target = next((m for m in merged if _variants(m, group)), None)
        if target is None:
            merged.append(group)
        else:
            target.absorb(group)
    return [group.mentions for group in merged]


class _Group:
    """A cluster being merged, with what ``_variants`` compares kept up to date: every cluster
    is compared with every group before it, so recounting votes per comparison was quadratic."""

    def __init__(self, cluster: list[RawMention]) -> None:
        self.mentions: list[RawMention] = []
        self.ids: set[str] = set()
        self.names: set[str] = set()
        self.forces: set[str] = set()  # names of a state's body ('Haitian police')
        self.votes: Counter = Counter()
        self.labels: Counter = Counter()
        self._type: str | None = None
        self._absorb_mentions(cluster)

    def absorb(self, other: _Group) -> None:
        self._absorb_mentions(other.mentions)

    def _absorb_mentions(self, mentions: list[RawMention]) -> None:
        for mention in mentions:
            self.mentions.append(mention)
            if mention.dict_id:
                self.ids.add(mention.dict_id)
            self.names.add(mention.text)
            if mention.body:
                self.forces.add(mention.text)
            self.votes.update(mention.votes)
            self.labels.update(_model_label(mention))
        self._type = None

    @property
    def type(self) -> str:
        """The cluster's type as ``_cluster_type`` gives it (same votes, same order)."""
        if self._type is None:
            self._type = _winning_type(self.votes, self.labels)
        return self._type


def _variants(a: _Group, b: _Group) -> bool:
    if a.ids and b.ids:
        return bool(a.ids & b.ids)
    if _names_the_body(a, b) or _names_the_body(b, a):
        return True
    if a.type == b.type == "Place" and (_area_named_by(a, b) or _area_named_by(b, a)):
        return True
    if a.type != b.type or a.type == "Person":
        return False
    directions = knowledge().cues["direction_words"]
    for x in a.names:
        for y in b.names:
            if x.isupper() and y.isupper() and len(x) == len(y) >= 3 and _one_substitution(x, y):
                return True
            if (
                len(x) >= 8
                and len(y) >= 8
                and _similar(fold(x), fold(y))
                and not _other_quarter(x, y, directions)
            ):
                return True
    return False


def _area_named_by(place: _Group, area: _Group) -> bool:
    """'Poonch' and 'Poonch district', 'Tak Bai' and 'Tak Bai district': one place, named with
    and without the word for its tier. Not a city the dictionary knows: Baghdad is not Baghdad
    province, nor Volgograd its oblast."""
    kb = knowledge()
    tiers = kb.area_words()
    facilities = kb.cues["facility_words"]
    if any(n.rsplit(" ", 1)[-1].lower() in facilities for n in place.names | area.names):
        return False  # a town that gave its name to a hospital is not the hospital
    for name in place.names:
        if kb.kind_of(kb.lookup(name)) in ("city", "country"):
            continue
        lowered = name.lower()
        for other in area.names:
            other = other.lower()
            if other.startswith(lowered + " ") and other[len(lowered) + 1 :] in tiers:
                return True
    return False


def _names_the_body(force: _Group, other: _Group) -> bool:
    """'Haitian police' and the 'Haitian National Police' the article names too: a state's body
    named by nationality and kind is the body whose name opens with that nationality and holds
    that kind."""
    return other.type == "Organization" and any(
        name.split()[0].lower() == body.split()[0].lower()
        and body.split()[-1].lower() in name.lower()
        for body in force.forces
        for name in other.names - force.forces
    )


def _other_quarter(x: str, y: str, directions: list[str]) -> bool:
    """'West Gojjam' and 'East Gojjam', 'North Darfur' and 'South Darfur': two names that differ
    by a direction word are two places however alike they are spelt."""
    words_x, words_y = set(fold(x).split()), set(fold(y).split())
    return bool((words_x ^ words_y) & set(directions))


def _similar(x: str, y: str) -> bool:
    """difflib ratio of at least 0.9, its cheap upper bounds tried first."""
    matcher = difflib.SequenceMatcher(None, x, y)
    return (
        matcher.real_quick_ratio() >= 0.9
        and matcher.quick_ratio() >= 0.9
        and matcher.ratio() >= 0.9
    )


def _one_substitution(x: str, y: str) -> bool:
    return sum(1 for p, q in zip(x, y) if p != q) == 1 and x[0] == y[0]


def _cluster_type(cluster: list[RawMention]) -> str:
    """The type the cluster's mentions vote for; but a cluster whose fullest name ends in a
    facility word ("the Hayat Hotel", later "the Hayat") is that place, whatever its short
    forms made the model guess ("the Catholic Church" stays a body of believers)."""
    fullest = max(cluster, key=lambda m: len(m.text), default=None)
    if (
        fullest is not None
        and not any(m.dict_id for m in cluster)
        and fullest.text.split()[-1].lower() in knowledge().cues["facility_words"]
        and fullest.text.split()[0].lower() not in knowledge().cues["religious_org_words"]
    ):
        return "Place"
    votes: Counter = Counter()
    labels: Counter = Counter()
    for mention in cluster:
        votes.update(mention.votes)
        labels.update(_model_label(mention))
    return _winning_type(votes, labels)


# how many of a name's mentions the model's label counts for: it tags "Kanyama" as an
# organization every time, while "in Kanyama" and "Kanyama township" say otherwise
_LABEL_VOTES_COUNTED = 2


def _model_label(mention: RawMention) -> list[str]:
    """The type the model's label voted for (``_vote`` gives it 2), for a name no dictionary
    knows."""
    return [NER_TYPES[mention.label]] if not mention.dict_id and mention.label in NER_TYPES else []


def _winning_type(votes: Counter, labels: Counter) -> str:
    """The type with most votes, the model's label counted for ``_LABEL_VOTES_COUNTED``
    mentions at most: its guesses for one name are not independent evidence."""
    capped = Counter(votes)
    for node_type, count in labels.items():
        capped[node_type] -= 2 * max(0, count - _LABEL_VOTES_COUNTED)
    return capped.most_common(1)[0][0] if capped else ""


def _to_record(cluster: list[RawMention], kb: Knowledge) -> EntityRecord | None:
    node_type = _cluster_type(cluster)
    dict_ids = Counter(m.dict_id for m in cluster if m.dict_id)
    # a capital written for its state names the city, not the state: no alias of it
    surfaces = {m.text for m in cluster if not m.metonym} | {a for m in cluster for a in m.defined}
    if dict_ids:
        key = dict_ids.most_common(1)[0][0]
        if kb.kind_of(key) == "demonym":
            return None
        entry = kb.entries[key]
        record = EntityRecord(
            key,
            entry["label"],
            entry["type"],
            surfaces - {entry["label"]},
            len(cluster),
            entry.get("lat"),
            entry.get("lon"),
            entry.get("country", ""),
        )
        return record
    # in the order first written, so a tie goes to the first name the article used, not to
    # the order a set happens to hold them in (which changes with the interpreter's hash seed)
    written = dict.fromkeys(m.text for m in cluster)
    label = max(written, key=lambda s: (not s.isupper(), len(s.split()), len(s)))
    if node_type == "Person" and len(label.split()) == 1 and label.isupper():
        return None
    return EntityRecord(
        f"{node_type.lower()}/{slug(label)}", label, node_type, surfaces - {label}, len(cluster)
    )


def _surnames(entities: dict[str, EntityRecord], kb: Knowledge) -> dict[str, str]:
    """The last word of each person's full name that no other entity shares and no dictionary
    knows ('Turji denied that his men had carried out the raid', after 'Bello Turji'): a
    surname the model left untagged is still that person."""
    found: dict[str, set[str]] = {}
    for key, entity in entities.items():
        words = entity.label.split()
        if entity.type != "Person" or len(words) < 2:
            continue
        last = _NAME_ARTICLE.sub("", words[-1])  # "Burhan" of "al-Burhan" too
        if len(last) > 3 and last[:1].isupper() and last[1:].islower():
            found.setdefault(last, set()).add(key)
    taken = {
        w
        for e in entities.values()
        if e.type != "Person"
        for n in (e.label, *e.aliases)
        for w in n.split()
    }
    return {
        name: next(iter(keys))
        for name, keys in found.items()
        if len(keys) == 1 and name not in taken and not kb.lookup(name)
    }


def propagate_aliases(
    units: list[Unit],
    mentions: list[RawMention],
    entities: dict[str, EntityRecord],
    kb: Knowledge,
) -> list[RawMention]:
    """Mentions the NER missed of names the article already introduced: acronyms, surnames, short
    forms, and a town's name where the model saw it elsewhere ("clashed outside a polling
    station in Epworth", untagged, after the headline's "Epworth")."""
    known: dict[str, str] = {}
    towns: set[str] = set()  # one-word places: found again only after a place preposition
    for key, entity in entities.items():
        for name in {entity.label, *entity.aliases}:
            words = name.split()
            if (
                (name.isupper() and len(name) >= 2)
                or (entity.type in ("Person", "Place") and len(words) == 1 and len(name) > 3)
                or len(words) > 1
            ):
                known.setdefault(name, key)
                if entity.type == "Place" and len(words) == 1 and not name.isupper():
                    towns.add(name)
    for surname, key in _surnames(entities, kb).items():
        known.setdefault(surname, key)
    if not known:
        return []
    pattern = re.compile(
        r"(?<![\w-])("
        + "|".join(re.escape(n) for n in sorted(known, key=len, reverse=True))
        + r")(?![\w-])"
    )
    covered = {(m.unit, i) for m in mentions for i in range(m.tok_start, m.tok_end)}
    added = []
    for index, unit in enumerate(units):
        doc = unit.doc
        for match in pattern.finditer(unit.text):
            span = doc.char_span(match.start(), match.end())
            if span is None or any((index, i) in covered for i in range(span.start, span.end)):
                continue
            if match.group(1) in towns and not (
                (span.start > 0 and doc[span.start - 1].lower_ in kb.cues["place_preps"])
                or (
                    span.end < len(doc)
                    and kb.triggers["nouns"].get(doc[span.end].lemma_.lower())
                    in kb.triggers["violent_types"]
                )
            ):
                # "the Bijapur police": a modifier, not the scene; but "the Kulachi attack"
                # names a violent incident by its scene
                continue
            key = known[match.group(1)]
            mention = RawMention.of_span(index, unit, span, "ORG", key=key)
            added.append(mention)
            covered.update((index, i) for i in range(span.start, span.end))
            entities[key].mentions += 1
    return added
