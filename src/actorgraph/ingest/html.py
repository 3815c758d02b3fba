"""Saved web pages -> Article, with trafilatura doing the boilerplate removal.

trafilatura finds the article body and the page metadata; its text then goes
through the same noise and metadata cleaning as plain text, because pages
keep some furniture inside the article element (credits in figcaptions,
"Read more" paragraphs, editor lines). Three traps from TOOLCHAIN.md
section 6 are handled here:

- metadata is read from ``bare_extraction(...)``, whose keys keep their names
  (the JSON output renames ``sitename`` and ``url``);
- ``extensive_search`` is off, so a footer "© 2024" is never the date;
- the author loses the job title trafilatura leaves after ";".
"""

from __future__ import annotations

import logging
import re

import trafilatura

from ..errors import InputError
from ..model import Article
from .clean import clean_text, is_role
from .dates import is_iso_date, pick_published
from .safe import safe_article, scrub

logger = logging.getLogger(__name__)

_EXTRACTION_OPTIONS = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": False,
    "include_images": False,
    "include_links": False,
    "date_extraction_params": {"extensive_search": False},
}


_HTML_SNIFF = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.IGNORECASE | re.DOTALL,
)
_HTML_BLOCK_TAG = re.compile(r"</(?:p|div|body|article|section)\s*>", re.IGNORECASE)


def looks_like_html(text: str) -> bool:
    """A page or fragment whatever its suffix: a doctype/html start, or markup with paragraph tags.

    A dump's text field often holds the article's HTML (``<p>...</p><p>...</p>``)
    rather than its text; a text that merely opens with "<" does not count.
    """
    head = text[:2048]
    if _HTML_SNIFF.match(head):
        return True
    return head.lstrip().startswith("<") and bool(_HTML_BLOCK_TAG.search(text))


def html_to_article(
    html: str,
    *,
    source: str,
    title: str = "",
    published: str = "",
    record_date: str = "",
    url: str = "",
    publisher: str = "",
) -> Article:
    """One saved page as a cleaned Article; InputError when the page has no article text.

    ``title`` (a dump record's own title) wins over the one the page gives.
    The date is chosen by ``dates.pick_published``: ``record_date`` (a dump
    record's date field), the page's metadata or date line, ``published``
    (the user's default), then the text's guesses. ``url`` and ``publisher``
    (a record's own) are cues for numeric dates in the text.
    """
    html = scrub(html)  # lxml stops at a lone surrogate and drops the rest of the page
    document = trafilatura.bare_extraction(html, **_EXTRACTION_OPTIONS)
    if document is None or not (document.text or "").strip():
        raise _not_an_article(source)
    title = title.strip() or (document.title or "").strip()
    site = (document.sitename or document.hostname or "").strip()
    # trafilatura gives one paragraph per line; blank lines make each its own block.
    cleaned = clean_text(
        document.text.replace("\n", "\n\n"),
        title=title,
        url=url or document.url or "",
        publisher=publisher or site,
    )
    if not cleaned.has_article_body():
        raise _not_an_article(source)
    page_date = document.date if is_iso_date(document.date or "") else cleaned.clear_date
    date = pick_published(
        record=record_date, clear=page_date, default=published, weak=cleaned.weak_date
    )
    return safe_article(
        Article(
            source=source,
            text=cleaned.text,
            title=cleaned.title,
            byline=clean_author(document.author or "") or cleaned.byline,
            dateline=cleaned.dateline,
            published=date,
            url=document.url or "",
            publisher=site,
        )
    )


def clean_author(author: str) -> str:
    """ "Maria Jensen; Brussels correspondent" -> "Maria Jensen"; several authors joined by ", "."""
    names = [part.strip() for part in author.split(";")]
    return ", ".join(name for name in names if name and not is_role(name))


def _not_an_article(source: str) -> InputError:
    return InputError(
        f"{source} is not an article: no article text could be extracted from the page",
        hint="check that the file is a saved news article page, not an index, login or error page",
    )
