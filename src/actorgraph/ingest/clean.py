"""Scraped article text -> the article alone, plus its title, byline, dateline and date.

Text copied or scraped from a news page carries the page with it: skip
links, menus, cookie banners, share rows, photo captions and credits,
"Read more" teasers, editor lines and a footer of unrelated headlines.
Every name in that furniture would become a false node in the graph, so it
is removed here, before any offsets exist. The rules are patterns that hold
across outlets, and the phrases they use live in
``graph/lexicons/page_noise.json``.

The steps, in order (each one a function below):

1. normalise: NFC, odd spaces to spaces, LF line ends, no trailing blanks;
2. read the text as lines in blocks (a block ends at a blank line), reducing
   markdown as it goes: links to their text, images and link-only
   navigation lines dropped, heading and emphasis markers removed;
3. drop noise lines (navigation, share rows, adverts, teasers, credits of
   editors, copyright);
4. drop caption blocks: a block holding a photo credit goes *with* the
   caption lines glued to it, after its dates are noted for the fallback;
5. cut the footer at the first footer marker once the body has started;
6. read the metadata (date lines, byline, title, wire dateline) and take
   those lines out of the text;
7. assemble: the title on the first line, then one paragraph per line,
   paragraphs separated by a blank line. The result is deterministic
   because graph offsets point into it.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from ..resources import load_json
from .dates import DateLine, date_line, find_dates

logger = logging.getLogger(__name__)

PROSE_MIN_CHARS = 120  # a body paragraph is at least this long ...
PROSE_MIN_WORDS = 15  # ... and this many words, and ends like a sentence
SENTENCE_MIN_WORDS = 10  # a line this long that ends like a sentence means the body has begun
HEADER_PROSE_PARAGRAPHS = (
    2  # the header zone ends at the 2nd prose paragraph (1st may be a standfirst)
)
BIG_CAPTION_BLOCK = 4  # a block with more lines is prose without blank lines: drop only the credit
TITLE_MAX_CHARS = 250
TITLE_MIN_WORDS = 3  # a shorter first line is a section kicker ("Africa", "Politics")
BYLINE_MAX_WORDS = 16
ASIDE_MIN_PROSE = 3  # prose paragraphs after a footer marker that make it an in-article aside ...
ASIDE_MIN_SHARE = 0.4  # ... when they also hold this share of the body's prose
FRONT_MATTER_MAX_LINES = 40
WRAP_LOWER_SHARE = 0.5  # share of wrapped lines that go on in lower case

_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t]")
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_ENTITY = re.compile(r"&(?:[A-Za-z]{2,8}|#\d{2,6}|#x[0-9A-Fa-f]{2,6});")
# Link and image texts exclude "[" as well as "]": otherwise a run of "[" makes each match
# attempt scan to the end of the text, quadratic in a hostile or broken record.
_MD_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)")
_MD_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_MD_LINK_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*\S+")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_RULE = re.compile(r"^\s*(?:[-*_=]\s*){3,}$")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*\\])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_BULLET = re.compile(r"^\s*(?:[*+•▪►‣-]|\d{1,2}[.)])\s+")
_LINK_ONLY_REST = re.compile(r"^[\s*+•·|/>»›,;:()\[\]\d.-]*$")
_BARE_URL = re.compile(r"^\s*<?(?:https?://|www\.)\S+>?\s*$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’]$")
_PIPE_SPLIT = re.compile(r"\s*[|•·]\s*")
_CRUMB_SPLIT = re.compile(r"\s+[>›»/]\s+|\s*[›»]\s*")
_WORD = re.compile(r"[\w'’-]+")


@dataclass(frozen=True)
class CleanResult:
    """The cleaned article and what was read from its header.

    ``published_from`` says where the date came from: "front matter",
    "updated", "published", "date line", "fallback" (the latest full date in
    the header, captions included) or "" when none was found.
    """

    text: str
    title: str = ""
    byline: str = ""
    dateline: str = ""
    published: str = ""
    published_from: str = ""
    date_candidates: tuple[str, ...] = ()
    url: str = ""
    removed: int = 0  # lines dropped as page furniture, for logging

    @property
    def published_is_fallback(self) -> bool:
        return self.published_from == "fallback"

    @property
    def body(self) -> str:
        """The text without its title line."""
        return self.text[len(self.title) :].lstrip("\n") if self.title else self.text

    def has_article_body(self) -> bool:
        """True when at least one paragraph reads as a sentence: leftover menus do not count."""
        return any(
            is_sentence(paragraph) or len(paragraph.split()) >= 2 * SENTENCE_MIN_WORDS
            for paragraph in self.body.split("\n\n")
        )


@dataclass(frozen=True)
class _Line:
    """One line of the page. ``pos`` is its place in the page, ``block`` its paragraph group."""

    text: str
    pos: int
    block: int
    heading: int = 0  # markdown heading level, 0 for ordinary lines


@dataclass
class _Page:
    """The page as the steps pass it along."""

    lines: list[_Line]
    caption_dates: list[tuple[int, str]] = field(default_factory=list)  # (pos, iso)
    removed: int = 0


@cache
def noise_rules() -> dict[str, Any]:
    """The phrase lists of graph/lexicons/page_noise.json, lower-cased where matched so."""
    data = load_json("lexicons/page_noise.json")
    rules = dict(data)
    for key in ("noise_lines", "noise_prefixes", "noise_contains", "footer_markers", "share_words"):
        rules[key] = tuple(phrase.lower() for phrase in data[key])
    rules["noise_lines"] = frozenset(rules["noise_lines"])
    rules["footer_marker_set"] = frozenset(rules["footer_markers"])
    rules["footer_marker_heads"] = tuple(marker + " " for marker in rules["footer_markers"])
    rules["share_words"] = frozenset(rules["share_words"])
    rules["noise_patterns"] = tuple(re.compile(p, re.IGNORECASE) for p in data["noise_patterns"])
    agencies = "|".join(
        re.escape(a) for a in sorted(data["credit_agencies"], key=len, reverse=True)
    )
    rules["credit_agency_end"] = re.compile(rf"\w\s?/\s?(?:{agencies})\)?\s*$")
    rules["wire_kickers"] = frozenset(data["wire_kickers"])
    return rules


# --------------------------------------------------------------------------- 1. normalise


def normalise(raw: str) -> str:
    """Entities decoded, NFC, one kind of space and newline, no trailing blanks, <= 1 blank line."""
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), raw)  # scrapers leave "&amp;", "&nbsp;"
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\f", "\n").replace("\v", "\n")
    text = _INVISIBLE.sub("", _SPACES.sub(" ", text))
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """A markdown file's ``---`` front matter as simple key/value pairs, and the rest."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text
    for end in range(1, min(len(lines), FRONT_MATTER_MAX_LINES)):
        if lines[end].strip() in ("---", "..."):
            meta = {}
            for line in lines[1:end]:
                key, sep, value = line.partition(":")
                if sep and key.strip():
                    meta[key.strip().lower()] = value.strip().strip("\"'")
            return meta, "\n".join(lines[end + 1 :]).lstrip("\n")
    return {}, text


