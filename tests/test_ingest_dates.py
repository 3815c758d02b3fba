"""Tests for publication dates at ingest: printed forms, numeric order, the user's date."""

from __future__ import annotations

import io
import json
import logging
import sys
from pathlib import Path

import pytest

from actorgraph.errors import InputError
from actorgraph.ingest import check_published, clean_text, read_article, read_articles
from actorgraph.ingest.clean import noise_rules
from actorgraph.ingest.dates import (
    date_line,
    date_order,
    find_dates,
    parse_date_value,
    pick_published,
)

DATA = Path(__file__).parent / "data" / "ingest"
FIXTURES = Path(__file__).parent / "fixtures" / "articles"
TITLE = "Bandits demand ransom for abducted villagers in Zamfara"
BODY = (
    "Armed bandits who abducted 53 people, among them a traditional ruler, in a night raid on a"
    " village in Zamfara State have demanded a ransom for their release, relatives said on Monday."
)
SECOND = (
    "Two vigilantes who tried to resist the attackers were shot dead and a farmer was injured,"
    " according to the state police command, which said soldiers had been sent to the area."
)


def page(*header: str, body: str = f"{BODY}\n\n{SECOND}") -> str:
    """A real-looking page: the title, the given header lines, then two body paragraphs."""
    return "\n\n".join([TITLE, *header, body])


# --------------------------------------------------------------------------- printed forms


@pytest.mark.parametrize(
    "line,iso,kind",
    [
        ("APRIL 24, 2019 / 9:12 AM / UPDATED AN HOUR AGO", "2019-04-24", ""),
        ("April 24, 2019 / 9:12 AM / Updated an hour ago", "2019-04-24", ""),
        ("Wed Jun 29, 2016", "2016-06-29", ""),
        ("Apr 9, 2024 · 12:31 · 5 min read", "2024-04-09", ""),  # a blog platform's line
        ("3 March 2022 - 3-minute read", "2022-03-03", ""),
        ("Updated 9:48 PM PKT, May 13, 2024", "2024-05-13", "updated"),
        ("Published 3 March 2022", "2022-03-03", "published"),
        ("2021-08-06T10:22:00Z", "2021-08-06", ""),
        ("Published: 2023-11-16 14:05 WIB", "2023-11-16", "published"),
        ("Published: 2012-01-21 00:35:12 BdST", "2012-01-21", "published"),
        ("8.6.2021", "2021-06-08", ""),  # dotted: day first wherever it is used
        ("13/06/2021", "2021-06-13", ""),  # a part above 12 is the day
        ("06/13/2021", "2021-06-13", ""),
        ("05/05/2021", "2021-05-05", ""),  # the same both ways
        ("Posted: 08/06/2021 10:22 BST", "2021-06-08", "published"),  # the zone is a UK cue
        ("08/06/2021 10:22 a.m. EDT", "2021-08-06", ""),  # a US one
        ("08/06/2021", "2021", ""),  # no cue: only the year is sure
        ("08-06-2021", "2021", ""),
        ("22/04/2025 – 09h14 | Updated 22/04/2025 – 12h30", "2025-04-22", "updated"),  # 09h14
        ("Posted: 16/07/2025 at 11:42 (Kinshasa time)", "2025-07-16", "published"),
        ("24/04/2025 18:30 EAT (day/month/year)", "2025-04-24", ""),
        ("Thursday 20/02/2025 10:12 (dd/mm/yyyy)", "2025-02-20", ""),
    ],
)
def test_ingest_dates_date_line_forms(line, iso, kind):
    found = date_line(line, noise_rules()["date_keywords"])
    assert found is not None
    assert (found.iso, found.kind) == (iso, kind)


@pytest.mark.parametrize("line", ["13/13/2021", "31/02/2021", "08/06/1850", "5.5.21"])
def test_ingest_dates_impossible_numeric_dates_rejected(line):
    assert date_line(line, noise_rules()["date_keywords"]) is None


def test_ingest_dates_year_only_never_a_fallback_candidate():
    assert find_dates("photo taken 08/06/2021 in Gusau", "") == []
    assert [d.iso for d in find_dates("08/06/2021", "", partial=True)] == ["2021"]


# --------------------------------------------------------------------------- the page's order


