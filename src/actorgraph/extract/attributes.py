"""The trained pipeline's attribute rules, applied through an index instead of spaCy's Matcher.

en_core_web_sm's ``attribute_ruler`` maps fine-grained tags to parts of speech and
morphology, and fixes a few words ("ai n't", "gon na"). Its 179 rules run through spaCy's
general Matcher, which tries every rule at every token: measured here, that took more time
than the parser (2.0 s against 1.6 s on 100 articles). Nearly every rule pins the token's
tag or its lower-case form, so an index by those two finds the few rules a token can meet.

``IndexedAttributeRuler`` compiles the model's own rules (nothing is copied from them into
our code) and gives the same annotations: every match is found on the unmodified document,
then each token gets the attributes of its matching rules in rule order, later rules
winning, as ``AttributeRuler`` does. A rule using a Matcher feature this compiler does not
know (operators, other attributes or predicates) makes ``compile_rules`` return None, and
the pipeline keeps spaCy's component.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

Predicate = Callable[[Token], bool]

# Matcher keys this compiler reads, and the token attribute each compares. With IS_SPACE these
# are all a rule can read, which is what lets IndexedAttributeRuler remember matches by form.
_TOKEN_TEXT = {"TAG": "tag_", "LOWER": "lower_", "DEP": "dep_"}


class Unsupported(ValueError):
    """A rule uses a Matcher feature the index does not compile."""


class _Rule:
    __slots__ = ("order", "specs", "index", "attrs")

    def __init__(self, order: int, specs: list[Predicate], index: int, attrs: dict) -> None:
        self.order, self.specs, self.index, self.attrs = order, specs, index, attrs


# Pattern keys a one-token rule can be indexed by, most selective first, with the token
# attribute each reads. A rule goes under the first of these it pins to a value or a list.
_INDEX_KEYS = (("LOWER", "lower_"), ("TAG", "tag_"), ("DEP", "dep_"), ("IS_SPACE", "is_space"))


class IndexedAttributeRuler:
    """Applies an AttributeRuler's rules; see the module docstring.

    Every rule reads only a token's lower form, tag, dependency and whether it is a space, so
    which one-token rules a token meets (and which multi-token rules can start at it) is
    remembered per combination of those four: most tokens of a text are ones seen before.
    """

    FORMS_REMEMBERED = 50_000  # combinations kept before the memory starts afresh

    def __init__(
        self, index: dict[tuple[str, Any], list[_Rule]], unindexed: list[_Rule], multi: list[_Rule]
    ) -> None:
        self.index, self.unindexed, self.multi = index, unindexed, multi
        self._by_form: dict[tuple[str, str, str, bool], _Plan] = {}

    def __call__(self, doc: Doc) -> Doc:
        tokens = list(doc)
        plans = [self._plan(token) for token in tokens]
        matched: list[tuple[_Rule, ...]] = [plan.single for plan in plans]
        for start, plan in enumerate(plans):
            for rule in plan.starts:
                rest = rule.specs[1:]
                if start + len(rest) < len(tokens) and all(
                    spec(tokens[start + 1 + k]) for k, spec in enumerate(rest)
                ):
                    target = range(start, start + 1 + len(rest))[rule.index]
                    matched[target] = tuple(sorted((*matched[target], rule), key=_order))
        for token, rules in zip(tokens, matched):
            for rule in rules:
                set_token_attrs(token, rule.attrs)
        return doc

    def _plan(self, token: Token) -> _Plan:
        form = (token.lower_, token.tag_, token.dep_, token.is_space)
        plan = self._by_form.get(form)
        if plan is None:
            if len(self._by_form) >= self.FORMS_REMEMBERED:
                self._by_form.clear()
            single = tuple(sorted(self._single_matches(token), key=_order))
            plan = self._by_form[form] = _Plan(
                single, tuple(r for r in self.multi if r.specs[0](token))
            )
        return plan

    def _single_matches(self, token: Token) -> list[_Rule]:
        index = self.index
        found = [rule for rule in self.unindexed if _meets(rule, token)]
        for key, attr in _INDEX_KEYS:
            bucket = index.get((key, getattr(token, attr)))
            if bucket:
                found.extend(rule for rule in bucket if _meets(rule, token))
        return found


class _Plan:
    """What a token form meets: its one-token rules in rule order, the multi-token rules it
    can start."""

    __slots__ = ("single", "starts")

    def __init__(self, single: tuple[_Rule, ...], starts: tuple[_Rule, ...]) -> None:
        self.single, self.starts = single, starts


def _order(rule: _Rule) -> int:
    return rule.order


def _meets(rule: _Rule, token: Token) -> bool:
    return all(spec(token) for spec in rule.specs)


def compile_rules(ruler: AttributeRuler) -> IndexedAttributeRuler | None:
    """An index of ``ruler``'s rules, or None when one of them cannot be compiled."""
    index: dict[tuple[str, Any], list[_Rule]] = {}
    unindexed: list[_Rule] = []
    multi: list[_Rule] = []
    try:
        for order, (entry, attrs, position) in enumerate(
            zip(ruler.patterns, ruler.attrs, ruler.indices)
        ):
            for pattern in entry["patterns"]:
                rule = _Rule(order, [_predicate(spec) for spec in pattern], position, attrs)
                range(len(pattern))[position]  # IndexError: the index is outside the pattern
                if len(pattern) > 1:
                    multi.append(rule)
                    continue
                values = _index_values(pattern[0])
                if values is None:
                    unindexed.append(rule)
                for value in values or ():
                    index.setdefault(value, []).append(rule)
    except (Unsupported, IndexError, KeyError, TypeError, re.error):
        return None
    return IndexedAttributeRuler(index, unindexed, multi)


