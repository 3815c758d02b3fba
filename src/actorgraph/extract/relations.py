"""Relations read from one sentence's parse, with the frames and role words of graph/lexicons/.

Three readers, each small (responsibility frames hand over to ``responsibility.py``, and all
share the clause helpers of ``clauses.py``): verb and adjective frames ("Pakistan banned the
TTP", "opposed to the state"), role phrases around a name ("Pakistani Foreign
Minister X", "X, a scholar at Y", "its leader, X", "a TTP splinter group
called X"), and place phrases ("Peshawar, the capital of Khyber
Pakhtunkhwa", "Kerman, in south-eastern Iran"). Subjects and objects are
whatever ``Discourse.refers_to`` says the phrase names. Negated verbs give no
edge.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..knowledge import PLACE_RANKS, indexed
from .clauses import (
    SentenceContext,
    agent_keys,
    clause_date,
    incident_key,
    negated,
    objects,
    phrase_objects,
    prep_objects,
    subject_before,
    subject_keys,
    with_conj,
)
from .responsibility import (
    RESPONSIBILITY_KINDS,
    read_disavowals,
    read_headline_claims,
    read_named_doers,
    read_reported_affiliation,
    read_responsibility,
    remember_story,
)

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
                if frame.get("kind") in RESPONSIBILITY_KINDS:
                    read_responsibility(ctx, frame, token)
                elif _frame_applies(frame, token, lowered):
                    _apply_frame(ctx, frame, token)
        if pos in ("ADJ", "VERB"):
            for frame in frames.adjectives.get(token.lower_, ()):
                if frame.get("kind") in RESPONSIBILITY_KINDS:
                    read_responsibility(
                        ctx, frame, token
                    )  # "found X guilty": also an oprd or ccomp
                elif token.dep_ in _ADJECTIVE_DEPS and not negated(token):
                    _apply_adjective(ctx, frame, token)
        if pos == "NOUN":
            for frame in frames.for_noun(lemma, token.lower_):
                _apply_noun_frame(ctx, frame, token)
    read_disavowals(ctx)
    read_named_doers(ctx)
    read_headline_claims(ctx)
    read_reported_affiliation(ctx)
    remember_story(ctx)


_FRAME_POS = frozenset({"VERB", "AUX", "ADJ", "NOUN"})  # the parts of speech a frame can hang on
_ADJECTIVE_DEPS = frozenset({"acomp", "amod", "acl", "ROOT", "conj", "advcl", "xcomp"})


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
    return {
        word: [frames[i] for i in positions]
        for word, positions in _positions_by_word(frames, key).items()
    }


def _frame_applies(frame: dict, verb: Token, lowered: str) -> bool:
    if frame["relation"] == "none" or negated(verb):
        return False
    if "requires" in frame and not any(word in lowered for word in frame["requires"]):
        return False
    reduced = verb.dep_ == "acl" or (verb.dep_ == "conj" and verb.head.dep_ == "acl")
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or (
        reduced and verb.tag_ == "VBN"
    )  # "JNIM, formed in 2017 and led by ...": the participle of a reduced relative
    if frame.get("active_only") and passive:
        return False
    if frame.get("passive_only") and not passive:
        return False
    return True


def _apply_frame(ctx: SentenceContext, frame: dict, verb: Token) -> None:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    holder = verb
    if "object_words" in frame:
        holder = next(
            (
                c
                for c in verb.children
                if c.dep_ in ("dobj", "acomp", "attr", "nsubjpass", "prep")
                and (c.lemma_.lower() in frame["object_words"] or c.lower_ in frame["object_words"])
            ),
            None,
        )
        if holder is None:
            holder = next(
                (
                    t
                    for t in verb.subtree
                    if t.lemma_.lower() in frame["object_words"] and t.head == verb
                ),
                None,
            )
        if holder is None:
            return
    prep = frame.get("prep")
    if (
        prep
        and not prep_objects(holder, prep)
        and not prep_objects(verb, prep)
        and frame["object"] != prep
    ):
        return
    if frame["object"] == "patient":
        _apply_passive_role(ctx, frame, verb)
        return
    if frame.get("named_holder") and verb.dep_ == "acl" and not ctx.key(verb.head):
        return  # "facilities belonging to Shell", "suspects belonging to a cell": no one named
    if passive and frame["relation"] in ("designated_by", "banned_by"):
        agents = agent_keys(ctx, verb)
        patients = with_conj(ctx, [c for c in verb.children if c.dep_ == "nsubjpass"])
    else:
        agents = subject_keys(ctx, verb)
        patients = objects(ctx, frame, verb, holder, exclude=set(agents))
    if frame["relation"] in ("designated_by", "banned_by") and not passive:
        patients = with_conj(ctx, [c for c in verb.children if c.dep_ == "dobj"])
    if frame.get("named_object"):  # "Burhan heads the Sovereign Council", not "leads the faction"
        named = {ctx.key(t) for c in verb.children if c.dep_ == "dobj" for t in [c, *c.conjuncts]}
        patients = [p for p in patients if p in named]
    if frame.get("needs_event_object") and not any(
        p and p.startswith("incident:") for p in patients
    ):
        return
    date = clause_date(ctx, verb)
    for subject in agents:
        for obj in patients:
            if frame.get("object_kind") == "media" and ctx.type_of(obj) != "Organization":
                continue
            if frame.get("object_type") and ctx.type_of(obj) != frame["object_type"]:
                continue
            if frame.get("subject_type") and ctx.type_of(subject) != frame["subject_type"]:
                continue
            if frame.get("inverse"):
                ctx.emit(obj, frame["relation"], subject, 0.8, "", frame["id"], date=date)
            else:
                ctx.emit(subject, frame["relation"], obj, 0.8, "", frame["id"], date=date)


def _apply_passive_role(ctx: SentenceContext, frame: dict, verb: Token) -> None:
    """'The CNSP, led by General Tiani' / 'X is led by Y': the agent holds the role in the named
    group."""
    named = [  # "led by the veteran militant Iyad Ag Ghaly": the name in apposition
        ctx.key(a)
        for c in verb.children
        if c.dep_ == "agent"
        for g in c.children
        if g.dep_ == "pobj" and not ctx.key(g)
        for a in g.children
        if a.dep_ == "appos"
    ]
    agents = [a for a in agent_keys(ctx, verb) + named if a and ctx.type_of(a) == "Person"]
    agents = list(dict.fromkeys(agents))
    if verb.dep_ == "acl" or (verb.dep_ == "conj" and verb.head.dep_ == "acl"):
        holder = verb.head if verb.dep_ == "acl" else verb.head.head
        patients = [_named_body(ctx, holder)]
    else:
        patients = [_named_body(ctx, c) for c in verb.children if c.dep_ == "nsubjpass"]
    for agent in agents:
        for patient in patients:
            if patient and ctx.type_of(patient) == "Organization":
                ctx.emit(agent, frame["relation"], patient, 0.75, "", frame["id"] + "/passive")


def _named_body(ctx: SentenceContext, token: Token) -> str | None:
    """The body a noun led by someone names: itself, its name ('the AFC coalition'), the name
    it is in apposition to ('the MPCP, the armed group led by ...'), or, for a word that stands
    for a body ('the council', 'the group'), the one the article named before."""
    key = ctx.key(token)
    if key or token.lemma_.lower() not in indexed(ctx.kb.patterns["led_body_nouns"], frozenset):
        return key  # "the AU team was led by X": a team of the AU, not the AU
    named = (ctx.key(c) for c in token.children if c.dep_ in ("compound", "appos", "nmod"))
    return (
        next((k for k in named if k), None)
        or (ctx.key(token.head) if token.dep_ == "appos" else None)
        or ctx.discourse.refers_to(token)
    )


def _apply_adjective(ctx: SentenceContext, frame: dict, adj: Token) -> None:
    objects = prep_objects(adj, frame["prep"])
    if not objects:
        return
    if adj.dep_ in ("amod", "acl"):
        subjects = [ctx.discourse.refers_to(adj.head)]
    else:
        subjects = subject_keys(ctx, adj if adj.dep_ != "acomp" else adj.head)
    if frame.get("object") == "event":
        targets = [incident_key(ctx, o) for o in objects]
    else:
        targets = [k for o in objects for k in with_conj(ctx, [o], exclude=set(subjects))]
    for subject in subjects:
        for target in targets:
            ctx.emit(subject, frame["relation"], target, 0.75, "", frame["id"])


def _apply_noun_frame(ctx: SentenceContext, frame: dict, noun: Token) -> None:
    objects = prep_objects(noun, frame["prep"])
    if not objects:
        return
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    subjects = [ctx.discourse.refers_to(owner)] if owner is not None else []
    if not any(subjects) and noun.dep_ in ("dobj", "pobj", "attr"):
        verb = noun.head if noun.dep_ != "pobj" else noun.head.head
        if negated(verb):
            return
        subjects = subject_keys(ctx, verb)
    targets = [k for o in objects for k in with_conj(ctx, [o], exclude=set(subjects))]
    for subject in subjects:
        for target in targets:
            ctx.emit(subject, frame["relation"], target, 0.7, "", frame["id"])


# --- role phrases around names -------------------------------------------------------------------


def read_roles(ctx: SentenceContext) -> None:
    sentence = ctx.sentence
    seen: set[str] = set()
    for token in sentence:
        key = ctx.key(token)
        if (
            not key
            or key in seen
            or (token.i > sentence.start and ctx.key(sentence.doc[token.i - 1]) == key)
        ):
            continue
        seen.add(key)
        first, last = _mention_bounds(ctx, token, key)
        node_type = ctx.type_of(key)
        if node_type == "Person":
            _person_roles(ctx, key, first, last)
        elif node_type == "Organization":
            _org_roles(ctx, key, first, last)
            _led_under(ctx, key, sentence.doc[last])
        elif node_type == "Place":
            _place_relations(ctx, key, first, last)


def _led_under(ctx: SentenceContext, body: str, head: Token) -> None:
    """'the army under General Abdel Fattah al-Burhan', 'fighters of the front under the
    command of X': the person a named body is under leads it."""
    if head.dep_ not in ("pobj", "dobj", "nsubj", "nsubjpass", "appos", "conj"):
        return  # not a phrase of its own (a compound inside a longer name)
    nouns = phrase_objects(head, ("under",))
    if head.dep_ == "dobj":  # "fought the army under General X": the parser hangs it on the verb
        nouns += [n for n in phrase_objects(head.head, ("under",)) if n.head.i == head.i + 1]
    commands = ctx.kb.patterns["command_nouns"]
    for noun in nouns:
        leaders = phrase_objects(noun, ("of",)) if noun.lemma_.lower() in commands else [noun]
        for leader in leaders:
            key = ctx.key(leader)
            if key and ctx.type_of(key) == "Person":
                ctx.emit(key, "leader_of", body, 0.7, "", "noun:leader_of:under")


