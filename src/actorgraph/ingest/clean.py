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
3. drop noise lines (navigation, section headings, share rows, adverts,
   teasers, credits of editors, copyright);
4. drop caption blocks: a block holding a photo credit goes *with* the
   caption lines glued to it, after its dates are noted for the fallback;
5. cut the footer at the first footer marker once the body has started;
6. read the metadata (date lines, byline, title, wire dateline) and take
   those lines out of the text;
7. assemble: the title on the first line, then one paragraph per line,
   paragraphs separated by a blank line. The result is deterministic
   because graph offsets point into it.

Whole-line rules apply to short lines only. A *long* line (more than
LONG_LINE_CHARS characters holding several sentences: a whole article
flattened into one line, as dump records often are) is article text and is
never dropped: steps 3-5 cut only the matching spans out of it (credits such
as "(AP Photo/...)" or "Photo: X/Reuters", "Skip to content", cookie banners,
share rows, menus, a footer after its marker near the end), and before step
3 the head of the first long line gives up its byline and its "Published
..." dates (``cut_inline_header``).

``normalise`` also makes hostile text harmless (``safe``): unencodable
characters become U+FFFD, whitespace-free runs and lines are bounded.
"""

from __future__ import annotations

import html
import logging
import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from ..knowledge import MONTH_NAMES, MONTHS, knowledge
from .dates import DateLine, date_line, date_order, find_dates, has_numeric_date, is_full_date
from .safe import cap_runs, scrub, wrap_long_lines

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
ASIDE_MIN_SHARE = 0.15  # ... when they also hold this share of the body's prose
# (a 'READ MORE' box before the story's last five paragraphs is an aside: c213, c217)
FRONT_MATTER_MAX_LINES = 40
WRAP_LOWER_SHARE = 0.5  # share of wrapped lines that go on in lower case
LONG_LINE_CHARS = 300  # a longer line with 2+ sentence breaks is text: only spans are cut from it
LONG_LINE_SENTENCES = 2
HEADER_SCAN_CHARS = 600  # of a long line, the part read for a byline, date lines and the fallback
INLINE_FOOTER_SHARE = 0.6  # in a long line, a footer marker this far in ends the article
MAX_CREDIT_TOKENS = 8  # words of a credit after its marker ("Photo: Salif Abdou / Harmattan Post")
MAX_BYLINE_TOKENS = 12

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
_SENTENCE_GAP = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"“‘(]?[A-Z0-9])")
_PIPE_SPLIT = re.compile(r"\s*[|•·]\s*")
_GAP_SPLIT = re.compile(r"\t+|\s{2,}")
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
    def clear_date(self) -> str:
        """The date a date line, the page metadata or front matter gives ("" for none)."""
        return self.published if self.published_from not in ("", "fallback") else ""

    @property
    def weak_date(self) -> str:
        """The fallback date, a guess from the header's dates ("" for none)."""
        return self.published if self.published_from == "fallback" else ""

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
    """The page as the steps pass it along.

    ``order`` is the page's day/month order for numeric dates (see
    ``dates.date_order``); ``inline_dates`` are date lines found inside other
    lines (a menu line, the start of a long line), by position.
    """

    lines: list[_Line]
    caption_dates: list[tuple[int, str]] = field(default_factory=list)  # (pos, iso)
    inline_dates: list[tuple[int, DateLine]] = field(default_factory=list)  # (pos, date line)
    order: str = ""
    removed: int = 0


@cache
def noise_rules() -> dict[str, Any]:
    """The phrase lists of graph/lexicons/page_noise.json, lower-cased where matched so."""
    data = knowledge().page_noise
    rules = dict(data)
    for key in ("noise_lines", "noise_prefixes", "noise_contains", "footer_markers", "share_words"):
        rules[key] = tuple(phrase.lower() for phrase in data[key])
    rules["noise_lines"] = frozenset(rules["noise_lines"])
    rules["footer_marker_set"] = frozenset(rules["footer_markers"])
    rules["footer_marker_heads"] = tuple(marker + " " for marker in rules["footer_markers"])
    # "Read next: <headline>" on one line: a footer marker and its teaser, page furniture
    rules["noise_prefixes"] += tuple(marker + ":" for marker in rules["footer_markers"])
    rules["share_words"] = frozenset(rules["share_words"])
    rules["share_fillers"] = frozenset(data["share_fillers"])
    rules["noise_patterns"] = tuple(re.compile(p, re.IGNORECASE) for p in data["noise_patterns"])
    agencies = "|".join(
        re.escape(a) for a in sorted(data["credit_agencies"], key=len, reverse=True)
    )
    rules["credit_agency_end"] = re.compile(rf"\w\s?/\s?(?:{agencies})\)?\s*$")
    rules["credit_patterns"] = tuple(re.compile(p) for p in data["credit_patterns"])
    rules["wire_kickers"] = frozenset(data["wire_kickers"])
    rules["section_headings"] = frozenset(h.lower() for h in data["section_headings"])
    rules["sentence_openers"] = frozenset(data["sentence_openers"])
    rules.update(_span_rules(data, agencies))
    return rules


# a capitalised word; a period only inside an abbreviation ("U.S."), never a sentence's end
_NAME_WORD = r"[A-Z][\w'’&-]*(?:\.[\w'’&-]+)*(?:(?<=\.\w)\.)?(?![\w.'’&-])(?!:)"
_MENU_ITEM = rf"{_NAME_WORD}(?:\s(?:{_NAME_WORD}|of|in|and|the|&)){{0,2}}"
_FIRST_ITEM = rf"{_NAME_WORD}(?:\s(?:{_NAME_WORD}|of|in|and|the|&)){{0,3}}"
_LAST_ITEM = rf"(?P<last>{_MENU_ITEM})"  # trimmed in code: the headline may follow it