# --------------------------------------------------------------------------- 2. lines and markdown


def to_lines(text: str) -> _Page:
    """Split into lines grouped in blocks, reducing markdown on the way."""
    lines: list[_Line] = []
    block, removed = 0, 0
    raw_lines = text.split("\n")
    for pos, raw in enumerate(raw_lines):
        if not raw.strip():
            block += 1
            continue
        if _MD_RULE.match(raw):
            if raw.strip().startswith("=") and lines and lines[-1].pos == pos - 1:
                lines[-1] = replace(lines[-1], heading=1)  # setext heading underline
            else:
                removed += 1
            continue
        reduced, heading = reduce_markdown(raw)
        if not reduced:
            removed += 1
            continue
        lines.append(_Line(reduced, pos, block, heading))
    return _Page(lines, removed=removed)


def reduce_markdown(line: str) -> tuple[str, int]:
    """One markdown line as plain text and its heading level; ("", 0) when it is all navigation.

    A line that is nothing but links and images ("* [World](/world) * [Africa](/africa)",
    "[Skip to main content](#main)", a teaser link in a "Most read" list) is page
    navigation, not prose, and is dropped whole.
    """
    heading = 0
    match = _MD_HEADING.match(line)
    if match:
        heading, line = len(match.group(1)), match.group(2)
    elif _is_link_only(line) or _MD_LINK_DEF.match(line) or _BARE_URL.match(line):
        return "", 0
    text = _MD_IMAGE.sub("", line)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REF_LINK.sub(r"\1", text)
    text = _MD_STRONG.sub(r"\2", text)
    text = _MD_EM.sub(r"\2", text)
    text = re.sub(r"^\s*>\s?", "", text)  # blockquote marker
    text = re.sub(r"^\s*[*+•▪►‣-]\s+", "", text)  # bullet; numbered items keep their number
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|])", r"\1", text)  # markdown escapes
    return re.sub(r"\s{2,}", " ", text).strip(), heading


