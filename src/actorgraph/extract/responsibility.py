"""Responsibility: claims, perpetration, denials and third-party blame, each read in the voice
of its clause (who speaks, whether it is negated, hedged or reported), so that a claim is never
read from a denial, a blame or someone else's words.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from ..knowledge import indexed, word_sets
from .clauses import (
    SentenceContext,
    agent_keys,
    by_phrase_objects,
    negated,
    phrase_objects,
    through_state_heads,
)
from .incidents import Incident
from .syntax import climb, is_root

# --- responsibility: claims, perpetration, denials and blame -------------------------------------
#
# A wrong claim or perpetration edge names someone as the author of an attack, so these frames are
# read in the voice of the clauses above them (``voice_of``): the narrator's word gives
# ``perpetrated``; a speaker's word about someone else gives ``blamed_for`` with the speaker as
# ``by``; a speaker's word about itself ("IS says it carried out") is its claim; a clause under a
# denial is the denier's denial; and a negated, modal, conditional, intended or questioned clause
# gives nothing. Word lists live in relation_patterns.json under "responsibility".

RESPONSIBILITY_KINDS = frozenset(
    {"claim", "perpetration", "denial", "blame", "verdict", "identification", "sponsorship"}
)
STORY = "\x00story"  # memory slot of the story's incident (no entity key starts with a NUL)
ACCUSABLE_TYPES = ("Person", "Organization", "Place")
RELATIVE_PRONOUNS = frozenset({"which", "that", "who", "whom"})
SELF_PRONOUNS = frozenset({"we", "us", "our", "ours", "ourselves"})
ANAPHOR_PRONOUNS = frozenset({"it", "this", "that", "them", "these", "those"})
POSSESSIVE_PRONOUNS = frozenset({"its", "their", "our", "his", "her"})


@dataclass
class Voice:
    """Whose word a clause is: the narrator's, a speaker's, a denier's, or no fact at all."""

    blocked: bool = False  # negated, modal, conditional, intended or questioned
    speaker: Token | None = None  # the nearest verb (or accusation noun) that reports the clause
    attributive: bool = (
        False  # that speaker attributes ("alleged", "believes") rather than relays ("said")
    )
    denier: Token | None = None  # a denial verb the clause is the content of
    hedged: bool = False  # "allegedly", "is believed to": a suspicion
    accusation: Token | None = None  # "accused X of attacking": the accusing verb


def words_of(ctx: SentenceContext) -> dict[str, frozenset[str]]:
    return indexed(ctx.kb.patterns["responsibility"], word_sets)


def read_responsibility(ctx: SentenceContext, frame: dict, token: Token) -> None:
    """One claim, perpetration, denial or blame frame on the token it hangs on."""
    if (
        frame.get("active_only")
        and _is_passive(token)
        or frame.get("passive_only")
        and not _is_passive(token)
    ):
        return
    kind = frame["kind"]
    if kind == "claim":
        _read_claim(ctx, frame, token)
    elif kind == "perpetration":
        _read_perpetration(ctx, frame, token)
    elif kind == "denial":
        _read_denial(ctx, frame, token)
    elif kind == "blame":
        _read_blame(ctx, frame, token)
    elif kind == "verdict":
        _read_verdict(ctx, frame, token)
    elif kind == "identification":
        _read_identification(ctx, frame, token)
    elif kind == "sponsorship":
        _read_sponsorship(ctx, frame, token)


def _semicolon_apart(clause: Token, head: Token) -> bool:
    """A clause the parser hangs on the next one across a semicolon is a sentence of its own,
    neither reported by nor negated with it."""
    doc = clause.doc
    if clause.i < head.i:
        between = range(clause.right_edge.i + 1, head.i)
    else:
        between = range(head.i + 1, clause.left_edge.i)
    return any(doc[i].text == ";" and doc[i].head.i == head.i for i in between)


def voice_of(ctx: SentenceContext, token: Token, own_polarity: bool = True) -> Voice:
    """Climb from a clause to the root and note what governs it (see ``Voice``). With
    ``own_polarity`` False the token's own negation is not looked at ("had nothing to do with")."""
    words = words_of(ctx)
    found = Voice()
    if ctx.sentence.text.rstrip().rstrip("\"'”’»").endswith("?"):
        found.blocked = True
        return found
    current = token
    from_accusation_noun = False
    own_clause = (
        not own_polarity
    )  # set when the last step came up from a conjunct with its own subject
    for _ in range(12):
        if not own_clause and _blocked_here(words, current):
            found.blocked = True
            return found
        if own_clause and _modal_or_conditional(words, current):
            found.blocked = True
            return found
        own_clause = False
        if any(c.dep_ == "advmod" and c.lower_ in words["hedge_adverbs"] for c in current.children):
            found.hedged = True
        source = _according_to(current) if current is token else None
        if source is not None and found.speaker is None:
            # "According to the army, X did it"; not "Since Russia launched its invasion, 4
            # million have fled, according to the UN": the source of another clause's fact
            found.speaker, found.attributive = source, True
        if is_root(current):
            break
        head, dep = current.head, current.dep_
        lemma = head.lemma_.lower()
        if dep == "relcl":
            break  # a relative clause is told in its own voice
        if dep in ("ccomp", "parataxis") and _semicolon_apart(current, head):
            break  # "The group claimed it too; the government never published a toll"
        if dep == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in current.children):
            own_clause = True  # "No group claimed it, and the TTP denied ...": the 'no' is not ours
        if head.pos_ in ("VERB", "AUX"):
            if dep in ("ccomp", "parataxis") or (
                from_accusation_noun and dep in ("dobj", "nsubjpass")
            ):
                if lemma in words["deny_verbs"]:
                    found.denier = found.denier or head
                elif (
                    lemma in words["report_verbs"]
                    and found.speaker is None
                    and not from_accusation_noun
                ):
                    found.speaker, found.attributive = head, lemma in words["attributive_verbs"]
            elif dep == "xcomp":
                if lemma in words["intent_verbs"] or _pending(words, head):
                    found.blocked = True
                    return found
                if lemma in words["deny_verbs"]:
                    found.denier = found.denier or head  # "denied carrying out the attack"
                elif lemma in words["hedge_verbs"] or (
                    lemma in words["hedge_passives"] and _is_passive(head)
                ):
                    found.hedged = True  # "appears to have carried out", "is believed to have"
                elif lemma in words["report_verbs"] and found.speaker is None:
                    found.speaker, found.attributive = head, lemma in words["attributive_verbs"]
            from_accusation_noun = False
        elif head.pos_ == "ADP" and dep == "pcomp":
            governor = head.head
            if (
                head.lower_ in ("of", "for", "with")
                and governor.lemma_.lower() in words["accusing_verbs"]
            ):
                found.accusation = (
                    governor  # "accused Russia of striking civilians": the blame frame reads it
                )
                found.speaker, found.attributive = found.speaker or governor, True
        elif (
            head.pos_ == "NOUN"
            and dep in ("acl", "ccomp")
            and lemma in words["statement_nouns"]
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in current.children)
        ):
            # "said in a statement that the attackers were members of X": the parser hangs
            # the content on the statement; it is the word of whoever made the statement
            teller = head.head.head if head.dep_ == "pobj" else head.head
            teller_lemma = teller.lemma_.lower()
            if (
                found.speaker is None
                and teller.pos_ == "VERB"
                and (
                    teller_lemma in words["report_verbs"] or teller_lemma in words["publish_verbs"]
                )
            ):
                found.speaker = teller
                found.attributive = teller_lemma in words["attributive_verbs"]
            current = teller
            continue
        elif head.pos_ in ("NOUN", "PROPN") and dep in ("acl", "ccomp", "appos"):
            if lemma not in words["accusation_nouns"]:
                break  # "a crime committed by others": the participle belongs to its noun
            if lemma in words["evidence_nouns"]:
                found.hedged = True
            elif found.speaker is None:
                found.speaker, found.attributive = head, True
            from_accusation_noun = True
        current = head
    return found


def _according_to(clause: Token) -> Token | None:
    """The source of 'according to the army' on a clause: what it tells is the army's word."""
    for child in clause.children:
        if child.dep_ == "prep" and child.lower_ == "according":
            return next((t for t in child.subtree if t.dep_ == "pobj"), None)
    return None


def _blocked_here(words: dict[str, frozenset[str]], token: Token) -> bool:
    """Negation, a modal, 'if'/'whether', or a 'no'/'nobody' subject or object on this clause."""
    for child in token.children:
        dep = child.dep_
        if dep == "neg" or (dep == "advmod" and child.lower_ in words["negative_adverbs"]):
            return True
        if dep == "aux" and child.lower_ in words["modals"]:
            return True
        if dep == "mark" and child.lower_ in words["conditional_marks"]:
            return True
        if dep in ("nsubj", "nsubjpass", "dobj", "attr") and (
            child.lower_ in words["negative_subjects"]
            or any(g.dep_ == "det" and g.lower_ in ("no", "neither") for g in child.children)
        ):
            return True
        if dep == "det" and child.lower_ in ("no", "neither") and token.pos_ == "NOUN":
            return True
    return False


def _pending(words: dict[str, frozenset[str]], verb: Token) -> bool:
    """'has yet to claim', 'is still to claim': a claim not made by the time of writing."""
    return verb.lemma_.lower() in ("have", "be") and any(
        c.dep_ == "advmod" and c.lower_ in words["pending_adverbs"] for c in verb.children
    )


def _modal_or_conditional(words: dict[str, frozenset[str]], token: Token) -> bool:
    return any(
        (c.dep_ == "aux" and c.lower_ in words["modals"])
        or (c.dep_ == "mark" and c.lower_ in words["conditional_marks"])
        for c in token.children
    )


def _is_passive(token: Token) -> bool:
    return any(
        c.dep_ in ("nsubjpass", "auxpass") and not _acronym_as_auxiliary(c) for c in token.children
    ) or (token.dep_ == "acl" and token.tag_ == "VBN")


def _acronym_as_auxiliary(token: Token) -> bool:
    """'IS claimed the ambush': the parser took the group's acronym for the auxiliary 'is'."""
    return (
        token.dep_ in ("aux", "auxpass")
        and token.i < token.head.i
        and token.is_upper
        and len(token) > 1
    )


