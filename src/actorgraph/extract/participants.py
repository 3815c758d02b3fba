"""Who carried out, or took part in, the incidents a sentence mentions.

Violent incidents get ``perpetrated`` from the actor doing the violence
("al-Shabaab fighters besieged ...", "its fighters seized ...", "Boko
Haram's abduction"); other incidents (talks, cease-fires, takeovers) get
``participated_in`` from the parties ("X and Y signed an agreement",
"a cease-fire with the government", "brokered by the African Union"), and
two parties of talks or a cease-fire ``negotiated_with`` each other.
"""

from __future__ import annotations

from spacy.tokens import Token

from .events import EventMention, Incident
from .relations import SentenceContext, _agents, _negated, _subjects, _with_conj

VIOLENT_VERBS = {"storm", "besiege", "attack", "seize", "kill", "detonate", "raid", "ambush", "abduct",
                 "kidnap", "bomb", "open", "fight", "massacre", "shoot", "gun", "target", "strike"}
ACTOR_TYPES = ("Organization", "Person")


def read_participants(ctx: SentenceContext, mentions: list[EventMention], resolved: dict[int, Incident],
                      emit) -> None:
    violent = set(ctx.kb.triggers["violent_types"])
    for mention in mentions:
        incident = resolved.get(mention.head.i)
        if incident is None:
            continue
        target = f"incident:{incident.number}"
        if incident.event_type in violent:
            perpetrators = _perpetrators(ctx, mention)
            for actor in perpetrators:
                emit(actor, "perpetrated", target, 0.7, "", "participants:attacker")
            for victim in _targets(ctx, mention, set(perpetrators)):
                emit(target, "targeted", victim, 0.65, "", "participants:target")
        else:
            parties, sides = _parties(ctx, mention)
            for actor in parties:
                emit(actor, "participated_in", target, 0.7, "", "participants:party")
            if incident.event_type in ("negotiation", "ceasefire"):
                for i, left in enumerate(sides):
                    for right in sides[i + 1:]:
                        emit(left, "negotiated_with", right, 0.6, "", "participants:sides")
    _violent_subjects(ctx, mentions, resolved, emit)


def _perpetrators(ctx: SentenceContext, mention: EventMention) -> list[str]:
    head = mention.head
    found: list[str] = []
    if head.pos_ == "VERB" and not _negated(head):
        found += _subjects(ctx, head) if not _passive(head) else _agents(ctx, head)
    for child in head.children:
        if child.dep_ in ("poss", "compound"):
            key = ctx.discourse.refers_to(child)
            if key:
                found.append(key)
    return [k for k in found if ctx.type_of(k) in ACTOR_TYPES]


def _targets(ctx: SentenceContext, mention: EventMention, perpetrators: set[str]) -> list[str]:
    """Named targets: 'an attack on the Frontier Corps', 'ambushed a Third Division patrol',
    'targeting the governor'. Places are the scene (occurred_in), not targets."""
    head = mention.head
    phrases: list[Token] = []
    if head.pos_ == "VERB" and not _passive(head):
        phrases += [c for c in head.children if c.dep_ == "dobj"]
    phrases += [g for c in head.children if c.dep_ == "prep" and c.lower_ in ("on", "against")
                for g in c.children if g.dep_ == "pobj"]
    for child in head.children:  # "an attack targeting the governor"
        if child.lemma_.lower() == "target" and child.tag_ == "VBG":
            phrases += [c for c in child.children if c.dep_ == "dobj"]
    found = []
    for phrase in phrases:
        for key in _with_conj(ctx, [phrase]):
            if key not in perpetrators and key not in found and ctx.type_of(key) in ACTOR_TYPES:
                found.append(key)
    return found


def _parties(ctx: SentenceContext, mention: EventMention) -> tuple[list[str], list[str]]:
    """(every party, the sides): sides are the parties facing each other -- the conjoined
    subjects of the verb and the 'with'/'between' phrase -- not observers or brokers."""
    head = mention.head
    found: list[str] = []
    sides: list[str] = []
    if head.pos_ == "VERB" and not _negated(head):
        sides += _subjects(ctx, head)
        found += _agents(ctx, head)
    for child in head.children:
        if child.dep_ in ("poss", "compound"):
            key = ctx.discourse.refers_to(child)
            if key and (ctx.type_of(key) != "Place" or ctx.kb.kind_of(key) == "country"):
                found.append(key)
        if child.dep_ == "prep" and child.lower_ in ("with", "between"):
            sides += _with_conj(ctx, [g for g in child.children if g.dep_ == "pobj"])
    governor = head.head
    if head.dep_ in ("dobj", "nsubjpass", "nsubj") and governor.pos_ == "VERB" and not _negated(governor):
        if head.dep_ == "dobj" and governor.lemma_.lower() not in ("attend", "observe", "host", "welcome", "mediate", "broker"):
            sides = _subjects(ctx, governor) + sides
        elif head.dep_ == "dobj":
            found += _subjects(ctx, governor)
        found += _agents(ctx, governor)
    keep = ("Organization", "Person", "Place")
    unique = [k for i, k in enumerate(sides + found) if k not in (sides + found)[:i] and ctx.type_of(k) in keep]
    sides = [k for i, k in enumerate(sides) if k not in sides[:i] and ctx.type_of(k) in ("Organization", "Place")]
    return unique, sides


def _violent_subjects(ctx: SentenceContext, mentions: list[EventMention], resolved: dict[int, Incident],
                      emit) -> None:
    """An armed group as subject of a violent verb perpetrates the sentence's violent incident."""
    violent = set(ctx.kb.triggers["violent_types"])
    incidents = {resolved[m.head.i].number for m in mentions
                 if m.head.i in resolved and resolved[m.head.i].event_type in violent}
    if len(incidents) != 1:
        return
    target = f"incident:{incidents.pop()}"
    for token in ctx.sentence:
        if token.pos_ == "VERB" and token.lemma_.lower() in VIOLENT_VERBS and not _passive(token) and not _negated(token):
            for actor in _direct_subjects(ctx, token):
                if ctx.type_of(actor) == "Organization":
                    emit(actor, "perpetrated", target, 0.6, "", "participants:violent-subject")


def _direct_subjects(ctx: SentenceContext, verb: Token) -> list[str]:
    return _with_conj(ctx, [c for c in verb.children if c.dep_ == "nsubj"])


def _passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