def _is_link_only(line: str) -> bool:
    """True when a line holds links or images and nothing else but bullets and separators."""
    if "](" not in line:
        return False
    rest = _MD_LINK.sub("", _MD_IMAGE.sub("", line))
    rest = re.sub(r"\*\*|__", "", rest)
    return bool(_LINK_ONLY_REST.match(rest))


# --------------------------------------------------------------------------- 3. noise lines


def core(text: str) -> str:
    """A line reduced for matching: no list bullet or number, lower case, no end punctuation."""
    text = _BULLET.sub("", text)
    return text.strip().strip(" .:;,!-–—").lower()


def is_noise_line(text: str) -> bool:
    """True for a line of page furniture (navigation, share row, advert, teaser, editor line)."""
    rules = noise_rules()
    key = core(text)
    if not key:
        return True
    if key in rules["noise_lines"]:
        return True
    lowered = text.strip().lower()
    if len(lowered) <= rules["max_prefix_line"] and _starts_with_any(
        lowered, key, rules["noise_prefixes"]
    ):
        return True
    if len(lowered) <= rules["max_contains_line"] and any(
        p in lowered for p in rules["noise_contains"]
    ):
        return True
    if any(p.fullmatch(key) or p.fullmatch(lowered) for p in rules["noise_patterns"]):
        return True
    return is_share_row(key) or is_menu_line(text) or is_breadcrumb(text)


def _starts_with_any(lowered: str, key: str, prefixes: tuple[str, ...]) -> bool:
    return lowered.startswith(prefixes) or key.startswith(prefixes)


def is_share_row(key: str) -> bool:
    """A line made only of social-network and share words ("WhatsApp Facebook Twitter")."""
    words = re.findall(r"[a-z][a-z-]*", key)
    if not words or len(words) > 12 or re.search(r"\d", key):
        return False
    fillers = {"on", "via", "this", "article", "story", "page"}
    share = noise_rules()["share_words"]
    return all(w in share for w in words) and any(w not in fillers for w in words)


def is_menu_line(text: str) -> bool:
    """A pipe or dot separated menu: "Home | News | Somalia | Africa"."""
    parts = [p for p in _PIPE_SPLIT.split(text.strip()) if p]
    if len(parts) < 3:
        return False
    return all(len(p) <= 30 and len(p.split()) <= 4 and not _SENTENCE_END.search(p) for p in parts)


def is_breadcrumb(text: str) -> bool:
    """A breadcrumb trail: "News > World > Europe", "Home » Africa"."""
    parts = [p for p in _CRUMB_SPLIT.split(text.strip()) if p]
    if len(parts) < 2 or (len(parts) < 3 and not re.search("[>›»]", text)):
        return False
    return all(len(p) <= 30 and len(p.split()) <= 4 and not _SENTENCE_END.search(p) for p in parts)


def is_footer_marker(text: str) -> bool:
    """A heading that opens the page footer ("Trending now", "More on this story")."""
    key = core(text)
    rules = noise_rules()
    if key in rules["footer_marker_set"]:
        return True
    if not key.startswith(rules["footer_marker_heads"]) or text.rstrip().endswith("."):
        return False  # the common case, decided without a loop
    return any(
        key.startswith(marker + " ") and len(key) <= len(marker) + 40
        for marker in rules["footer_markers"]
    )


def drop_noise(page: _Page) -> _Page:
    """Remove noise lines; footer markers stay so the footer step can see them."""
    kept = [
        line for line in page.lines if is_footer_marker(line.text) or not is_noise_line(line.text)
    ]
    page.removed += len(page.lines) - len(kept)
    page.lines = kept
    return page