def own_subjects(ctx: SentenceContext, verb: Token) -> list[Token]:
    """The subject phrase of the verb's own clause, through coordination, 'to' and participles,
    never through a reporting verb above it (that is the speaker, not the actor)."""
    current = verb
    raised = False  # came up from a 'to'-clause: "X is believed to have carried out" raises X
    for _ in range(5):
        subjects = (
            [c for c in current.children if c.dep_ == "nsubj" or (raised and c.dep_ == "nsubjpass")]
            or [  # "Al-Shabaab did, however, claim ...": the parser may hang it on the auxiliary
                g
                for c in current.children
                if c.dep_ == "aux" and c.i < current.i
                for g in c.children
                if g.dep_ == "nsubj"
            ]
            or [  # "IS claimed the ambush": the parser took the acronym for the auxiliary "is"
                c for c in current.children if _acronym_as_auxiliary(c) and ctx.key(c)
            ]
        )
        if subjects:
            if subjects[0].lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                return [current.head]  # "the group that claimed the attack"
            return subjects
        if (
            current.dep_ == "acl"
            and current.head.lemma_.lower() in words_of(ctx)["statement_nouns"]
        ):
            return _statement_owner(ctx, current.head)  # "a statement claiming the attack"
        if current.dep_ in ("xcomp", "conj", "advcl") and not is_root(current):
            raised = current.dep_ == "xcomp"
            current = current.head
            if current.pos_ not in ("VERB", "AUX"):
                return []
            continue
        break
    return []


def _statement_owner(ctx: SentenceContext, noun: Token) -> list[Token]:
    """Who issued 'a statement' / 'a video': its possessor, 'by'/'from' phrase, or the subject of
    the verb that released it."""
    owners = [c for c in noun.children if c.dep_ in ("poss", "compound") and ctx.key(c)]
    owners += [
        g
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ in ("by", "from")
        for g in c.children
        if g.dep_ == "pobj"
    ]
    if owners:
        return owners
    governor = noun.head
    if noun.dep_ == "dobj" and governor.lemma_.lower() in words_of(ctx)["publish_verbs"]:
        return own_subjects(ctx, governor)
    return []


def actor_keys(ctx: SentenceContext, tokens: list[Token], exclude: set | None = None) -> list[str]:
    """Named actors the phrases stand for, read strictly: a name, a pronoun, or an actor noun
    ('the group', 'its fighters', 'Turkish officials'); never a thing that merely mentions one
    ('Ukraine's economy')."""
    found: list[str] = []
    for token in through_state_heads(ctx, tokens):
        for member in [token, *token.conjuncts]:
            key = _actor(ctx, member)
            if (
                key
                and key not in found
                and (not exclude or key not in exclude)
                and ctx.type_of(key) in ACCUSABLE_TYPES
            ):
                found.append(key)
    return found


def _actor(ctx: SentenceContext, token: Token) -> str | None:
    key = ctx.key(token)
    if key:
        return key
    lower, lemma = token.lower_, token.lemma_.lower()
    if lower in SELF_PRONOUNS:
        return None  # the speaker's "we": resolved by the caller, who knows the speaker
    if token.pos_ == "PRON":
        return ctx.discourse.refers_to(token)
    if token.pos_ not in ("NOUN", "PROPN"):
        return None
    words = words_of(ctx)
    if lemma in words["not_the_group"] or lower in words["not_the_group"]:
        return None  # "FARC dissidents", "former members" are not the group
    if any(
        c.dep_ in ("amod", "compound") and c.lower_ in words["not_the_group"]
        for c in token.children
    ):
        return None  # "The FARC dissident group Estado Mayor Central claimed": not the FARC
    actor_noun = (
        lemma in words["actor_nouns"]
        or lower in words["actor_nouns"]
        or lemma in ctx.kb.roles["person_roles"]
        or (lemma in ctx.kb.roles["org_roles"] and token.tag_ != "NNS")  # "arms" are weapons
    )
    named = [
        ctx.key(c)
        for c in token.children
        if (
            c.dep_ in ("compound", "nmod")
            or (c.dep_ == "appos" and (actor_noun or token.pos_ == "PROPN"))
        )
        and ctx.key(c)
    ]  # "the group, ISWAP,", "Kanglei Yawol Kanna Lup (KYKL)"; not "Iran, which arms and funds
    # Kataib Hezbollah," misparsed: "arms" as subject, the group in apposition
    if named and not _headline_verb(ctx, token):
        return named[0]  # "the TTP spokesman", "ISIS-K militants"
    if (
        lemma in words["actor_nouns"]
        or lower in words["actor_nouns"]
        or lemma in ctx.kb.roles["person_roles"]
    ):
        if _regional_part(ctx, token):
            return None
        return _named_before_apposition(ctx, token) or ctx.discourse.refers_to(token)
    return None


def _headline_verb(ctx: SentenceContext, token: Token) -> bool:
    """'BIR frees kidnapped Alou DO', 'Army denies role': a headline's verb the parser took for a
    noun a name modifies; the name is no actor of the clause it heads."""
    if token.tag_ not in ("NNS", "NN") or not token.lower_.endswith("s"):
        return False
    words = words_of(ctx)
    verbs = (
        (words["report_verbs"] | words["deny_verbs"] | words["accusing_verbs"])
        | frozenset(ctx.kb.triggers["release_verbs"])
        | frozenset(ctx.kb.triggers["claim_verbs"])
    )
    return token.lemma_.lower() in verbs


def _regional_part(ctx: SentenceContext, token: Token) -> bool:
    """ "Islamic State's Sahel branch", "al-Qaeda's Yemen affiliate": a part of a group named by
    a region is a group of its own, which the text does not name here; never the whole. 'Its
    armed wing' is the group acting."""
    if token.lemma_.lower() not in ctx.kb.roles["org_roles"]:
        return False
    return any(c.dep_ in ("compound", "amod", "nmod") and c.pos_ == "PROPN" for c in token.children)


def _named_before_apposition(ctx: SentenceContext, token: Token) -> str | None:
    """'the Patriotic Liberation Front (FPL), an armed group formed after the coup, claimed':
    an indefinite actor noun set off by a comma right after a name describes that name, though
    the parser made the noun the subject."""
    if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in token.children):
        return None
    first = min(t.i for t in token.subtree)
    doc, i = token.doc, first - 1
    if i <= ctx.sentence.start or doc[i].text != ",":
        return None
    i -= 1
    if doc[i].text == ")":  # past an acronym in brackets
        while i > ctx.sentence.start and doc[i].text != "(":
            i -= 1
        i -= 1
    key = ctx.key(doc[i]) if i >= ctx.sentence.start else None
    return key if key and ctx.type_of(key) == "Organization" else None


def with_outlet_owners(ctx: SentenceContext, speakers: list[str]) -> list[str]:
    """'Amaq, the Islamic State's news agency, said IS fighters had carried out the attack': a
    group's own outlet (a media body of the dictionary that is part of it) speaks for the
    group."""
    owners = [
        owner
        for key in speakers
        if ctx.kb.kind_of(key) == "media"
        for owner in ctx.kb.entries.get(key, {}).get("part_of", ())
        if owner not in speakers
    ]
    return speakers + owners


def self_reference(
    ctx: SentenceContext, tokens: list[Token], keys: list[str], speakers: list[str]
) -> bool:
    """True when the actor phrase is the speaker itself: the same entity, 'we', or its own
    forces."""
    if set(keys) & set(speakers):
        return True
    parts = ctx.kb.cues["partitive_heads"]
    # "two of our heroic fighters": the part stands for what its 'of' phrase names
    tokens = [
        p for t in tokens for p in ([t, *_prep_phrases(t, "of")] if t.lower_ in parts else [t])
    ]
    for token in tokens:
        if token.lower_ in SELF_PRONOUNS:
            return True
        if speakers and any(
            c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in token.children
        ):
            return True  # "the group said its fighters had attacked": the speaker's own men
        if (
            not keys
            and speakers
            and token.lower_ in words_of(ctx)["actor_nouns"]
            and any(c.dep_ == "det" and c.lower_ == "the" for c in token.children)
            and not any(state_actor(ctx, s) for s in speakers)
            and not any(ctx.key(g) for g in _prep_phrases(token, "of"))  # "of Pakistan"
        ):
            return True  # "a statement by the X group said the faction was behind the blast"
    return False


def _speaker_words(ctx: SentenceContext, speaker: Token) -> list[Token]:
    """Who a reporting verb's speaker is in the words: its subject ("It ... said"), or the
    speaker token itself."""
    if speaker.pos_ in ("VERB", "AUX"):
        return own_subjects(ctx, speaker)
    return [speaker]


def _pronoun_number_differs(subjects: list[Token], speakers: list[Token]) -> bool:
    """A plural pronoun told by a singular one, or the reverse: two referents."""
    singular, plural = {"it", "he", "she"}, {"they", "them"}
    return any(
        (s.lower_ in plural and w.lower_ in singular)
        or (s.lower_ in singular and w.lower_ in plural)
        for s in subjects
        for w in speakers
    )


def habitual(ctx: SentenceContext, verb: Token) -> bool:
    """'has killed thousands since 2014', 'regularly carries out strikes': a campaign, not one
    incident."""
    words = words_of(ctx)["habitual_words"]
    return any(
        (c.dep_ in ("prep", "advmod", "npadvmod") and c.lower_ in words) for c in verb.children
    ) or _a_record(verb)


def _a_record(verb: Token) -> bool:
    """'have attacked the town several times this year', 'has attacked the town before', 'in
    the past': a deed done more than once, or before, is a record, not the incident in view."""
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
    for child in verb.children:
        if child.lower_ == "times" and child.dep_ in ("npadvmod", "dobj", "advmod"):
            return True
        if perfect and child.dep_ == "advmod" and child.lower_ == "before":
            return True
        if child.dep_ == "prep" and child.lower_ == "in":
            if any(o.lower_ == "past" for o in child.children):
                return True
    return False


def named_or_armed(ctx: SentenceContext, token: Token, key: str) -> bool:
    """An author read from a common noun ('the terrorists', 'the insurgents') must be an armed
    group: the discourse's guess for such a noun may be any group named before."""
    if token.lower_ in RELATIVE_PRONOUNS and not ctx.key(token):
        antecedent = _antecedent(token)  # "the terrorists who attacked": judge "terrorists"
        if antecedent is None:
            return False
        token = antecedent
    if ctx.key(token) or token.pos_ == "PRON" or any(ctx.key(c) == key for c in token.children):
        return True
    if token.lower_ in ctx.kb.cues["state_heads"] and any(
        ctx.key(g) == key for g in _prep_phrases(token, "of")
    ):
        return True  # "the government of Pakistan bears responsibility": Pakistan, named
    if _quoted(ctx, token) and not any(ctx.key(t) == key for t in token.subtree):
        # '"The terrorists opened fire from the hillside," said the police chief'; not '"a cell
        # of the BRN"', which names the group
        return False
    kind = ctx.kb.kind_of(key)
    return kind == "armed_group" or (
        not kind
        and ctx.type_of(key) == "Organization"
        and bool(set(key.split("/")[-1].split("-")) & words_of(ctx)["armed_name_words"])
    )


QUOTE_MARKS = frozenset({'"', "“", "”"})


def _quoted(ctx: SentenceContext, token: Token) -> bool:
    """Inside a direct quotation: a speaker's 'the terrorists' names nobody the story can
    pin the deed on."""
    opened = sum(t.text in QUOTE_MARKS for t in ctx.sentence if t.i < token.i)
    return opened % 2 == 1


