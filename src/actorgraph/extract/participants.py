"""Who carried out, or took part in, the incidents a sentence mentions.

Violent incidents get ``perpetrated`` from the actor doing the violence
("al-Shabaab fighters besieged ...", "its fighters seized ...", "Boko
Haram's abduction"), read in the voice of the clause (``responsibility.voice_of``):
nothing when it is negated, hypothetical or denied, nothing when the speaker
tells of its own deed (its claim is read by the claim frames), ``blamed_for``
when a speaker attributes it to someone else ("accused", "believes",
"gunmen believed to belong to the group"); other incidents (talks,
cease-fires, takeovers) get
``participated_in`` from the parties ("X and Y signed an agreement",
"a cease-fire with the government", "brokered by the African Union"), and
two parties of talks or a cease-fire ``negotiated_with`` each other.
"""

from __future__ import annotations

from spacy.tokens import Token

from .clauses import (
    SentenceContext,
    agent_keys,
    by_phrase_objects,
    negated,
    phrase_objects,
    subject_before,
    subject_keys,
    with_conj,
)
from .events import (
    EventMention,
    is_ruling,
    of_objects,
    record_of_actor,
    role_holders,
    through_round,
)
from .incidents import Incident
from .responsibility import (
    SELF_PRONOUNS,
    Voice,
    actor_keys,
    affiliated_groups,
    blame,
    bodies_spoken_for,
    habitual,
    named_or_armed,
    own_subjects,
    own_word,
    self_reference,
    speaker_keys,
    state_actor,
    story_for,
    voice_of,
    with_outlet_owners,
    words_of,
)

VIOLENT_VERBS = {
    "storm",
    "besiege",
    "attack",
    "seize",
    "kill",
    "detonate",
    "raid",
    "ambush",
    "abduct",
    "kidnap",
    "bomb",
    "open",
    "fight",
    "massacre",
    "shoot",
    "gun",
    "target",
    "strike",
}
ACTOR_TYPES = ("Organization", "Person")
CLAUSE_DEPTH = 12  # the heads climbed from a word to the clause a speaker reports
# the deeds whose object is what an incident aimed at (a doer noun's verb, a coordinated deed)
TARGETING_VERBS = {*VIOLENT_VERBS, "detain", "assassinate", "capture", "hit", "behead", "execute"}


def read_participants(
    ctx: SentenceContext, mentions: list[EventMention], resolved: dict[int, Incident], emit
) -> None:
    violent = set(ctx.kb.triggers["violent_types"])
    _mediators_of_the_focus(ctx, mentions, emit)
    for mention in mentions:
        incident = resolved.get(mention.head.i)
        if incident is None:
            continue
        target = f"incident:{incident.number}"
        if incident.event_type in violent:
            voice = voice_of(ctx, mention.head)
            if voice.blocked:
                continue  # "did not attack", "could strike", "if they attack"
            perpetrators = _perpetrators(ctx, mention)
            story = story_for(ctx, incident) if not mention.plural else target
            if _timed_apart(mention.head) and (
                story != target or _told_outside(mention.head, incident, mentions, resolved)
            ):
                # "The attack came a week after JNIM fighters attacked a nearby village": the
                # earlier deed is neither the story's incident nor the one the clause it times
                # tells, whatever the tracker made of it
                perpetrators = []
            _attribute(ctx, voice, perpetrators, story, "participants:attacker", emit)
            doers = {k for k, _ in perpetrators}
            if voice.speaker is not None:
                # "The group said its fighters had attacked the militias": whatever the noun
                # resolves to, a speaker's word never makes the speaker its own target
                doers |= set(speaker_keys(ctx, voice.speaker))
                doers |= set(bodies_spoken_for(ctx, voice.speaker))
            for victim in _targets(ctx, mention, doers):
                emit(target, "targeted", victim, 0.65, "", "participants:target")
        else:
            if voice_of(ctx, mention.head).denier is not None:
                continue  # "Russia denied carrying out the strike": no party to it
            parties, sides = _parties(ctx, mention)
            named = {ctx.key(t) for t in mention.tokens}  # "Operation Shujaa" takes no part in it
            parties = [p for p in parties if p not in named]
            if is_ruling(mention, ctx.kb):  # "An Athens court convicted": the court, not Athens
                parties = [p for p in parties if ctx.type_of(p) in ACTOR_TYPES]
            for talks in [target, *_agreed_at(ctx, mention, resolved)]:
                for actor in parties:
                    emit(actor, "participated_in", talks, 0.7, "", "participants:party")
            if incident.event_type in ("takeover", "protest"):
                for ousted in _ousted(ctx, mention, set(parties)):
                    emit(target, "targeted", ousted, 0.6, "", "participants:ousted")
            if incident.event_type in ("negotiation", "ceasefire"):
                for i, left in enumerate(sides):
                    for right in sides[i + 1 :]:
                        emit(left, "negotiated_with", right, 0.6, "", "participants:sides")
    _violent_subjects(ctx, mentions, resolved, emit)
    _talks_delegations(ctx, resolved, emit)