# --------------------------------------------------------------------------- 4. captions


def is_credit_line(text: str) -> bool:
    """A photo credit: a credit marker anywhere ("Image: X/DW"), or an agency credit at the end."""
    rules = noise_rules()
    if any(marker in text for marker in rules["credit_markers"]):
        return True
    stripped = text.rstrip()
    if any(stripped.endswith(end) for end in rules["credit_line_ends"]):
        return True
    return bool(rules["credit_agency_end"].search(stripped)) and not _SENTENCE_END.search(stripped)


def drop_captions(page: _Page) -> _Page:
    """Remove each caption block: the credit line and the caption lines glued to it.

    Dates in captions are noted first: a wire story's only date may be in its
    "FILE PHOTO: ..., December 14, 2020." caption.
    """
    blocks = _group_blocks(page.lines)
    kept: list[_Line] = []
    for block in blocks:
        credits = [i for i, line in enumerate(block) if is_credit_line(line.text)]
        if not credits:
            kept.extend(block)
            continue
        drop = _caption_lines(block, credits)
        for i in sorted(drop):
            page.caption_dates.extend((block[i].pos, d.iso) for d in find_dates(block[i].text))
        kept.extend(line for i, line in enumerate(block) if i not in drop)
        page.removed += len(drop)
    page.lines = kept
    return page


def _caption_lines(block: list[_Line], credits: list[int]) -> set[int]:
    """Caption lines of a block with credits: all of a small block, else credit and caption."""
    if len(block) <= BIG_CAPTION_BLOCK:
        return set(range(len(block)))
    drop = set(credits)
    for i in credits:  # in run-on text, the caption is the short line just before its credit
        if i > 0 and not is_prose(block[i - 1].text) and not block[i - 1].heading:
            drop.add(i - 1)
    return drop


def _group_blocks(lines: list[_Line]) -> list[list[_Line]]:
    blocks: list[list[_Line]] = []
    for line in lines:
        if blocks and blocks[-1][-1].block == line.block:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return blocks


# --------------------------------------------------------------------------- 5. footer


def is_prose(text: str) -> bool:
    """A body paragraph: long, many words, ends like a sentence."""
    return (
        len(text) >= PROSE_MIN_CHARS
        and len(text.split()) >= PROSE_MIN_WORDS
        and bool(_SENTENCE_END.search(text))
    )


def is_sentence(text: str) -> bool:
    """A line that reads as a sentence of body text: the body has started once one is seen."""
    return len(text.split()) >= SENTENCE_MIN_WORDS and bool(_SENTENCE_END.search(text))


def cut_footer(page: _Page) -> _Page:
    """Drop everything from the first footer marker after the body has started.

    A marker before the body (a "Top stories" menu item) only loses its own
    line. A marker followed by much more prose is an in-article aside
    ("Related stories" between paragraphs): only it and its short lines go.
    """
    lines = page.lines
    prose = _ProseTally(lines)
    body_started = False
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_footer_marker(line.text):
            if body_started and not prose.is_aside(i):
                page.removed += len(lines) - i
                break
            page.removed += 1
            i += 1
            while body_started and i < len(lines) and not is_prose(lines[i].text):
                page.removed += 1
                i += 1
            continue
        body_started = body_started or is_sentence(line.text)
        out.append(line)
        i += 1
    page.lines = out
    return page


class _ProseTally:
    """Running counts of prose paragraphs, so each footer marker is judged in constant time."""

    def __init__(self, lines: list[_Line]) -> None:
        self.count = [0]
        self.chars = [0]
        for line in lines:
            long = is_prose(line.text)
            self.count.append(self.count[-1] + long)
            self.chars.append(self.chars[-1] + (len(line.text) if long else 0))

    def is_aside(self, at: int) -> bool:
        """True when the prose after line ``at`` is too much to be a footer."""
        after_count = self.count[-1] - self.count[at + 1]
        after_chars = self.chars[-1] - self.chars[at + 1]
        return after_count >= ASIDE_MIN_PROSE and after_chars >= ASIDE_MIN_SHARE * self.chars[-1]


# --------------------------------------------------------------------------- 6. metadata