def _own_forces(
    ctx: SentenceContext, tokens: list[Token], keys: list[str], deniers: list[str]
) -> bool:
    """The subject of a denied clause is the denier: itself, a pronoun, 'its forces', or its unnamed
    forces ('the air force'); never another named actor."""
    if not tokens:
        return True  # "denied carrying out the attack"
    if keys and not set(keys) & set(deniers):
        named_elsewhere = [k for k in keys if ctx.type_of(k) in ACCUSABLE_TYPES]
        if any(ctx.key(t) for t in tokens) and named_elsewhere:
            return False
    words = words_of(ctx)
    for token in tokens:
        if token.pos_ == "PRON" or token.lower_ in SELF_PRONOUNS:
            return True
        if any(c.dep_ == "poss" and c.lower_ in POSSESSIVE_PRONOUNS for c in token.children):
            return True
        if ctx.key(token) is None and (
            token.lemma_.lower() in words["own_force_nouns"]
            or token.lower_ in words["own_force_nouns"]
        ):
            return True
    return bool(set(keys) & set(deniers))


def speaker_keys(ctx: SentenceContext, speaker: Token | None) -> list[str]:
    """Who is speaking: the subject (or agent) of a reporting verb, or the owner of an accusation
    noun."""
    if speaker is None:
        return []
    if speaker.dep_ == "pobj" and (own := _actor(ctx, speaker)):
        return [own]  # "according to the army"
    if speaker.pos_ in ("NOUN", "PROPN"):
        owners = _owner_words(speaker, ("poss", "compound", "amod"), ("by", "from"))
        keys = [k for o in owners for k in [_actor(ctx, o) or ctx.discourse.demonym_place(o)] if k]
        return [k for k in keys if k in ctx.discourse.types]
    if _is_passive(speaker):
        return agent_keys(ctx, speaker)
    subjects = own_subjects(ctx, speaker)
    return actor_keys(ctx, subjects) or [
        k for s in subjects for k in _statement_authors(ctx, s)
    ]  # "a statement by Abu Sayyaf said it was behind the blast"


def _owner_words(noun: Token, deps: tuple[str, ...], preps: tuple[str, ...]) -> list[Token]:
    """The words of a noun that may name whose it is: its modifiers of ``deps`` ("the army's
    spokesman", "the TTP spokesman") and the objects of its ``preps`` ("a statement by X", "a
    commander of X")."""
    owners = [c for c in noun.children if c.dep_ in deps]
    owners += [
        g
        for c in noun.children
        if c.dep_ == "prep" and c.lower_ in preps
        for g in c.children
        if g.dep_ == "pobj"
    ]
    return owners


def _statement_authors(ctx: SentenceContext, noun: Token) -> list[str]:
    """Who a statement speaking as a subject is by: 'a statement by X', 'X's statement', 'a
    statement posted on a page used by X', 'a statement from X', 'a statement attributed to X'."""
    if noun.lemma_.lower() not in words_of(ctx)["statement_nouns"]:
        return []
    owners = speaker_keys(ctx, noun)
    if owners:
        return owners
    agents = [
        t for t in noun.subtree if t.dep_ == "pobj" and t.head.dep_ == "agent" and t.i > noun.i
    ]
    # "a statement from JNIM", "a statement attributed to JNIM"
    agents += _prep_phrases(noun, "from") + [
        p
        for c in noun.children
        if c.dep_ == "acl" and c.lemma_.lower() == "attribute"  # not "sent to the government"
        for p in _prep_phrases(c, "to")
    ]
    keys = [k for t in agents for k in [_actor(ctx, t)] if k]
    return [k for k in keys if ctx.type_of(k) == "Organization"][:1]


def _phrase_events(ctx: SentenceContext, token: Token, anaphor: bool = True) -> list[str]:
    """Incidents a noun phrase (and its conjuncts) names; 'the attack', 'it' stand for the one in
    focus."""
    events: list[str] = []
    for member in [token, *token.conjuncts]:
        if member.lower_ in RELATIVE_PRONOUNS and member.tag_ in ("WDT", "WP"):
            antecedent = _antecedent(member)  # "the kidnapping, which officials had blamed on ..."
            if antecedent is None:
                continue
            member = antecedent
        incident = _incident_in_phrase(ctx, member) or _deed_it_was_done_in(ctx, member)
        found = f"incident:{incident.number}" if incident is not None else None
        if (
            anaphor
            and _event_anaphor(ctx, member)
            and (incident is None or not _anchored(incident))
        ):
            # "the attack", "it": the story's incident, also when the tracker has put the word in
            # an incident with neither time nor scene (which never becomes an event); "the
            # attacks", "the bombings": the story's main incident, not the last one told
            plural = member.tag_ in ("NNS", "NNPS")
            pair = _both_of_them(ctx, member) if plural else []
            if pair:
                events += [key for key in pair if key not in events]
                continue
            # "the killings" of the nine just told are those deaths, not the story's main one
            of_people = member.lemma_.lower() in ctx.kb.triggers["person_killing_nouns"]
            # "IS claimed those attacks too": the ones just told, not the story's main one
            pointed = any(c.lower_ in ("these", "those") for c in member.children)
            found = (
                (_main_key(ctx) if plural and not (of_people or pointed) else None)
                or _last_of_its_kind(ctx, member)
                or _of_its_kind(ctx, member, _focus_key(ctx))
                or found
            )
            if of_people:
                found = _with_dead(ctx, found)
            scene = _scene_word(ctx, member)
            if scene is not None:
                # "blamed Moscow for the Kharkiv strike": the incident told at Kharkiv, or none
                found = _told_at(ctx, scene, found)
        if found and found not in events:
            events.append(found)
    return events


def _with_dead(ctx: SentenceContext, found: str | None) -> str | None:
    """'denied involvement in the killings': an incident people died in, the last one told, not
    an abduction in focus that killed no one."""
    told = [i for i in ctx.incidents if _anchored(i)]
    current = next((i for i in told if f"incident:{i.number}" == found), None)
    if current is None or current.fatalities or set(current.types) - {"kidnapping"}:
        return found
    dead = [i for i in told if i.fatalities]
    return f"incident:{max(dead, key=lambda i: i.last_seen).number}" if dead else found


def _scene_word(ctx: SentenceContext, noun: Token) -> str | None:
    """The place a deed's noun names as its own modifier ('the Kharkiv strike')."""
    for child in noun.children:
        key = ctx.key(child)
        if child.dep_ in ("compound", "nmod") and key and ctx.type_of(key) == "Place":
            return key
    return None


def _told_at(ctx: SentenceContext, scene: str, found: str | None) -> str | None:
    """Of the incidents told with a time or a scene, the one told at ``scene`` (``found`` when it
    is that one); none when no incident, or several, were told there."""
    there = [f"incident:{i.number}" for i in ctx.incidents if _anchored(i) and scene in i.places]
    if found in there:
        return found
    return there[0] if len(there) == 1 else None


def _deed_it_was_done_in(ctx: SentenceContext, noun: Token) -> Incident | None:
    """'Suicide bombers struck Kampala in attacks claimed by Islamic State': an incident noun the
    deed of its clause was done in is that deed, though no mention of its own."""
    prep = noun.head
    if (
        noun.dep_ != "pobj"
        or prep.lower_ not in ("in", "during")
        or noun.lemma_.lower() not in ctx.kb.triggers["nouns"]
    ):
        return None
    return ctx.incidents_at.get(prep.head.i)


def _both_of_them(ctx: SentenceContext, noun: Token) -> list[str]:
    """'claimed responsibility for both attacks', 'the two bombings': when the article has told
    exactly two violent incidents with a time or a scene, the phrase names both."""
    if not _a_pair(noun):
        return []
    violent = ctx.kb.triggers["violent_types"]
    told = [i for i in ctx.incidents if i.event_type in violent and _anchored(i)]
    return [f"incident:{i.number}" for i in told] if len(told) == 2 else []


def _a_pair(noun: Token) -> bool:
    """'both attacks', 'the two groups'."""
    return any(c.lower_ in ("both", "two") for c in noun.children)


def _last_of_its_kind(ctx: SentenceContext, noun: Token) -> str | None:
    """'said it had nothing to do with the bombing', told after an ambush elsewhere: a definite
    noun of a named kind is the incident of that kind told last, when the one in focus is of
    another kind. 'The attack' names no kind of its own and stays with the focus."""
    kind = ctx.kb.triggers["nouns"].get(noun.lemma_.lower())
    focus = ctx.focus
    if not kind or kind == "armed_attack" or (focus is not None and focus.types[kind]):
        return None
    told = [i for i in ctx.incidents if i.types[kind] and _anchored(i)]
    return f"incident:{max(told, key=lambda i: i.last_seen).number}" if told else None


def _of_its_kind(ctx: SentenceContext, noun: Token, key: str | None) -> str | None:
    """``key`` unless the noun names an abduction and its incident is none: 'had "no
    involvement" in the kidnapping of the DO', told when no kidnapping has a time and a scene,
    is not the ambush in focus. The words for violence ('the attack', 'the bombing') may all
    tell one incident."""
    kind = ctx.kb.triggers["nouns"].get(noun.lemma_.lower())
    if key is None or kind != "kidnapping":
        return key
    number = int(key.split(":")[1])
    incident = next((i for i in ctx.incidents if i.number == number), None)
    return key if incident is None or incident.types[kind] else None


def _anchored(incident: Incident) -> bool:
    """An incident with a time or a scene: one that can become an event of the graph."""
    return bool(incident.date or incident.places)


def _antecedent(pronoun: Token) -> Token | None:
    """The noun a relative pronoun stands for: the head of the relative clause it opens, also
    through a reporting verb inside it ('an assault that officials said bore the hallmarks')."""
    current = pronoun
    for _ in range(4):
        if is_root(current):
            return None
        current = current.head
        if current.dep_ == "relcl":
            return current.head
    return None


def _incident_in_phrase(ctx: SentenceContext, token: Token) -> Incident | None:
    """The first incident mentioned in the phrase headed by ``token``, not inside a clause of it,
    nor what the phrase is about ('ordered an investigation into the bombing', 'a report about
    the attack'): the noun before 'into' or 'about' is the deed, not the incident."""
    stack = [token]
    while stack:
        current = stack.pop(0)
        if current.i in ctx.incidents_at:
            return ctx.incidents_at[current.i]
        stack += [
            c
            for c in current.children
            if c.dep_ not in ("relcl", "acl", "ccomp", "advcl", "conj", "cc")
            and not (c.dep_ == "prep" and c.lower_ in ("into", "about"))
        ]
    return None