def _mediators_of_the_focus(ctx: SentenceContext, mentions: list[EventMention], emit) -> None:
    """'Saudi Arabia and the United States are mediating, as they did last year': a broker's
    verb with neither object nor incident of its own tells who brokers the talks in focus."""
    focus = ctx.focus
    if mentions or focus is None or focus.event_type not in ctx.kb.triggers["agreement_types"]:
        return
    for verb in ctx.sentence:
        if (
            verb.pos_ == "VERB"
            and verb.lemma_.lower() in ctx.kb.triggers["broker_verbs"]
            and not any(c.dep_ in ("dobj", "nsubjpass", "auxpass") for c in verb.children)
            and not negated(verb)
        ):
            clause = verb.head if verb.dep_ == "acomp" else verb  # "are mediating"
            for actor in subject_keys(ctx, clause):
                if ctx.type_of(actor) in ACTOR_TYPES or ctx.kb.kind_of(actor) == "country":
                    talks = f"incident:{focus.number}"
                    emit(actor, "participated_in", talks, 0.6, "", "participants:mediator")


def _agreed_at(
    ctx: SentenceContext, mention: EventMention, resolved: dict[int, Incident]
) -> list[str]:
    """'agreed to a ceasefire at talks in Doha': the parties to what was agreed took part in
    the talks it was agreed at, whether or not the two are told as one incident."""
    if mention.event_type not in ctx.kb.triggers["agreement_types"]:
        return []
    return [
        f"incident:{resolved[g.i].number}"
        for c in mention.head.children
        if c.dep_ == "prep" and c.lower_ in ("at", "during")
        for g in c.children
        if g.dep_ == "pobj"
        and g.i in resolved
        and resolved[g.i].event_type in ctx.kb.triggers["agreement_types"]
        and resolved[g.i].number != resolved[mention.head.i].number
    ]


def _talks_delegations(ctx: SentenceContext, resolved: dict[int, Incident], emit) -> None:
    """'The government delegation, led by X, and a FARC team headed by Y worked through the
    agenda', 'the MFDC delegation by Z', 'The chief mediator, W, said': the heads of the
    delegations and the mediators of the talks in view take part in them, and so do the parties
    that sent the delegations. The talks in view are those this sentence names, else the
    incident just told when it is talks."""
    talks = _talks_in_view(ctx, resolved)
    if talks is None:
        return
    lex = ctx.kb.triggers
    target = f"incident:{talks.number}"
    for token in ctx.sentence:
        lemma = token.lemma_.lower()
        if lemma in lex["delegation_nouns"]:
            people = _delegation_heads(ctx, token)
            if not people:
                continue
            for owner in _delegation_owners(ctx, token):
                emit(owner, "participated_in", target, 0.6, "", "participants:delegation")
        elif lemma in lex["mediator_nouns"]:
            people = with_conj(ctx, [c for c in token.children if c.dep_ == "appos"])
            prep = token.head
            if token.dep_ == "pobj" and prep.lower_ == "as" and prep.head.pos_ == "VERB":
                people += subject_keys(ctx, prep.head)  # "sat beside him as mediators"
        else:
            continue
        for person in people:
            if ctx.type_of(person) == "Person":
                emit(person, "participated_in", target, 0.6, "", "participants:delegation")


def _talks_in_view(ctx: SentenceContext, resolved: dict[int, Incident]) -> Incident | None:
    kinds = ("negotiation", "ceasefire")
    named = [i for i in resolved.values() if i.event_type in kinds]
    if named:
        return named[0]
    if resolved:
        return None  # the sentence tells another incident: its delegations are not the talks'
    focus = ctx.focus
    return focus if focus is not None and focus.event_type in kinds else None


def _delegation_heads(ctx: SentenceContext, noun: Token) -> list[str]:
    """The people 'led by', 'headed by' a delegation, or 'by' one in a gapped clause."""
    lead = ctx.kb.triggers["lead_verbs"]
    heads: list[Token] = []
    for child in noun.children:
        if child.dep_ == "acl" and child.lemma_.lower() in lead:
            heads += [g for c in child.children if c.dep_ == "agent" for g in c.children]
        elif child.dep_ == "prep" and child.lower_ == "by":
            heads += [g for g in child.children if g.dep_ == "pobj"]
    if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in lead:
        heads += [g for c in noun.head.children if c.dep_ == "agent" for g in c.children]
    return with_conj(ctx, [h for h in heads if h.dep_ == "pobj"])


def _delegation_owners(ctx: SentenceContext, noun: Token) -> list[str]:
    """'the government delegation', 'a FARC team', "the TPLF's negotiators", 'the Senegalese
    delegation': the party a delegation stands for."""
    owners = []
    for child in noun.children:
        if child.dep_ in ("compound", "poss", "amod"):
            key = ctx.discourse.refers_to(child)
            if key and (ctx.type_of(key) == "Organization" or ctx.kb.kind_of(key) == "country"):
                owners.append(key)
    return owners