def _index_values(spec: dict[str, Any]) -> list[tuple[str, Any]] | None:
    """The index entries of a one-token rule: one per value its most selective key allows."""
    for key, _ in _INDEX_KEYS:
        value = spec.get(key)
        if isinstance(value, (str, bool)):
            return [(key, value)]
        if isinstance(value, dict) and list(value) == ["IN"]:
            return [(key, item) for item in set(value["IN"])]
    return None


def _predicate(spec: dict[str, Any]) -> Predicate:
    """One token pattern of the Matcher as a function of the token."""
    if not isinstance(spec, dict) or not spec:
        raise Unsupported(repr(spec))
    checks = [_check(key, value) for key, value in spec.items()]
    if len(checks) == 1:
        return checks[0]
    return lambda token: all(check(token) for check in checks)


def _check(key: str, value: Any) -> Predicate:
    if key == "IS_SPACE" and isinstance(value, bool):
        return lambda token: token.is_space == value
    attr = _TOKEN_TEXT.get(key)
    if attr is None:
        raise Unsupported(key)
    if isinstance(value, str):
        return lambda token: getattr(token, attr) == value
    if not isinstance(value, dict) or len(value) != 1:
        raise Unsupported(f"{key}: {value!r}")
    ((operator, operand),) = value.items()
    if operator == "IN":
        allowed = frozenset(operand)
        return lambda token: getattr(token, attr) in allowed
    if operator == "NOT_IN":
        banned = frozenset(operand)
        return lambda token: getattr(token, attr) not in banned
    if operator == "REGEX":
        pattern = re.compile(operand)
        return lambda token: pattern.search(getattr(token, attr)) is not None
    raise Unsupported(f"{key}: {operator}")


def index_attribute_ruler(nlp: Language) -> bool:
    """Replace the pipeline's ``attribute_ruler`` by its index; False when it stays as it is."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    indexed = compile_rules(nlp.get_pipe("attribute_ruler"))
    if indexed is None:
        return False
    nlp.replace_pipe("attribute_ruler", "actorgraph_indexed_attributes", config={})
    nlp.get_pipe("attribute_ruler").rules = indexed
    return True


@Language.factory("actorgraph_indexed_attributes")
def make_indexed_attributes(nlp: Language, name: str) -> _IndexedComponent:
    return _IndexedComponent()


class _IndexedComponent:
    """The pipeline component: holds the compiled rules once ``index_attribute_ruler`` sets them."""

    rules: IndexedAttributeRuler | None = None

    def __call__(self, doc: Doc) -> Doc:
        return self.rules(doc) if self.rules is not None else doc