def _event_anaphor(ctx: SentenceContext, token: Token) -> bool:
    """'it', 'that attack', 'the bombing', 'Tuesday's blast': a phrase pointing at a known
    incident."""
    if token.lower_ in ANAPHOR_PRONOUNS and token.pos_ in ("PRON", "DET"):
        return True
    words = words_of(ctx)
    lemma = token.lemma_.lower()
    if (
        lemma not in words["event_anaphors"]
        and token.lower_ not in words["event_anaphors"]
        and lemma not in ctx.kb.triggers["nouns"]
    ):
        return False
    if any(c.tag_ == "JJS" or c.lower_ in words["not_anaphoric_modifiers"] for c in token.children):
        return False  # "the deadliest atrocity of the Troubles", "the first attack": a new referent
    return any(
        c.dep_ in ("det", "poss", "amod") and c.lower_ in words["definite_words"]
        for c in token.children
    )


def _focus_key(ctx: SentenceContext, violent: bool = True) -> str | None:
    """The incident a bare 'claimed responsibility' or 'the attack' is about: the one in focus when
    it is a violent incident with a time or a scene; else the story's last such incident (a verb
    in the claim itself, "saying its fighters had detonated the vehicle", is no new incident)."""
    focus = ctx.focus
    violent_types = ctx.kb.triggers["violent_types"]
    if focus is not None and (not violent or _blameable(ctx, focus)) and _anchored(focus):
        return f"incident:{focus.number}"
    story = _memory(ctx).get(STORY)
    if story:
        return story[0]
    if focus is None or (violent and focus.event_type not in violent_types):
        return None
    return f"incident:{focus.number}"


def _blameable(ctx: SentenceContext, incident: Incident) -> bool:
    """An incident someone may be blamed for: violence, or a strike that killed ('a drone
    strike on a military academy killed 30 cadets. The GNA blamed the LNA')."""
    return incident.event_type in ctx.kb.triggers["violent_types"] or bool(
        incident.event_type == "military_operation" and incident.fatalities
    )


def _main_key(ctx: SentenceContext) -> str | None:
    """The violent incident with a time or a scene that the article has told most often."""
    violent_types = ctx.kb.triggers["violent_types"]
    told = [i for i in ctx.incidents if i.event_type in violent_types and _anchored(i)]
    if not told:
        return None
    return f"incident:{max(told, key=lambda i: (i.mentions, -i.number)).number}"


def remember_story(ctx: SentenceContext) -> None:
    """After a sentence: the violent incident with a time or scene now in focus is the story's."""
    focus = ctx.focus
    if (
        focus is not None
        and focus.event_type in ctx.kb.triggers["violent_types"]
        and _anchored(focus)
    ):
        _memory(ctx)[STORY] = [f"incident:{focus.number}", focus.event_type]


def story_for(ctx: SentenceContext, incident: Incident) -> str:
    """The incident key to write an edge on: the incident itself when it has a time or a scene;
    else, for a bare mention of the same kind ("police said the fighters abducted the girls"),
    the story's incident, which it merely repeats; else the incident (whose edge then drops)."""
    own = f"incident:{incident.number}"
    if _anchored(incident):
        return own
    story = _memory(ctx).get(STORY)
    return story[0] if story and story[1] == incident.event_type else own


def _sentence_event(ctx: SentenceContext, exclude: set[int]) -> list[str]:
    """The one violent incident this sentence mentions (outside ``exclude``), else the one in
    focus; none when it mentions several ('Drone strikes Khurmala oil field; KRG blames PMF
    faction as IS claims Makhmour ambush': which one is blamed, the words do not say)."""
    # "the Northern Guard was a new name for the same network that attacked Banjska": a
    # relative clause describes a noun, and the incident it recalls is not the one blamed
    described = {t.i for r in ctx.sentence if r.dep_ == "relcl" for t in r.subtree}
    told = {
        incident.number: incident
        for i, incident in ctx.incidents_at.items()
        if i not in exclude and i not in described and _blameable(ctx, incident)
    }
    if len(told) > 1:
        return []
    if told and _anchored(only := next(iter(told.values()))):
        return [f"incident:{only.number}"]
    recalled = {ctx.incidents_at[i].number for i in described if i in ctx.incidents_at}
    if ctx.focus is not None and ctx.focus.number in recalled:
        story = _memory(ctx).get(STORY)  # the focus moved to the recalled one: the story's
        return story[:1] if story else []
    focus = _focus_key(ctx)
    return [focus] if focus else []


def _theme(verb: Token) -> Token | None:
    """What the verb acts on: its object, the subject of its passive, or the noun a participle
    modifies ('the attack carried out by ...'); a relative pronoun stands for its antecedent."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return verb.head
    deps = ("nsubjpass",) if _is_passive(verb) else ("dobj",)
    objects = [c for c in verb.children if c.dep_ in deps]
    if len(objects) > 1 and objects[0].lower_ == "that" and objects[0].i < verb.i:
        # "said in a video that the group had carried out the attack": the parser took the
        # complementizer for a relative pronoun and an object
        objects = objects[1:]
    theme = objects[0] if objects else None
    if theme is not None and theme.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
        return verb.head
    if theme is None and verb.dep_ == "relcl" and not _is_passive(verb):
        # "the kidnapping, which officials had blamed on ...": the object is the antecedent
        if not any(c.dep_ == "dobj" for c in verb.children) and any(
            c.lower_ in RELATIVE_PRONOUNS
            or (c.dep_ == "nsubj" and c.i < verb.i)  # "in an attack the group claimed"
            for c in verb.children
        ):
            return verb.head
    return theme


def _object_word(verb: Token, words: list[str]) -> Token | None:
    for child in verb.children:
        if child.dep_ in (
            "dobj",
            "nsubjpass",
            "acomp",
            "oprd",
            "attr",
            "xcomp",
            "ccomp",
            "advmod",
            "advcl",
        ) and (child.lemma_.lower() in words or child.lower_ in words):
            return child
    return None


def _prep_phrases(token: Token, prep: str) -> list[Token]:
    """The objects of ``prep`` under the token: nouns (pobj) and gerund clauses (pcomp); for
    'as', an adjective too ('named the front as responsible')."""
    kinds = ("pobj", "pcomp", "amod") if prep == "as" else ("pobj", "pcomp")
    return [
        g
        for c in token.children
        if c.dep_ in ("prep", "agent") and c.lower_ == prep
        for g in c.children
        if g.dep_ in kinds
    ]


def _memory(ctx: SentenceContext) -> dict[str, list[str]]:
    """What the article's earlier sentences told: accused entity -> the incidents it was blamed
    for ('Moscow rejected the accusations' is a denial only from an actor the article has
    accused), and the story's incident. The reader passes one dict for the whole article; a
    context made without one (a rule tested alone) gets a dict of its own."""
    if ctx.memory is None:
        ctx.memory = {}
    return ctx.memory


def _emit_each(
    ctx: SentenceContext,
    subjects: list[str],
    relation: str,
    events: list[str],
    confidence: float,
    rule: str,
    by: str = "",
) -> None:
    for subject in subjects:
        if _no_actor(ctx, subject):
            continue
        for event in events:
            if event and subject != by:
                ctx.emit(subject, relation, event, confidence, "", rule, by=by)


def _no_actor(ctx: SentenceContext, key: str) -> bool:
    """'Islamic State's Sahel branch claimed the attack': a place answers for a deed only as a
    state (or a city standing for one); a region of the world, an area or a site never does."""
    return ctx.type_of(key) == "Place" and ctx.kb.kind_of(key) in ("world_region", "area", "site")


# claims ------------------------------------------------------------------------------------------


def _read_claim(ctx: SentenceContext, frame: dict, verb: Token) -> None:
    """'X claimed responsibility (for E)', 'X claimed the attack': a claim only with an event or
    responsibility as its object, never a 'that'-clause ('Putin claimed the gunmen were ...')."""
    voice = voice_of(ctx, verb)
    if voice.blocked or voice.denier is not None or voice.accusation is not None:
        return
    if habitual(ctx, verb):
        return  # "the group usually claims its attacks through Amaq": a habit, not this claim
    if voice.hedged:
        # "a pamphlet in which the ELN had supposedly taken responsibility": a claim in doubt is
        # no claim (a wrong one is worse than none)
        return
    if "object_words" in frame:
        holder = _object_word(verb, frame["object_words"])
        if holder is None or holder.dep_ not in ("dobj", "nsubjpass"):
            return
        phrases = _prep_phrases(holder, "for") + _prep_phrases(verb, "for")
        if phrases:
            events = [e for p in phrases for e in _phrase_events(ctx, p)]
        else:
            events = [e for e in [_focus_key(ctx)] if e]
    else:
        theme = _theme(verb)
        if theme is None:
            return
        events = _phrase_events(ctx, theme)
    if not events:
        return
    claimants = (
        agent_keys(ctx, verb) if _is_passive(verb) else actor_keys(ctx, own_subjects(ctx, verb))
    )
    if not claimants and not _is_passive(verb):
        # "A statement attributed to JNIM claimed the attack"
        claimants = [k for t in own_subjects(ctx, verb) for k in _statement_authors(ctx, t)]
    if not _is_passive(verb):
        # "The SFB's spokesman, Moussa Diallo, claimed the ambush": the group's claim too
        claimants += [b for b in bodies_spoken_for(ctx, verb) if b not in claimants]
    _emit_each(ctx, claimants, "claimed_responsibility", events, 0.85, frame["id"])


# perpetration ------------------------------------------------------------------------------------


def _read_perpetration(ctx: SentenceContext, frame: dict, token: Token) -> None:
    """'X carried out E', 'X was behind E', 'X is responsible for E', in the voice of the clause."""
    adjective = token.pos_ == "ADJ" or (
        frame.get("object_words") is None and token.lower_ == "responsible"
    )
    verb = token.head if adjective and token.dep_ in ("acomp", "oprd", "attr") else token
    if adjective and token.dep_ not in ("acomp", "attr", "amod", "acl"):
        return  # "held X responsible" parsed as a small clause: the blame frame reads it
    if adjective and token.dep_ in ("acomp", "attr") and verb.lemma_.lower() != "be":
        return
    if (
        adjective
        and token.dep_ in ("amod", "acl")
        and token.head.dep_ in ("dobj", "oprd")
        and token.head.head.lemma_.lower() in words_of(ctx)["holding_verbs"]
    ):
        _held_responsible(ctx, frame, token)  # "Pakistan held the BLA responsible for the bombing"
        return
    if frame.get("object") == "event_dobj":
        theme = _theme(verb)
        events = _phrase_events(ctx, theme) if theme is not None else []
        if not events and theme is not None and _the_weapon(ctx, theme):
            # "the device had been planted by JNIM fighters": the bomb of the incident in view
            events = [e for e in [_focus_key(ctx)] if e]
    else:
        holder = _object_word(verb, frame["object_words"]) if "object_words" in frame else token
        if holder is None:
            return
        phrases = _prep_phrases(holder, frame["prep"])
        if not phrases and holder is not verb:
            phrases = _prep_phrases(verb, frame["prep"])
        if phrases:
            events = [e for p in phrases for e in _phrase_events(ctx, p)]
        elif frame.get("attributed_only") or (
            # "the governor said ... were responsible", "JNIM said it was not responsible"
            frame.get("focus_if_reported")
            and voice_of(ctx, verb, own_polarity=False).speaker is not None
        ):
            # "denied that its fighters were involved", "the governor said fighters of the
            # front were responsible": the incident in focus
            events = [e for e in [_focus_key(ctx)] if e]
        else:
            return
    if not events:
        return
    voice = voice_of(ctx, verb)
    if voice.blocked and _negated_itself(ctx, verb):
        _self_denial(ctx, frame, verb, events)  # "the group said it was not behind the attack"
        return
    if (
        voice.blocked
        or voice.denier is not None
        or voice.accusation is not None
        or habitual(ctx, verb)
    ):
        return  # nothing, or a denial / accusation read at the denying or accusing verb
    if adjective and token.dep_ in ("amod", "acl"):
        subjects = [token.head]  # "the cell responsible for the attack"
    else:
        subjects = _doers(ctx, frame, verb)
    actors = [k for t in subjects for k in actor_keys(ctx, [t]) if named_or_armed(ctx, t, k)]
    rule = frame["id"]
    if voice.speaker is not None:
        speakers = with_outlet_owners(ctx, speaker_keys(ctx, voice.speaker))
        speakers += [b for b in bodies_spoken_for(ctx, voice.speaker) if b not in speakers]
        if not speakers and any(_regional_part(ctx, t) for t in _speaker_words(ctx, voice.speaker)):
            # "Islamic State's Sahel branch said its fighters had planted the bomb": a branch
            # the text does not name claims it; never a blame of the whole group
            return
        if _pronoun_number_differs(subjects, _speaker_words(ctx, voice.speaker)):
            # "It identified the men as PIJ members and said they had carried out the shooting":
            # "they" is never the speaker that "it" is
            actors = [a for a in actors if a not in speakers]
            if not actors:
                return
        if self_reference(ctx, subjects, actors, speakers):
            # "A spokesman for the front, X, told AFP the group carried out the attack": the
            # body spoken for is the doer, never the person who speaks for it
            bodies = [k for k in speakers if ctx.type_of(k) == "Organization"]
            owners = actors or bodies or speakers
            own_word(ctx, owners, events, rule, not frame.get("attributed_only"))
            return
        blame(ctx, actors, events, speakers, rule + "/reported")
        return
    if voice.hedged:
        blame(ctx, actors, events, [], rule + "/hedged")
    elif not frame.get("attributed_only"):
        _emit_each(ctx, actors, "perpetrated", events, 0.8, rule)


def own_word(
    ctx: SentenceContext, owners: list[str], events: list[str], rule: str, did: bool = True
) -> None:
    """'IS says it carried out the massacre', 'ISWAP said it had attacked the town': an armed
    group's own word is its claim; a state's or an army's ('AFRICOM said it had carried out the
    strike') is an admission, no claim."""
    claimants = [o for o in owners if not state_actor(ctx, o)]
    _emit_each(ctx, claimants, "claimed_responsibility", events, 0.8, rule + "/self-report")
    if did:
        _emit_each(ctx, owners, "perpetrated", events, 0.7, rule + "/self-report")


