"""Text hygiene shared by every exporter: whatever a page contained, the export stays valid."""

from __future__ import annotations

import re

# XML 1.0 forbids these code points outright, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Drop the characters XML 1.0 cannot carry; escaping is the serialiser's job."""
    return _XML_ILLEGAL.sub("", text)