def _the_vehicle(ctx: SentenceContext, verb: Token, subject: Token) -> bool:
    """'A dark rented BMW sped into the crowd': what was driven is no doer; only a person
    driving it is."""
    if verb.lemma_.lower() not in ctx.kb.triggers["ramming_verbs"]:
        return False
    key = ctx.key(subject)
    return subject.pos_ != "PRON" and not (key and ctx.type_of(key) == "Person")


def _told_outside(
    clause: Token,
    incident: Incident,
    mentions: list[EventMention],
    resolved: dict[int, Incident],
) -> bool:
    """Whether a mention of the sentence outside ``clause`` tells the same incident."""
    inside = {t.i for t in clause.subtree}
    return any(
        other.head.i not in inside and resolved.get(other.head.i) is incident for other in mentions
    )


_SPAN_UNITS = frozenset({"day", "week", "month", "year", "decade"})


def _timed_apart(verb: Token) -> bool:
    """'The attack came a week after JNIM fighters attacked a nearby village': a deed told as
    days or more before or after another is another incident, whatever the tracker made of it;
    its doers did not do the one in view."""
    if verb.dep_ != "advcl":
        return False
    marks = [c for c in verb.children if c.dep_ == "mark" and c.lower_ in ("after", "before")]
    holders = [verb, verb.head, *marks]
    return bool(marks) and any(
        c.dep_ == "npadvmod" and c.lemma_.lower() in _SPAN_UNITS
        for holder in holders
        for c in holder.children
    )


def _perpetrators(ctx: SentenceContext, mention: EventMention) -> list[tuple[str, Token]]:
    """(actor, the phrase naming it): the subject (or 'by' agent) of a violent verb, never a
    reporting verb's subject above it; the group owning an incident noun ("Boko Haram's abduction",
    "an ELN car bomb"), but not a place or venue named before it ("the Hayat attack")."""
    head = mention.head
    found: list[tuple[str, Token]] = []
    if (
        head.pos_ != "VERB"
        and head.dep_ == "dobj"
        and head.head.lemma_.lower() in ctx.kb.triggers["deed_light_verbs"]
    ):
        head = head.head  # "Chekatt opened fire near the market": the opener fired
    if head.pos_ == "VERB" and not negated(head):
        if _passive(head, ctx):
            tokens = by_phrase_objects(head)  # "attacked not by the army but by militiamen"
        else:
            tokens = [
                t
                for t in own_subjects(ctx, head)
                if not _event_pronoun(ctx, t)
                and not _attacked_antecedent(ctx, head, t)
                and not _witness_pronoun(t)
                and not _the_vehicle(ctx, head, t)
            ]
        if not habitual(ctx, head):
            victims = _object_keys(ctx, head)
            found += [
                (key, token)
                for token in tokens
                for key in actor_keys(ctx, [token])
                if named_or_armed(ctx, token, key) and key not in victims
            ]
            if not found:
                found += _leaders_of(ctx, tokens)
    for child in head.children:
        if child.dep_ == "poss":
            key = ctx.discourse.refers_to(child)
            if (
                key
                and _not_the_scene(ctx, child, mention)
                and (child.pos_ != "NOUN" or _armed_name(ctx, key))
            ):
                # "Boko Haram's abduction", "its attack"; not "El Bagre gold miners' massacre",
                # a common noun for the victims
                found.append((key, child))
        elif child.dep_ == "compound":
            key = ctx.key(child)
            if (
                key
                and _not_the_scene(ctx, child, mention)
                and _armed_name(ctx, key)
                and not _claim_between(ctx, child, head)
            ):
                found.append((key, child))
    unique: list[tuple[str, Token]] = []
    for key, token in found:
        if ctx.type_of(key) in ACTOR_TYPES and key not in [k for k, _ in unique]:
            unique.append((key, token))
    return unique


def _leaders_of(ctx: SentenceContext, doers: list[Token]) -> list[tuple[str, Token]]:
    """'Soldiers led by the army commander, General Juan José Zúñiga, stormed the palace',
    'Fighters led by Bello Turji attacked Kuriga': men no name tells are their leader's; the
    person who led them did the deed."""
    verbs = ctx.kb.triggers["lead_verbs"]
    return [
        (key, leader)
        for doer in doers
        for led in doer.children
        if led.dep_ == "acl" and led.lemma_.lower() in verbs and led.tag_ == "VBN"
        for leader in by_phrase_objects(led)
        for key in actor_keys(ctx, [leader])
        if ctx.type_of(key) == "Person"
    ]