def bodies_spoken_for(ctx: SentenceContext, speaker: Token) -> list[str]:
    """'The SFB's spokesman, Moussa Diallo, told AFP the group had carried out the ambush', '...,
    said Moussa Diallo, a commander of the SFB', 'SFB spokesman Moussa Diallo': the organization
    a person speaks for as one of its officers, named in the speaker's own phrase; what that
    person says the group did is the group's own word."""
    if speaker.pos_ not in ("VERB", "AUX"):
        return []
    roles = ctx.kb.roles["person_roles"]
    found: list[str] = []
    for subject in own_subjects(ctx, speaker):
        # "Diallo, a commander of the SFB" (apposition), "SFB spokesman Moussa Diallo" (compound)
        titles = (c for c in subject.children if c.dep_ in ("appos", "compound"))
        for noun in [subject, *titles]:
            if noun.lemma_.lower() not in roles:
                continue
            for owner in _owner_words(noun, ("poss", "compound"), ("of", "for")):
                if owner.lemma_.lower() in words_of(ctx)["state_body_words"]:
                    # "the Taliban administration's chief spokesman": a government's word, an
                    # admission at most, never a group's claim
                    continue
                key = _actor(ctx, owner)  # "the group's leader": the group the text means
                if key and ctx.type_of(key) == "Organization" and key not in found:
                    found.append(key)
    return found


def state_actor(ctx: SentenceContext, key: str) -> bool:
    """A state, or a body of one (ministry, army, command): it admits, it does not claim. A name
    the dictionary does not know is a state's body when it is made of body words alone ('the
    National Police') or names a state ('the Kenya Defence Forces'); 'the Arakan Army' is not."""
    kind = ctx.kb.kind_of(key)
    if ctx.type_of(key) == "Place" or kind in ("government_body", "international_org"):
        return True
    words = words_of(ctx)
    name = key.split("/")[-1].split("-")
    if kind or not set(name) & words["state_body_words"]:
        return False
    own = [w for w in name if w not in words["state_body_words"] | words["state_body_qualifiers"]]
    return not own or any(
        ctx.kb.demonyms.get(w) or ctx.kb.kind_of(f"place/{w}") == "country" for w in own
    )


def _held_responsible(ctx: SentenceContext, frame: dict, adjective: Token) -> None:
    """'held/considers X responsible for E', with 'responsible' parsed on X: blamed_for X by the
    subject."""
    accused_noun, verb = adjective.head, adjective.head.head
    voice = voice_of(ctx, verb)
    if voice.blocked or voice.denier is not None:
        return
    events = [e for p in _prep_phrases(adjective, "for") for e in _phrase_events(ctx, p)]
    accusers = actor_keys(ctx, own_subjects(ctx, verb)) or speaker_keys(ctx, voice.speaker)
    accused = [a for a in actor_keys(ctx, [accused_noun]) if a not in accusers]
    blame(ctx, accused, events, accusers, frame["id"] + "/held")


def _negated_itself(ctx: SentenceContext, verb: Token) -> bool:
    words = words_of(ctx)
    return any(
        c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in words["negative_adverbs"])
        for c in verb.children
    )


def _the_weapon(ctx: SentenceContext, noun: Token) -> bool:
    """'the device', 'the explosives': the definite weapon of an incident told."""
    return noun.lemma_.lower() in words_of(ctx)["weapon_nouns"] and any(
        c.dep_ == "det" and c.lower_ == "the" for c in noun.children
    )


def _doers(ctx: SentenceContext, frame: dict, verb: Token) -> list[Token]:
    """Who the frame says did it: the subject, or the agent of a passive; but the subject of
    a frame read only in the passive ('X was involved in the attack')."""
    if frame.get("passive_only"):
        return [c for c in verb.children if c.dep_ == "nsubjpass"]
    return by_phrase_objects(verb) if _is_passive(verb) else own_subjects(ctx, verb)


def _self_denial(ctx: SentenceContext, frame: dict, verb: Token, events: list[str]) -> None:
    """A speaker saying it did not do it ("said it was not involved", "said it did not carry out
    the attack") denies it; the narrator saying so is no one's denial."""
    voice = voice_of(ctx, verb, own_polarity=False)
    if (
        voice.blocked
        or voice.speaker is None
        or voice.denier is not None
        or voice.accusation is not None
    ):
        return
    speakers = speaker_keys(ctx, voice.speaker)
    subjects = _doers(ctx, frame, verb)
    actors = actor_keys(ctx, subjects)
    if speakers and self_reference(ctx, subjects, actors, speakers):
        _emit_each(
            ctx,
            [a for a in actors if a in speakers] or speakers,
            "denied_responsibility",
            events,
            0.75,
            frame["id"] + "/self-denial",
        )


def blame(
    ctx: SentenceContext, accused: list[str], events: list[str], accusers: list[str], rule: str
) -> None:
    memory = _memory(ctx)
    for key in accused:
        for by in accusers or [""]:
            _emit_each(ctx, [key], "blamed_for", events, 0.75, rule, by=by if by != key else "")
        known = memory.setdefault(key, [])
        known += [e for e in events if e not in known]


# denials ------------------------------------------------------------------------------------------


def _read_denial(ctx: SentenceContext, frame: dict, verb: Token) -> None:
    """'X denied any involvement (in E)', 'X denied that its forces were behind E', 'X rejected the
    accusations' (only when X was accused): a denial of the denier, never of anyone else."""
    voice = voice_of(ctx, verb)
    if voice.blocked or voice.denier is not None or voice.accusation is not None:
        return
    subjects = own_subjects(ctx, verb)
    deniers = _the_two_accused(ctx, subjects) or (
        agent_keys(ctx, verb) if _is_passive(verb) else actor_keys(ctx, subjects)
    )
    if not deniers:
        return
    words = words_of(ctx)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    events: list[str] = []
    rule = frame["id"]
    if frame.get("dismissive_only") and not _dismissed(words, verb, obj):
        return  # "called the accusation credible" denies nothing
    if obj is not None and obj.lower_ in ("itself", "themselves", "himself"):
        # "JNIM distanced itself from the attack"
        phrases = [p for p in _prep_phrases(verb, "from") if p.dep_ == "pobj"]
        events = [e for p in phrases for e in _phrase_events(ctx, p)]
    elif obj is not None and obj.lemma_.lower() in words["denial_objects"]:
        if _tied_to_an_actor(ctx, obj) or _tied_to_no_incident(ctx, obj):
            return  # "the HDP, which denies links to the PKK": a tie denied, not a deed
        deniers = _whose_part(ctx, obj, deniers)
        # a phrase fronted before the verb frames the denial ("In a message posted on Wednesday,
        # the ELN denied any involvement"); only one after it says what was denied
        phrases = [
            p
            for prep in ("in", "for", "with", "behind")
            for p in _prep_phrases(obj, prep) + _prep_phrases(verb, prep)
            if p.i > verb.i and p.lemma_.lower() not in words["statement_nouns"]
        ]  # not "denied any involvement in a statement": where it was said
        if phrases:
            events = [e for p in phrases for e in _phrase_events(ctx, p)]
        else:
            deniers = _deny_what_was_blamed(ctx, deniers, frame["id"] + "/blamed", 0.8)
            if not deniers:
                return
            rule += "/in-view"  # "denied any role": the incident in view, a weaker reading
            events = _sentence_event(ctx, set())
    elif obj is not None and obj.lemma_.lower() in words["denial_accusations"]:
        clause = next(
            (
                c
                for c in obj.children
                if c.dep_ in ("acl", "ccomp", "relcl") and c.pos_ in ("VERB", "AUX", "ADJ")
            ),
            None,
        )
        named = [
            e
            for prep in ("over", "of", "for", "about", "regarding", "in")
            for p in _prep_phrases(obj, prep)
            for e in _phrase_events(ctx, p)
        ]
        if clause is not None and clause.dep_ != "relcl":
            events = _denied_clause(ctx, clause, deniers)
        elif named:
            # "rejected the accusation over the market bombing": of the incidents it was
            # blamed for, the one named
            events, rule = named, rule + "/accusation"
        else:
            _deny_what_was_blamed(ctx, deniers, frame["id"] + "/accusation", 0.7)
            return
    else:
        clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
        if clause is not None:
            events = _denied_clause(ctx, clause, deniers)
            spoken_for = [] if events else _body_spoken_for(ctx, clause, deniers)
            if spoken_for:
                deniers, rule = spoken_for, rule + "/spokesperson"
                events = _denied_clause(ctx, clause, deniers)
        elif obj is None or obj.lower_ in words["denied_anaphors"]:
            # "junta blames Arakan Army, which denies it", "a charge Kigali denies": what the
            # denier was accused of, and only that
            _deny_what_was_blamed(ctx, deniers, frame["id"] + "/blamed", 0.7)
            return
        else:
            # "Al-Shabaab denied the bombing", "disowned the attack": an armed group denying an
            # incident denies having done it (a state "denying the massacre" may deny it
            # happened: no edge)
            events = _phrase_events(ctx, obj)
            deniers = [d for d in deniers if ctx.kb.kind_of(d) == "armed_group"]
            rule += "/incident"
    _emit_each(ctx, deniers, "denied_responsibility", events, 0.8, rule)


