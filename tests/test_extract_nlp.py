"""The spaCy pipeline as load_nlp builds it: the indexed attribute rules and the dictionary ruler.

Both replace a spaCy component for speed alone, so the test is that they change nothing: every
token of real articles (and of the contractions the model's special rules exist for) gets the
same tag, part of speech, morphology, lemma, dependency and entity as with spaCy's own components.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from actorgraph.extract import split_units
from actorgraph.extract.attributes import compile_rules, index_attribute_ruler
from actorgraph.ingest import read_articles

FIXTURES = Path(__file__).parent / "fixtures" / "articles"

# The model's multi-token and special-case rules: "ai n't", "gon na", "y' all", "let 's", "c'm on",
# "nothin'", auxiliaries and "there is".
TRICKY = [
    "Y'all ain't gonna believe it, c'mon, let's go: there is nothin' left and they gotta leave.",
    "He gets what he got, and what did she do?  Double  spaces\tand tabs.",
    "Those who were there said that this was what they had done.",
]


def _annotations(doc) -> list[tuple]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_, t.ent_iob_)
        for t in doc
    ]


@pytest.mark.model
def test_extract_nlp_indexed_attribute_rules_change_no_annotation(seed_dir: Path) -> None:
    from tests.conftest import MODEL_PACKAGES

    name = next(n for n in MODEL_PACKAGES if spacy.util.is_package(n))
    spacy_rules, indexed = spacy.load(name), spacy.load(name)
    assert index_attribute_ruler(indexed)
    lines = [
        line
        for article in read_articles([seed_dir, FIXTURES])
        for _, line in split_units(article.text)
    ]
    lines += TRICKY
    assert len(lines) > 100
    for expected, got in zip(spacy_rules.pipe(lines), indexed.pipe(lines)):
        assert _annotations(got) == _annotations(expected)


@pytest.mark.model
def test_extract_nlp_load_nlp_uses_the_index_and_the_dictionary_ruler(nlp) -> None:
    assert nlp.pipe_names.index("actor_dictionary") < nlp.pipe_names.index("ner")
    assert nlp.get_pipe("attribute_ruler").rules is not None
    doc = nlp("The Tehreek-e-Taliban Pakistan (TTP) claimed the attack in Peshawar.")
    assert {(e.text, e.label_) for e in doc.ents} >= {
        ("Tehreek-e-Taliban Pakistan", "ORG"),
        ("Peshawar", "GPE"),
    }
    assert [t.pos_ for t in doc if t.text == "claimed"] == ["VERB"]


@pytest.mark.model
def test_extract_nlp_load_nlp_builds_the_gazetteer_indexes(nlp) -> None:
    """The city index is built with the pipeline, so forked workers share it and no article's
    time budget pays for it."""
    from actorgraph.extract import gazetteer

    assert gazetteer._cities.cache_info().currsize == 1
    assert gazetteer._subdivisions.cache_info().currsize == 1


def test_extract_nlp_rules_the_index_cannot_compile_keep_spacy() -> None:
    from spacy.lang.en import English

    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "a", "OP": "+"}]], {"LEMMA": "a"})  # an operator: not compiled
    assert compile_rules(ruler) is None
    assert not index_attribute_ruler(nlp)
    assert type(nlp.get_pipe("attribute_ruler")).__name__ == "AttributeRuler"


def _bank_rules():
    """A blank English pipeline with rules that overlap on "bank": later ones must win."""
    from spacy.lang.en import English

    nlp = English()
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "bank"}]], {"LEMMA": "first"})
    ruler.add([[{"LOWER": {"IN": ["bank", "banks"]}}]], {"LEMMA": "second"})
    ruler.add([[{"LOWER": "river"}, {"LOWER": "bank"}]], {"LEMMA": "riverside"}, index=-1)
    ruler.add([[{"LOWER": {"REGEX": "^ban"}}]], {"POS": "NOUN"})
    return nlp


def test_extract_nlp_index_applies_later_rules_last() -> None:
    nlp = _bank_rules()
    expected = [(t.lemma_, t.pos_) for t in nlp("the river bank and the bank banks")]
    assert index_attribute_ruler(nlp)
    assert [(t.lemma_, t.pos_) for t in nlp("the river bank and the bank banks")] == expected
    assert expected[2] == ("riverside", "NOUN") and expected[5] == ("second", "NOUN")


def test_extract_nlp_index_forgetting_forms_keeps_annotations() -> None:
    nlp = _bank_rules()
    text = "the river bank and the bank banks river banks"
    expected = [(t.lemma_, t.pos_) for t in nlp(text)]
    assert index_attribute_ruler(nlp)
    rules = nlp.get_pipe("attribute_ruler").rules
    assert [(t.lemma_, t.pos_) for t in nlp(text)] == expected
    assert [(t.lemma_, t.pos_) for t in nlp(text)] == expected  # every form remembered now
    rules.FORMS_REMEMBERED = 2
    rules._by_form.clear()
    assert [(t.lemma_, t.pos_) for t in nlp(text)] == expected
    assert len(rules._by_form) <= 2