def _span_rules(data: dict[str, Any], agencies: str) -> dict[str, Any]:
    """The span patterns for long lines, compiled from page_noise.json's phrases."""
    caption_openers = tuple(data["caption_openers"])
    starts = [
        m for m in data["credit_markers"] if not m.startswith("(") and m not in caption_openers
    ]
    share_words = set(data["share_words"]) - {"on", "via", "this", "line"}  # too common in prose
    share = "|".join(re.escape(w) for w in sorted(share_words, key=len, reverse=True))
    footer_forms = sorted(
        {f for m in data["footer_markers"] for f in (m[:1].upper() + m[1:], m.upper(), m.title())},
        key=len,
        reverse=True,
    )
    keywords = sorted(data["date_keywords"], key=len, reverse=True)
    return {
        "noise_spans": tuple(re.compile(p) for p in data["noise_spans"]),
        "caption_opener_re": re.compile("|".join(map(re.escape, caption_openers))),
        "credit_start_re": re.compile(
            "|".join(map(re.escape, sorted(starts, key=len, reverse=True)))
        ),
        "paren_credit": re.compile(
            r"\((?:[A-Z]{2,6}\s+)?(?:Photo|PHOTO|Photograph|Picture|Image|Video|File)s?\b"
            r"[^()]{0,150}\)"
        ),
        "agency": re.compile(rf"(?:{agencies})(?![\w-])"),
        "slash_credit": re.compile(
            # "... 2020. MWR/S. Mairiga/File Photo", "... Str./AFP/Getty Images" after a sentence
            rf"(?<=[.!?”\"’)] )(?:[A-Z][\w.'’-]*\s?){{1,3}}/\s?"
            rf"(?:[A-Z][\w.'’ -]{{0,30}}?/\s?)*(?:{agencies})(?![\w-])"
            # "... March 11, 2019. SAN/Pieter Venter RUSTENBURG": an agency code and a name
            rf"|(?<=[.!?”\"’)] )[A-Z]{{2,6}}(?: Photo)?\s?/\s?"
            rf"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*)?(?= [A-Z]|$)"
        ),
        # share words, each capitalised as written ("WhatsApp", "X"), three or more in a row
        "share_run": re.compile(
            rf"\b(?=[A-Z])(?i:{share})\b(?:[\s|·•/]+(?=[A-Z])(?i:{share})\b){{2,}}"
        ),
        "pipe_menu": re.compile(
            rf"{_FIRST_ITEM}(?:\s*\|\s*{_MENU_ITEM}){{1,}}\s*\|\s*{_LAST_ITEM}"
        ),
        "breadcrumb": re.compile(
            rf"{_FIRST_ITEM}(?:\s+[>›»/]\s+{_MENU_ITEM}){{0,3}}\s+[>›»/]\s+{_LAST_ITEM}"
        ),
        "inline_footer": re.compile(
            r"(?<=[.!?”\"’)] )(?:"
            + "|".join(map(re.escape, footer_forms))
            + r")(?=\s*[:\-–—]?\s+[A-Z0-9\"“‘])"
        ),
        "teaser_marker": re.compile(
            r"\b(?:Read more|READ MORE|Read also|READ ALSO|Also read|ALSO READ|See also|SEE ALSO"
            r"|Related|RELATED)\s*:"
        ),
        "inline_keyword": re.compile(
            r"(?<![\w-])(?:"
            + "|".join(re.escape(k).replace(r"\ ", r"\s+") for k in keywords)
            + r")\b\s*:?\s*(?:on\s+)?",
            re.IGNORECASE,
        ),
    }


# --------------------------------------------------------------------------- 1. normalise


def normalise(raw: str) -> str:
    """Entities decoded, NFC, one kind of space and newline, no trailing blanks, <= 1 blank line.

    Hostile text is made harmless first: unencodable characters become
    U+FFFD, whitespace-free runs and over-long lines are bounded (``safe``).
    """
    text = wrap_long_lines(cap_runs(scrub(raw)))
    text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)  # scrapers leave "&amp;", "&nbsp;"
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
    if not heading and is_gap_menu(text):
        return "", 0  # "Home  News  Politics  Sports": the gaps that tell a menu go next line
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
    if _translated_label(lowered, rules):
        return True
    if is_section_heading(text):
        return True
    if is_share_row(key) or is_menu_line(text) or is_breadcrumb(text):
        return True
    return _is_row_of_noise(text)


def _translated_label(lowered: str, rules: dict) -> bool:
    """A bilingual site's label, the local words then the English ones: "Lee también / Read
    more: ...", "Foto / Photo: ...": furniture when the part after the slash is."""
    label, slash, rest = lowered.partition(" / ")
    rest = rest.strip()
    return (
        bool(slash and rest)
        and len(label.split()) <= 3
        and len(lowered) <= rules["max_prefix_line"]
        and _starts_with_any(rest, core(rest), rules["noise_prefixes"])
    )


def _is_row_of_noise(text: str) -> bool:
    """A row whose every part is page furniture: "Sign in | Subscribe", "Log in · Register"."""
    parts = [p for p in _SECTION_SPLIT.split(text.strip()) if p]
    return len(parts) >= 2 and all(is_noise_line(p) for p in parts)


_SECTION_SPLIT = re.compile(r"\s*[|/›»>•·]\s*")


