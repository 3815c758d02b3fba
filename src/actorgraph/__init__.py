"""actorgraph: news articles in, an actor-and-event knowledge graph out."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