def _mention_bounds(ctx: SentenceContext, token: Token, key: str) -> tuple[int, int]:
    doc = ctx.sentence.doc
    last = token.i
    while last + 1 < ctx.sentence.end and ctx.key(doc[last + 1]) == key:
        last += 1
    return token.i, last


def _person_roles(ctx: SentenceContext, person: str, first: int, last: int) -> None:
    """Role words attached to the name: a title inside its own noun phrase ("FSB director X"),
    an apposition after it ("X, the group's leader") or before it ("its leader, X"); never a
    role word that merely stands nearby ("after the al-Shabaab attack, President X")."""
    doc = ctx.sentence.doc
    roles = ctx.kb.roles["person_roles"]
    name = _name_head(doc, first, last)
    phrase = name
    if (
        name.dep_ == "appos"
        and name.head.i < first
        and not any(doc[i].text == "," for i in range(name.head.i, first))
    ):
        phrase = name.head  # "Kenya's President William Ruto": parsed as the title's apposition
    in_phrase = {t.i for t in phrase.subtree}
    before = _window_before(ctx, first, stop_at_comma=True)
    while before and before[0].i not in in_phrase:
        before = before[1:]  # the title is the part of the window inside the name's own phrase
    if before:
        _role_phrase(ctx, person, before, roles, title=True)
    if last + 1 < ctx.sentence.end and doc[last + 1].text == ",":
        after = _window_after(ctx, last + 2)
        if after and after[0].lower_ in ctx.kb.roles["apposition_adverbs"]:
            after = after[1:]  # "X, now a senator for ..."
        if after and _opens_apposition(after[0]):
            _role_phrase(ctx, person, after, roles, title=False)
    titles = ctx.kb.roles["title_words"]
    while first - 1 > ctx.sentence.start and doc[first - 1].lower_.rstrip(".") in titles:
        first -= 1  # "the transitional president, Colonel Assimi Goïta": past the rank
    if first - 1 > ctx.sentence.start and doc[first - 1].text == ",":
        reverse = _window_before(ctx, first - 1, stop_at_comma=True)
        if name.dep_ == "appos" and name.head.i < first:
            phrase = name.head
            while (
                phrase.dep_ == "pobj"
                and phrase.head.head.pos_ in ("NOUN", "PROPN")
                and (
                    phrase.head.lower_ == "of"
                    # "Hamas's leader in Gaza, Yahya Sinwar": hung on "Gaza" as well
                    or (phrase.head.lower_ == "in" and phrase.head.head.lemma_.lower() in roles)
                )
            ):
                phrase = (
                    phrase.head.head
                )  # "The leader of Boko Haram, Abubakar Shekau": the parser hangs
            own = {
                t.i for t in phrase.subtree
            }  # the name on "Haram"; the phrase is "The leader of ..."
            while reverse and reverse[0].i not in own:
                reverse = reverse[
                    1:
                ]  # "... by the movement's chief negotiator, X": the appositive's phrase
        if reverse:  # "The interior minister, Gérald Darmanin": the country's own, as a title
            _role_phrase(ctx, person, reverse, roles, title=reverse[0].lower_ == "the")
    head = doc[last]
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        attr = [c for c in head.head.children if c.dep_ == "attr"]
        if attr:
            _role_phrase(ctx, person, list(attr[0].subtree), roles, title=False)