def is_section_heading(text: str) -> bool:
    """A section label or a row of labels: "World News", "Middle East", "Asia | Myanmar".

    A row counts when every part is a section name, or when it has two or
    more short parts (up to 3 words, no sentence end) and one of them is a
    section name.
    """
    if len(text) > 80:
        return False
    headings = noise_rules()["section_headings"]
    parts = [core(p) for p in _SECTION_SPLIT.split(text.strip()) if p.strip()]
    if not parts:
        return False
    if all(p in headings for p in parts):
        return True
    return (
        len(parts) >= 2
        and any(p in headings for p in parts)
        and all(len(p.split()) <= 3 and not _SENTENCE_END.search(p) for p in parts)
    )


def is_long_line(text: str) -> bool:
    """A line of article text whatever it holds: long, with several sentences in it.

    Whole-line rules never drop such a line (a JSONL record's article is
    often one line); only matching spans are cut from it.
    """
    return len(text) > LONG_LINE_CHARS and _count_gaps(text) >= LONG_LINE_SENTENCES


def _count_gaps(text: str) -> int:
    count = 0
    for _ in _SENTENCE_GAP.finditer(text):
        count += 1
        if count >= LONG_LINE_SENTENCES:
            break
    return count


def _starts_with_any(lowered: str, key: str, prefixes: tuple[str, ...]) -> bool:
    return lowered.startswith(prefixes) or key.startswith(prefixes)


def is_share_row(key: str) -> bool:
    """A line made only of social-network and share words ("WhatsApp Facebook Twitter"), a
    count in brackets allowed ("Comments (14) | Print | Share: WhatsApp / Facebook / X", "Listen
    to this story (4 min) | Share on X")."""
    key = re.sub(r"\(\s*\d+\s*(?:min|mins|minutes?)?\s*\)", " ", key)  # "(14)", "(4 min)"
    words = re.findall(r"[a-z][a-z-]*", key)
    if not words or len(words) > 12 or re.search(r"\d", key):
        return False
    fillers = noise_rules()["share_fillers"]
    share = noise_rules()["share_words"]
    return all(w in share or w in fillers for w in words) and any(w not in fillers for w in words)


def is_menu_line(text: str) -> bool:
    """A pipe or dot separated menu: "Home | News | Somalia | Africa"."""
    parts = [p for p in _PIPE_SPLIT.split(text.strip()) if p]
    if len(parts) < 3:
        return False
    return _menu_items(parts)


def is_gap_menu(text: str) -> bool:
    """A menu whose items only wide gaps keep apart, each capitalised and with no separator or
    digit: "Home  News  Politics  Anglophone Crisis  Sports"."""
    parts = [p for p in _GAP_SPLIT.split(text.strip()) if p]
    return (
        len(parts) >= 4
        and all(p[:1].isupper() and not re.search(r"[\d|:]", p) for p in parts)
        and _menu_items(parts)
    )


def _menu_items(parts: list[str]) -> bool:
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
    """Remove noise lines; footer markers stay so the footer step can see them.

    A long line loses only its noise spans. A menu line may carry the story's
    date ("Business | Tue Mar 12, 2019 | 4:31pm SAST"): it is noted before
    the line goes.
    """
    kept = []
    for line in page.lines:
        if is_long_line(line.text):
            text = cut_noise_spans(line.text)
            page.removed += text != line.text
            kept.append(replace(line, text=text) if text != line.text else line)
        elif is_footer_marker(line.text) or not is_noise_line(line.text):
            kept.append(line)
        else:
            page.removed += 1
            found = _segment_date(line.text, page.order)
            if found:
                page.inline_dates.append((line.pos, found))
    page.lines = kept
    return page


_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z .'-]{2,30}:\s+")


def _segment_date(text: str, order: str) -> DateLine | None:
    """The date a removed line gives: the whole line when it is a date line that looks like a
    breadcrumb ("APRIL 24, 2019 / 9:12 AM / UPDATED AN HOUR AGO"), else the date line among a
    menu line's "|"-separated parts, if one of them is one."""
    keywords = noise_rules()["date_keywords"]
    # "Posted on February 6, 2025 by Grassfields Post Newsroom": the date before the byline
    whole = date_line(text, keywords, order) or date_line(
        re.split(r"\s+by\s+", text, maxsplit=1)[0], keywords, order
    )
    if whole or "|" not in text:
        return whole
    # "QUETTA: 08/06/2021 | Print edition": a dateline place before the date
    parts = [_DATELINE_PREFIX.sub("", p.strip()) for p in text.split("|")]
    for start in range(len(parts)):
        for stop in range(len(parts), start, -1):
            found = date_line(" | ".join(parts[start:stop]), keywords, order)
            if found:
                return found
    return None


def _cut(text: str, spans: list[tuple[int, int]]) -> str:
    """The text without the given (merged, sorted) spans; each gap closed with one space."""
    if not spans:
        return text
    pieces, last = [], 0
    for start, end in spans:
        pieces.append(text[last:start])
        last = end
    pieces.append(text[last:])
    out = ""
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        glue = "" if not out or piece[0] in ",.;:!?)]" else " "
        out = out + glue + piece
    return out


def cut_noise_spans(text: str) -> str:
    """A long line without its furniture spans: skip links, cookie banners, share rows, menus."""
    rules = noise_rules()
    spans = [m.span() for p in rules["noise_spans"] for m in p.finditer(text)]
    spans += [m.span() for m in rules["share_run"].finditer(text)]
    for key in ("pipe_menu", "breadcrumb"):
        pos = 0
        while match := rules[key].search(text, pos):
            end = _menu_end(text, match)
            spans.append((_menu_start(text, match), end))
            pos = max(end, match.start() + 1)
    return _cut(text, _merge(spans))


