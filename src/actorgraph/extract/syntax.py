"""Small dependency-tree helpers shared by the rule modules.

spaCy builds a new ``Token`` object on every access, so ``token.head is token``
is never true, not even at the root: a loop that climbs heads until that test
holds never ends. Every rule compares token indices through these helpers,
and every climb is bounded by the sentence length as well.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token


def is_root(token: Token) -> bool:
    """True at the root of the token's parse tree (its head is itself)."""
    return token.head.i == token.i


def same(a: Token, b: Token) -> bool:
    """True when both objects are the same token of the same document."""
    return a.i == b.i and a.doc is b.doc


def climb(token: Token, limit: int | None = None) -> Iterator[Token]:
    """The token and then its heads up to the root, at most ``limit`` of them in all.

    Bounded by construction: a tree has no more ancestors than tokens, and a
    malformed one (a cycle) still stops at the document's length.
    """
    bound = len(token.doc) + 1 if limit is None else min(limit, len(token.doc) + 1)
    current = token
    for _ in range(bound):
        yield current
        if is_root(current):
            return
        current = current.head


def shared_dependents(verb: Token, deps: tuple[str, ...]) -> list[Token]:
    """The verb's dependents of those relations; a conjoined verb with none of its own shares
    its head's ("the engineer has been freed and handed over", "the court convicted two men
    and sentenced them": the second verb's subject is the first's)."""
    own = [c for c in verb.children if c.dep_ in deps]
    if own or verb.dep_ != "conj":
        return own
    return [c for c in verb.head.children if c.dep_ in deps]
