"""The sentence being read, and the clause helpers every relation reader shares: who the
subjects and agents of a verb are (through conjunctions and state heads), what a verb is done
to, whether it is negated, which incident a phrase names.

Subjects and objects are whatever ``Discourse.refers_to`` says the phrase names.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..knowledge import Knowledge, knowledge
from .dates import DateMatch
from .discourse import Discourse
from .incidents import Incident
from .syntax import is_root

# subject, relation, object, confidence, role, rule id[, accuser: blamed_for's "by"]
Emit = Callable[..., None]


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
    memory: dict | None = None  # what the article's earlier sentences told (see ``_memory``)
    dates: list[DateMatch] = field(default_factory=list)  # the sentence's dates, text offsets
    incidents: list[Incident] = field(default_factory=list)  # the article's incidents so far

    def key(self, token: Token) -> str | None:
        return self.discourse.key_at(token)

    def type_of(self, key: str | None) -> str:
        if key and key.startswith("incident:"):
            return "Event"
        return self.discourse.types.get(key or "", "")


def negated(token: Token) -> bool:
    """A 'not'/'never' on the verb, or a 'no'/'neither' object ("took no part")."""
    determiners = set()
    for child in token.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("dobj", "attr"):
            determiners |= {c.lower_ for c in child.children if c.dep_ == "det"}
    return bool(determiners & set(knowledge().patterns["negations"]))


def subject_keys(ctx: SentenceContext, verb: Token) -> list[str]:
    """Entities in the subject of ``verb``, inherited from the governing clause when it has none."""
    current = verb
    for _ in range(4):
        heads = [c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")]
        if heads:
            found = with_conj(ctx, heads)
            if (
                not found
                and heads[0].lower_ in ("who", "which", "that")
                and current.dep_ == "relcl"
            ):
                found = [k for k in [ctx.discourse.refers_to(current.head)] if k]
                if not found and current.head.dep_ == "appos" and ctx.key(current.head.head):
                    found = [ctx.key(current.head.head)]  # "X, the officer who leads Y"
                if not found and current.head.dep_ in ("dobj", "attr"):
                    found = subject_keys(ctx, current.head.head)
            return found
        if current.dep_ in (
            "xcomp",
            "acl",
            "advcl",
            "conj",
            "relcl",
            "pcomp",
            "ccomp",
        ) and not is_root(current):
            current = current.head
            while current.pos_ not in ("VERB", "AUX") and not is_root(current):
                current = current.head
            continue
        break
    return []


def by_phrase_objects(holder: Token) -> list[Token]:
    """The objects of the 'by' phrases on ``holder`` ("claimed by the al-Fajr Forces"); one
    negated is left out and the one it is contrasted with taken ("claimed not by Hezbollah but by
    the al-Fajr Forces")."""
    phrases = [
        c for c in holder.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")
    ]
    phrases += [g for p in phrases for g in p.conjuncts if g.lower_ == "by"]
    found = []
    for phrase in phrases:
        if any(c.dep_ == "neg" for c in phrase.children):
            continue
        objects = [g for g in phrase.children if g.dep_ == "pobj"]
        found += objects or _name_after(phrase)
    return found


def _name_after(preposition: Token) -> list[Token]:
    """The proper name right after a preposition the parser left without its object ("claimed
    by al-Shabaab hours later", where the name became a modifier of "hours"): its last word."""
    last = None
    for token in preposition.doc[preposition.i + 1 : preposition.i + 8]:
        if token.pos_ == "PROPN" or (token.pos_ == "PUNCT" and token.text == "-"):
            last = token if token.pos_ == "PROPN" else last
        elif token.pos_ != "DET" or last is not None:
            break
    return [last] if last is not None else []


def agent_keys(ctx: SentenceContext, verb: Token) -> list[str]:
    """The 'by' phrase of a passive verb, also when the parser hung it on the object
    ("declared a terrorist organization by the United Nations")."""
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    holders = [verb] + (
        [c for c in verb.children if c.dep_ in ("dobj", "oprd", "attr")] if passive else []
    )
    agents = []
    for holder in holders:
        objects = (
            by_phrase_objects(holder)
            if passive
            else [g for c in holder.children if c.dep_ == "agent" for g in c.children]
        )
        agents += with_conj(ctx, objects if passive else [g for g in objects if g.dep_ == "pobj"])
    return agents


def with_conj(ctx: SentenceContext, tokens: list[Token], exclude: set | None = None) -> list[str]:
    found: list[str] = []
    for token in through_state_heads(ctx, tokens):
        for member in [token, *token.conjuncts]:
            key = (
                ctx.discourse.refers_to(member)
                if not exclude
                else refers_excluding(ctx, member, exclude)
            )
            if key and key not in found:
                found.append(key)
    return found


def through_state_heads(ctx: SentenceContext, tokens: list[Token]) -> list[Token]:
    """'the governments of Mali, Burkina Faso and Niger' stands for the three states; 'envoys of
    the SAF and of the RSF', 'delegations from Guyana and Venezuela' for the parties that sent
    them; 'one of its fighters', 'two of the group's members' for the body they belong to."""
    states = set(ctx.kb.cues["state_heads"]) | {"governments", "states"}
    delegates = set(ctx.kb.cues["delegate_heads"])
    parts = set(ctx.kb.cues["partitive_heads"])  # "one of its fighters": its fighters
    out = []
    for token in tokens:
        named = [c for c in token.children if c.dep_ == "appos" and ctx.key(c)]
        if token.lower_ in parts and named and not _of_its_own(token):
            # "One of the accused, Walter Huamán Cárdenas, denied": the one named; but "one of
            # its fighters, Mahmoud Bani Jaber" stands for the group that owns him
            out += named
            continue
        if token.lower_ in delegates and ctx.key(token) is None:
            senders = _senders(ctx, token)
            if senders:  # "Thai and BRN negotiators met", "the Sudanese delegation walked out"
                out += senders
                continue
        if token.lower_ in states | delegates | parts and ctx.key(token) is None:
            pobjs = phrase_objects(token, ("of", "from") if token.lower_ in delegates else ("of",))
            if not pobjs and token.lower_ in parts:
                # "jihadists from JNIM", "fighters from the Africa Corps": a body they come
                # from, never a place ("gunmen from Hebron")
                pobjs = [
                    g
                    for g in phrase_objects(token, ("from",))
                    if ctx.type_of(ctx.discourse.refers_to(g)) == "Organization"
                ]
            if pobjs:
                out += pobjs
                continue
        out.append(token)
    return out


def phrase_objects(token: Token, preps: tuple[str, ...]) -> list[Token]:
    """The nouns of ``token``'s phrases on ``preps``, conjoined ones too ('envoys of the SAF and
    of the RSF')."""
    return [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ in preps
        for p in [c, *c.conjuncts]
        for g in p.children
        if g.dep_ == "pobj"
    ]


def _senders(ctx: SentenceContext, delegates: Token) -> list[Token]:
    """The bodies or countries named before a delegation noun ('Thai and BRN negotiators',
    "the TPLF's envoys", 'the Sudanese delegation'): who sent the people it stands for."""
    found = []
    for child in delegates.children:
        if child.dep_ not in ("compound", "nmod", "amod", "poss"):
            continue
        for member in [child, *child.conjuncts]:
            key = ctx.discourse.refers_to(member)
            if key and (ctx.type_of(key) == "Organization" or ctx.kb.kind_of(key) == "country"):
                found.append(member)
    return found


def _of_its_own(token: Token) -> bool:
    """'one of its fighters', 'two of their members': a part owned by a pronoun's group."""
    return any(
        g.dep_ == "poss" and g.pos_ == "PRON"
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
        for g in p.children
    )


def refers_excluding(ctx: SentenceContext, token: Token, exclude: set) -> str | None:
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


def prep_objects(token: Token, prep: str) -> list[Token]:
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
                found += [
                    g
                    for c in token.children
                    if c.dep_ == "prep"
                    for g in c.children
                    if g.dep_ == "pobj"
                ]
    return found


def objects(
    ctx: SentenceContext, frame: dict, verb: Token, holder: Token, exclude: set
) -> list[str]:
    kind = frame["object"]
    if kind == "event":
        return [k for k in [event_object(ctx, verb, holder)] if k]
    if kind == "dobj":
        return with_conj(ctx, [c for c in verb.children if c.dep_ in ("dobj", "attr")], exclude)
    objects = prep_objects(holder, kind) or prep_objects(verb, kind)
    return with_conj(ctx, objects, exclude)


def event_object(ctx: SentenceContext, verb: Token, holder: Token) -> str | None:
    """The incident a claim or denial is about: one named in its object, else the one in focus."""
    subject_tokens = {
        t.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree
    }
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


def incident_key(ctx: SentenceContext, token: Token) -> str | None:
    incident = ctx.incidents_at.get(token.i)
    return f"incident:{incident.number}" if incident else None


def clause_date(ctx: SentenceContext, verb: Token) -> str:
    """The date the verb's own clause gives ("Pakistan banned the TTP in August 2008"): a date
    whose nearest governing verb is this one. A date of another clause of the sentence ("said
    on Monday") is not the relation's."""
    sentence = ctx.sentence
    for match in ctx.dates:
        start = sentence.start_char + match.start
        end = sentence.start_char + match.end
        inside = [t for t in sentence if start <= t.idx < end]
        head = next((t for t in inside if t.head not in inside or is_root(t)), None)
        current = head
        while current is not None and not is_root(current):
            current = current.head
            if current.pos_ in ("VERB", "AUX"):
                break
        if current is not None and current.i == verb.i:
            return match.value
    return ""


def subject_before(ctx: SentenceContext, token: Token, allowed: tuple[str, ...]) -> str | None:
    """The nearest subject before ``token`` in its sentence naming an entity of an ``allowed``
    type: what 'its' stands for in "Kenya began ..., a day after its president, X" or "Charlie
    Hebdo had received threats, and its offices were firebombed", before the discourse's last
    group is tried."""
    for earlier in reversed([t for t in ctx.sentence if t.i < token.i]):
        if earlier.dep_ in ("nsubj", "nsubjpass"):
            key = ctx.key(earlier)
            if key and ctx.type_of(key) in allowed:
                return key
    return None