def _menu_start(text: str, match: re.Match[str]) -> int:
    """Where a menu in running text starts. In a flattened page the masthead's tagline runs
    into the menu ("Your window on Mindanao and Sulu NEWS | REGIONS | ...", "English news from
    western Mexico Michoacán | Jalisco | ..."), and its first item would take the tagline's
    last words. Menu items in capitals keep the first item's words in capitals (an all-capitals
    masthead, "MINDANAO MIRROR ONLINE HOME | NEWS", still goes); a menu that follows a
    lower-case word keeps no more words in its first item than its longest middle item has
    (a masthead alone before it, "Daily Nation Home | News", still goes)."""
    items = re.split(r"\s*[|>›»/]\s*", match.group(0))
    if len(items) < 3:
        return match.start()
    first = items[0].split()
    before = text[: match.start()].split()[-1:]
    if all(item.isupper() for item in items[1:-1]):
        kept = next((len(first) - i for i, word in enumerate(first) if word.isupper()), 0)
    elif before and _is_lower_word(before[0]):
        kept = max(len(item.split()) for item in items[1:-1])
    else:
        return match.start()
    if kept == 0 or kept >= len(first):
        return match.start()
    return match.start() + len(items[0]) - len(" ".join(first[-kept:]))


def _menu_end(text: str, match: re.Match[str]) -> int:
    """Where a menu in running text ends, judged from its last item.

    In a flattened page the headline follows the menu with nothing between
    ("News > World > Europe Crocus City Hall: ..."). The last item is a
    known section ("Middle East", "Law & Justice"), or the words before the
    capitalised word that a lower-case word follows ("North Kivu | Toll
    from ..."), or else its first word only.
    """
    words = match.group("last").split()
    headings = noise_rules()["section_headings"]
    for size in range(len(words), 1, -1):
        if " ".join(words[:size]).lower() in headings:
            return match.start("last") + len(" ".join(words[:size]))
    following = text[match.end("last") :].split(None, 1)[:1]
    lookahead = words + following
    keep = 1
    for i in range(1, len(words)):
        after = lookahead[i + 1] if i + 1 < len(lookahead) else ""
        if _is_lower_word(words[i]):
            continue  # a joiner ("Security Weekend of attacks"): the headline starts before it
        if _is_lower_word(after) and after not in ("and", "of", "&"):
            keep = i
            break
    return match.start("last") + len(" ".join(words[:keep]))


_NAME_PARTICLE = re.compile(
    r"(?:al|el|ad|an|as|ash|at|az|wal|bin|ibn|bint|abu|de|da|del|della|der|di|do|dos|du|la|le"
    r"|van|von|y|zu)(?:-|$)"
)


def _is_lower_word(word: str) -> bool:
    """A lower-case word of running text; "al-Islam", "bin", "de" are parts of names."""
    return word[:1].islower() and not _NAME_PARTICLE.match(word)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --------------------------------------------------------------------------- 4. captions


def is_credit_line(text: str) -> bool:
    """A photo credit: a credit marker anywhere ("Image: X/DW"), or an agency credit at the end."""
    rules = noise_rules()
    if any(marker in text for marker in rules["credit_markers"]):
        return True
    stripped = text.rstrip()
    if any(stripped.endswith(end) for end in rules["credit_line_ends"]):
        return True
    if any(p.search(stripped) for p in rules["credit_patterns"]) and not is_long_line(stripped):
        return True
    return bool(rules["credit_agency_end"].search(stripped)) and not _SENTENCE_END.search(stripped)


def drop_captions(page: _Page) -> _Page:
    """Remove each caption block: the credit line and the caption lines glued to it.

    Dates in captions are noted first: a wire story's only date may be in its
    "FILE PHOTO: ..., December 14, 2020." caption. A long line is never part
    of a caption: only its credit spans are cut (``cut_credit_spans``).
    """
    blocks = _group_blocks(page.lines)
    kept: list[_Line] = []
    for block in blocks:
        long = set()
        for i, line in enumerate(block):
            if is_long_line(line.text):
                long.add(i)
                text = cut_credit_spans(line.text)
                if text != line.text:
                    block[i] = replace(line, text=text)
                    page.removed += 1
        credits = [i for i, line in enumerate(block) if i not in long and is_credit_line(line.text)]
        if not credits:
            kept.extend(block)
            continue
        drop = _caption_lines(block, credits, long)
        for i in sorted(drop):
            page.caption_dates.extend(
                (block[i].pos, d.iso) for d in find_dates(block[i].text, page.order)
            )
        kept.extend(line for i, line in enumerate(block) if i not in drop)
        page.removed += len(drop)
    page.lines = kept
    return page


def _caption_lines(block: list[_Line], credits: list[int], long: set[int]) -> set[int]:
    """Caption lines of a block with credits: all of a small block, else credit and caption."""
    if len(block) <= BIG_CAPTION_BLOCK and not long:
        return set(range(len(block)))
    drop = set(credits)
    for i in credits:  # in run-on text, the caption is the short line just before its credit
        before = i - 1
        if (
            before >= 0
            and before not in long
            and not is_prose(block[before].text)
            and not block[before].heading
        ):
            drop.add(before)
    return drop


