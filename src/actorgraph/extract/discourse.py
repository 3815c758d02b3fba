"""What a noun phrase refers to, given what the article has said so far.

Relation and event rules ask one question of a token: which entity does
this phrase name? The answer may be a mention ("the TTP"), a modifier of a
common noun ("a TTP spokesperson", "Ethiopia's federal government", "the
Pakistani state"), a name introduced by "called"/"known as" or an
appositive, a pronoun ("its leader", "she told DW") or a definite group noun
("the group", "the militants") pointing back to the group last named.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..knowledge import Knowledge, indexed, word_sets
from .syntax import is_root

PERSON_PRONOUNS = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"it", "its", "they", "them", "their", "itself", "themselves"}
PLURAL_PRONOUNS = {"they", "them", "their", "themselves"}
# what "the group", "the militants" never stand for: an outlet, a think tank, a state's body
NOT_ANAPHOR_KINDS = {"media", "think_tank", "government_body", "international_org"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


@dataclass
class Discourse:
    """Reference state of one article, advanced sentence by sentence."""

    kb: Knowledge
    token_key: dict[tuple[int, int], str]  # (unit, token index) -> entity key
    types: dict[str, str]  # entity key -> node type
    unit: int = 0
    history: list[tuple[int, str]] = field(default_factory=list)  # (token order, key)
    subjects: list[str] = field(default_factory=list)  # subject entities of the current sentence
    previous_subjects: list[str] = field(default_factory=list)
    sentence: Span | None = None
    # "gunmen raided Tourou": subjects nobody is named for, this sentence's and the last one's
    unnamed: list[int] = field(default_factory=list)  # token orders
    named: list[int] = field(default_factory=list)  # token orders of the named group subjects
    previous_unnamed: bool = False
    previous_named: bool = False
    # people named in the subject phrases ("Burhan, the army chief, and Dagalo were allies")
    people: set[str] = field(default_factory=set)
    previous_people: set[str] = field(default_factory=set)
    # bodies only ever spoken to ("Ekenge told RTNC"): an outlet or an audience, never what
    # "the group" means
    audiences: set[str] = field(default_factory=set)
    actors: set[str] = field(default_factory=set)  # bodies that were a subject somewhere
    # "the suspect", "the driver": people told of without a name (token orders), whom "him"
    # may mean rather than the last person named
    unnamed_people: list[int] = field(default_factory=list)

    def begin(self, unit: int, sentence: Span) -> None:
        if self.subjects or self.unnamed:
            self.previous_subjects, self.previous_unnamed = self.subjects, bool(self.unnamed)
            self.previous_named = bool(self.named)
            self.previous_people = self.people
        self.unit, self.sentence, self.subjects = unit, sentence, []
        self.unnamed, self.named, self.people = [], [], set()
        for token in sentence:
            if token.dep_ in SUBJECT_DEPS and token.lower_ not in GROUP_PRONOUNS | PERSON_PRONOUNS:
                self.people |= {
                    key
                    for part in token.subtree
                    if (key := self.key_at(part)) and self.types.get(key) == "Person"
                }
                key = self.refers_to(token)
                if key:
                    if self.types.get(key) == "Organization":  # whom "they" may mean
                        self.named.append(self._order(token))
                    if key not in self.subjects:
                        self.subjects.append(key)
                    self.actors.add(key)
                elif token.lower_ in self.kb.cues["unnamed_attackers"]:
                    self.unnamed.append(self._order(token))

    def end(self) -> None:
        if self.sentence is None:
            return
        for token in self.sentence:
            key = self.token_key.get((self.unit, token.i))
            if key:
                self.history.append((self._order(token), key))
                if _told_to(token):
                    self.audiences.add(key)
            elif (
                token.pos_ == "NOUN"
                and token.lemma_.lower() in self.kb.cues["unnamed_person_nouns"]
            ):
                self.unnamed_people.append(self._order(token))

    def key_at(self, token: Token) -> str | None:
        return self.token_key.get((self.unit, token.i))

    def refers_to(self, token: Token, seen: set[int] | None = None) -> str | None:
        """The entity the phrase headed by ``token`` names, or None.

        ``seen`` holds the tokens already asked about on this path, through every rule that
        asks again (a possessive, an 'of' phrase, a relative pronoun, a group noun's subject):
        a token is never asked twice, so the search ends on any parse, cyclic ones included.
        """
        key = self.key_at(token)
        if key:
            return key
        seen = set() if seen is None else seen
        if token.i in seen:
            return None
        seen.add(token.i)
        lower = token.lower_
        if lower in PERSON_PRONOUNS:
            return self._person_meant(token)
        if lower in GROUP_PRONOUNS:
            return self._group_referent(token, any_org=True, seen=seen)
        if lower in ("which", "that", "who", "whom") and token.dep_ in SUBJECT_DEPS | {"dobj"}:
            head = token.head
            if head.dep_ == "relcl":
                return self.refers_to(head.head, seen)
        if token.pos_ not in ("NOUN", "PROPN", "ADJ"):
            return None
        return self._common_noun_referent(token, seen)

    def body_named(self, word: str) -> str | None:
        """'police spokesman X', 'army spokesman X': the article's one state force whose name
        has that word ("Somali Police Force", "Zimbabwe Republic Police"); none when it names no
        such body, or several. A state force is a government body of the dictionaries or a
        name that opens with a country ("the Arakan Army" is a rebel group, not the army)."""
        found = [
            key
            for key, node_type in self.types.items()
            if node_type == "Organization"
            and word in key.rsplit("/", 1)[-1].split("-")
            and self._state_force(key)
        ]
        return found[0] if len(found) == 1 else None

    def _the_army(self, country: str = "") -> str | None:
        """'The army denied the accusation': the article's one state armed force ('the Malian
        Armed Forces', 'the Sudanese army'), of ``country`` when given ("Sudan's army"); none
        when it names none, or several."""
        words = ["-" + w.replace(" ", "-") + "-" for w in self.kb.cues["armed_forces_words"]]
        found = [
            key
            for key, node_type in self.types.items()
            if node_type == "Organization"
            and any(w in "-" + key.rsplit("/", 1)[-1] + "-" for w in words)
            and self._state_force(key)
            and (not country or self._country_of_force(key) == country)
        ]
        return found[0] if len(found) == 1 else None

    def _country_of_force(self, key: str) -> str:
        """The country a force's name opens with ('sudanese-armed-forces', 'nigeria-police')."""
        first = key.rsplit("/", 1)[-1].split("-")[0]
        country = self.kb.lookup(first)
        return self.kb.demonyms.get(first) or (
            country if self.kb.kind_of(country) == "country" else ""
        )

    def _state_force(self, key: str) -> bool:
        return self.kb.kind_of(key) == "government_body" or bool(self._country_of_force(key))

    def demonym_place(self, token: Token) -> str | None:
        """'Pakistani' -> Pakistan; only capitalised, so the verb 'polish' is not Poland."""
        return self.kb.demonyms.get(token.lower_) if token.text[:1].isupper() else None

    def _common_noun_referent(self, token: Token, seen: set[int]) -> str | None:
        named = [token]
        if token.lemma_.lower() in self.kb.cues["branch_nouns"]:
            # "the Egyptian affiliate of Islamic State, which calls itself Sinai Province": the
            # parser hangs the naming clause on the parent group
            named += [
                o
                for p in token.children
                if p.dep_ == "prep" and p.lower_ == "of"
                for o in p.children
                if o.dep_ == "pobj"
            ]
        for child in (c for n in named for c in n.children):
            if (child.dep_ == "appos" and child.head.i == token.i) or (
                # "an affiliate called X"; "the Egyptian affiliate, which calls itself X"; not
                # "the militia's leader, who calls himself 'General' X": a leader named so still
                # stands for the militia he speaks for
                child.dep_ in ("acl", "relcl")
                and child.lemma_ in ("call", "name", "know", "dub")
                and (
                    child.dep_ == "acl" or token.lemma_.lower() not in self.kb.roles["person_roles"]
                )
            ):
                found = self._first_entity(child)
                if found and not (self._armed_group(token) and self.types.get(found) == "Place"):
                    return found  # not the "Pakistan" of "which calls itself Pakistan Province"
        for child in token.children:
            if child.dep_ in ("compound", "poss", "amod", "nmod"):
                key = self.key_at(child)
                if key and token.lower_ in self.kb.cues["armed_forces_heads"]:
                    return self._the_army(key) or key  # "Sudan's army": the SAF, when named
                if key:
                    return key
                if child.dep_ == "poss" and child.lower_ in GROUP_PRONOUNS | PERSON_PRONOUNS:
                    return self.refers_to(child, seen)
                if child.dep_ == "poss" and child.pos_ == "NOUN":
                    found = self.refers_to(child, seen)
                    if found:
                        return found
                place = self.demonym_place(child)
                if place and child.dep_ in ("amod", "compound") and not self._armed_group(token):
                    return place  # "the Egyptian army"; not "the Egyptian affiliate of IS"
        lemma = token.lemma_.lower()
        loyal = self._loyal_to(token, seen)
        if loyal:
            return loyal
        for child in token.children:
            if (
                child.dep_ == "prep"
                and child.lower_ in ("of", "for", "from")
                and lemma not in self.kb.cues["facility_words"]
            ):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (
                        lemma in self.kb.roles["person_roles"]
                        or lemma in self.kb.cues["group_part_words"]
                    ):
                        return self.refers_to(pobj, seen)
        determiners = {c.lower_ for c in token.children if c.dep_ in ("det", "poss")}
        if token.lower_ in self.kb.cues["armed_forces_heads"] and [
            c.lower_ for c in token.children
        ] == ["the"]:
            return self._the_army()
        if lemma in self.kb.cues["group_nouns"] or token.lower_ in self.kb.cues["group_nouns"]:
            if determiners & {"the", "this", "that", "these", "those"}:
                return self._group_referent(token, any_org=False, seen=seen)
        return None

    def _armed_group(self, token: Token) -> bool:
        """A word for a group or a part of one ('militants', 'affiliate', 'wing'): a nationality
        on it says where its men come from, never that the state is meant."""
        # not "officials" (a part word): "Turkish officials" speak for Turkey
        words = (token.lemma_.lower(), token.lower_)
        return any(w in self.kb.cues[k] for w in words for k in ("group_nouns", "branch_nouns"))

    def _loyal_to(self, token: Token, seen: set[int]) -> str | None:
        """'fighters loyal to Bello Turji', 'gunmen linked to the ADF': men named only by whom
        they answer to stand for that leader or group."""
        if token.lower_ not in self.kb.cues["unnamed_attackers"] and (
            token.lemma_.lower() not in self.kb.cues["group_part_words"]
        ):
            return None
        for word in token.children:
            if (
                word.dep_ not in ("amod", "acl")
                or word.lemma_.lower() not in self.kb.cues["loyalty_words"]
            ):
                continue
            for prep in word.children:
                if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            return self.refers_to(pobj, seen)
        return None

    def _first_entity(self, token: Token) -> str | None:
        """The first name in an apposition; not the subject of a clause in it ('"the separatist
        terrorist organisation", the term Ankara uses for the PKK': the PKK, never Ankara)."""
        for descendant in token.subtree:
            if descendant.dep_ in ("nsubj", "nsubjpass") and descendant.head.dep_ in (
                "relcl",
                "acl",
            ):
                continue
            key = self.key_at(descendant)
            if key:
                return key
        return None

    def _group_referent(self, token: Token, any_org: bool, seen: set[int]) -> str | None:
        """'it', 'its', 'the group': the subject group of this sentence, of the last one, or the
        last group."""
        here = self._order(token)

        def usable(key: str) -> bool:
            if self.types.get(key) != "Organization":
                return False
            if key in self.audiences and key not in self.actors:
                return False
            return any_org or self.kb.kind_of(key) not in NOT_ANAPHOR_KINDS

        if self.sentence is not None and token.dep_ not in SUBJECT_DEPS:
            # "the United States designated it", "Amaq, its news agency": an object or possessive
            # points to the nearest group before it, not to the group it stands in apposition to.
            for candidate in reversed([t for t in self.sentence if self._order(t) < here]):
                key = self.key_at(candidate)
                if _told_to(candidate):
                    continue  # "Ekenge told RTNC, and blamed it on the same group": an audience
                if key and usable(key) and token not in _phrase_of(candidate).subtree:
                    return key
        speaker = _reporter(token)
        if speaker is not None and speaker.lemma_.lower() not in self.kb.statement_nouns():
            # "The army said it had attacked ISWAP hideouts": the one who says, named or not;
            # never the group told before ("A statement by Abu Sayyaf said it was behind the
            # blast": a statement's "it" is whose statement it is, found below)
            key = self.refers_to(speaker, seen)
            if token.dep_ != "poss":
                return key if key and usable(key) else None
            if key and usable(key):
                return key  # "The ELN said its fighters had ...": the speaker's own men
            if not key and self._state_body_word(speaker):
                return None  # "The army claimed its troops had killed 40 militants"
        if token.lower_ in PLURAL_PRONOUNS and self._unnamed_before(here):
            return None  # "gunmen raided Tourou. They shot six": the gunmen, not a group
        if token.lower_ in PLURAL_PRONOUNS and self._unnamed_subject_above(token, seen):
            return None  # "the ten were shot dead after they opened fire": the ten
        if self.sentence is not None:
            before = [t for t in self.sentence if self._order(t) < here]
            for candidate in reversed(before):
                if candidate.dep_ not in SUBJECT_DEPS:
                    continue
                key = (
                    self.refers_to(candidate, seen)
                    if candidate.lower_ not in GROUP_PRONOUNS
                    else None
                )
                if key in self.subjects and usable(key):
                    return key
        for key in self.previous_subjects:
            if usable(key):
                return key
        if token.lower_ in PLURAL_PRONOUNS and len(self.previous_people) > 1:
            return None  # "Burhan and Dagalo were once allies. Together they ousted": the two men
        return self._recent("Organization", token, usable)

    def _unnamed_subject_above(self, pronoun: Token, seen: set[int]) -> bool:
        """'Police said the ten were shot dead in a gunfight after they opened fire': a plural
        pronoun subject of a clause under one whose subject is people no name is given to (a
        number, a plural noun) means those people, not the group told before."""
        if pronoun.dep_ not in SUBJECT_DEPS:
            return False
        verb = pronoun.head
        for _ in range(4):
            if verb.dep_ not in ("advcl", "conj", "relcl") or verb.head.i == verb.i:
                return False
            verb = verb.head
            subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
            if subjects:
                subject = subjects[0]
                return (
                    (subject.tag_ in ("NNS", "CD") or subject.pos_ == "NUM")
                    and subject.lower_ not in GROUP_PRONOUNS | PERSON_PRONOUNS
                    and not self.refers_to(subject, seen)
                )
        return False

    def _state_body_word(self, noun: Token) -> bool:
        """'the army', 'police': a state's body, whose own men a possessive means."""
        words = indexed(self.kb.patterns["responsibility"], word_sets)["state_body_words"]
        return noun.lemma_.lower() in words

    def _unnamed_before(self, here: int) -> bool:
        """The subjects before ``here`` are people nobody named and no named group comes after
        them: in this sentence, or, when this one has neither before it, in the last sentence
        that had subjects (a person named there, "Mayor Issa said", is not whom "they" means)."""
        named = [order for order in self.named if order < here]
        unnamed = [order for order in self.unnamed if order < here]
        if unnamed or named:
            return bool(unnamed) and max(unnamed) > max(named, default=-1)
        return self.previous_unnamed and not self.previous_named

    def _person_meant(self, pronoun: Token) -> str | None:
        """'Horst Nopens said the suspect would be brought before a judge. Prosecutors accuse
        him of murder': 'him' is the suspect nobody named, not the last person named."""
        key = self._recent("Person", pronoun)
        if key is None:
            return None
        here = self._order(pronoun)
        named = [order for order, k in self.history if k == key]
        if self.sentence is not None:
            named += [self._order(t) for t in self.sentence if self.key_at(t) == key]
        last = max((o for o in named if o < here), default=-1)
        if any(last < order < here for order in self.unnamed_people):
            return None
        return key

    def _recent(self, node_type: str, token: Token, usable=None) -> str | None:
        here = self._order(token)
        if self.sentence is not None:
            for candidate in reversed([t for t in self.sentence if self._order(t) < here]):
                key = self.key_at(candidate)
                if key and self.types.get(key) == node_type and (usable is None or usable(key)):
                    return key
        for _, key in reversed(self.history):
            if self.types.get(key) == node_type and (usable is None or usable(key)):
                return key
        return None

    def _order(self, token: Token) -> int:
        return self.unit * 100_000 + token.i


def _reporter(pronoun: Token) -> Token | None:
    """The subject of the verb reporting the clause a subject pronoun opens ('The army said it
    had ...', 'the rebels denied they were involved'), or whose subject a possessive one owns
    ('The army claimed its troops had ...'), when that subject is not a pronoun."""
    subject = pronoun.head if pronoun.dep_ == "poss" else pronoun
    if subject.dep_ not in SUBJECT_DEPS or subject.head.dep_ != "ccomp":
        return None
    verb = subject.head.head
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < pronoun.i]
    if len(subjects) != 1 or subjects[0].pos_ not in ("NOUN", "PROPN"):
        return None
    return subjects[0]


def _phrase_of(token: Token) -> Token:
    """The head of the noun phrase a name sits in ('ISIS-K' in 'Islamic State Khorasan
    (ISIS-K)')."""
    current = token
    while current.dep_ in ("compound", "flat", "nmod", "poss") and not is_root(current):
        current = current.head
    return current


def _in_subject(token: Token) -> bool:
    """True when the token sits inside the subject phrase of its clause."""
    current = token
    for _ in range(4):
        if current.dep_ in SUBJECT_DEPS:
            return True
        if is_root(current):
            return False
        current = current.head
    return False


def _told_to(token: Token) -> bool:
    """Whether a name is whom something was said to ('told RTNC', 'told reporters')."""
    return token.dep_ in ("dobj", "dative") and token.head.lemma_.lower() in ("tell", "inform")