@pytest.mark.parametrize(
    "text,url,publisher,order",
    [
        ("Posted 08/06/2021 | 10:22 BST", "", "", "dmy"),
        ("Posted 08/06/2021 | 10:22 CET", "", "", "dmy"),
        ("Posted 08/06/2021 | 10:22 EDT", "", "", "mdy"),
        ("Posted 08/06/2021 | 10:22 PST", "", "", "mdy"),
        ("Posted 08/06/2021", "https://www.example.co.uk/news/1", "", "dmy"),
        ("Posted 08/06/2021", "https://zeitung.example.de/a", "", "dmy"),
        ("Posted 08/06/2021", "https://www.lemonde.fr/x", "", "dmy"),
        ("Posted 08/06/2021", "https://apnews.com/article/x", "", "mdy"),
        ("Posted 08/06/2021", "", "The Guardian", "dmy"),
        ("Posted 08/06/2021", "", "Associated Press", "mdy"),
        ("Posted 08/06/2021. Earlier report: 13/05/2021.", "", "", "dmy"),
        ("Posted 08/06/2021. Earlier report: 05/13/2021.", "", "", "mdy"),
        ("Posted 08/06/2021. The raid on 6 June 2021 killed two.", "", "", "dmy"),
        ("Posted 08/06/2021. The raid on June 6, 2021 killed two.", "", "", "mdy"),
        ("Posted 08/06/2021. The defence ministry sent troops.", "", "", "dmy"),
        ("Posted 08/06/2021. The defense ministry sent troops.", "", "", "mdy"),
        ("Publié le 08/06/2021, le 8 juin", "", "", "dmy"),
        ("Posted 08/06/2021", "", "", ""),
        ("Posted 08/06/2021 | 10:22 BST. Also 10:30 EDT", "", "", ""),  # cues that cancel out
        # a numeric date with a part above 12 outweighs every other cue
        ("Posted 08/06/2021, 05/13/2021 | BST. Defence", "https://x.co.uk", "BBC", "mdy"),
    ],
)
def test_ingest_dates_order_from_the_page_cues(text, url, publisher, order):
    assert date_order(text, url=url, publisher=publisher) == order


@pytest.mark.parametrize(
    "header,url,published",
    [
        (("08/06/2021",), "", "2021"),  # nothing says which: the year, not a guessed day
        (("08/06/2021 10:22 BST",), "", "2021-06-08"),
        (("08/06/2021",), "https://northern-tribune.example.ng/news/1", "2021-06-08"),
        (("08/06/2021",), "https://www.example.gov/news/1", "2021-08-06"),
        (("Updated 13/06/2021", "First published 08/06/2021"), "", "2021-06-13"),
    ],
)
def test_ingest_dates_numeric_date_line_in_a_page(header, url, published):
    result = clean_text(page(*header), url=url)
    assert result.published == published
    assert "/2021" not in result.text  # the date line left the text either way


def test_ingest_dates_numeric_date_line_read_in_the_page_order():
    """c02's Nigerian daily prints "08/06/2021"; its British spellings make it 8 June."""
    article = read_article(FIXTURES / "c02-zamfara-kadamutsa-ransom-kidnapping.txt")
    assert article.published == "2021-06-08"


def test_ingest_dates_menu_line_with_the_story_date():
    """A section menu that carries the date ("Business | Tue Mar 12, 2019 | 4:31pm SAST")."""
    article = read_article(FIXTURES / "c03-rustenburg-platinum-strike-clash.txt")
    assert article.published == "2019-03-12"  # not the caption's March 11
    assert "Business & Labour" not in article.text


def test_ingest_dates_a_date_line_beside_its_dateline_place_is_read_and_cut():
    """'Jammu | Updated: Apr 16, 2026, 07:05 IST': the place and the date, no sentence."""
    result = clean_text(
        "Three soldiers killed in Poonch\n\nJammu | Updated: Apr 16, 2026, 07:05 IST\n\n"
        "Three soldiers were killed on Tuesday when a bomb exploded under their truck near the "
        "village, officials said on Wednesday morning in a statement."
    )
    assert result.published == "2026-04-16"
    assert "Jammu |" not in result.text
    kept = clean_text("Attack on the market kills nine | Apr 16, 2026\n\nNine people died.")
    assert "Attack on the market kills nine" in kept.text  # a headline is not a place


def test_ingest_dates_no_date_means_empty_never_made_up():
    result = clean_text(page("By Staff Reporter", "© 2024 The Northern Tribune"))
    assert (result.published, result.published_from) == ("", "")
    article = read_article(FIXTURES / "c04-muscat-saudi-houthi-talks.txt")
    assert article.published == ""