def _name_head(doc, first: int, last: int) -> Token:
    """The token of a multi-word name whose head lies outside it (the name's syntactic head)."""
    for i in range(last, first - 1, -1):
        head = doc[i].head.i
        if head < first or head > last or head == i:
            return doc[i]
    return doc[last]


def _opens_apposition(token: Token) -> bool:
    """An apposition starts like a noun phrase ("the", "its", "a senior", "Boko Haram's"), not like
    a new clause or conjunct ("and the Houthi delegation", "who", "in")."""
    return token.pos_ in ("DET", "PRON", "ADJ", "NOUN", "PROPN", "NUM") and token.lower_ not in (
        "who",
        "which",
        "that",
        "whose",
        "whom",
        "he",
        "she",
        "they",
        "it",
        "we",
        "i",
    )


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
    comma = first - 2 if doc[first - 1].lower_ == "the" else first - 1
    if (
        comma - 1 >= ctx.sentence.start
        and doc[comma].text == ","
        and doc[comma - 1].is_lower
        and doc[comma - 1].lower_ in roles
    ):
        # "Hamas's armed wing, the Qassam Brigades", "the PKK and its armed wing, the HPG": the
        # role phrase the name is set after, ending in its role word
        _org_phrase(ctx, org, _window_before(ctx, comma, stop_at_comma=True), roles)
    if first - 2 >= ctx.sentence.start and doc[first - 1].lower_ in ("called", "named", "dubbed"):
        _org_phrase(ctx, org, _window_before(ctx, first - 1, stop_at_comma=True), roles)
    if (
        first - 3 >= ctx.sentence.start
        and doc[first - 2].lower_ == "known"
        and doc[first - 1].lower_ == "as"
    ):
        _org_phrase(ctx, org, _window_before(ctx, first - 2, stop_at_comma=False), roles)
    head = doc[last]
    _institution_in(ctx, org, doc[first : last + 1], end)
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":
        for attr in (c for c in head.head.children if c.dep_ == "attr"):
            _org_phrase(ctx, org, list(attr.subtree), roles)
    for (
        child
    ) in head.children:  # "its African Union Transition Mission": a body of the group that owns it
        if child.dep_ == "poss" and child.lower_ in ("its", "their"):
            owner = ctx.discourse.refers_to(child)
            if owner and owner != org and ctx.type_of(owner) == "Organization":
                ctx.emit(org, "part_of", owner, 0.6, "", "roles:its-body")