def header_end(lines: list[_Line]) -> int:
    """Index of the first line after the header zone: the 2nd prose paragraph."""
    seen = 0
    for i, line in enumerate(lines):
        if is_prose(line.text):
            seen += 1
            if seen == HEADER_PROSE_PARAGRAPHS:
                return i
    return len(lines)


def find_published(page: _Page, end: int, front: dict[str, str]) -> tuple[str, str, set[int]]:
    """The publication date, where it came from, and the indexes of date lines to remove."""
    keywords = noise_rules()["date_keywords"]
    found: dict[int, DateLine] = {}
    for i, line in enumerate(page.lines):
        parsed = date_line(line.text, keywords)
        if parsed:
            found[i] = parsed
    for key in ("date", "published", "updated", "last_modified"):
        front_dates = find_dates(front.get(key, ""))
        if front_dates:
            return front_dates[0].iso, "front matter", set(found)
    for zone in ({i: d for i, d in found.items() if i < end}, found):
        choice = _best_date_line(zone)
        if choice:
            return choice.iso, choice.kind or "date line", set(found)
    return "", "", set(found)


def _best_date_line(found: dict[int, DateLine]) -> DateLine | None:
    """An "Updated" date, else the latest date line.

    The text is the page's latest version, and its "on Sunday" means the
    Sunday of that version: "Published 23 March / Updated 24 March" gives
    the 24th, and a Guardian-style bare date above "First published on ..."
    (the original) wins over it by being later.
    """
    updated = [found[i] for i in sorted(found) if found[i].kind == "updated"]
    if updated:
        return max(updated, key=lambda d: d.iso)
    return max((found[i] for i in sorted(found)), key=lambda d: d.iso, default=None)


def fallback_date(page: _Page, end: int) -> tuple[str, tuple[str, ...]]:
    """The latest full date in the header zone, captions included, and all the candidates."""
    end_pos = page.lines[end].pos if end < len(page.lines) else float("inf")
    candidates = [iso for pos, iso in page.caption_dates if pos < end_pos]
    for line in page.lines[:end]:
        candidates.extend(d.iso for d in find_dates(line.text))
    return max(candidates, default=""), tuple(sorted(set(candidates)))


_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|van|von|al|el|bin|ibn|dos|du|la|le))*"
_BYLINE_BY = re.compile(
    r"^(?:by|written by|words by|reporting by)\s*:?\s+(?P<rest>\S.*)$", re.IGNORECASE
)
_BYLINE_IN = re.compile(rf"^(?P<name>{_NAME})\s+in\s+(?P<city>{_NAME})$")
_DESK_WORDS = {"our", "the", "news", "from", "by"}
_BYLINE_AGENCY = re.compile(
    r"\s*(?:[|,–—-]\s*)?\(?(?:reuters|ap|afp|associated press|bbc news)\)?\s*$", re.IGNORECASE
)


@dataclass(frozen=True)
class Byline:
    names: str
    city: str = ""


def parse_byline(text: str, next_text: str = "") -> Byline | None:
    """Read "By X", "By X, City", "By X in City" or "Name Name in City" (then a date line)."""
    if len(text.split()) > BYLINE_MAX_WORDS:
        return None
    match = _BYLINE_BY.match(text.strip())
    if match:
        return _split_byline(_BYLINE_AGENCY.sub("", match.group("rest")).strip())
    desk = _desk_byline(text)
    if desk:
        return desk
    match = _BYLINE_IN.match(text.strip())
    keywords = noise_rules()["date_keywords"]
    if match and len(match.group("name").split()) <= 4 and date_line(next_text, keywords):
        return Byline(match.group("name"), match.group("city"))
    return None


def _desk_byline(text: str) -> Byline | None:
    """A byline without "By": a desk or role ("Our Correspondent | Dawn.com", "Staff Reporter")."""
    first = text.split("|")[0].strip()
    words = first.split()
    if not 1 <= len(words) <= 5 or not all(w[:1].isupper() for w in words):
        return None
    if not any(is_role(w) for w in words) or not all(
        is_role(w) or w.lower() in _DESK_WORDS for w in words
    ):
        return None
    return Byline(first)