# --------------------------------------------------------------------------- the user's date


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "header,published",
    [
        ((), "2024-05-01"),  # no date at all: the user's date
        (("Published 3 March 2022",), "2022-03-03"),  # a clear date line wins over it
        (("08/06/2021",), "2024-05-01"),  # a year-only date is a guess: the user's date wins
    ],
)
def test_ingest_dates_published_default_for_one_file(tmp_path, header, published):
    path = write(tmp_path, "a.txt", page(*header))
    assert read_article(path, published="2024-05-01").published == published
    assert next(read_articles([path], published="2024-05-01")).published == published


def test_ingest_dates_published_default_beats_the_fallback():
    """d03's only date is in a photo caption: a guess the user's date overrides."""
    path = DATA / "d03-kankara-schoolboys-kidnapping.txt"
    assert read_article(path).published == "2020-12-14"
    assert read_article(path, published="2020-12-18").published == "2020-12-18"
    dated = DATA / "d01-mogadishu-hayat-hotel-siege.txt"  # "Published: August 21, 2022 | ..."
    assert read_article(dated, published="2020-01-01").published == "2022-08-21"


def test_ingest_dates_published_default_for_html_and_stdin(tmp_path, monkeypatch):
    # the page's own metadata date wins; a page without any date takes the user's
    assert read_article(DATA / "news_page.html", published="2020-01-01").published == "2023-05-14"
    undated = write(
        tmp_path,
        "undated.html",
        f"<html><body><article><h1>{TITLE}</h1><p>{BODY}</p><p>{SECOND}</p></article>"
        "</body></html>",
    )
    assert read_article(undated).published == ""
    assert read_article(undated, published="2024-05-01").published == "2024-05-01"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page().encode())))
    (article,) = read_articles(["-"], published="2024-05-01")
    assert article.published == "2024-05-01"


def test_ingest_dates_published_default_for_dump_records(tmp_path):
    records = [
        {"title": "Dated record", "date": "2021-08-06T10:22:00Z", "text": f"{BODY}\n\n{SECOND}"},
        {"title": "Undated record", "text": f"{BODY}\n\n{SECOND}"},
        {"title": "Dated in the text", "text": f"Published 3 March 2022\n\n{BODY}\n\n{SECOND}"},
        {"title": "Ambiguous field", "date": "08/06/2021", "text": f"{BODY}\n\n{SECOND}"},
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    dates = [a.published for a in read_articles([path], published="2024-05-01")]
    assert dates == ["2021-08-06", "2024-05-01", "2022-03-03", "2024-05-01"]
    assert [a.published for a in read_articles([path])] == ["2021-08-06", "", "2022-03-03", "2021"]


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "01/05/2024", "2024"])
def test_ingest_dates_bad_published_default_refused(tmp_path, value):
    with pytest.raises(InputError, match="YYYY-MM-DD") as info:
        check_published(value)
    assert "--published" in info.value.hint
    path = write(tmp_path, "a.txt", page())
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        list(read_articles([path], published=value))
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        read_article(path, published=value)


@pytest.mark.parametrize(
    "value,iso",
    [(None, ""), ("", ""), (" 2024-05-13 ", "2024-05-13"), ("2024-05-13T09:00Z", "2024-05-13")],
)
def test_ingest_dates_check_published_accepts(value, iso):
    assert check_published(value) == iso


@pytest.mark.parametrize(
    "record,clear,default,weak,expected",
    [
        ("2021-08-06", "2022-03-03", "2024-05-01", "2020-01-01", "2021-08-06"),
        ("", "2022-03-03", "2024-05-01", "2020-01-01", "2022-03-03"),
        ("2021", "2022-03-03", "2024-05-01", "", "2022-03-03"),
        ("2021", "", "2024-05-01", "", "2024-05-01"),
        ("", "2021", "2024-05-01", "", "2024-05-01"),
        ("", "", "2024-05-01", "2020-01-01", "2024-05-01"),
        ("", "2021", "", "2020-01-01", "2021"),
        ("", "", "", "2020-01-01", "2020-01-01"),
        ("", "", "", "", ""),
    ],
)
def test_ingest_dates_pick_published_order(record, clear, default, weak, expected):
    assert pick_published(record=record, clear=clear, default=default, weak=weak) == expected


# --------------------------------------------------------------------------- dump date fields


@pytest.mark.parametrize(
    "value,iso",
    [
        ("2021-08-06T10:22:00Z", "2021-08-06"),
        ("2021-08-06T23:30:00-05:00", "2021-08-06"),
        ("1628245320", "2021-08-06"),  # Unix seconds
        ("1628245320000", "2021-08-06"),  # milliseconds
        ("1628245320.5", "2021-08-06"),
        ("APRIL 24, 2019 / 9:12 AM / UPDATED AN HOUR AGO", "2019-04-24"),
        ("Wed Jun 29, 2016", "2016-06-29"),
        ("Updated 9:48 PM PKT, May 13, 2024", "2024-05-13"),
        ("Published 3 March 2022", "2022-03-03"),
        ("8.6.2021", "2021-06-08"),
        ("08/06/2021", "2021"),
        ("08/06/2021 10:22 BST", "2021-06-08"),
    ],
)
def test_ingest_dates_dump_field_forms(value, iso):
    assert parse_date_value(value) == iso