def _institution_in(ctx: SentenceContext, org: str, name: Span, end: int) -> None:
    """'a researcher at the Pak Institute for Peace Studies (PIPS) in Islamabad', 'FLACSO in
    Quito': an institute, a university or a think tank named with a town right after it is based
    there. Only such bodies: 'al-Shabaab in Mogadishu' is mostly where a deed was."""
    words = ctx.kb.cues["institution_words"]
    if not any(t.lower_ in words for t in name) or end >= ctx.sentence.end:
        return
    doc = ctx.sentence.doc
    if doc[end].lower_ != "in":
        return
    for token in doc[end + 1 : min(end + 5, ctx.sentence.end)]:
        key = ctx.key(token)
        if key and ctx.type_of(key) == "Place":
            ctx.emit(org, "based_in", key, 0.7, "", "roles:org:institution-in")
            return
        if token.text in (",", ";", "(") or token.pos_ == "VERB":
            return


def _window_before(ctx: SentenceContext, index: int, stop_at_comma: bool) -> list[Token]:
    doc = ctx.sentence.doc
    tokens: list[Token] = []
    i = index - 1
    while i >= ctx.sentence.start and len(tokens) < 9:
        token = doc[i]
        if (
            token.pos_ in ("VERB", "AUX")
            or token.text in (";", ":", "(", ")", '"', "“", "”")
            or (stop_at_comma and token.text == ",")
        ):
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
        if token.text in (",", ";", ":", "(", '"', "“", "”", ".") or (
            ctx.type_of(ctx.key(token)) == "Person" and not _possessor(token)
        ):
            break  # another person's name starts another phrase; "Mr Santos's predecessor" not
        if (
            token.pos_ in ("VERB", "AUX")
            and token.lemma_ not in ("serve", "base")
            and token.dep_ not in ("amod", "compound")
        ):
            if token.lemma_ != "be" or i == index:
                break
        tokens.append(token)
        i += 1
    return tokens