def cut_credit_spans(text: str) -> str:
    """A long line without its photo credits; a caption's own words stay.

    Cut: "(AP Photo/Naveed Ahmed)", "Photo: Salif Abdou / Harmattan Post"
    (the credit's words up to where the next sentence starts), "Str./AFP/Getty
    Images" and "SAN/Pieter Venter" after a sentence, and the bare marker of
    a caption ("FILE PHOTO:", "Image caption,"), whose caption is a sentence.
    """
    rules = noise_rules()
    spans = [m.span() for m in rules["paren_credit"].finditer(text)]
    spans += [m.span() for m in rules["slash_credit"].finditer(text)]
    openers = [m.span() for m in rules["caption_opener_re"].finditer(text)]
    for match in rules["credit_start_re"].finditer(text):
        # "PHOTO:" inside "FILE PHOTO:" opens a caption, not a credit
        if not any(start <= match.start() < end for start, end in openers):
            spans.append((match.start(), _credit_end(text, match.end())))
    return _cut(text, _merge(spans + openers))


_TOKEN = re.compile(r"\S+")
_CREDIT_PARTICLES = frozenset(
    {"de", "da", "dos", "van", "von", "al", "el", "bin", "ibn", "via", "for", "and", "&", "/", "|"}
)
_INITIALS = re.compile(r"(?:[A-Z]\.)+|[A-Z][a-z]?\.")  # "S.", "U.S.", "Dr.": no sentence end


def _credit_end(text: str, start: int) -> int:
    """Where a credit that starts at ``start`` ends: the run of name words, "/" and agencies.

    The run ends after a known agency ("Reuters", "Khan/DW"), two words after
    a "/" (three after "/The", plus a closing "Agency" or "Images": "Salif
    Abdou / Harmattan Post"), before a word that opens a sentence ("The",
    "Six"), before an upper-case dateline, after a sentence end, after
    MAX_CREDIT_TOKENS words, or at a lower-case word, dropping the
    capitalised word before it, which opened that sentence ("... Mahad Osman
    Dirie Somali forces ended ...").
    """
    rules = noise_rules()
    openers = rules["sentence_openers"]
    accepted: list[tuple[int, str]] = []  # (end, token)
    after_slash: list[str] = []  # the words after the last "/", once there is one
    slashed = False
    back_off = False
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        bare = token.strip(',;:()[]"“”')
        if len(accepted) >= MAX_CREDIT_TOKENS or not bare:
            break
        slash = token.rfind("/")
        agency = rules["agency"].match(text, match.start() + slash + 1)
        if agency and (slash >= 0 or token.startswith(bare)):
            end = agency.end()  # "Reuters", "Khan/DW", "Str./AFP/Getty Images"
            via = re.compile(r"\s+via\s+").match(text, end)  # "AFP via Getty Images"
            if via and (second := rules["agency"].match(text, via.end())):
                end = second.end()
            accepted.append((end, token))
            break
        if slash >= 0:
            slashed = True
            after_slash = [token[slash + 1 :]] if token[slash + 1 :] else []
            accepted.append((match.end(), token))
            continue
        if bare.lower() in _CREDIT_PARTICLES or _NAME_PARTICLE.match(bare):
            accepted.append((match.end(), token))
            continue
        if bare in openers or bare[:1].isdigit():
            break
        if not bare[:1].isupper():
            back_off = True
            break
        if bare.isupper() and len(bare) >= 3 and any(not t.isupper() for _, t in accepted):
            break  # "... Dirie/Horn Ledger MOGADISHU -": a dateline
        if slashed:
            limit = 3 if after_slash[:1] == ["The"] else 2
            if len(after_slash) >= limit and bare not in _CREDIT_TAILS:
                break
            after_slash.append(bare)
        accepted.append((match.end(), token))
        if token.endswith((".", ")", "]")) and not _INITIALS.fullmatch(token):
            break  # "Reuters." ends the credit; "S." and "U.S." do not
    if back_off and accepted and "/" not in accepted[-1][1]:
        accepted.pop()
    while accepted and accepted[-1][1].lower() in _CREDIT_PARTICLES:
        accepted.pop()
    return accepted[-1][0] if accepted else start