def _dismissed(words: dict[str, frozenset[str]], verb: Token, obj: Token | None) -> bool:
    """'called the accusation baseless', 'described the charges as lies': an accusation called
    one of the dismissive words."""
    if obj is None or obj.lemma_.lower() not in words["denial_accusations"]:
        return False
    said = [c for c in verb.children if c.dep_ in ("oprd", "acomp", "ccomp", "xcomp")]
    said += [c for c in obj.children if c.dep_ in ("amod", "appos")]
    said += _prep_phrases(verb, "as")
    return any(t.lemma_.lower() in words["dismissive_words"] for s in said for t in s.subtree)


def _the_two_accused(ctx: SentenceContext, subjects: list[Token]) -> list[str]:
    """'Both groups have denied responsibility', 'The two groups denied any role': when the
    article has blamed exactly two organizations, the phrase is those two."""
    words = words_of(ctx)
    if not any(
        s.tag_ in ("NNS", "NNPS") and s.lemma_.lower() in words["actor_nouns"] and _a_pair(s)
        for s in subjects
    ):
        return []
    memory = _memory(ctx)
    accused = [k for k, told in memory.items() if k != STORY and told]
    accused = [k for k in accused if ctx.type_of(k) == "Organization"]
    return accused if len(accused) == 2 else []


def _tied_to_an_actor(ctx: SentenceContext, obj: Token) -> bool:
    """'links to the PKK', 'ties with Iran': the denied object is a tie to a named actor."""
    return any(
        ctx.type_of(key) in ("Organization", "Person")
        for p in _prep_phrases(obj, "to") + _prep_phrases(obj, "with")
        if (key := ctx.key(p))
    )


def _tied_to_no_incident(ctx: SentenceContext, obj: Token) -> bool:
    """'denies any link to the drug trade': a tie to something that is no incident of the text
    denies no deed."""
    if obj.lemma_.lower() not in words_of(ctx)["tie_words"]:
        return False
    ties = _prep_phrases(obj, "to") + _prep_phrases(obj, "with")
    return bool(ties) and not any(_phrase_events(ctx, p) for p in ties)


def _whose_part(ctx: SentenceContext, obj: Token, deniers: list[str]) -> list[str]:
    """'TTP spokesman X denied the group's involvement': a person denying a group's part speaks
    for the group, and the denial is the group's."""
    owner = next((c for c in obj.children if c.dep_ == "poss"), None)
    if owner is None or not all(ctx.type_of(d) == "Person" for d in deniers):
        return deniers
    found = ctx.discourse.refers_to(owner)
    return [found] if found and ctx.type_of(found) == "Organization" else deniers


def _body_spoken_for(ctx: SentenceContext, clause: Token, deniers: list[str]) -> list[str]:
    """'Gatkuoth denied that the White Army had shelled Kodok': a person denying that a named
    body did it speaks for that body; the denial is the body's. So does 'Serbian President
    Vucic denied that Serbia had any role' for the state his own title names."""
    if not all(ctx.type_of(d) == "Person" for d in deniers):
        return []
    subjects = [c for c in clause.children if c.dep_ == "nsubj"]
    own_states = _states_in_title(ctx, clause.head)
    bodies = [
        k for k in actor_keys(ctx, subjects) if ctx.type_of(k) == "Organization" or k in own_states
    ]
    return bodies if bodies and all(ctx.key(s) for s in subjects) else []


def _states_in_title(ctx: SentenceContext, verb: Token) -> set[str]:
    """The places named in the phrase of a verb's subject ('Serbian President Aleksandar
    Vucic'): the state the speaker holds office in."""
    return {
        key
        for subject in own_subjects(ctx, verb)
        for t in subject.subtree
        if (key := ctx.key(t) or ctx.discourse.demonym_place(t)) and ctx.type_of(key) == "Place"
    }


def _deny_what_was_blamed(
    ctx: SentenceContext, deniers: list[str], rule: str, confidence: float
) -> list[str]:
    """'Villaflor denied any involvement', 'Moscow rejected the accusations': a denier the
    article has blamed for an incident denies that incident, not whichever was told last.
    "Rwanda's government spokesperson, Yolande Makolo, rejected the accusation": a person whose
    own phrase names one blamed body speaks for it. Returns the deniers no one blamed."""
    memory = _memory(ctx)
    deniers = [_blamed_body_spoken_for(ctx, d, memory) for d in deniers]
    for denier in deniers:
        if memory.get(denier):
            _emit_each(
                ctx, [denier], "denied_responsibility", memory[denier][-1:], confidence, rule
            )
    return [d for d in deniers if not memory.get(d)]


def _blamed_body_spoken_for(ctx: SentenceContext, denier: str, memory: dict) -> str:
    """The one blamed body a person's own phrase names, which the person speaks for; else the
    person. So too for a body of a blamed state or group ("Pakistan's Foreign Office rejected
    the accusation"): it speaks for what owns it."""
    if memory.get(denier) or ctx.type_of(denier) not in ("Person", "Organization"):
        return denier
    mention = next(
        (t for t in ctx.sentence if ctx.key(t) == denier and ctx.key(t.head) != denier), None
    )
    if mention is None:
        return denier
    phrase = mention.head if mention.dep_ == "appos" else mention
    if ctx.type_of(denier) == "Person":
        words = list(phrase.subtree)
    else:  # the body's owner only: "Pakistan's Foreign Office", "the general staff of the FAMa";
        # not "the SDF, the alliance in which the YPG is the main force"
        words = [
            t
            for c in mention.children
            if c.dep_ in ("poss", "compound", "nmod") or (c.dep_ == "prep" and c.lower_ == "of")
            for t in c.subtree
        ]
    bodies = {key for t in words if (key := ctx.key(t)) and key != denier and memory.get(key)}
    return bodies.pop() if len(bodies) == 1 else denier


def _denied_clause(ctx: SentenceContext, clause: Token, deniers: list[str]) -> list[str]:
    """The incidents of a denied clause that says the denier (or its forces) did it."""
    words = words_of(ctx)
    content = words["denial_content"]
    predicate = (
        clause.lemma_.lower() in content
        or any(
            c.lemma_.lower() in content and c.dep_ in ("acomp", "prep", "attr", "prt")
            for c in clause.children
        )
        or _had_a_part(words, clause)
    )
    if not predicate or _blocked_here(words, clause):
        return []
    if _is_passive(clause):
        subjects = [
            g for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"
        ]
        if not subjects and clause.lemma_.lower() in words["violent_verbs"]:
            # "denied a report that its leader had been killed": done to it, not by it; not
            # "denied that its fighters were involved"
            return []
    else:
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
    if not _own_forces(ctx, subjects, actor_keys(ctx, subjects), deniers):
        return []
    events: list[str] = []
    for token in clause.subtree:
        incident = ctx.incidents_at.get(token.i)
        if incident is not None:
            key = f"incident:{incident.number}" if _anchored(incident) else _focus_key(ctx)
            if (
                not _anchored(incident)
                and _unaccused_deed(ctx, clause, deniers)
                and not _told_in_its_words(ctx, token, key)
            ):
                continue  # "had fired on civilians": no accusation, not the deed in view
            if _event_anaphor(ctx, token):
                key = _blamed_for_it(ctx, deniers) or key
            if key and key not in events:
                events.append(key)
    if events or _names_another_scene(ctx, clause):
        # "Hamas denies firing rockets at Metula": a deed denied at a scene the incident in
        # view is not at is another one, the text's or not; never the one in view
        return events
    if _unaccused_deed(ctx, clause, deniers):
        return []
    return _sentence_event(ctx, {t.i for t in clause.subtree})


def _told_in_its_words(ctx: SentenceContext, trigger: Token, key: str | None) -> bool:
    """Whether a deed told again without time or scene ('denied that the White Army had attacked
    the market') uses a word the incident ``key`` was told by ('Gunmen attacked the market')."""
    told = next((i for i in ctx.incidents if key == f"incident:{i.number}"), None)
    return told is not None and trigger.lemma_.lower() in told.lemmas


def _unaccused_deed(ctx: SentenceContext, clause: Token, deniers: list[str]) -> bool:
    """'Senegal's foreign ministry denied that its troops had fired on civilians', told after an
    ambush on a patrol: a deed of its own words that names no incident, denied by someone the
    article never accused, is not known to be the incident in view. Denying a part ('were
    involved', 'had any role') answers an accusation, and stays with it."""
    if clause.lemma_.lower() in words_of(ctx)["denial_involvement"]:
        return False
    if _had_a_part(words_of(ctx), clause):
        return False
    memory = _memory(ctx)
    return not any(memory.get(d) for d in deniers)


def _blamed_for_it(ctx: SentenceContext, deniers: list[str]) -> str | None:
    """'The governor blamed the CLF for the Kolda bombing', an ambush told after it, then 'The CLF
    denied carrying out the attack': a denial answers the accusation, so 'the attack' a blamed
    denier denies is the incident it was blamed for last, not whichever the story told last."""
    memory = _memory(ctx)
    blamed = {memory[d][-1] for d in deniers if memory.get(d)}
    return blamed.pop() if len(blamed) == 1 and all(memory.get(d) for d in deniers) else None