def _split_byline(rest: str) -> Byline | None:
    """Names and city of the part after "By"; None when it does not start like a name."""
    if not rest or not rest[0].isupper():
        return None
    names, city = rest, ""
    if " in " in rest:
        names, _, city = rest.rpartition(" in ")
    elif "," in rest:
        head, _, tail = rest.rpartition(",")
        tail = tail.strip()
        if tail and not is_role(tail) and " and " not in tail and len(tail.split()) <= 3:
            names, city = head, tail
        elif is_role(tail):
            names = head
    people = [part.strip() for part in names.split(",") if part.strip() and not is_role(part)]
    names = ", ".join(people) or names  # "By Staff Reporter" is a byline all the same
    city = city.strip().rstrip(".")
    if not re.match(_NAME + "$", city):
        city = ""
    return Byline(names.strip(), city) if names else None


def is_role(text: str) -> bool:
    """True when a byline part is a job title ("Senior Correspondent"), not a name or city."""
    words = text.strip().lower().split()
    roles = set(noise_rules()["byline_roles"])
    return bool(words) and any(w in roles for w in words)


def find_byline(lines: list[_Line], end: int) -> tuple[int, Byline | None]:
    """The first byline in the header zone and its index (-1 when none)."""
    for i, line in enumerate(lines[:end]):
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        byline = parse_byline(line.text, following)
        if byline:
            return i, byline
    return -1, None


def is_headline(text: str) -> bool:
    """A line that reads like a headline: short, several words, not a finished sentence."""
    words = text.split()
    if not TITLE_MIN_WORDS <= len(words) <= 40 or len(text) > TITLE_MAX_CHARS:
        return False
    if text.rstrip().endswith((".", ",", ":", ";")) and not text.rstrip().endswith("..."):
        return False
    return text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘"


def find_title(lines: list[_Line], end: int, skip: set[int], given: str = "") -> tuple[int, str]:
    """The title and its index: a given title, a markdown H1, else the first headline-like line."""
    if given:
        wanted = _fold(given)
        for i, line in enumerate(lines[:end]):
            if i not in skip and _fold(line.text) == wanted:
                return i, given
        return -1, given
    for i, line in enumerate(lines[:end]):
        if line.heading == 1 and i not in skip:
            return i, line.text
    for i, line in enumerate(lines[:end]):
        if i in skip:
            continue
        if is_prose(line.text):
            break
        if is_headline(line.text):
            return i, line.text
    return -1, ""


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