_CREDIT_TAILS = frozenset({"Agency", "Images", "Photos", "Pictures", "Press", "News"})


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
    In a long line, a marker late in the line cuts the rest of it
    (``cut_inline_footer``) and the lines after it go as after a marker line.
    """
    lines = page.lines
    prose = _ProseTally(lines)
    body_started = False
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_long_line(line.text):
            text = cut_inline_footer(line.text)
            footer = text != line.text
            text = _cut(text, [m.span() for m in noise_rules()["teaser_marker"].finditer(text)])
            if text != line.text:
                line = replace(line, text=text)
                page.removed += 1
            if footer:
                out.append(line)
                if not prose.is_aside(i):
                    page.removed += len(lines) - i - 1
                    break
                i += 1
                continue
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


def cut_inline_footer(text: str) -> str:
    """A long line cut at a footer marker ("Most read", "RELATED COVERAGE") late in it.

    The marker must follow a sentence end, be followed by a capitalised
    headline and sit past INLINE_FOOTER_SHARE of the line: a flattened
    page's footer is at its end, and "Related stories in the press" is prose.
    """
    rules = noise_rules()
    for match in rules["inline_footer"].finditer(text):
        if match.start() < INLINE_FOOTER_SHARE * len(text):
            continue
        if rules["teaser_marker"].match(text, match.start()) and _prose_follows(text, match.end()):
            continue  # "Read more: <one headline>" between paragraphs: only the marker is cut
        return text[: match.start()].rstrip()
    return text


def _prose_follows(text: str, start: int) -> bool:
    """True when the article goes on after a teaser: beyond its headline (150 characters), the
    rest of the line holds two sentences, where a footer holds a list of headlines."""
    return len(_PROSE_SENTENCE_END.findall(text, start + 150)) >= 2


_PROSE_SENTENCE_END = re.compile(r"[a-z0-9][.!?][\"”’]?\s+[A-Z\"“]")


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
    """The publication date, where it came from, and the indexes of date lines to remove.

    Date lines found inside other lines (``_Page.inline_dates``) count as
    date lines at their place in the page.
    """
    keywords = noise_rules()["date_keywords"]
    found: dict[int, DateLine] = {}
    for i, line in enumerate(page.lines):
        parsed = date_line(line.text, keywords, page.order) or _placed_date_line(
            line.text, keywords, page.order
        )
        if parsed:
            found[i] = parsed
    for key in ("date", "published", "updated", "last_modified"):
        front_dates = [d for d in find_dates(front.get(key, ""), page.order) if d.iso]
        if front_dates:
            return front_dates[0].iso, "front matter", set(found)
    end_pos = page.lines[end].pos if end < len(page.lines) else float("inf")
    dated = [(page.lines[i].pos, d) for i, d in found.items()] + page.inline_dates
    dated.sort(key=lambda pair: pair[0])
    for zone in ([d for pos, d in dated if pos < end_pos], [d for _, d in dated]):
        choice = _best_date_line(zone)
        if choice:
            return choice.iso, choice.kind or "date line", set(found)
    return "", "", set(found)


_SHORT_NAME = re.compile(r"[A-Z][\w.'’&-]*(?: [A-Z&][\w.'’&-]*){0,2}")


def _placed_date_line(text: str, keywords: dict[str, str], order: str) -> DateLine | None:
    """'Jammu | Updated: Apr 16, 2026, 07:05 IST', 'Reuters | 3 May 2024': a date line with a
    dateline place or an outlet's name beside it, each part short and capitalised."""
    if "|" not in text:
        return None
    parts = [part.strip() for part in text.split("|") if part.strip()]
    dates = [
        date_line(part, keywords, order) or date_line(_PLACE_DAY.sub("", part), keywords, order)
        for part in parts
    ]
    found = [d for d in dates if d]
    if not found or not all(
        d or _SHORT_NAME.fullmatch(p) or _ORDER_NOTE.search(p)
        for p, d in zip(parts, dates, strict=True)
    ):
        return None
    return found[0]


# "Bogotá, miércoles 08/10/2025": a dateline place and a weekday in the page's language
_PLACE_DAY = re.compile(r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2},\s*(?:[^\W\d_]+\s+)?(?=\d)")

# "| dates on this site are day/month/year": the page's own note on how it writes dates
_ORDER_NOTE = re.compile(
    r"(?i)^[\w ,'’]{0,40}\b(?:(?:day|dd?)[/.-](?:month|mm?)|(?:month|mm?)[/.-](?:day|dd?))"
    r"[/.-](?:year|yy(?:yy)?)\b\.?$"
)


def _best_date_line(found: list[DateLine]) -> DateLine | None:
    """An "Updated" date, else the latest date line; a full date before a year-only one.

    The text is the page's latest version, and its "on Sunday" means the
    Sunday of that version: "Published 23 March / Updated 24 March" gives
    the 24th, and a Guardian-style bare date above "First published on ..."
    (the original) wins over it by being later.
    """
    updated = [d for d in found if d.kind == "updated"]
    return max(updated or found, key=lambda d: (is_full_date(d.iso), d.iso), default=None)


def fallback_date(page: _Page, end: int) -> tuple[str, tuple[str, ...]]:
    """The latest full date in the header zone, captions included, and all the candidates.

    Of a long line (a flattened article) only the first HEADER_SCAN_CHARS
    characters are its header.
    """
    end_pos = page.lines[end].pos if end < len(page.lines) else float("inf")
    candidates = [iso for pos, iso in page.caption_dates if pos < end_pos]
    for line in page.lines[:end]:
        text = line.text[:HEADER_SCAN_CHARS] if is_long_line(line.text) else line.text
        candidates.extend(d.iso for d in find_dates(text, page.order))
    return max(candidates, default=""), tuple(sorted(set(candidates)))


def cut_inline_header(page: _Page) -> Byline | None:
    """Cut a byline and "Published ..."/"Updated ..." dates from the head of a flattened page.

    A page flattened into one line keeps its header inside that line ("...
    By HAMZA KHAN and RIAZ AHMED Updated 9:48 PM PKT, May 13, 2024 Rescue
    workers ..."). Only the first long line is read, and only when no prose
    paragraph comes before it, before any other cut (the byline ends where a
    date or "4 MIN READ" starts). The dates become date lines
    (``inline_dates``); the byline is returned.
    """
    for i, line in enumerate(page.lines):
        if not is_long_line(line.text):
            if is_prose(line.text):
                return None
            continue
        head = line.text[:HEADER_SCAN_CHARS]
        spans, byline = [], None
        for match in re.finditer(r"(?:^|(?<=\s))(?:By|BY)\s+", head):
            found = _byline_run(head, match.end())
            if found:
                stop, byline = found
                after = re.match(r"\s*[|·•]", head[stop:])
                spans.append((match.start(), stop + (after.end() if after else 0)))
                break
        for start, stop, dated in _inline_date_lines(head, page.order):
            spans.append((start, stop))
            page.inline_dates.append((line.pos, dated))
        if spans:
            page.lines[i] = replace(line, text=_cut(line.text, _merge(spans)))
            page.removed += 1
        return byline
    return None