def _possessor(token: Token) -> bool:
    """A word of a possessive name: 'Santos' and 'Mr' in "Mr Santos's predecessor"."""
    return token.dep_ == "poss" or (token.dep_ == "compound" and token.head.dep_ == "poss")


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
    roles = sorted(
        (role for role in table if not role.startswith("_")), key=lambda r: -len(_role_words(r))
    )
    return [(role, _role_words(role)) for role in roles]


def _role_words(role: str) -> list[str]:
    """A role split as spaCy splits text: "second-in-command" is five tokens."""
    return re.findall(r"[\w']+|[^\w\s]", role)


def _roles_by_first_word(table: dict) -> dict[str, list[tuple[int, list[str]]]]:
    index: dict[str, list[tuple[int, list[str]]]] = {}
    for rank, (_, parts) in enumerate(_ranked_roles(table)):
        index.setdefault(parts[0], []).append((rank, parts))
    return index


def _owner_near(
    ctx: SentenceContext,
    tokens: list[Token],
    start: int,
    end: int,
    exclude: str,
    allowed: tuple[str, ...] = ("Organization", "Place"),
    host_prep: str = "",
) -> str | None:
    """The organization or state a role word belongs to: a possessor or adjective before it, or
    'of/to/at X' after."""

    def fits(key: str | None) -> bool:
        return bool(key) and key != exclude and ctx.type_of(key) in allowed

    for i in range(start - 1, max(-1, start - 5), -1):
        token = tokens[i]
        key = ctx.key(token)
        if key:
            if token.pos_ == "ADJ" and ctx.type_of(key) == "Organization":
                # "an Indigenous leader": an adjective describes the person, it names no group
                continue
            if fits(key) and not (
                i + 2 < len(tokens)
                and tokens[i + 1].text == "-"
                and tokens[i + 2].lower_ == "based"
            ):
                return key
            continue
        if token.lower_ in ("its", "their"):
            found = subject_before(ctx, token, allowed) or ctx.discourse.refers_to(token)
            if fits(found):
                return found
        elif token.lower_ in ("his", "her") or token.dep_ == "poss":
            found = ctx.discourse.refers_to(token)
            if fits(found):
                return found
        place = ctx.discourse.demonym_place(token)
        if place and place in ctx.discourse.types and "Place" in allowed:
            return place
        if token.lower_ in ctx.kb.roles["generic_bodies"] and (
            token.is_lower or token.is_sent_start
        ):
            found = ctx.discourse.body_named(token.lower_)
            if fits(found):
                return found
    for i in range(end, min(len(tokens), end + 8)):
        token = tokens[i]
        if host_prep and token.lower_ == host_prep:
            break  # "ambassador to Yemen": the host, not the owner
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