def _claim_between(ctx: SentenceContext, owner: Token, head: Token) -> bool:
    """'al-Shabaab claims attack', a headline the parser reads as one noun phrase: the group
    claims the attack, which says nothing of who carried it out; nor does a name before a
    preposition ("blames al-Shabaab for Mandera bus bombing")."""
    claims = ctx.kb.triggers["claim_verbs"]
    between = owner.doc[owner.i + 1 : head.i]
    # "Kenya blames al-Shabaab for Mandera bus bombing": no name owns an incident noun across
    # a preposition; the parser has misread the headline
    return any(t.lemma_.lower() in claims or t.pos_ == "ADP" for t in between)


def _object_keys(ctx: SentenceContext, verb: Token) -> set[str]:
    """Who the verb acts on. 'X was riding to the station when two men drew alongside him and
    the back-rider shot him': a subject the parser hands down to 'shot' from 'riding' is the
    one shot, never the shooter."""
    keys = set()
    for child in verb.children:
        if child.dep_ != "dobj":
            continue
        key = ctx.discourse.refers_to(child)
        if key:
            keys.add(key)
        if child.lower_ in ("him", "her") and verb.dep_ == "conj":
            # a person handed down through the coordination may be the one the pronoun means,
            # whatever the resolver guessed: precision first, no person is the shooter here
            keys |= {
                k
                for t in own_subjects(ctx, verb)
                if t.head.i != verb.i
                for k in actor_keys(ctx, [t])
                if ctx.type_of(k) == "Person"
            }
    return keys


def _event_pronoun(ctx: SentenceContext, token: Token) -> bool:
    """'Tuesday's attack was the third bombing this year, and it struck at the heart of ...':
    an 'it' after an incident noun as subject stands for the incident, not for a group."""
    if token.lower_ not in ("it", "this", "that"):
        return False
    before = [t for t in ctx.sentence if t.i < token.i and t.dep_ in ("nsubj", "nsubjpass", "attr")]
    return any(
        t.i in ctx.incidents_at or t.lemma_.lower() in ctx.kb.triggers["nouns"] for t in before
    )


def _not_the_scene(ctx: SentenceContext, token: Token, mention: EventMention) -> bool:
    """False for a modifier of the incident noun that names its time or scene, not its author: a
    day ("Tuesday's attack") or a word of the scene's name ("the Gorom-Gorom attack")."""
    if token.ent_type_ in ("DATE", "TIME") or token.lower_ in words_of(ctx)["definite_words"]:
        return False
    scene = {p for p in mention.places} if getattr(mention, "places", None) else set()
    slug_word = token.lower_.replace("'", "")
    return not any(slug_word and slug_word in place.split("/")[-1].split("-") for place in scene)


def _armed_name(ctx: SentenceContext, key: str) -> bool:
    """A name before an incident noun is its author only when it names an armed group: known
    as one, or named like one ('... Front', '... Army'), never like a venue ('... Hotel')."""
    kind = ctx.kb.kind_of(key)
    if kind:
        return kind == "armed_group"
    if ctx.type_of(key) != "Organization":
        return False
    words = key.split("/")[-1].split("-")
    if words and words[-1] in ctx.kb.cues["facility_words"]:
        return False
    return bool(set(words) & words_of(ctx)["armed_name_words"])


def _attribute(
    ctx: SentenceContext,
    voice: Voice,
    perpetrators: list[tuple[str, Token]],
    target: str,
    rule: str,
    emit,
    confidence: float = 0.7,
) -> None:
    """perpetrated on the narrator's word; blamed_for on a speaker's (a third party's word of
    who did it) or a hedge; the actor's own word is its claim; nothing under a denial or an
    accusation frame."""
    if (
        not perpetrators
        or voice.blocked
        or voice.denier is not None
        or voice.accusation is not None
    ):
        return
    keys = [k for k, _ in perpetrators]
    tokens = [t for _, t in perpetrators]
    if voice.speaker is None and not voice.hedged and all(_suspected(ctx, t) for t in tokens):
        # "Suspected Boko Haram militants attacked the village": a suspicion, not the
        # narrator's fact
        blame(ctx, keys, [target], [], rule + "/suspected")
        return
    if voice.speaker is not None:
        speakers = with_outlet_owners(ctx, speaker_keys(ctx, voice.speaker))
        # "The group's spokesman, X, said its fighters had attacked": the group speaks
        speakers += [b for b in bodies_spoken_for(ctx, voice.speaker) if b not in speakers]
        own_possessive = any(
            t.dep_ == "poss" and t.lower_ in ("its", "their", "his") for t in tokens
        )
        if self_reference(ctx, tokens, keys, speakers) or (own_possessive and speakers):
            # "ISWAP said in a statement that it had attacked the town": the speaker's own deed
            if _tells_its_own_deed(ctx, tokens):
                we = any(t.lower_ in SELF_PRONOUNS for t in tokens)
                owners = [k for k in keys if k in speakers] or (speakers if we else [])
                # a state's or an army's word of what "its" forces did stays unread: whose
                # forces the possessive means, the rules cannot yet tell
                owners = [
                    k
                    for k in owners
                    if ctx.type_of(k) == "Organization" and not state_actor(ctx, k)
                ]
                own_word(ctx, owners, [target], rule)
            return
        # "HRW said pro-government militias had killed 58 civilians", "the IDF said they had
        # carried out the shooting": a third party's word of who did it is its attribution,
        # whether it "said" or "alleged" it; but "IS militants stormed a checkpoint, killing
        # nine, officials said" is the narrator's news, its source tagged after it
        tagged_after = voice.speaker.i > max(t.i for t in tokens) and not voice.attributive
        if not tagged_after:
            blame(ctx, keys, [target], speakers, rule + "/reported")
            return
    if voice.hedged:
        blame(ctx, keys, [target], [], rule + "/hedged")
        return
    for key in keys:
        emit(key, "perpetrated", target, confidence, "", rule)