@pytest.mark.parametrize(
    "record,published",
    [
        ({"date": 1628245320}, "2021-08-06"),  # a JSON number
        ({"date": "08/06/2021", "url": "https://www.example.co.uk/a"}, "2021-06-08"),
        ({"date": "08/06/2021", "url": "https://apnews.com/a"}, "2021-08-06"),
        ({"date": "08/06/2021", "publisher": "BBC News"}, "2021-06-08"),
    ],
)
def test_ingest_dates_dump_field_read_with_the_record_cues(tmp_path, record, published):
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"title": TITLE, "text": f"{BODY}\n\n{SECOND}", **record}) + "\n")
    (article,) = read_articles([path])
    assert article.published == published


def test_ingest_dates_bad_dump_date_warns_and_keeps_the_record(tmp_path, caplog):
    path = tmp_path / "dump.jsonl"
    lines = [
        {"title": TITLE, "date": "no date \x1b[31m", "text": f"Published 3 March 2022\n\n{BODY}"},
        {"title": "Second record", "date": "soon", "text": f"{BODY}\n\n{SECOND}"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    skipped = []
    with caplog.at_level(logging.WARNING, logger="actorgraph.ingest"):
        articles = list(read_articles([path], on_error=lambda p, e: skipped.append(e)))
    assert skipped == []
    assert [a.published for a in articles] == ["2022-03-03", ""]  # the text's own date, or none
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2 and all("holds no date" in w for w in warnings)
    assert f"{path}#1" in warnings[0] and "\x1b" not in warnings[0]


def test_a_date_line_split_by_slashes_is_not_lost_as_a_breadcrumb():
    page = (
        "World News | Asia Pacific\n\nAPRIL 24, 2019 / 9:12 AM / UPDATED AN HOUR AGO\n\n"
        "Sri Lanka bombing toll rises to 359\n\n"
        "COLOMBO (ONA) - The number of people killed in the bombings has risen to 359, police "
        "said on Wednesday, as investigators hunted for suspects.\n\n"
        "Police said about 500 people had been wounded in the attacks on churches and hotels.\n"
    )
    found = clean_text(page)
    assert found.published == "2019-04-24"
    assert "UPDATED" not in found.text


@pytest.mark.parametrize(
    ("text", "order"),
    [
        # prose writes the month first, the dateline's country dates numbers day-first
        (
            "QUETTA: 08/06/2021 | Print edition\n\nQUETTA: Gunmen struck on Monday.\n\n"
            "The last attack came on August 8, 2016.",
            "dmy",
        ),
        ("KATSINA, Nigeria (MWR) — Schools closed on 08/06/2021.", "dmy"),
        ("WASHINGTON (AP) — The hearing set for 08/06/2021 was moved.", "mdy"),
        ("MANILA, Philippines — Talks resume on 08/06/2021.", "mdy"),
        # a dateline the dictionary does not know, or none, is no cue
        ("SMALLTOWNVILLE: The fair on 08/06/2021 drew crowds.", ""),
        ("Gunmen struck on 08/06/2021.", ""),
    ],
)
def test_ingest_dates_dateline_country_orders_numeric_dates(text, order):
    assert date_order(text) == order


@pytest.mark.parametrize(
    ("footer", "published"),
    [
        ("© 2024 Lagos Ledger. All rights reserved.", "2024-06-03"),
        ("Copyright 2010-2024 Lagos Ledger", "2024-06-03"),
        ("", ""),  # no year anywhere: the day is not dated
        ("© 2023 Lagos Ledger | Archive © 2024", ""),  # two years: no guess
    ],
)
def test_a_wire_dateline_day_takes_the_page_s_one_copyright_year(tmp_path, footer, published):
    page = tmp_path / "page.txt"
    page.write_text(
        "Lagos Ledger\n\nGunmen kill six in Ikorodu raid\n\n"
        "LAGOS, June 3 (LL) — Gunmen killed six people in a raid on a market in Ikorodu on "
        "Monday, police said.\n\nThe police said two suspects had been arrested.\n\n" + footer,
        encoding="utf-8",
    )
    assert read_article(page).published == published