def _role_phrase(
    ctx: SentenceContext, person: str, tokens: list[Token], table: dict, title: bool
) -> None:
    government = set(ctx.kb.roles["government_titles"])
    for start, end, role in _find_roles(tokens, table):
        owners = ("Organization", "Place") if "place" in table[role] else ("Organization",)
        owner = _owner_near(
            ctx, tokens, start, end, person, owners, host_prep=table[role].get("host_prep", "")
        )
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
        elif ctx.kb.kind_of(owner) == "international_org" and "intl_org" in spec:
            relation = spec["intl_org"]
        else:
            relation = spec.get("org")
        if owner_type == "Organization" and "definite" in spec and _the_one(tokens, start, end):
            relation = spec["definite"]
        if relation == "leader_of" and _heads_a_part(ctx, tokens, end, owner):
            relation = (
                "member_of"  # "the head of the ELN delegation": a member, not the group's leader
            )
        if not relation:
            continue
        doc = tokens[start].doc
        role_text = doc[tokens[start].i : tokens[end - 1].i + 1].text
        ctx.emit(person, relation, owner, confidence, role_text, f"roles:person:{role}")
        if (
            owner_type == "Organization"
            and relation == spec.get("state_org") != spec.get("org") == "member_of"
        ):
            # a police spokesman holds a post in the force and is one of its members
            ctx.emit(person, "member_of", owner, confidence, role_text, f"roles:person:{role}")


def _the_one(tokens: list[Token], start: int, end: int) -> bool:
    """'the FARC's commander', 'its commander', 'the commander of the presidential guard': the
    role names the one holder; 'a commander of the ADF', 'a Taliban commander' one of many."""
    if tokens[end - 1].tag_ in ("NNS", "NNPS"):
        return False  # "one of the group's commanders"
    before = tokens[start - 1].lower_ if start else ""
    if before in ("'s", "its", "their"):
        return True
    return before == "the" and end < len(tokens) and tokens[end].lower_ == "of"


def _heads_a_part(ctx: SentenceContext, tokens: list[Token], end: int, owner: str) -> bool:
    """'head of the ELN delegation', 'chief of the group's political wing': the role's 'of'
    phrase is a part of the owner (a delegation, a wing, an office), not the owner itself."""
    if end >= len(tokens) or tokens[end].lower_ != "of":
        return False
    parts = set(ctx.kb.roles["part_nouns"])
    return any(
        c.dep_ == "pobj" and c.lemma_.lower() in parts and ctx.key(c) != owner
        for c in tokens[end].children
    )


def _org_phrase(ctx: SentenceContext, org: str, tokens: list[Token], table: dict) -> None:
    """'X, the group's Afghanistan-based branch': part_of / allied_with, and based_in from
    '-based'."""
    for i, token in enumerate(tokens):
        if (
            "-" + token.lower_ in ctx.kb.patterns["based_suffixes"]
            and i >= 2
            and tokens[i - 1].text == "-"
        ):
            place = ctx.key(tokens[i - 2])
            if place and ctx.type_of(place) == "Place":
                ctx.emit(org, "based_in", place, 0.8, "", "roles:place-based")
    for start, end, role in _find_roles(tokens, table):
        _based_after_role(ctx, org, tokens, end)
        owner = _owner_near(ctx, tokens, start, end, org, allowed=("Organization",))
        if owner:
            ctx.emit(org, table[role], owner, 0.8, "", f"roles:org:{role}")
            return


def _based_after_role(ctx: SentenceContext, org: str, tokens: list[Token], end: int) -> None:
    """'AQAP, the network's branch in Yemen', 'its affiliate in Somalia': where the group
    is."""
    if end >= len(tokens) or tokens[end].lower_ != "in":
        return
    for token in tokens[end + 1 : end + 5]:
        key = ctx.key(token)
        if key and ctx.type_of(key) == "Place":
            ctx.emit(org, "based_in", key, 0.7, "", "roles:org:branch-in")
            return