_TIME = r"\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s+(?-i:[A-Z]{2,5})\b)?"
_WEEKDAY_WORD = (
    r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
)
_INLINE_DATE_TAIL = re.compile(rf"\s*(?:{_TIME}\s*,?\s*)?(?:{_WEEKDAY_WORD},?\s+)?$", re.IGNORECASE)
_AFTER_DATE = re.compile(
    rf"(?:,|\s*[|·•])?\s*(?:at\s+)?{_TIME}|,?\s*(?-i:[A-Z]{{2,5}})\b", re.IGNORECASE
)


def _inline_date_lines(head: str, order: str) -> list[tuple[int, int, DateLine]]:
    """ "Published 14 March 2024, 09:05 GMT" spans in a long line's head: keyword, time, date."""
    rules = noise_rules()
    keywords = rules["date_keywords"]
    found = []
    dates = find_dates(head, order, partial=True)
    for match in rules["inline_keyword"].finditer(head):
        word = match.group()
        if not word[:1].isupper():
            continue  # "was published on 3 March" is prose
        for dated in dates:
            between = head[match.end() : dated.start]
            if dated.start >= match.end() and _INLINE_DATE_TAIL.fullmatch(between):
                stop = dated.end
                while tail := _AFTER_DATE.match(head, stop):
                    stop = tail.end()
                kind = keywords.get(" ".join(word.rstrip(": ").lower().split()), "")
                found.append((match.start(), stop, DateLine(dated.iso, kind)))
                break
    return found


def _byline_run(text: str, start: int) -> tuple[int, Byline] | None:
    """Where the names after "By " end, and the byline; None when no byline follows.

    Names are capitalised (or upper-case) words joined by "and", "&" or
    commas, maybe followed by "in" and a place. What comes next must open the
    next part of a header: a date keyword, a month or weekday, a number, an
    upper-case dateline after mixed-case names ("Karim Hadi BAGHDAD"), or
    the end of the text. Anything else ("By Monday, ...", "By President
    Biden's order") is prose.
    """
    openers = noise_rules()["sentence_openers"]
    words: list[tuple[int, str]] = []  # (end, token)
    in_place = False
    for match in _TOKEN.finditer(text, start):
        token = match.group()
        bare = token.rstrip(",")
        if bare.lower() in _BYLINE_STOP_WORDS or bare[:1].isdigit() or bare in _BYLINE_BREAKS:
            break
        if words and not in_place and bare in ("and", "&", "in"):
            in_place = bare == "in"
            words.append((match.end(), token))
            continue
        if bare.endswith(":"):
            break  # "Photo:", "Updated:": the next part of the header
        if not re.fullmatch(r"[A-Z][\w.'’-]*", bare) or bare in openers:
            return None
        names = [w.rstrip(",") for _, w in words if w.rstrip(",") not in ("and", "&", "in")]
        if bare.isupper() and len(bare) >= 3 and names and not names[-1].isupper():
            break  # the dateline after mixed-case names
        words.append((match.end(), token))
        if len(words) > MAX_BYLINE_TOKENS:
            return None
    while words and words[-1][1].rstrip(",") in ("and", "&", "in"):
        words.pop()
    names = " ".join(w for _, w in words).rstrip(",")
    if len(words) < 2:
        return None
    byline = parse_byline("By " + names)
    return (words[-1][0], byline) if byline else None


_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|da|van|von|al|el|bin|ibn|dos|du|la|le))*"
_BYLINE_BREAKS = frozenset({"|", "-", "–", "—", "·", "•"})
# Words that end the names of a byline in running text: the date part of the header begins.
_BYLINE_STOP_WORDS = frozenset(
    {
        *("published", "updated", "posted", "first", "last", "modified"),
        *MONTHS,
        *("mon", "monday", "tue", "tues", "tuesday"),
        *("wed", "wednesday", "thu", "thur", "thurs", "thursday", "fri", "friday", "sat"),
        *("saturday", "sun", "sunday"),
    }
)
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


MASTHEAD_MAX_WORDS = 4


def is_headline(text: str) -> bool:
    """A line that reads like a headline: short, several words, not a finished sentence."""
    words = text.split()
    if not TITLE_MIN_WORDS <= len(words) <= 40 or len(text) > TITLE_MAX_CHARS:
        return False
    if text.rstrip().endswith((".", ",", ":", ";")) and not text.rstrip().endswith("..."):
        return False
    return text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘"


def find_title(
    lines: list[_Line], end: int, skip: set[int], given: str = "", page_text: str = ""
) -> tuple[int, str]:
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
    masthead: tuple[int, str] | None = None
    for i, line in enumerate(lines[:end]):
        if i in skip:
            continue
        if is_prose(line.text):
            break
        if is_headline(line.text):
            if masthead is None and _is_masthead(line.text, page_text):
                masthead = i, line.text  # "THE MESOPOTAMIA MONITOR": the headline may follow
                continue
            if masthead is not None and line.block == lines[masthead[0]].block:
                continue  # the outlet's tagline, printed with its name
            return i, line.text
    return masthead or (-1, "")


def _is_masthead(text: str, page_text: str = "") -> bool:
    """An outlet's name, a few words long: in capitals ('THE MESOPOTAMIA MONITOR'), or in
    capitalised words the page prints again (in its photo credits, its copyright line:
    'Photograph: Omar Haj Kadour/The Levant Ledger')."""
    words = text.split()
    if len(words) > MASTHEAD_MAX_WORDS:
        return False
    if text.isupper():
        return True
    capitalised = all(w[:1].isupper() or w in ("of", "the", "and") for w in words)
    return capitalised and page_text.count(text) > 1


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


