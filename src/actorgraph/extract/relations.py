"""Relations read from one sentence's parse, with the frames and role words of graph/lexicons/.

Three readers, each small: verb and adjective frames ("Pakistan banned the
TTP", "opposed to the state"), role phrases around a name ("Pakistani Foreign
Minister X", "X, a scholar at Y", "its leader, X", "a TTP splinter group
called X"), and place phrases ("Peshawar, the capital of Khyber
Pakhtunkhwa", "Kerman, in south-eastern Iran"). Subjects and objects are
whatever ``Discourse.refers_to`` says the phrase names. Negated verbs give no
edge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .discourse import Discourse
from .events import Incident
from .knowledge import Knowledge, indexed
from .syntax import is_root

# subject, relation, object, confidence, role, rule id[, accuser: blamed_for's "by"]
Emit = Callable[..., None]

PLACE_RANK = {"country": 4, "territory": 4, "region": 3, "city": 2}


@dataclass
class SentenceContext:
    sentence: Span
    discourse: Discourse
    kb: Knowledge
    incidents_at: dict[int, Incident]  # trigger token index -> incident
    focus: Incident | None
    main_country: str
    emit: Emit
    place_parents: dict[str, set[str]] = field(default_factory=dict)

    def key(self, token: Token) -> str | None:
        return self.discourse.key_at(token)

    def type_of(self, key: str | None) -> str:
        if key and key.startswith("incident:"):
            return "Event"
        return self.discourse.types.get(key or "", "")


# --- verb and adjective frames ----------------------------------------------------------------


def read_frames(ctx: SentenceContext) -> None:
    frames = indexed(ctx.kb.patterns, _FrameIndex)
    lowered = ctx.sentence.text.lower()
    for token in ctx.sentence:
        pos = token.pos_
        if pos not in _FRAME_POS:
            continue
        lemma = token.lemma_.lower()
        if pos in ("VERB", "AUX"):
            for frame in frames.verbs.get(lemma, ()):
                if _frame_applies(frame, token, lowered):
                    _apply_frame(ctx, frame, token)
        if pos in ("ADJ", "VERB") and token.dep_ in ("acomp", "amod", "acl", "ROOT", "conj", "advcl", "xcomp"):
            for frame in frames.adjectives.get(token.lower_, ()):
                if not _negated(token):
                    _apply_adjective(ctx, frame, token)
        if pos == "NOUN":
            for frame in frames.for_noun(lemma, token.lower_):
                _apply_noun_frame(ctx, frame, token)


_FRAME_POS = frozenset({"VERB", "AUX", "ADJ", "NOUN"})  # the parts of speech a frame can hang on


class _FrameIndex:
    """The frames of relation_patterns.json by the word that opens them, in lexicon order.

    Every token of every sentence is checked against the frames; an index by lemma (or by
    form) finds its few frames without scanning them all.
    """

    def __init__(self, patterns: dict) -> None:
        self.verbs = _frames_by_word(patterns["verb_frames"], "lemmas")
        self.adjectives = _frames_by_word(patterns["adjective_frames"], "lemmas")
        self._nouns = patterns["noun_frames"]
        self._noun_positions = _positions_by_word(self._nouns, "nouns")

    def for_noun(self, lemma: str, lower: str) -> list[dict]:
        """Noun frames naming the lemma or the form, each once, in lexicon order."""
        positions = self._noun_positions
        if lemma not in positions and lower not in positions:
            return []
        found = set(positions.get(lemma, ())) | set(positions.get(lower, ()))
        return [self._nouns[i] for i in sorted(found)]


def _positions_by_word(frames: list[dict], key: str) -> dict[str, list[int]]:
    """word -> positions of the frames whose ``key`` list names it, in lexicon order."""
    index: dict[str, list[int]] = {}
    for position, frame in enumerate(frames):
        for word in dict.fromkeys(frame[key]):
            index.setdefault(word, []).append(position)
    return index


def _frames_by_word(frames: list[dict], key: str) -> dict[str, list[dict]]:
    return {word: [frames[i] for i in positions] for word, positions in _positions_by_word(frames, key).items()}


def _frame_applies(frame: dict, verb: Token, lowered: str) -> bool:
    if frame["relation"] == "none" or _negated(verb):
        return False
    if "requires" in frame and not any(word in lowered for word in frame["requires"]):
        return False
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        verb.dep_ == "acl" and verb.tag_ == "VBN")
    if frame.get("active_only") and passive:
        return False
    if frame.get("passive_only") and not passive:
        return False
    return True


def _apply_frame(ctx: SentenceContext, frame: dict, verb: Token) -> None:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    holder = verb
    if "object_words" in frame:
        holder = next((c for c in verb.children if c.dep_ in ("dobj", "acomp", "attr", "nsubjpass", "prep")
                       and (c.lemma_.lower() in frame["object_words"] or c.lower_ in frame["object_words"])), None)
        if holder is None:
            holder = next((t for t in verb.subtree if t.lemma_.lower() in frame["object_words"] and t.head == verb), None)
        if holder is None:
            return
    prep = frame.get("prep")
    if prep and not _prep_objects(holder, prep) and not _prep_objects(verb, prep) and frame["object"] != prep:
        return
    if frame["object"] == "patient":
        _apply_passive_role(ctx, frame, verb)
        return
    if passive and frame["relation"] in ("designated_by", "banned_by"):
        agents = _agents(ctx, verb)
        patients = _with_conj(ctx, [c for c in verb.children if c.dep_ == "nsubjpass"])
    else:
        agents = _subjects(ctx, verb)
        patients = _objects(ctx, frame, verb, holder, exclude=set(agents))
    if frame["relation"] in ("designated_by", "banned_by") and not passive:
        patients = _with_conj(ctx, [c for c in verb.children if c.dep_ == "dobj"])
    if frame.get("needs_event_object") and not any(p and p.startswith("incident:") for p in patients):
        return
    for subject in agents:
        for obj in patients:
            if frame.get("object_kind") == "media" and ctx.type_of(obj) != "Organization":
                continue
            if frame.get("object_type") and ctx.type_of(obj) != frame["object_type"]:
                continue
            if frame.get("subject_type") and ctx.type_of(subject) != frame["subject_type"]:
                continue
            if frame.get("inverse"):
                ctx.emit(obj, frame["relation"], subject, 0.8, "", frame["id"])
            else:
                ctx.emit(subject, frame["relation"], obj, 0.8, "", frame["id"])


def _apply_passive_role(ctx: SentenceContext, frame: dict, verb: Token) -> None:
    """'The CNSP, led by General Tiani' / 'X is led by Y': the agent holds the role in the named group."""
    agents = [a for a in _agents(ctx, verb) if ctx.type_of(a) == "Person"]
    if verb.dep_ == "acl" or (verb.dep_ == "conj" and verb.head.dep_ == "acl"):
        holder = verb.head if verb.dep_ == "acl" else verb.head.head
        patients = [ctx.key(holder)]
    else:
        patients = [ctx.key(c) for c in verb.children if c.dep_ == "nsubjpass"]
    for agent in agents:
        for patient in patients:
            if patient and ctx.type_of(patient) == "Organization":
                ctx.emit(agent, frame["relation"], patient, 0.75, "", frame["id"] + "/passive")


def _apply_adjective(ctx: SentenceContext, frame: dict, adj: Token) -> None:
    objects = _prep_objects(adj, frame["prep"])
    if not objects:
        return
    if adj.dep_ in ("amod", "acl"):
        subjects = [ctx.discourse.refers_to(adj.head)]
    else:
        subjects = _subjects(ctx, adj if adj.dep_ != "acomp" else adj.head)
    if frame.get("object") == "event":
        targets = [_incident_key(ctx, o) for o in objects]
    else:
        targets = [k for o in objects for k in _with_conj(ctx, [o], exclude=set(subjects))]
    for subject in subjects:
        for target in targets:
            ctx.emit(subject, frame["relation"], target, 0.75, "", frame["id"])


def _apply_noun_frame(ctx: SentenceContext, frame: dict, noun: Token) -> None:
    objects = _prep_objects(noun, frame["prep"])
    if not objects:
        return
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    subjects = [ctx.discourse.refers_to(owner)] if owner is not None else []
    if not any(subjects) and noun.dep_ in ("dobj", "pobj", "attr"):
        verb = noun.head if noun.dep_ != "pobj" else noun.head.head
        if _negated(verb):
            return
        subjects = _subjects(ctx, verb)
    targets = [k for o in objects for k in _with_conj(ctx, [o], exclude=set(subjects))]
    for subject in subjects:
        for target in targets:
            ctx.emit(subject, frame["relation"], target, 0.7, "", frame["id"])


def _negated(token: Token) -> bool:
    negations = set()
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("dobj", "attr") :
            negations |= {c.lower_ for c in child.children if c.dep_ == "det"}
    return bool(negations & {"no", "neither"})


def _subjects(ctx: SentenceContext, verb: Token) -> list[str]:
    """Entities in the subject of ``verb``, inherited from the governing clause when it has none."""
    current = verb
    for _ in range(4):
        heads = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
        if heads:
            found = _with_conj(ctx, heads)
            if not found and heads[0].lower_ in ("who", "which", "that") and current.dep_ == "relcl":
                found = [k for k in [ctx.discourse.refers_to(current.head)] if k]
                if not found and current.head.dep_ in ("dobj", "attr"):
                    found = _subjects(ctx, current.head.head)
            return found
        if current.dep_ in ("xcomp", "acl", "advcl", "conj", "relcl", "pcomp", "ccomp") and not is_root(current):
            current = current.head
            while current.pos_ not in ("VERB", "AUX") and not is_root(current):
                current = current.head
            continue
        break
    return []


def _agents(ctx: SentenceContext, verb: Token) -> list[str]:
    """The 'by' phrase of a passive verb, also when the parser hung it on the object
    ("declared a terrorist organization by the United Nations")."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    holders = [verb] + ([c for c in verb.children if c.dep_ in ("dobj", "oprd", "attr")] if passive else [])
    agents = []
    for holder in holders:
        for child in holder.children:
            if child.dep_ == "agent" or (passive and child.dep_ == "prep" and child.lower_ == "by"):
                agents += _with_conj(ctx, [c for c in child.children if c.dep_ == "pobj"])
    return agents