def _tells_its_own_deed(ctx: SentenceContext, tokens: list[Token]) -> bool:
    """Whether a group's word about what it did stands alone as its claim: not beside a claim
    the sentence makes in words ('claimed the attack ..., saying its fighters had killed six'),
    which the claim frames read, nor beside another incident told outside the group's words
    ('Army blames BRN for market bomb; rival PULO says it ambushed rangers')."""
    if any(_claims_in_words(ctx, t) for t in ctx.sentence):
        return False
    words = {i for t in tokens for i in _reported_clause(t)}
    return not any(i not in words for i in ctx.incidents_at)


def _claims_in_words(ctx: SentenceContext, token: Token) -> bool:
    """A claim verb with a thing claimed ('claimed the attack', 'claimed responsibility', 'the
    attack was claimed'), which the claim frames read. 'The front claimed its fighters had
    killed seven policemen' or 'claimed to have killed' only reports, as 'said' does; and the
    noun of 'in a claim posted on Telegram' is the statement the group speaks in."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in ctx.kb.triggers["claim_verbs"]:
        return False
    return any(c.dep_ in ("dobj", "nsubjpass") for c in token.children)


def _reported_clause(token: Token) -> set[int]:
    """The tokens of the clause a speaker reports that ``token`` stands in ('it ambushed
    rangers' of 'PULO says it ambushed rangers')."""
    current = token
    for _ in range(CLAUSE_DEPTH):
        if current.dep_ == "ccomp" or current.head.i == current.i:
            break
        current = current.head
    return {t.i for t in current.subtree}


def _suspected(ctx: SentenceContext, token: Token) -> bool:
    """'suspected Boko Haram militants', 'alleged ADF rebels': a hedge on the doers' name."""
    hedges = words_of(ctx)["hedge_modifiers"]
    phrase = token.head if token.dep_ in ("compound", "poss") else token
    # the parser takes a capitalised "Suspected" opening a sentence for a name's first word
    return any(t.lower_ in hedges and t.i < phrase.i for t in phrase.subtree)


def _targets(ctx: SentenceContext, mention: EventMention, perpetrators: set[str]) -> list[str]:
    """Named targets: 'an attack on the Frontier Corps', 'ambushed a Third Division patrol',
    'targeting the governor', 'Moïse was shot dead', 'the offices of Charlie Hebdo'. Places are
    the scene (occurred_in), not targets."""
    head = mention.head
    phrases: list[Token] = []
    if head.pos_ == "VERB" and not _passive(head, ctx):
        if head.lemma_.lower() not in ctx.kb.triggers["throw_verbs"]:
            # "fired six Iskander-M missiles at the city": what is fired is the weapon
            phrases += [c for c in head.children if c.dep_ == "dobj"]
        # "stormed the palace and detained President Adama Barrow": the deeds done with it
        phrases += [
            d
            for c in head.children
            if c.dep_ == "conj"
            and c.pos_ == "VERB"
            and c.lemma_.lower() in TARGETING_VERBS
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
            for d in c.children
            if d.dep_ == "dobj"
        ]
    elif head.dep_ == "nsubj" and head.head.lemma_.lower() in TARGETING_VERBS:
        # "a suicide bomber killed Khalil Haqqani": the doer's deed names its target
        phrases += [c for c in head.head.children if c.dep_ == "dobj" and c.pos_ != "PRON"]
    elif head.pos_ == "VERB":  # named only: not "members of his family were killed"
        phrases += [
            c
            for c in head.children
            if c.dep_ in ("nsubjpass", "nsubj") and (ctx.key(c) or _premises_owner(ctx, c))
        ]
    blamed = head.dep_ == "dobj" and head.head.lemma_.lower() in words_of(ctx)["blame_on_verbs"]
    phrases += [
        g
        for c in head.children
        if c.dep_ == "prep"
        and c.lower_ in ("on", "against", "at", "inside", "outside")
        and not (blamed and c.lower_ == "on")  # "blamed the attack on X": X is the accused
        for g in c.children
        if g.dep_ == "pobj" and (c.lower_ in ("on", "against") or _premises(ctx, g))
    ]
    if head.pos_ == "NOUN" and head.lemma_.lower() in ctx.kb.triggers["victim_nouns"]:
        phrases += of_objects(head)  # "the assassination of Governor Musa": never the place
    for child in head.children:  # "an attack targeting the governor"
        if child.lemma_.lower() == "target" and child.tag_ == "VBG":
            phrases += [c for c in child.children if c.dep_ == "dobj"]
    found = []
    for phrase in phrases:
        owner = _premises_owner(ctx, phrase) or _people_of(ctx, phrase)
        named = _apposed_person(ctx, phrase)
        for key in [owner] if owner else named or with_conj(ctx, [phrase]):
            if key not in perpetrators and key not in found and ctx.type_of(key) in ACTOR_TYPES:
                found.append(key)
    return found


def _ousted(ctx: SentenceContext, mention: EventMention, parties: set[str]) -> list[str]:
    """'seized power and detained President Bazoum', 'ousted Kabore in a coup', 'protests
    against Jeenbekov': whom a coup or an uprising removed, held or rose against. Only named
    people and bodies; the plotters themselves are parties, never targets."""
    head = mention.head
    ousters = ctx.kb.triggers["ouster_verbs"]
    verbs = [head] if head.pos_ == "VERB" else []
    if head.dep_ == "dobj":
        verbs.append(head.head)  # "seized power and detained President Bazoum"
    elif head.dep_ == "pobj" and head.head.head.pos_ == "VERB":
        verbs.append(head.head.head)  # "ousted Kabore in a coup"
    verbs += [c for v in list(verbs) for c in v.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    phrases = [
        c
        for verb in verbs
        if verb.lemma_.lower() in ousters
        for c in verb.children
        if c.dep_ == "dobj"
    ]
    phrases += [
        g
        for c in head.children
        if c.dep_ == "prep" and c.lower_ == "against"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    found: list[str] = []
    for key in with_conj(ctx, phrases) + [k for p in phrases for k in _apposed_person(ctx, p)]:
        if key and key not in parties and key not in found and ctx.type_of(key) in ACTOR_TYPES:
            found.append(key)
    return found


def _people_of(ctx: SentenceContext, phrase: Token) -> str | None:
    """'kidnapped 17 missionaries of Christian Aid Ministries': unnamed people of a named body
    taken or attacked, the body is the target."""
    people = ctx.kb.casualties["victim_nouns"]
    if ctx.key(phrase) or (phrase.lemma_.lower() not in people and phrase.lower_ not in people):
        return None
    for prep in phrase.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for owner in prep.children:
                key = ctx.key(owner) if owner.dep_ == "pobj" else None
                if key and ctx.type_of(key) == "Organization":
                    return key
    return None


def _apposed_person(ctx: SentenceContext, phrase: Token) -> list[str]:
    """'attacked the governor, Ahmed Musa', 'abducted the mayor of Bamenda, Nfor Ivo Tanjong'
    (the parser hangs the name on the town): the person the role noun is, not the town."""
    if ctx.key(phrase) or phrase.pos_ != "NOUN":
        return []
    return [
        ctx.key(c)
        for holder in role_holders(phrase)
        for c in holder.children
        if c.dep_ == "appos" and ctx.type_of(ctx.key(c)) == "Person"
    ]


def _premises(ctx: SentenceContext, token: Token) -> bool:
    return ctx.key(token) is None and token.lower_ in ctx.kb.triggers["target_premises"]


def _premises_owner(ctx: SentenceContext, token: Token) -> str | None:
    """'the offices of Charlie Hebdo', 'its offices', 'a FARC camp': an attack on an unnamed
    place of an actor's is an attack on that actor. A named place ('the Hayat Hotel') is the
    scene, and stays with occurred_in."""
    if not _premises(ctx, token):
        return None
    owners = [c for c in token.children if c.dep_ in ("poss", "compound")]
    owners += [
        g
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    for owner in owners:
        key = (
            subject_before(ctx, owner, ACTOR_TYPES) or ctx.discourse.refers_to(owner)
            if owner.pos_ == "PRON"
            else ctx.key(owner)
        )
        if key and ctx.type_of(key) in ACTOR_TYPES:
            return key
    return None


def _attacked_antecedent(ctx: SentenceContext, verb: Token, subject: Token) -> bool:
    """'a raid on a FARC camp that killed Raúl Reyes': the parser hangs the relative clause on
    the camp, but what killed is the raid; the camp's owner is its target, not the killer."""
    return (
        verb.dep_ == "relcl"
        and subject.i == verb.head.i
        and subject.dep_ == "pobj"
        and subject.head.lower_ in ("on", "against", "at")
        and subject.head.head.lemma_.lower() in ctx.kb.triggers["nouns"]
    )


def _parties(ctx: SentenceContext, mention: EventMention) -> tuple[list[str], list[str]]:
    """(every party, the sides): sides are the parties facing each other -- the conjoined
    subjects of the verb and the 'with'/'between' phrase -- not observers or brokers."""
    head = mention.head
    found: list[str] = []
    sides: list[str] = []
    if head.pos_ == "VERB" and not negated(head):
        if not any(c.dep_ == "nsubjpass" for c in head.children):
            sides += subject_keys(ctx, head)  # "Gwoza was retaken by troops": no party
        found += agent_keys(ctx, head)
        found += _brokers_of_the_clause(ctx, head)
    for child in head.children:
        if child.dep_ in ("poss", "compound"):
            key = ctx.discourse.refers_to(child)
            if key and (ctx.type_of(key) != "Place" or ctx.kb.kind_of(key) == "country"):
                found.append(key)
        if child.dep_ == "prep" and child.lower_ in ("with", "between"):
            sides += with_conj(ctx, [g for g in child.children if g.dep_ == "pobj"])
        if child.dep_ == "acl" and child.lemma_.lower() in ctx.kb.triggers["broker_verbs"]:
            for verb in (child, *child.conjuncts):  # "hosted by Tanzania and facilitated by IGAD"
                found += agent_keys(ctx, verb)  # "talks mediated by Oman", "hosted by Norway"
    head = through_round(head, ctx.kb)
    governor = head.head
    found += _under_auspices(ctx, head)
    if head.dep_ in ("nsubj", "nsubjpass", "dobj") and governor.pos_ == "VERB":
        found += _under_auspices(ctx, governor)
    if (
        head.dep_ in ("dobj", "nsubjpass", "nsubj")
        and governor.pos_ == "VERB"
        and not negated(governor)
    ):
        if head.dep_ == "dobj" and governor.lemma_.lower() not in (
            "attend",
            "observe",
            "welcome",
            *ctx.kb.triggers["broker_verbs"],
        ):
            sides = subject_keys(ctx, governor) + sides
        elif head.dep_ == "dobj":
            found += subject_keys(ctx, governor)
        found += agent_keys(ctx, governor)
        found += _brokers_of_the_clause(ctx, governor)
    if (
        head.dep_ == "pobj"
        and (
            head.head.lower_ in ("in", "at")
            or (  # "sat down in Muscat for talks", "went on strike", "agreed on a ceasefire";
                # not "pushed for talks", nor "went on trial": its subject is no party to it
                (
                    head.head.lower_ == "for"
                    or (
                        head.head.lower_ in ("on", "to")
                        and mention.event_type in _kinds_joined_on(ctx)
                    )
                )
                and governor.head.lemma_.lower() in ctx.kb.triggers["light_verbs"]
            )
        )
        and governor.head.pos_ == "VERB"
        and governor.head.lemma_.lower() not in ctx.kb.triggers["reporting_verbs"]
        and not negated(governor.head)
        and not any(c.dep_ == "nsubjpass" for c in governor.head.children)
    ):  # "Ali and Maduro met in Argyle, in talks brokered by ...", "took part in the march";
        # not "X, who was killed in a drone strike": a victim is no party
        sides = subject_keys(ctx, governor.head) + sides
        found += _brokers_of_the_clause(ctx, governor.head)  # "agreed to a truce, mediated by"
        if governor.head.lemma_.lower() in ctx.kb.triggers["broker_verbs"]:
            # "Lula hosted Ali and Maduro at a summit in Brasilia": the guests take part too
            guests = [c for c in governor.head.children if c.dep_ == "dobj"]
            found += with_conj(ctx, guests)
    keep = ("Organization", "Person", "Place")
    unique = [
        k
        for i, k in enumerate(sides + found)
        if k not in (sides + found)[:i] and ctx.type_of(k) in keep
    ]
    sides = [
        k
        for i, k in enumerate(sides)
        if k not in sides[:i] and ctx.type_of(k) in ("Organization", "Place")
    ]
    return unique, sides


def _kinds_joined_on(ctx: SentenceContext) -> set[str]:
    """Events whose parties go or agree 'on' or 'to' them: a strike, a cease-fire, talks."""
    return {"protest", *ctx.kb.triggers["agreement_types"]}


def _under_auspices(ctx: SentenceContext, word: Token) -> list[str]:
    """'the talks opened on Friday under the mediation of IGAD', 'talks under the auspices of
    the African Union': whoever the talks are held under takes part in them, as a broker."""
    auspices = ctx.kb.triggers["auspices_nouns"]
    under = [n for n in phrase_objects(word, ("under",)) if n.lemma_.lower() in auspices]
    return with_conj(ctx, [g for n in under for g in phrase_objects(n, ("of",))])


def _brokers_of_the_clause(ctx: SentenceContext, verb: Token) -> list[str]:
    """'Ethiopia and Eritrea signed a peace deal in Jeddah, brokered by Saudi Arabia', 'Talks
    ... resumed on Monday, mediated by Qatar': a broker's participle hung on the clause's verb
    names the brokers of what the clause tells."""
    brokers = ctx.kb.triggers["broker_verbs"]
    return [
        key
        for c in verb.children
        if c.dep_ == "advcl" and c.lemma_.lower() in brokers and c.tag_ == "VBN"
        for key in agent_keys(ctx, c)
    ]


def _violent_subjects(
    ctx: SentenceContext, mentions: list[EventMention], resolved: dict[int, Incident], emit
) -> None:
    """An armed group as subject of a violent verb perpetrates the sentence's violent incident."""
    violent = set(ctx.kb.triggers["violent_types"])
    incidents = {
        resolved[m.head.i].number: resolved[m.head.i]
        for m in mentions
        if m.head.i in resolved and resolved[m.head.i].event_type in violent
    }
    if len(incidents) != 1:
        return
    (only,) = incidents.values()
    target = story_for(ctx, only)
    fallback = target != f"incident:{only.number}"
    for token in ctx.sentence:
        if (
            token.pos_ == "VERB"
            and token.lemma_.lower() in VIOLENT_VERBS
            and not _passive(token, ctx)
            and not negated(token)
            and not (
                _timed_apart(token) and (fallback or _told_outside(token, only, mentions, resolved))
            )
        ):
            subjects = [
                c
                for c in token.children
                if c.dep_ == "nsubj" and not _event_pronoun(ctx, c) and not _witness_pronoun(c)
            ]
            if any(s.lower_ in ("which", "that") for s in subjects):
                continue  # "a bombing that killed two officers": the subject is the incident
            if habitual(ctx, token) or record_of_actor(token, ctx.kb):
                continue  # "the Pakistani Taliban, who have killed dozens of police officers"
            actors = [
                (key, s)
                for s in subjects
                for key in actor_keys(ctx, [s])
                if ctx.type_of(key) == "Organization" and named_or_armed(ctx, s, key)
            ]
            _attribute(
                ctx, voice_of(ctx, token), actors, target, "participants:violent-subject", emit, 0.6
            )
    _suspected_affiliation(ctx, target)


def _suspected_affiliation(ctx: SentenceContext, target: str) -> None:
    """'gunmen believed to belong to the group seized ...', 'attackers suspected of being members of
    X': in a sentence telling one violent incident, a voiced suspicion, blamed_for the group."""
    words = words_of(ctx)
    for hedge in ctx.sentence:
        if hedge.lemma_.lower() not in words["hedge_passives"] or hedge.tag_ not in ("VBN", "VBD"):
            continue
        clauses = [c for c in hedge.children if c.dep_ == "xcomp"]  # "believed to belong to X"
        clauses += [
            g
            for c in hedge.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pcomp"
        ]  # "suspected of being members of X"
        for link in (t for clause in clauses for t in clause.subtree):
            if link.lemma_.lower() not in words["affiliation_words"]:
                continue
            accused = [
                k
                for g, k in affiliated_groups(ctx, link)
                if g.pos_ == "PROPN" or _armed_name(ctx, k)  # "the group": an armed one
            ]
            voice = voice_of(ctx, hedge)
            if accused and not voice.blocked and voice.denier is None:
                blame(
                    ctx,
                    accused,
                    [target],
                    speaker_keys(ctx, voice.speaker),
                    "participants:suspected-affiliation",
                )
            break


QUOTE_MARKS = frozenset({'"', "“", "”", "«", "»", "„"})


def _witness_pronoun(token: Token) -> bool:
    """'"When they found him, they shot him," a farmer said': a pronoun inside a quotation is the
    witness's, for the men they saw; it is never read back to a group the narrator named."""
    if token.pos_ != "PRON":
        return False
    marks = sum(1 for t in token.doc[: token.i] if t.text in QUOTE_MARKS)
    return marks % 2 == 1


def _passive(verb: Token, ctx: SentenceContext) -> bool:
    """A passive clause, or the reduced passive of headlines ("Anzourou mayor kidnapped",
    "Police officer shot dead in Kano"), whose subject is the victim."""
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children) or _reduced_passive(
        ctx, verb
    )


def _reduced_passive(ctx: SentenceContext, verb: Token) -> bool:
    """A verb that always takes an object ("kidnap", "kill") with a subject, no auxiliary and no
    object anywhere in its coordination: the object is its subject. "Gunmen kidnapped and killed
    three farmers" has one (on "killed"); "Gunmen shot at the car" aims at one."""
    if (
        verb.pos_ != "VERB"
        or verb.tag_ not in ("VBD", "VBN")
        or verb.lemma_.lower() not in words_of(ctx)["object_verbs"]
        or not any(c.dep_ == "nsubj" for c in verb.children)
    ):
        return False
    cluster = [verb, *(c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB")]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        cluster.append(verb.head)
    return not any(
        c.dep_ in ("dobj", "dative", "ccomp", "aux")
        or (c.dep_ == "prep" and c.lower_ in ("at", "on"))
        for member in cluster
        for c in member.children
    )