# a place word, accented too ("CULIACÁN", "BOGOTÁ", "SÃO PAULO")
_PLACE_WORD = r"[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ÿ'’.\-]*"
_WIRE_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WIRE_DATELINE = re.compile(
    rf"^(?P<place>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}})"
    rf"(?:,\s*(?P<region>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}))??"
    rf"(?:,\s*(?P<region2>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}}))??"
    rf"(?:,?\s*(?P<date>{_WIRE_MONTH}\s+\d{{1,2}}(?:,?\s+(?:19|20)\d\d)?"
    rf"|\d{{1,2}}\s+{_WIRE_MONTH}(?:\s+(?:19|20)\d\d)?))?"
    r"\s*(?:\((?P<agency>[A-Za-z][\w&.' -]{0,30})\))?"
    # "BAMAKO, Mali (March 3, 2024) -": the story's date in brackets, as some wires print it
    rf"\s*(?:\((?:{_WIRE_MONTH}\s+\d{{1,2}},?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}\s+{_WIRE_MONTH},?\s+(?:19|20)\d\d)\))?"
    r"\s*(?P<sep>—|–|--?|:)\s+(?=\S)"
)
_LOWER_PARTICLES = {"es", "de", "al", "el", "la", "du", "da", "of", "le", "des", "del"}
_MONTH_WORDS = re.compile(rf"^{MONTH_NAMES}\b", re.IGNORECASE)


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
    letters = "".join(ch for ch in place if ch.isalpha())
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


_COPYRIGHT_YEAR = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d\s*[-–]\s*)?((?:19|20)\d\d)\b", re.I
)


def _wire_day(texts: list[str], body: str) -> str:
    """'MOGADISHU, March 16 (HDM) —' on a page whose footer says '© 2025': 2025-03-16.

    A wire dateline names the day but not the year; the one copyright year the page prints is
    the year it was served, which for a news page is its year. A guess, so it ranks with the
    fallback, below any date line, metadata or ``--published``; none when the page prints no
    copyright year or several.
    """
    for text in texts[:3]:
        if text.rstrip().endswith(("—", "–", "-", ":")):
            text = text.rstrip() + " …"  # a dateline on a line of its own, nothing after its dash
        match = _WIRE_DATELINE.match(text)
        if not match or not match.group("date"):
            continue
        years = {m.group(1) for m in _COPYRIGHT_YEAR.finditer(body)}
        if len(years) != 1:
            return ""
        month_word, day = match.group("date").split()
        month = MONTHS.get(month_word.lower().rstrip("."))
        if month is None:
            return ""
        iso = f"{years.pop()}-{month:02d}-{int(day):02d}"
        return iso if is_full_date(iso) else ""
    return ""


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


def clean_text(raw: str, *, title: str = "", url: str = "", publisher: str = "") -> CleanResult:
    """Clean one scraped article (plain text or markdown).

    ``title`` skips title detection; ``url`` and ``publisher`` (the
    article's own, when a dump record or page metadata gives them) are cues
    for the day/month order of numeric dates (``dates.date_order``).
    """
    front, body = split_front_matter(normalise(raw))
    page = to_lines(body)
    if has_numeric_date(body):  # the cues are weighed only when a numeric date needs them
        page.order = date_order(body, url=url or front.get("url", ""), publisher=publisher)
    inline_byline = cut_inline_header(page)
    page = cut_footer(drop_captions(drop_noise(page)))
    lines = page.lines
    end = header_end(lines)
    published, source, date_rows = find_published(page, end, front)
    fallback, candidates = fallback_date(page, end)
    if not published and fallback:
        published, source = fallback, "fallback"
    byline_at, byline = find_byline(lines, end)
    skip = date_rows | ({byline_at} if byline else set())
    byline = byline or inline_byline
    title_at, found_title = find_title(
        lines, end, skip, front.get("title", "") or title, page_text=body
    )
    masthead_at = next(
        (i for i in range(max(title_at, 0)) if _is_masthead(lines[i].text, body)), -1
    )
    dateline = byline.city if byline else ""
    kept = _body_lines(lines, skip | {title_at}, title_at, end, found_title, masthead_at)
    texts = paragraphs(kept)
    if not published:
        published = _wire_day(texts, body)
        source = "fallback" if published else source
    wire = _strip_wire_dateline(texts)
    if wire:
        dateline = wire
    texts = [wrap_long_lines(t) for t in texts if t]
    text = "\n\n".join(([found_title] if found_title else []) + texts)
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
    lines: list[_Line], skip: set[int], title_at: int, end: int, title: str, masthead_at: int = -1
) -> list[_Line]:
    """Lines after metadata removal; kickers, the outlet's name and its tagline before the
    title, title repeats and bylines go."""
    kept = []
    for i, line in enumerate(lines):
        if i in skip:
            continue
        if i < title_at and (
            len(line.text.split()) < TITLE_MIN_WORDS
            or i == masthead_at
            or _is_masthead(line.text)  # a kicker in capitals, "VENEZUELA / HUMAN RIGHTS"
            or (i > 0 and i - 1 == masthead_at and lines[i - 1].block == line.block)
        ):
            continue  # a section label, the outlet's name or its tagline above the headline
        if title and i < end and _fold(line.text) == _fold(title):
            continue  # the headline printed twice
        if is_byline_line(line.text):
            continue  # a second byline, or one below the article
        kept.append(line)
    return kept


def is_byline_line(text: str) -> bool:
    """A short line that is only a byline: "By Jane Doe and John Roe, Reuters"."""
    match = re.match(r"(?:By|BY)\s+", text)
    if not match or len(text.split()) > BYLINE_MAX_WORDS:
        return False
    found = _byline_run(text, match.end())
    return found is not None and not text[found[0] :].strip(" ,.|–—-")


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