def _had_a_part(words: dict[str, frozenset[str]], clause: Token) -> bool:
    """'denied that Serbia had any role in the shooting', '... that his men had anything to do
    with the killings', 'denied taking part in the massacre', '... playing any role in it':
    having a part in it is doing it, as 'was involved' is."""
    if clause.lemma_.lower() not in words["part_verbs"]:
        return False
    part = next((c for c in clause.children if c.dep_ == "dobj"), None)
    if part is None:
        return False
    if part.lemma_.lower() in words["denial_objects"]:
        return True
    return part.lower_ in ("anything", "something") and any(
        t.lemma_.lower() == "do" and t.i > part.i for t in part.subtree
    )


def _names_another_scene(ctx: SentenceContext, clause: Token) -> bool:
    """Whether the clause names a place that is none of the focus incident's places, nor in
    or around one of them."""
    focus = ctx.focus
    scene = set(focus.places) if focus is not None else set()
    for token in clause.subtree:
        key = ctx.key(token)
        if not key or ctx.type_of(key) != "Place" or key in scene:
            continue
        around = ctx.place_parents.get(key, set())
        if scene & around or any(key in ctx.place_parents.get(s, set()) for s in scene):
            continue
        return True
    return False


def read_named_doers(ctx: SentenceContext) -> None:
    """'the two gunmen, the brothers Saïd and Chérif Kouachi,', 'The attackers, X and Y, fled':
    the people named in apposition to the definite doers of the incident in view did it, on
    the narrator's word, or on a speaker's as blame. Only named people: 'the gunmen, members of
    a cell' names no one; and not the doers of a deed the clause calls planned or denied."""
    doer_nouns = ctx.kb.casualties["perpetrator_nouns"]
    for noun in ctx.sentence:
        if (
            noun.lemma_.lower() not in doer_nouns
            or ctx.key(noun) is not None
            or not any(c.lower_ == "the" for c in noun.children)
        ):
            continue
        people = _apposed_people(ctx, noun)
        focus = _focus_key(ctx) if people else None
        if focus is None:
            continue
        events = [focus]
        voice = voice_of(ctx, noun.head if noun.dep_ != "ROOT" else noun)
        if voice.blocked or voice.denier is not None:
            continue
        if voice.accusation is not None:
            continue  # "accused the gunmen, X and Y, of ...": the accusation's reading
        rule = "appos:perpetrated:named-doers"
        if voice.speaker is not None:
            speakers = with_outlet_owners(ctx, speaker_keys(ctx, voice.speaker))
            blame(ctx, people, events, speakers, rule + "/reported")
        else:
            _emit_each(ctx, people, "perpetrated", events, 0.7, rule)


def _apposed_people(ctx: SentenceContext, noun: Token) -> list[str]:
    """The people an apposition names ('the gunmen, the brothers Saïd and Chérif Kouachi'),
    not those of a clause inside it ('the gunmen, who shot X')."""
    found: list[str] = []
    stack = [c for c in noun.children if c.dep_ == "appos"]
    while stack:
        token = stack.pop(0)
        key = ctx.key(token)
        if key and ctx.type_of(key) == "Person" and key not in found:
            found.append(key)
        stack += [c for c in token.children if c.dep_ in ("appos", "conj", "compound")]
    return found


def read_disavowals(ctx: SentenceContext) -> None:
    """'"We have nothing to do with the Kalat blast," its spokesman said', 'the group said it had
    no role in the attack': the speaker's denial."""
    for token in ctx.sentence:
        if token.dep_ != "dobj" or token.head.lemma_ != "have":
            continue
        have = token.head
        phrases = _disavowed(words_of(ctx), have, token)
        if not phrases:
            continue
        voice = voice_of(ctx, have, own_polarity=False)
        if voice.blocked or voice.denier is not None or voice.speaker is None:
            continue  # the narrator saying someone had nothing to do with it is no denial
        speakers = speaker_keys(ctx, voice.speaker)
        subjects = [c for c in have.children if c.dep_ == "nsubj"]
        if any(s.lower_ in SELF_PRONOUNS for s in subjects):
            deniers = speakers
        else:
            actors = actor_keys(ctx, subjects)
            deniers = [a for a in actors if a in speakers]
        events = [e for p in phrases for e in _phrase_events(ctx, p)]
        _emit_each(
            ctx,
            deniers,
            "denied_responsibility",
            events,
            0.7,
            "verb:denied_responsibility:nothing-to-do",
        )


def _disavowed(words: dict[str, frozenset[str]], have: Token, thing: Token) -> list[Token]:
    """The phrases naming what 'have' disowns: 'nothing to do with it', 'not anything to do
    with it', 'no role in it', 'no hand in it', 'not any involvement in it'."""
    negated = any(c.dep_ == "neg" for c in have.children)
    if thing.lower_ in words["disavowal_words"]:
        if thing.lower_ != "nothing" and not negated:
            return []  # "did not have anything to do with"
        do = next((t for t in thing.subtree if t.lemma_ == "do"), None)
        if do is None:
            return []
        return (
            _prep_phrases(do, "with") + _prep_phrases(thing, "with") + _prep_phrases(have, "with")
        )
    determiners = {c.lower_ for c in thing.children if c.dep_ == "det"}
    if thing.lemma_.lower() in words["denial_objects"] and (
        "no" in determiners or (negated and "any" in determiners)
    ):
        return [p for h in (thing, have) for prep in ("in", "with") for p in _prep_phrases(h, prep)]
    return []


def affiliated_groups(ctx: SentenceContext, link: Token) -> list[tuple[Token, str]]:
    """(phrase, organization) a word of affiliation ties to: 'belong to X', 'members of X',
    'linked with X', 'belonged to a cell of X' (a part named by 'partitive_heads')."""
    phrases = phrase_objects(link, ("to", "of", "with"))
    parts = ctx.kb.cues["partitive_heads"]
    phrases += [
        g
        for part in phrases
        if part.lemma_.lower() in parts or part.lower_ in parts
        for g in phrase_objects(part, ("of",))
    ]
    return [
        (g, k) for g in phrases for k in actor_keys(ctx, [g]) if ctx.type_of(k) == "Organization"
    ]


# what may stand before the name of a headline's claimant: the start, or a break
_HEADLINE_BREAKS = frozenset({";", ":", ",", "—", "–", "-"})
HEADLINE_REACH = 5  # how many words after "claims" the incident's word may stand


def read_headline_claims(ctx: SentenceContext) -> None:
    """'Islamic State claims attack on Kolda police station', 'Mortar shells hit Halane;
    al-Shabaab claims attack': a headline's telegraphic claim, which the parser reads as one
    noun phrase ("claims attack"). Only in the first line, only a group's name that opens it
    or a clause of it, only an incident named within a few words."""
    if ctx.discourse.unit != 0:
        return
    doc = ctx.sentence.doc
    claims = ctx.kb.triggers["claim_verbs"]
    for token in ctx.sentence:
        if token.lemma_.lower() not in claims or token.i <= ctx.sentence.start:
            continue
        key = ctx.key(doc[token.i - 1])
        if not key or ctx.type_of(key) != "Organization" or state_actor(ctx, key):
            continue
        start = token.i - 1
        while start > ctx.sentence.start and ctx.key(doc[start - 1]) == key:
            start -= 1
        if start > ctx.sentence.start and doc[start - 1].text not in _HEADLINE_BREAKS:
            continue  # "Army dismisses IS claims of an attack"
        for word in doc[token.i + 1 : min(token.i + 1 + HEADLINE_REACH, ctx.sentence.end)]:
            if word.text in _HEADLINE_BREAKS:
                break
            incident = ctx.incidents_at.get(word.i)
            if incident is not None:
                _emit_each(
                    ctx,
                    [key],
                    "claimed_responsibility",
                    [f"incident:{incident.number}"],
                    0.7,
                    "headline:claimed_responsibility",
                )
                break


def read_reported_affiliation(ctx: SentenceContext) -> None:
    """'Police said the attackers belonged to the Sahel Freedom Brigade', '... the gunmen were
    members of X': a speaker naming the doers of the incident in view as a group's men blames
    the group for it. Only in a sentence that tells no incident of its own, and only in someone's
    voice: the narrator saying so is the perpetration rules' business."""
    if ctx.incidents_at:
        return
    words = words_of(ctx)
    doers = ctx.kb.casualties["perpetrator_nouns"]
    for link in ctx.sentence:
        # "the gunmen were MFDC fighters": the men a group's name qualifies
        their_men = link.dep_ == "attr" and (
            link.lemma_.lower() in words["actor_nouns"] or link.lower_ in words["actor_nouns"]
        )
        if link.lemma_.lower() not in words["affiliation_words"] and not their_men:
            continue
        verb = link if link.pos_ in ("VERB", "AUX") else link.head
        if link is not verb and link.dep_ != "attr":
            continue  # "were members of": the noun is what the subject is
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects or not all(
            s.lemma_.lower() in doers and any(c.lower_ == "the" for c in s.children)
            for s in subjects
        ):
            continue  # "the attackers", "the gunmen": the doers already told
        # a name, not "members of the group" ("the MFDC" may be tagged a common noun)
        accused = [k for g, k in affiliated_groups(ctx, link) if g.pos_ == "PROPN" or g.is_upper]
        if their_men:
            named = (ctx.key(c) for c in link.children if c.dep_ in ("compound", "poss"))
            accused += [k for k in named if k and ctx.type_of(k) == "Organization"]
        voice = voice_of(ctx, verb)
        if not accused or voice.blocked or voice.denier is not None or voice.speaker is None:
            continue
        event = _focus_key(ctx)
        if event:
            blame(
                ctx, accused, [event], speaker_keys(ctx, voice.speaker), "verb:reported-affiliation"
            )
        return


# blame --------------------------------------------------------------------------------------------