def _with_conj(ctx: SentenceContext, tokens: list[Token], exclude: set | None = None) -> list[str]:
    found: list[str] = []
    for token in _through_state_heads(ctx, tokens):
        for member in [token, *token.conjuncts]:
            key = ctx.discourse.refers_to(member) if not exclude else _refers_excluding(ctx, member, exclude)
            if key and key not in found:
                found.append(key)
    return found


def _through_state_heads(ctx: SentenceContext, tokens: list[Token]) -> list[Token]:
    """'the governments of Mali, Burkina Faso and Niger' stands for the three states."""
    heads = set(ctx.kb.cues["state_heads"]) | {"governments", "states"}
    out = []
    for token in tokens:
        if token.lower_ in heads and ctx.key(token) is None:
            pobjs = [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"]
            if pobjs:
                out += pobjs
                continue
        out.append(token)
    return out


def _refers_excluding(ctx: SentenceContext, token: Token, exclude: set) -> str | None:
    key = ctx.discourse.refers_to(token)
    if key in exclude and ctx.discourse.key_at(token) is None:
        saved = ctx.discourse.subjects
        ctx.discourse.subjects = [k for k in saved if k not in exclude]
        previous = ctx.discourse.previous_subjects
        ctx.discourse.previous_subjects = [k for k in previous if k not in exclude]
        try:
            key = ctx.discourse.refers_to(token)
            if key in exclude:
                key = None
        finally:
            ctx.discourse.subjects, ctx.discourse.previous_subjects = saved, previous
    return key


def _prep_objects(token: Token, prep: str) -> list[Token]:
    """Objects of a preposition under ``token``, through nested ones ("from within Afghanistan")."""
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "prt", "agent") and child.lower_ == prep:
            stack = [child]
            while stack:
                current = stack.pop()
                for grandchild in current.children:
                    if grandchild.dep_ == "pobj":
                        found.append(grandchild)
                    elif grandchild.dep_ in ("prep", "pcomp"):
                        stack.append(grandchild)
            if child.dep_ == "prt":
                found += [c for c in token.children if c.dep_ == "dobj"]
                found += [g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj"]
    return found


def _objects(ctx: SentenceContext, frame: dict, verb: Token, holder: Token, exclude: set) -> list[str]:
    kind = frame["object"]
    if kind == "event":
        return [k for k in [_event_object(ctx, verb, holder)] if k]
    if kind == "dobj":
        return _with_conj(ctx, [c for c in verb.children if c.dep_ in ("dobj", "attr")], exclude)
    objects = _prep_objects(holder, kind) or _prep_objects(verb, kind)
    return _with_conj(ctx, objects, exclude)


def _event_object(ctx: SentenceContext, verb: Token, holder: Token) -> str | None:
    """The incident a claim or denial is about: one named in its object, else the one in focus."""
    subject_tokens = {t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree}
    eventish = False
    for token in verb.subtree:
        if token.i in subject_tokens or token.i == verb.i:
            continue
        if token.i in ctx.incidents_at:
            return f"incident:{ctx.incidents_at[token.i].number}"
        if token.lemma_.lower() in ctx.kb.triggers["nouns"] and token.dep_ in ("dobj", "pobj"):
            eventish = True
    if eventish or ctx.focus is None:
        return None
    return f"incident:{ctx.focus.number}"


def _incident_key(ctx: SentenceContext, token: Token) -> str | None:
    incident = ctx.incidents_at.get(token.i)
    return f"incident:{incident.number}" if incident else None


# --- role phrases around names -------------------------------------------------------------------


def read_roles(ctx: SentenceContext) -> None:
    sentence = ctx.sentence
    seen: set[str] = set()
    for token in sentence:
        key = ctx.key(token)
        if not key or key in seen or (token.i > sentence.start and ctx.key(sentence.doc[token.i - 1]) == key):
            continue
        seen.add(key)
        first, last = _mention_bounds(ctx, token, key)
        node_type = ctx.type_of(key)
        if node_type == "Person":
            _person_roles(ctx, key, first, last)
        elif node_type == "Organization":
            _org_roles(ctx, key, first, last)
        elif node_type == "Place":
            _place_relations(ctx, key, first, last)


def _mention_bounds(ctx: SentenceContext, token: Token, key: str) -> tuple[int, int]:
    doc = ctx.sentence.doc
    last = token.i
    while last + 1 < ctx.sentence.end and ctx.key(doc[last + 1]) == key:
        last += 1
    return token.i, last


def _person_roles(ctx: SentenceContext, person: str, first: int, last: int) -> None:
    doc = ctx.sentence.doc
    roles = ctx.kb.roles["person_roles"]
    before = _window_before(ctx, first, stop_at_comma=True)
    if before:
        _role_phrase(ctx, person, before, roles, title=True)
    if last + 1 < ctx.sentence.end and doc[last + 1].text == ",":
        after = _window_after(ctx, last + 2)
        if after:
            _role_phrase(ctx, person, after, roles, title=False)
    if first - 1 > ctx.sentence.start and doc[first - 1].text == ",":
        reverse = _window_before(ctx, first - 1, stop_at_comma=True)
        if reverse:
            _role_phrase(ctx, person, reverse, roles, title=False)
    head = doc[last]
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        attr = [c for c in head.head.children if c.dep_ == "attr"]
        if attr:
            _role_phrase(ctx, person, list(attr[0].subtree), roles, title=False)


def _org_roles(ctx: SentenceContext, org: str, first: int, last: int) -> None:
    doc = ctx.sentence.doc
    roles = ctx.kb.roles["org_roles"]
    end = last + 1
    if end < ctx.sentence.end and doc[end].text == "(":
        while end < ctx.sentence.end and doc[end].text != ")":
            end += 1
        end += 1
    if end < ctx.sentence.end and doc[end].text == ",":
        after = _window_after(ctx, end + 1)
        if after and after[0].lower_ not in ("which", "who", "whose", "and"):
            _org_phrase(ctx, org, after, roles)
    if first - 2 >= ctx.sentence.start and doc[first - 1].lower_ in ("called", "named", "dubbed"):
        _org_phrase(ctx, org, _window_before(ctx, first - 1, stop_at_comma=True), roles)
    if first - 3 >= ctx.sentence.start and doc[first - 2].lower_ == "known" and doc[first - 1].lower_ == "as":
        _org_phrase(ctx, org, _window_before(ctx, first - 2, stop_at_comma=False), roles)
    head = doc[last]
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        for attr in (c for c in head.head.children if c.dep_ == "attr"):
            _org_phrase(ctx, org, list(attr.subtree), roles)
    for child in head.children:  # "its African Union Transition Mission": a body of the group that owns it
        if child.dep_ == "poss" and child.lower_ in ("its", "their"):
            owner = ctx.discourse.refers_to(child)
            if owner and owner != org and ctx.type_of(owner) == "Organization":
                ctx.emit(org, "part_of", owner, 0.6, "", "roles:its-body")


def _window_before(ctx: SentenceContext, index: int, stop_at_comma: bool) -> list[Token]:
    doc = ctx.sentence.doc
    tokens: list[Token] = []
    i = index - 1
    while i >= ctx.sentence.start and len(tokens) < 9:
        token = doc[i]
        if token.pos_ in ("VERB", "AUX") or token.text in (";", ":", "(", ")", '"', "“", "”") or \
                (stop_at_comma and token.text == ","):
            break
        if token.lower_ in ("that", "which", "who", "and", "while", "but") and token.dep_ != "det":
            break
        if ctx.type_of(ctx.key(token)) == "Person":
            break
        tokens.insert(0, token)
        i -= 1
    return tokens


def _window_after(ctx: SentenceContext, index: int) -> list[Token]:
    doc = ctx.sentence.doc
    tokens: list[Token] = []
    i = index
    while i < ctx.sentence.end and len(tokens) < 16:
        token = doc[i]
        if token.text in (",", ";", ":", "(", '"', "“", "”", ".") or ctx.type_of(ctx.key(token)) == "Person":
            break
        if token.pos_ in ("VERB", "AUX") and token.lemma_ not in ("serve", "base") and token.dep_ not in ("amod", "compound"):
            if token.lemma_ != "be" or i == index:
                break
        tokens.append(token)
        i += 1
    return tokens


def _find_roles(tokens: list[Token], table: dict) -> list[tuple[int, int, str]]:
    """Role words in a token list, longest first: (start, end, role) with positions in ``tokens``.

    A role matches where its words (or lemmas) stand; the longer roles take their tokens first,
    and among roles of one length the table's order decides. Matches are found through an index
    by first word, then taken in that order.
    """
    words = [t.lower_ for t in tokens]
    lemmas = [t.lemma_.lower() for t in tokens]
    by_first = indexed(table, _roles_by_first_word)
    candidates = set()
    for i, (word, lemma) in enumerate(zip(words, lemmas)):
        for rank, parts in (*by_first.get(word, ()), *by_first.get(lemma, ())):
            window = slice(i, i + len(parts))
            if words[window] == parts or lemmas[window] == parts:
                candidates.add((rank, i))
    ranked = indexed(table, _ranked_roles)
    found, taken = [], set()
    for rank, i in sorted(candidates):
        role, parts = ranked[rank]
        span = set(range(i, i + len(parts)))
        if not taken & span:
            found.append((i, i + len(parts), role))
            taken |= span
    return sorted(found)


def _ranked_roles(table: dict) -> list[tuple[str, list[str]]]:
    """The table's roles with their words, longest first (stable), as ``_find_roles`` takes them."""
    roles = sorted((role for role in table if not role.startswith("_")), key=lambda r: -len(r.split()))
    return [(role, role.split()) for role in roles]


def _roles_by_first_word(table: dict) -> dict[str, list[tuple[int, list[str]]]]:
    index: dict[str, list[tuple[int, list[str]]]] = {}
    for rank, (_, parts) in enumerate(_ranked_roles(table)):
        index.setdefault(parts[0], []).append((rank, parts))
    return index


def _owner_near(ctx: SentenceContext, tokens: list[Token], start: int, end: int, exclude: str,
                allowed: tuple[str, ...] = ("Organization", "Place")) -> str | None:
    """The organization or state a role word belongs to: a possessor or adjective before it, or 'of/to/at X' after."""
    def fits(key: str | None) -> bool:
        return bool(key) and key != exclude and ctx.type_of(key) in allowed

    for i in range(start - 1, max(-1, start - 5), -1):
        token = tokens[i]
        key = ctx.key(token)
        if key:
            if fits(key) and not (i + 2 < len(tokens) and tokens[i + 1].text == "-" and tokens[i + 2].lower_ == "based"):
                return key
            continue
        if token.lower_ in ("its", "their", "his", "her") or token.dep_ == "poss":
            found = ctx.discourse.refers_to(token)
            if fits(found):
                return found
        place = ctx.discourse.demonym_place(token)
        if place and place in ctx.discourse.types and "Place" in allowed:
            return place
    for i in range(end, min(len(tokens), end + 8)):
        token = tokens[i]
        key = ctx.key(token)
        if fits(key):
            return key
        if token.lower_ in ("group", "movement") and i > 0 and tokens[i - 1].lower_ == "the":
            found = ctx.discourse.refers_to(token)
            if fits(found):
                return found
        if token.dep_ == "poss" and token.pos_ == "NOUN":
            found = ctx.discourse.refers_to(token)
            if fits(found):
                return found
    return None


def _role_phrase(ctx: SentenceContext, person: str, tokens: list[Token], table: dict, title: bool) -> None:
    government = set(ctx.kb.roles["government_titles"])
    for start, end, role in _find_roles(tokens, table):
        owner = _owner_near(ctx, tokens, start, end, person)
        if owner is None and title and role in government and ctx.main_country:
            owner, confidence = ctx.main_country, 0.5
        elif owner is None:
            continue
        else:
            confidence = 0.85
        spec = table[role]
        owner_type = ctx.type_of(owner)
        if owner_type == "Place":
            relation = spec.get("place")
        elif ctx.kb.kind_of(owner) == "government_body" and "state_org" in spec:
            relation = spec["state_org"]
        else:
            relation = spec.get("org")
        if relation:
            ctx.emit(person, relation, owner, confidence, " ".join(t.text for t in tokens[start:end]), f"roles:person:{role}")


def _org_phrase(ctx: SentenceContext, org: str, tokens: list[Token], table: dict) -> None:
    """'X, the group's Afghanistan-based branch': part_of / allied_with, and based_in from '-based'."""
    for i, token in enumerate(tokens):
        if token.lower_ in ("based", "headquartered") and i >= 2 and tokens[i - 1].text == "-":
            place = ctx.key(tokens[i - 2])
            if place and ctx.type_of(place) == "Place":
                ctx.emit(org, "based_in", place, 0.8, "", "roles:place-based")
    for start, end, role in _find_roles(tokens, table):
        owner = _owner_near(ctx, tokens, start, end, org, allowed=("Organization",))
        if owner:
            ctx.emit(org, table[role], owner, 0.8, "", f"roles:org:{role}")
            return



def _place_relations(ctx: SentenceContext, place: str, first: int, last: int) -> None:
    doc = ctx.sentence.doc
    end = last + 1
    if end < ctx.sentence.end and doc[end].text == ",":
        tail = _window_after(ctx, end + 1)
        container = _container(ctx, place, tail)
        if container:
            ctx.emit(place, "located_in", container, 0.8, "", "places:appositive")
    head = doc[last]
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("in", "on", "at", "near", "outside"):
            for pobj in prep.children:
                container = ctx.key(pobj) if pobj.dep_ == "pobj" else None
                if container and container != place and ctx.type_of(container) == "Place" and _bigger(ctx, container, place):
                    ctx.emit(place, "located_in", container, 0.7, "", "places:in-phrase")
    if head.dep_ == "poss" and ctx.type_of(ctx.key(head.head)) == "Place" and ctx.key(head.head) != place:
        inner = ctx.key(head.head)
        if _bigger(ctx, place, inner):
            ctx.emit(inner, "located_in", place, 0.75, "", "places:possessive")


def _container(ctx: SentenceContext, place: str, tail: list[Token]) -> str | None:
    """After 'P1,': 'P2' alone, 'the capital of P2', 'a town in P2', 'in (north-eastern) P2', 'P2's capital'."""
    if not tail:
        return None
    words = {t.lower_ for t in tail}
    first_key = ctx.key(tail[0])
    location_words = set(ctx.kb.patterns["location_appositive_words"])
    if first_key and ctx.type_of(first_key) == "Place" and first_key != place:
        rest = [t for t in tail if ctx.key(t) != first_key]
        if not rest or rest[0].text in ("'s", "’s") and words & location_words:
            return first_key if _bigger(ctx, first_key, place) else None
        return None
    if "capital" in words and words & {"provincial", "state", "regional", "district"} and \
            not any(ctx.key(t) for t in tail):
        region = _recent_region(ctx, place)  # "Katsina, the state capital"
        return region
    if tail[0].lower_ in ("in", "elsewhere") or words & location_words:
        for token in tail:
            key = ctx.key(token)
            if key and key != place and ctx.type_of(key) == "Place":
                return key if _bigger(ctx, key, place) else None
    return None


def _recent_region(ctx: SentenceContext, exclude: str) -> str | None:
    """The region the article just named: what 'the state capital' is the capital of."""
    for token in reversed(list(ctx.sentence)):
        key = ctx.key(token)
        if key and key != exclude and ctx.kb.kind_of(key) == "region":
            return key
    for _, key in reversed(ctx.discourse.history):
        if key != exclude and ctx.kb.kind_of(key) == "region":
            return key
    return None


def _bigger(ctx: SentenceContext, outer: str, inner: str) -> bool:
    outer_rank = PLACE_RANK.get(ctx.kb.kind_of(outer), 0)
    inner_rank = PLACE_RANK.get(ctx.kb.kind_of(inner), 1)
    if not ctx.kb.kind_of(outer):
        return inner_rank < 4
    return outer_rank > inner_rank or (outer_rank == inner_rank == 0)