_PLACE_WORD = r"[A-Z][A-Za-z'’.\-]*"
_WIRE_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}})"
    rf"(?:,\s*(?P<region>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}))??"
    rf"(?:,\s*(?P<region2>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}))??"
    r"(?:,?\s*(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}))?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w&.' -]{0,30})\))?"
    r"\s*(?P<sep>—|–|--?|:)\s+(?=\S)"
)
_LOWER_PARTICLES = {"es", "de", "al", "el", "la", "du", "da", "of", "le", "des", "del"}
_MONTH_WORDS = re.compile(r"^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)


@dataclass(frozen=True)
class WireDateline:
    place: str
    length: int  # characters of the prefix to strip


_AGENCY_ONLY = re.compile(r"^\((?P<agency>[A-Z][A-Za-z.&]{1,15})\)\s*(?:—|–|--?)\s*(?=\S)")


def parse_wire_dateline(paragraph: str) -> WireDateline | None:
    """ "KATSINA, Nigeria (MWR) — ..." -> place "Katsina, Nigeria" and the prefix length.

    The place must be upper case ("MOGADISHU - ", "LONDON (Reuters) -") or
    carry an agency in parentheses ("Mogadishu (AFP) - "), so a sentence that
    happens to start with a capitalised name and a dash is not taken.
    """
    agency_only = _AGENCY_ONLY.match(paragraph)
    if agency_only:  # "(CNN) — ...": a wire prefix that names no place
        return WireDateline("", agency_only.end())
    match = _WIRE_DATELINE.match(paragraph)
    if not match:
        return None
    place = match.group("place")
    letters = re.sub(r"[^A-Za-z]", "", place)
    upper = letters.isupper() and len(letters) >= 3  # "UN - ..." opens a sentence, not a dateline
    if not (upper or match.group("agency")):
        return None
    if place in noise_rules()["wire_kickers"] or place.split()[0] in noise_rules()["wire_kickers"]:
        return None
    if match.group("sep") == ":" and not match.group("agency") and not upper:
        return None
    parts = [_place_case(place)]
    for key in ("region", "region2"):
        region = match.group(key)
        if region and not _MONTH_WORDS.match(region):
            parts.append(_place_case(region) if region.isupper() else region)
    return WireDateline(", ".join(parts), match.end())


def _place_case(text: str) -> str:
    """ "DAR ES SALAAM" -> "Dar es Salaam"; mixed-case names are left as they are."""
    if not text.isupper():
        return text
    words = text.lower().split()
    out = [w if i and w in _LOWER_PARTICLES else _cap_word(w) for i, w in enumerate(words)]
    return " ".join(out)


def _cap_word(word: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


# --------------------------------------------------------------------------- 7. assemble


def paragraphs(lines: list[_Line]) -> list[str]:
    """Join each block's lines into paragraphs: wrapped prose is rejoined, the rest kept apart."""
    out: list[str] = []
    for block in _group_blocks(lines):
        if _is_wrapped(block):
            out.append(" ".join(line.text for line in block))
            continue
        current = block[0].text
        for line in block[1:]:
            if line.text[:1].islower() and not _SENTENCE_END.search(current) and not line.heading:
                current = f"{current} {line.text}"
            else:
                out.append(current)
                current = line.text
        out.append(current)
    return out


def _is_wrapped(block: list[_Line]) -> bool:
    """A hard-wrapped paragraph: 3+ lines of similar width that mostly break mid-sentence.

    Wrapped prose mostly goes on in lower case on the next line; a list of
    headlines of similar length starts each line with a capital.
    """
    if len(block) < 3 or any(line.heading for line in block):
        return False
    widths = [len(line.text) for line in block[:-1]]
    if min(widths) < 50 or max(widths) > 100 or max(widths) - min(widths) > 30:
        return False
    following = [line.text[:1] for line in block[1:]]
    return sum(first.islower() for first in following) >= WRAP_LOWER_SHARE * len(following)


# --------------------------------------------------------------------------- the step


def clean_text(raw: str, *, title: str = "") -> CleanResult:
    """Clean one scraped article (plain text or markdown); ``title`` skips title detection."""
    front, body = split_front_matter(normalise(raw))
    page = cut_footer(drop_captions(drop_noise(to_lines(body))))
    lines = page.lines
    end = header_end(lines)
    published, source, date_rows = find_published(page, end, front)
    fallback, candidates = fallback_date(page, end)
    if not published and fallback:
        published, source = fallback, "fallback"
    byline_at, byline = find_byline(lines, end)
    skip = date_rows | ({byline_at} if byline else set())
    title_at, found_title = find_title(lines, end, skip, front.get("title", "") or title)
    dateline = byline.city if byline else ""
    kept = _body_lines(lines, skip | {title_at}, title_at, end, found_title)
    texts = paragraphs(kept)
    wire = _strip_wire_dateline(texts)
    if wire:
        dateline = wire
    text = "\n\n".join(([found_title] if found_title else []) + [t for t in texts if t])
    return CleanResult(
        text=text,
        title=found_title,
        byline=(byline.names if byline else front.get("author", "")),
        dateline=dateline,
        published=published,
        published_from=source,
        date_candidates=candidates,
        url=front.get("url", ""),
        removed=page.removed + len(skip),
    )


def _body_lines(
    lines: list[_Line], skip: set[int], title_at: int, end: int, title: str
) -> list[_Line]:
    """Lines after metadata removal; short kickers before the title and title repeats go."""
    kept = []
    for i, line in enumerate(lines):
        if i in skip:
            continue
        if i < title_at and len(line.text.split()) < TITLE_MIN_WORDS:
            continue  # a section label above the headline
        if title and i < end and _fold(line.text) == _fold(title):
            continue  # the headline printed twice
        kept.append(line)
    return kept


def _strip_wire_dateline(texts: list[str]) -> str:
    """Strip a wire dateline from the first paragraphs (in place); return its place ("" if none)."""
    prose_seen = 0
    for i, text in enumerate(texts):
        wire = parse_wire_dateline(text) if is_sentence(text) else None
        if wire:
            texts[i] = text[wire.length :]
            return wire.place
        if is_prose(text):
            prose_seen += 1
            if prose_seen > HEADER_PROSE_PARAGRAPHS:
                break
    return ""