def _place_relations(ctx: SentenceContext, place: str, first: int, last: int) -> None:
    doc = ctx.sentence.doc
    _border_of(ctx, place, doc[last])
    _based_there(ctx, place, last)
    end = last + 1
    if end < ctx.sentence.end and doc[end].text == ",":
        tail = _window_after(ctx, end + 1)
        container = _container(ctx, place, tail)
        if container and not _in_place_list(ctx, tail[-1].i + 1):
            ctx.emit(place, "located_in", container, 0.8, "", "places:appositive")
    head = doc[last]
    location_words = ctx.kb.patterns["location_appositive_words"]
    holders = [head]
    if (
        head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and head.head.head.lemma_.lower() in location_words
    ):
        holders.append(head.head.head)  # "the town of Jilib in Somalia's Middle Juba region"
        _in_demonyms_country(ctx, place, head.head.head)
    if head.dep_ == "compound" and head.head.lower_ in ctx.kb.cues["place_name_words"]:
        holders.append(head.head)  # "Kadamutsa village in Maru", "the Mach tehsil of Kachhi"
    for holder in holders:
        for prep in holder.children:
            preps = ("in", "on", "at", "near", "outside")
            if holder.lower_ in ctx.kb.cues["region_words"] or (
                holder.i != head.i and holder.lower_ in ctx.kb.patterns["subdivision_words"]
            ):
                preps += ("of",)  # "the Kochchikade district of Colombo"
            if prep.dep_ != "prep" or prep.lower_ not in preps:
                continue
            for pobj in prep.children:
                container = _place_named_by(ctx, pobj) if pobj.dep_ == "pobj" else None
                if (
                    container
                    and container != place
                    and ctx.type_of(container) == "Place"
                    and _bigger(ctx, container, place)
                ):
                    ctx.emit(place, "located_in", container, 0.7, "", "places:in-phrase")
    if (
        head.dep_ == "poss"
        and ctx.type_of(ctx.key(head.head)) == "Place"
        and ctx.key(head.head) != place
    ):
        inner = ctx.key(head.head)
        if _bigger(ctx, place, inner):
            ctx.emit(inner, "located_in", place, 0.75, "", "places:possessive")


def _based_there(ctx: SentenceContext, place: str, last: int) -> None:
    """'the Islamabad-based Pak Institute for Peace Studies', 'the New York-based rights group
    said': the organization the '-based' phrase describes, named in it or, for a definite noun,
    the body the article named before. (An apposition, 'Haki Africa, a Mombasa-based rights
    group', is the organization's own phrase: ``_org_phrase``.)"""
    doc, end = ctx.sentence.doc, ctx.sentence.end
    if not (
        last + 2 < end
        and doc[last + 1].text == "-"
        and "-" + doc[last + 2].lower_ in ctx.kb.patterns["based_suffixes"]
    ):
        return
    org = None
    for token in doc[last + 3 : min(end, last + 9)]:
        key = ctx.key(token)
        if key:
            org = key if ctx.type_of(key) == "Organization" else None
            break
        if token.is_punct or token.pos_ in ("VERB", "AUX", "ADP", "CCONJ"):
            break
    noun = doc[last + 2].head
    if (
        org is None
        and noun.i > last + 2
        and noun.pos_ == "NOUN"
        and noun.dep_ != "appos"
        and any(c.lower_ == "the" for c in noun.children)
        and not any(c.dep_ == "compound" for c in noun.children)  # "the London-based rights group"
    ):
        found = ctx.discourse.refers_to(noun)
        org = found if found and ctx.type_of(found) == "Organization" else None
    if org:
        ctx.emit(org, "based_in", place, 0.8, "", "places:place-based")


def _in_demonyms_country(ctx: SentenceContext, place: str, noun: Token) -> None:
    """'the northern Malian city of Gao': a town a nationality adjective describes is in that
    country, when the article names it."""
    for child in noun.children:
        country = ctx.discourse.demonym_place(child) if child.dep_ == "amod" else None
        if (
            country
            and country != place
            and country in ctx.discourse.types
            and ctx.kb.kind_of(country) == "country"
        ):
            ctx.emit(place, "located_in", country, 0.7, "", "places:demonym-noun")
            return


BORDER_NOUNS = ("border", "frontier")
BORDER_PREPS = ("with", "into", "in")