def _read_blame(ctx: SentenceContext, frame: dict, verb: Token) -> None:
    """A third party's attribution: 'officials blamed X for E', 'blamed E on X', 'accused X of
    attacking', 'attributed E to X', 'pointed the finger at X', 'pointed to X', 'bore the hallmarks
    of X'. The accuser (``by``) is the verb's subject, else the speaker reporting it."""
    voice = voice_of(ctx, verb)
    if voice.blocked or voice.denier is not None:
        return
    if frame.get("unless_prep") and any(
        p.ent_type_ not in ("DATE", "TIME") for p in _prep_phrases(verb, frame["unless_prep"])
    ):
        return  # "blamed it on X"; not "blamed X for the killing ... on July 3"
    if not frame.get("as_phrase") and any(
        c.dep_ == "prep" and c.lower_ in ("as", "like") for c in verb.children
    ):
        # "pointed to Kenya as a model", "blamed it as ...": a comparison, not an attribution
        return
    holder = verb
    if "object_words" in frame:
        holder = _object_word(verb, frame["object_words"])
        if holder is None and frame.get(
            "as_phrase"
        ):  # "described the strike as a provocation by Kyiv"
            holder = next(
                (p for p in _prep_phrases(verb, "as") if p.lemma_.lower() in frame["object_words"]),
                None,
            )
        if holder is None:
            return
    prep = frame.get("prep")
    theme = _theme(verb)
    # "blamed the attack on X": the parser often hangs "on X" on the object noun
    on_theme = frame["event"] == "theme" and theme is not None and theme.dep_ == "dobj"
    # "accused the Malian army of executing 24 civilians": and the 'of' phrase on the accused
    of_accused = frame["accused"] == "theme" and theme is not None and theme.dep_ == "dobj"
    if prep and not (
        _prep_phrases(holder, prep)
        or _prep_phrases(verb, prep)
        or ((on_theme or of_accused) and _prep_phrases(theme, prep))
    ):
        return
    if frame["accused"] == "theme":
        accused_tokens = [theme] if theme is not None else []
    else:
        accused_tokens = [
            p
            for p in _prep_phrases(holder, frame["accused"])
            + (_prep_phrases(verb, frame["accused"]) if holder is not verb else [])
            if p.dep_ == "pobj"
        ]
        if not accused_tokens and on_theme:
            accused_tokens = [p for p in _prep_phrases(theme, frame["accused"]) if p.dep_ == "pobj"]
    subjects = [] if _is_passive(verb) else own_subjects(ctx, verb)
    accusers = agent_keys(ctx, verb) if _is_passive(verb) else actor_keys(ctx, subjects)
    if voice.speaker is not None and (not accusers or any(t.pos_ == "PRON" for t in subjects)):
        accusers = (
            speaker_keys(ctx, voice.speaker) or accusers
        )  # "US officials said they ... pointed"
    accused = actor_keys(ctx, accused_tokens)
    accused = [a for a in accused if a not in accusers]
    if not accused:
        return
    slot = frame["event"]
    events: list[str] = []
    if slot == "theme":
        if theme is not None:
            events = _phrase_events(ctx, theme)
            if not events:
                # "a series blamed on X", "the violence blamed on X": no incident of the text
                return
    elif slot == "subject":
        events = [e for s in own_subjects(ctx, verb) for e in _phrase_events(ctx, s, anaphor=False)]
    elif slot != "none":
        phrases = _prep_phrases(holder, slot) + (
            _prep_phrases(verb, slot) if holder is not verb else []
        )
        if not phrases and of_accused:
            phrases = _prep_phrases(theme, slot)
        if phrases:
            events = [e for p in phrases for e in _accused_of(ctx, p)]
            if not events:
                return  # blamed for something that is no incident ("for the country's woes")
    if not events:
        if frame.get("event_required"):
            return
        exclude = {t.i for a in accused_tokens for t in a.subtree}
        events = _sentence_event(ctx, exclude)
    blame(ctx, accused, events, accusers, frame["id"])


def _read_identification(ctx: SentenceContext, frame: dict, verb: Token) -> None:
    """'Police named the attackers as Omar Jabari and Yazan Natsheh': the people named as the
    doers of the incident in view did it, on the word of whoever named them (blame when a
    speaker relays the naming). The people must be named: 'identified the gunmen as members of
    a cell' names no one."""
    theme = _theme(verb)
    if (
        theme is None
        or theme.dep_ != "dobj"
        or theme.lemma_.lower() not in ctx.kb.casualties["perpetrator_nouns"]
        or not any(c.lower_ == "the" for c in theme.children)
    ):
        return
    voice = voice_of(ctx, verb)
    if voice.blocked or voice.denier is not None or voice.accusation is not None:
        return
    named = [p for p in _prep_phrases(verb, frame["prep"]) if p.dep_ == "pobj"]
    # "as Khalid al-Ghafri, 31, and Saif al-Ghafri, 27": the ages break the parser's conjunction,
    # which may hang the second name on the verb
    named += [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "PROPN"] if named else []
    people = list(
        dict.fromkeys(
            k
            for p in named
            for t in p.subtree
            if (k := ctx.key(t)) and ctx.type_of(k) == "Person" and not _possessor_in(t, p)
        )
    )
    events = [e for e in [_focus_key(ctx)] if e]
    if not people or not events:
        return
    if voice.speaker is not None:
        speakers = with_outlet_owners(ctx, speaker_keys(ctx, voice.speaker))
        blame(ctx, people, events, speakers, frame["id"] + "/reported")
        return
    _emit_each(ctx, people, "perpetrated", events, 0.75, frame["id"])


def _possessor_in(token: Token, phrase: Token) -> bool:
    """Whether the token names the owner of what the phrase names ('identified the bomber as
    Aslam Baloch's son, Rehan': the father did not do it)."""
    for current in climb(token, 8):
        if current.i == phrase.i:
            return False
        if current.dep_ == "poss":
            return True
    return False


def _read_sponsorship(ctx: SentenceContext, frame: dict, verb: Token) -> None:
    """'the raid was "one more crime by terrorists trained and financed by Iran"', said the
    minister: whoever someone says trained, armed or sent the unnamed doers of the incident in
    view is blamed for it, by the one who says so. Only in someone's words, and only of doers
    nobody names ('gunmen backed by X' in the text's own voice describes, 'the Iran-backed
    Houthis' names)."""
    described = verb
    while described.dep_ == "conj" and described.head.i != described.i:
        described = described.head  # "trained and financed by Iran"
    doers = described.head
    if described.dep_ != "acl" or not _unnamed_doers(ctx, doers):
        return
    sponsors = actor_keys(ctx, [g for c in verb.children if c.dep_ == "agent" for g in c.children])
    clause = doers
    for _ in range(6):
        if clause.pos_ in ("VERB", "AUX") or is_root(clause):
            break
        clause = clause.head  # "the raid was one more crime by terrorists ...": "was"
    voice = voice_of(ctx, clause)
    if not sponsors or voice.blocked or voice.denier is not None:
        return
    if voice.speaker is not None:
        accusers = with_outlet_owners(ctx, speaker_keys(ctx, voice.speaker))
    elif clause.lemma_.lower() in ("blame", "accuse", "attribute") and not negated(clause):
        # "the junta blamed the attack on terrorists backed by Algeria"
        accusers = actor_keys(ctx, own_subjects(ctx, clause))
    else:
        return
    events = _sentence_event(ctx, {t.i for t in doers.subtree})
    sponsors = [s for s in sponsors if s not in accusers]
    if events and sponsors:
        blame(ctx, sponsors, events, accusers, frame["id"])


def _unnamed_doers(ctx: SentenceContext, noun: Token) -> bool:
    """'terrorists', 'the gunmen', 'mercenaries': doers no name is given to."""
    words = words_of(ctx)
    lemma = noun.lemma_.lower()
    return ctx.key(noun) is None and (
        lemma in ctx.kb.casualties["perpetrator_nouns"]
        or lemma in ctx.kb.cues["unnamed_attackers"]
        or noun.lower_ in words["actor_nouns"]
        and noun.tag_ == "NNS"
        and not any(ctx.key(c) for c in noun.subtree if c.i < noun.i)
    )


def _read_verdict(ctx: SentenceContext, frame: dict, token: Token) -> None:
    """A court's finding: 'found X guilty of assembling the bomb', 'X was convicted of the
    bombing' gives perpetrated (a verdict is no accusation); an acquittal or a negation nothing."""
    voice = voice_of(ctx, token)
    if voice.blocked or voice.denier is not None:
        return
    if (
        token.pos_ == "ADJ"
    ):  # "guilty": its subject, the object of "found", or the subject of "was found"
        verb = token.head
        convicted = [c for c in token.children if c.dep_ == "nsubj"]
        convicted = convicted or [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
        holders = [token]
    else:
        verb = token
        convicted = [
            c for c in verb.children if c.dep_ == ("nsubjpass" if _is_passive(verb) else "dobj")
        ]
        holders = [verb, *convicted]
    phrases = [p for h in holders for p in _prep_phrases(h, frame["prep"])]
    events = [e for p in phrases for e in _accused_of(ctx, p, any_deed=True)]
    people = [k for k in actor_keys(ctx, convicted) if ctx.type_of(k) in ("Person", "Organization")]
    _emit_each(ctx, people, "perpetrated", events, 0.75, frame["id"])


def _accused_of(ctx: SentenceContext, phrase: Token, any_deed: bool = False) -> list[str]:
    """What someone is blamed for: an incident noun ('for the attack'), or a gerund of attack
    ('of striking civilians', 'of carrying out the bombing'); never an intention ('of planning')."""
    words = words_of(ctx)
    lemma = phrase.lemma_.lower()
    if phrase.dep_ == "pobj":
        if (
            lemma in words["denial_objects"]
        ):  # "of involvement in the attack", "for its role in ..."
            inner = [p for prep in ("in", "for", "behind") for p in _prep_phrases(phrase, prep)]
            return [e for p in inner for e in _phrase_events(ctx, p)]
        return _phrase_events(ctx, phrase)
    if _blocked_here(words, phrase):
        return []
    if lemma == "be":  # "of being behind the attack", "of being responsible for it"
        holders = [phrase] + [
            c for c in phrase.children if c.dep_ == "acomp" and c.lower_ == "responsible"
        ]
        inner = [p for h in holders for prep in ("behind", "for") for p in _prep_phrases(h, prep)]
        return [e for p in inner for e in _phrase_events(ctx, p)]
    if lemma in words["perpetration_verbs"]:
        theme = next((c for c in phrase.children if c.dep_ == "dobj"), None)
        if theme is None:
            return []
        events = _phrase_events(ctx, theme)
        if not events and theme.lemma_.lower() in words["weapon_nouns"]:
            return [e for e in [_focus_key(ctx)] if e]  # "of launching the drone"
        return events
    if lemma in words["sending_verbs"] or lemma in words["abetting_verbs"]:
        # "accused the NDF of sending the bomber across the Euphrates", "of sheltering the
        # gunmen", "of giving the attackers intelligence": the doers it sent or helped did the
        # deed in view; not "of sending fighters to Syria", "of letting militants cross"
        doers = [c for c in phrase.children if c.dep_ in ("dobj", "dative")]
        if any(
            any(c.lower_ == "the" for c in d.children)
            and d.lemma_.lower() in ctx.kb.casualties["perpetrator_nouns"]
            for d in doers
        ):
            return [e for e in [_focus_key(ctx)] if e]
        return []
    if any_deed and lemma not in words["intent_verbs"] and lemma not in words["violent_verbs"]:
        theme = next(
            (c for c in phrase.children if c.dep_ == "dobj"), None
        )  # "of assembling the bomb"
        return _phrase_events(ctx, theme) if theme is not None else []
    if lemma in words["violent_verbs"]:
        incident = ctx.incidents_at.get(phrase.i)
        if incident is not None and _anchored(incident):
            return [f"incident:{incident.number}"]
        if incident is not None:
            return [e for e in [_focus_key(ctx)] if e]  # "accused Russia of striking civilians"
        theme = next((c for c in phrase.children if c.dep_ == "dobj"), None)
        found = _incident_in_phrase(ctx, theme) if theme is not None else None
        return (
            [f"incident:{found.number}"]
            if found is not None and _anchored(found)
            else _sentence_event(ctx, set())
        )
    return []