def _border_of(ctx: SentenceContext, place: str, head: Token) -> None:
    """'not far from the border with Niger', 'across the border in Ecuador', 'across its
    southern border in Syria': the country across the border borders the one whose border it
    is: the possessor when the text names it, else the country the article is about."""
    if ctx.kb.kind_of(place) != "country":
        return
    named = {ctx.key(head)}
    while head.dep_ == "conj" and head.head.i != head.i:  # "into Cameroon and Chad"
        head = head.head
        named.add(ctx.key(head))
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ not in BORDER_PREPS:
        return
    border = prep.head
    if border.lemma_.lower() not in BORDER_NOUNS:
        # "taken across the borders into Cameroon": the place hangs on the verb beside
        # "across the border"
        border = next(
            (
                g
                for c in border.children
                if c.dep_ == "prep" and c.lower_ == "across"
                for g in c.children
                if g.dep_ == "pobj" and g.lemma_.lower() in BORDER_NOUNS
            ),
            None,
        )
        if border is None:
            return
    owner = next((ctx.key(c) for c in border.children if c.dep_ == "poss" and ctx.key(c)), None)
    owner = owner or ctx.main_country  # "the border", "its border": the story's country
    if owner and owner not in named and ctx.kb.kind_of(owner) == "country":
        ctx.emit(owner, "borders", place, 0.6, "", "places:border-with")


def _place_named_by(ctx: SentenceContext, noun: Token) -> str | None:
    """The place a phrase names: its own name, or the name before a region word ('Somalia's
    Middle Juba region', where the parser may leave 'region' out of the name)."""
    key = ctx.key(noun)
    if key or noun.lower_ not in ctx.kb.cues["region_words"]:
        return key
    names = [ctx.key(c) for c in noun.children if c.dep_ == "compound" and ctx.key(c)]
    return names[-1] if names else None


def _container(ctx: SentenceContext, place: str, tail: list[Token]) -> str | None:
    """After 'P1,': 'P2' alone, 'the capital of P2', 'a town in P2', '(also) in (north-eastern)
    P2', 'P2's capital'."""
    while tail and tail[0].lower_ in ctx.kb.roles["apposition_adverbs"]:
        tail = tail[1:]  # "Tadaryat, also in the Sahel region"
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
    if (
        "capital" in words
        and words & {"provincial", "state", "regional", "district"}
        and not any(ctx.key(t) for t in tail)
    ):
        region = _recent_region(ctx, place)  # "Katsina, the state capital"
        return region
    if (
        [t.lower_ for t in tail[:2]] == ["the", "capital"]
        and not any(ctx.key(t) for t in tail)
        and ctx.main_country
        and ctx.main_country != place
        and _bigger(ctx, ctx.main_country, place)
    ):
        return ctx.main_country  # "Niamey, the capital": of the country the story is about
    if tail[0].lower_ in ("in", "elsewhere") or words & location_words:
        for token in tail:
            key = ctx.key(token)
            if key and key != place and ctx.type_of(key) == "Place":
                return key if _bigger(ctx, key, place) else None
    return None


def _in_place_list(ctx: SentenceContext, i: int) -> bool:
    """'in Rangpur, Kurigram, Gaibandha and Nilphamari': places listed one after another,
    closed by 'and', are not each in the next ('Calamba, Misamis Occidental, Philippines' is a
    chain, with no 'and')."""
    doc, end = ctx.sentence.doc, ctx.sentence.end
    while i + 1 < end and doc[i].text in (",", "and", "or"):
        nxt = doc[i + 1]
        key = ctx.key(nxt)
        if (key and ctx.type_of(key) != "Place") or not (key or nxt.pos_ == "PROPN"):
            return False  # a name the model missed ('Gaibandha') still lists a place
        if doc[i].text != ",":
            return True
        i += 1
        while i < end and (ctx.key(doc[i]) == key if key else doc[i].pos_ == "PROPN"):
            i += 1
    return False


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
    outer_rank = PLACE_RANKS.get(ctx.kb.kind_of(outer), 0)
    inner_rank = PLACE_RANKS.get(ctx.kb.kind_of(inner), 1)
    if not ctx.kb.kind_of(outer):
        return inner_rank < 4
    return outer_rank > inner_rank or (outer_rank == inner_rank == 0)
