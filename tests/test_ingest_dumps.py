"""Tests for actorgraph.ingest's input side: news dumps, globs, standard input, streaming memory."""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
import tracemalloc
from pathlib import Path

import pytest

from actorgraph.errors import InputError
from actorgraph.ingest import (
    check_fields,
    count_inputs,
    dumps,
    iter_input_files,
    read_article,
    read_articles,
)
from actorgraph.ingest.clean import CleanResult
from actorgraph.ingest.dates import parse_date_value
from actorgraph.ingest.decode import iter_text_lines
from actorgraph.ingest.dumps import sniff_delimiter
from actorgraph.ingest.files import glob_regex
from actorgraph.ingest.sources import document_id

DATA = Path(__file__).parent / "data" / "ingest"
JSONL = DATA / "dump_news.jsonl"
CSV = DATA / "dump_news.csv"
CP1252_CSV = DATA / "dump_cp1252.csv"
TSV = DATA / "dump_news.tsv"
MAPPED = DATA / "dump_mapped.jsonl"
BODY = (
    "The minister said the talks would resume on Monday after a week-long pause, and both sides"
    " had agreed to the agenda set by the mediators."
)


def collect(paths, **options):
    """Articles and (file name, message) of each skip, read through the public entry point."""
    skipped: list[tuple[str, str]] = []

    def skip(path: Path, error: InputError) -> None:
        skipped.append((str(path), error.message))

    return list(read_articles(paths, skip, **options)), skipped


def write_jsonl(path: Path, records) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- JSON Lines


@pytest.fixture(scope="module")
def jsonl_read():
    return collect([JSONL])


def test_ingest_dumps_jsonl_one_article_per_good_record(jsonl_read):
    articles, _ = jsonl_read
    assert [a.title for a in articles] == [
        "Somali forces end 30-hour siege of Mogadishu's Hayat Hotel; at least 21 dead",
        (
            "Crocus City Hall: Islamic State says it carried out Moscow concert massacre as Putin"
            " points to Ukraine"
        ),
        "Kidnapped Nigerian schoolboys freed as officials dispute Boko Haram claim",
    ]
    assert [a.source for a in articles] == [
        "https://hornledger.example/news/2022/08/21/hayat-hotel-siege",  # no source field: the URL
        "halcyon-2024-0324-crocus",  # the record's own id
        f"{document_id(JSONL)}#6",  # neither: the dump's id and the line
    ]
    # ISO datetime, RFC 2822 and a printed date all become the publication date
    assert [a.published for a in articles] == ["2022-08-21", "2024-03-24", "2020-12-17"]


def test_ingest_dumps_jsonl_bad_records_reported_with_line_numbers(jsonl_read):
    _, skipped = jsonl_read
    assert [path for path, _ in skipped] == [str(JSONL), str(JSONL)]
    (invalid, missing) = (message for _, message in skipped)
    assert invalid.startswith(f"{JSONL}#4: invalid JSON on line 4 (Unterminated string")
    assert missing.startswith(f"{JSONL}#5: the record has no text field (line 5;")


def test_ingest_dumps_jsonl_record_metadata_wins(jsonl_read):
    hayat = jsonl_read[0][0]
    assert (hayat.byline, hayat.publisher, hayat.url) == (
        "Sagal Warfa Ibrahim",
        "Horn Ledger",
        "https://hornledger.example/news/2022/08/21/hayat-hotel-siege",
    )


def test_ingest_dumps_jsonl_text_cleaned_like_a_file(jsonl_read):
    hayat, crocus, kankara = jsonl_read[0]
    for noise in ("Share this article", "WhatsApp", "MOGADISHU -", "Live coverage"):
        assert noise not in hayat.text + crocus.text
    assert hayat.dateline == "Mogadishu"
    assert hayat.text.startswith(hayat.title + "\n\nSomali security forces ended a siege")
    assert "Al-Shabaab, the al-Qaeda affiliate in East Africa, claimed responsibility" in hayat.text
    # the record's text was HTML: it went through the page path, markup gone, paragraphs kept
    assert "<p>" not in kankara.text and "</p>" not in kankara.text
    assert kankara.dateline == "Katsina, Nigeria"
    assert kankara.text.startswith(kankara.title + "\n\nMore than 300 students snatched")
    assert kankara.text.count("\n\n") == 3


def test_ingest_dumps_jsonl_strict_raises_at_the_first_bad_record():
    seen = []
    with pytest.raises(InputError, match=r"#4: invalid JSON on line 4"):
        for article in read_articles([JSONL]):
            seen.append(article)
    assert len(seen) == 2  # the records before the bad line were read


def test_ingest_dumps_jsonl_without_any_text_field_reported_once():
    articles, skipped = collect([MAPPED])
    assert articles == []
    assert len(skipped) == 1
    with pytest.raises(InputError) as info:
        list(read_articles([MAPPED]))
    assert "no record has a text field" in info.value.message
    assert "--field text=" in info.value.hint and "story" in info.value.hint


def test_ingest_dumps_held_back_records_released_once_text_appears(tmp_path):
    path = write_jsonl(
        tmp_path / "late.jsonl",
        [
            {"title": "no text 1"},
            {"title": "no text 2"},
            {"title": "Talks resume", "text": BODY},
            {"title": "no text 3"},
        ],
    )
    articles, skipped = collect([path])
    assert [a.title for a in articles] == ["Talks resume"]
    assert [m.split(":")[0] for _, m in skipped] == [f"{path}#1", f"{path}#2", f"{path}#4"]


@pytest.mark.parametrize(
    "line,reason",
    [
        ("[1, 2, 3]", "is a JSON list, not an object"),
        ('"just a string"', "is a JSON str, not an object"),
        ('{"title": "x", "text": null}', "the text field is empty"),
        ('{"title": "x", "text": "   "}', "the text field is empty"),
        ('{"text": "Home | News | Sport | Weather"}', "no article text left"),
        ('{"text": "<html><body><nav>Home News</nav></body></html>"}', "not an article"),
        ('{"text": "' + "[" * 100000 + '"}', "no article text left"),  # a string, not nesting
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
        ('{"text": "ok" ', "invalid JSON"),
    ],
)
def test_ingest_dumps_jsonl_hostile_records_reported_and_skipped(tmp_path, line, reason):
    path = write_jsonl(
        tmp_path / "bad.jsonl",
        [{"title": "Talks resume", "text": BODY}, line, {"title": "Talks end", "text": BODY}],
    )
    articles, skipped = collect([path])
    assert [a.title for a in articles] == ["Talks resume", "Talks end"]
    assert len(skipped) == 1 and skipped[0][1].startswith(f"{path}#2")
    assert reason in skipped[0][1] and "line 2" in skipped[0][1]


@pytest.mark.parametrize(
    "content,reason",
    [
        (b"", "holds no readable records"),
        (b"\n\n  \n", "holds no readable records"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "binary"),
        (b'[{"text": "a"}, {"text": "b"}]\n', "not JSON Lines"),
        (b"title,text\nA,B\n", "not JSON Lines"),
    ],
)
def test_ingest_dumps_unreadable_jsonl_reported_once(tmp_path, content, reason):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(content)
    articles, skipped = collect([path])
    assert articles == [] and len(skipped) == 1
    assert reason in skipped[0][1] and skipped[0][0] == str(path)


def test_ingest_dumps_json_array_hint_names_jq(tmp_path):
    path = tmp_path / "dump.ndjson"
    path.write_text('[\n  {"text": "x"}\n]\n')
    with pytest.raises(InputError) as info:
        list(read_articles([path]))
    assert "jq -c" in info.value.hint


def test_ingest_dumps_newsapi_shaped_record(tmp_path):
    record = {
        "source": {"id": None, "name": "Meridian Dispatch"},
        "author": "Esther Wanjiku; Nairobi correspondent",
        "title": "Talks resume in Pretoria",
        "url": "https://meridian.example/talks",
        "publishedAt": "2022-10-25T08:00:00Z",
        "content": BODY,
    }
    article = next(
        read_articles(
            [write_jsonl(tmp_path / "api.jsonl", [record])], fields={"date": "publishedAt"}
        )
    )
    assert article.source == "https://meridian.example/talks"
    assert article.publisher == "Meridian Dispatch"
    assert article.byline == "Esther Wanjiku"
    assert article.published == "2022-10-25"


@pytest.mark.parametrize(
    "source,fields,expected_source,expected_publisher",
    [
        ("Reuters", None, "URL", "Reuters"),  # an outlet's name, not a document id
        ("Wire Example", None, "URL", "Wire Example"),
        ("rtrs-20240113-0042", None, "rtrs-20240113-0042", ""),
        ("Reuters", {"source": "source"}, "Reuters", ""),  # mapped explicitly: trusted as the id
    ],
)
def test_ingest_dumps_source_field_is_an_id_or_an_outlet(
    tmp_path, source, fields, expected_source, expected_publisher
):
    record = {"source": source, "url": "https://x.example/a", "title": "Talks resume", "text": BODY}
    article = next(read_articles([write_jsonl(tmp_path / "s.jsonl", [record])], fields=fields))
    url = "https://x.example/a"
    assert article.source == (url if expected_source == "URL" else expected_source)
    assert article.publisher == expected_publisher


def test_ingest_dumps_non_utf8_lines_and_utf16_decoded(tmp_path):
    quoted = "The \u201cna\u00efve\u201d plan would cost \u20ac41.75m, the minister\u2019s aide."
    lines = [
        json.dumps({"title": "Plain ASCII line", "text": BODY}).encode(),
        json.dumps(
            {"title": "Caf\u00e9 talks", "text": f"{quoted} {BODY}"}, ensure_ascii=False
        ).encode("cp1252"),
    ]
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_bytes(b"\n".join(lines) + b"\n")
    articles, skipped = collect([mixed])
    assert skipped == [] and articles[1].title == "Caf\u00e9 talks" and quoted in articles[1].text
    wide = tmp_path / "wide.jsonl"
    wide.write_bytes(
        codecs.BOM_UTF16_LE
        + "\n".join(
            json.dumps({"title": f"Caf\u00e9 talks {i}", "text": BODY}, ensure_ascii=False)
            for i in range(3)
        ).encode("utf-16-le")
    )
    articles, skipped = collect([wide])
    assert skipped == []
    assert [a.title for a in articles] == [f"Caf\u00e9 talks {i}" for i in range(3)]


def test_ingest_dumps_over_long_record_skipped_and_the_rest_read(tmp_path, monkeypatch):
    monkeypatch.setattr(dumps, "MAX_RECORD_BYTES", 2000)
    path = write_jsonl(
        tmp_path / "long.jsonl",
        [
            {"title": "First talks", "text": BODY},
            {"title": "Huge", "text": BODY * 100},
            {"title": "Last talks", "text": BODY},
        ],
    )
    articles, skipped = collect([path])
    assert [a.title for a in articles] == ["First talks", "Last talks"]
    assert len(skipped) == 1 and skipped[0][1].startswith(f"{path}#2: the record is longer than")


# --------------------------------------------------------------------------- CSV and TSV


def test_ingest_dumps_csv_quoted_multiline_text():
    articles, skipped = collect([CSV])
    assert [a.title for a in articles] == [
        "Ethiopia and Tigray's TPLF sign deal to end two years of war",
        "Can Pakistan face down a growing Taliban insurgency?",
    ]
    ethiopia, pakistan = articles
    assert ethiopia.text.count("\n\n") == 3  # title + three quoted paragraphs
    assert "\n\nThe deal was brokered by the African Union (AU)" in ethiopia.text
    assert (ethiopia.published, ethiopia.byline) == ("2022-11-03", "Esther Wanjiku")
    assert (
        ethiopia.source
        == ethiopia.url
        == ("https://meridiandispatch.example/africa/2022/11/03/ethiopia-tplf-deal")
    )
    assert '"The TTP threat to Pakistan is significant, and it is growing," said Madiha Afzal' in (
        pakistan.text
    )
    assert pakistan.source == f"{document_id(CSV)}#3" and pakistan.published == "2023-01-31"
    assert skipped == [(str(CSV), f"{CSV}#2: the text field is empty (row 2, line 7)")]


def test_ingest_dumps_cp1252_csv_with_semicolons():
    (article,), skipped = collect([CP1252_CSV])
    assert skipped == []
    assert article.title == (
        "Colombia and the ELN reach the hardest part of peace talks: agreeing to stop shooting"
    )
    assert "Havana, the capital of Cuba \u2013 on 2 May \u2013 for the third round" in article.text
    assert "\u201cBeltr\u00e1n can sign, but Garc\u00eda has to deliver Arauca.\u201d" in (
        article.text
    )
    assert "Fundaci\u00f3n Ideas para la Paz" in article.text and "\ufffd" not in article.text
    assert (article.published, article.publisher) == ("2023-05-12", "Andes Observer")


def test_ingest_dumps_tsv():
    articles, skipped = collect([TSV])
    assert skipped == []
    assert [(a.source, a.published, a.dateline) for a in articles] == [
        ("ap-2024-05-13-kalat", "2024-05-13", "Quetta, Pakistan"),
        ("gns-2024-11-18-tarmiyah", "2024-11-18", "Baghdad"),
    ]
    kalat = articles[0]
    assert kalat.text.startswith(kalat.title + "\n\nA bomb hidden on a parked motorcycle")


def test_ingest_dumps_csv_without_text_column_reported_once(tmp_path):
    path = tmp_path / "wrong.csv"
    path.write_text("Headline,Story,When\nA,B,C\nD,E,F\n")
    articles, skipped = collect([path])
    assert articles == [] and len(skipped) == 1
    with pytest.raises(InputError) as info:
        list(read_articles([path]))
    assert "no column holds the article text" in info.value.message
    assert "--field text=" in info.value.hint and "'Story'" in info.value.hint


def test_ingest_dumps_csv_field_larger_than_the_csv_default(tmp_path):
    big = " ".join([BODY] * 1500)  # about 200 KB: over csv's 128 KB default field limit
    path = tmp_path / "big.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["title", "text"], ["Long talks", big]])
    (article,), skipped = collect([path])
    assert skipped == [] and len(article.text) > 131072


def test_ingest_dumps_csv_header_only_and_blank_rows(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("title,text\n")
    assert collect([empty])[1] == [(str(empty), f"{empty} holds no readable records")]
    blanks = tmp_path / "blanks.csv"
    blanks.write_text(f'title,text\n\nTalks resume,"{BODY}"\n,\n')
    articles, skipped = collect([blanks])
    assert len(articles) == 1 and skipped == [] and articles[0].source == "blanks.csv#1"


@pytest.mark.parametrize(
    "header,delimiter",
    [
        ("title,text,date", ","),
        ("title;text;date", ";"),
        ("title\ttext\tdate", "\t"),
        ("title|text|date", "|"),
        ('"title, as printed";"text";"date"', ";"),  # a comma inside a quoted name does not count
        ("text", ","),
    ],
)
def test_ingest_dumps_delimiter_sniffed_from_the_header(header, delimiter):
    assert sniff_delimiter(header + "\n") == delimiter


# --------------------------------------------------------------------------- field mapping


def test_ingest_dumps_field_mapping_jsonl():
    fields = {
        "text": "story",
        "title": "headline_text",
        "date": "released",
        "url": "permalink",
        "publisher": "outlet.name",
        "author": "writers",
    }
    (article,), skipped = collect([MAPPED], fields=fields)
    assert skipped == []
    assert article.title == "Jihadists kill four guards, abduct deputy mayor in Niger's Makalondi"
    assert article.published == "2024-03-14"  # Unix seconds
    url = "https://harmattanpost.example/sahel/makalondi-raid"
    assert (article.url, article.source) == (url, url)
    assert article.publisher == "Harmattan Post"
    assert article.byline == "Moussa Abdou, A\u00efcha Diallo"
    assert article.text.count("\n\n") == 3  # the list of paragraphs, one block each
    assert "JNIM" in article.text


def test_ingest_dumps_field_mapping_csv_ignores_case(tmp_path):
    path = tmp_path / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(
            [
                ["Headline", "Article Body", "Published_At", "Site"],
                ["Talks resume in Pretoria", BODY, "25/10/2022", "Meridian"],
            ]
        )
    (article,), _ = collect(
        [path],
        fields={
            "text": "article body",
            "title": "HEADLINE",
            "date": "published_at",
            "publisher": "site",
        },
    )
    assert (article.title, article.published, article.publisher) == (
        "Talks resume in Pretoria",
        "2022-10-25",
        "Meridian",
    )


@pytest.mark.parametrize(
    "fields,message",
    [({"body": "text"}, "unknown field 'body'"), ({"text": " "}, "no column name for 'text'")],
)
def test_ingest_dumps_bad_field_mapping_refused(fields, message):
    with pytest.raises(InputError, match=message) as info:
        check_fields(fields)
    assert "text=" in info.value.hint
    with pytest.raises(InputError, match=message):
        next(read_articles([JSONL], fields=fields))


def test_ingest_dumps_field_synonyms_accepted():
    check_fields({"published": "released", "byline": "writers", "TEXT": "story"})


# --------------------------------------------------------------------------- folders and globs


@pytest.fixture()
def tree(tmp_path):
    """A folder of inputs: pages, texts, drafts, a dump, and files that are not inputs."""
    article = f"Talks to resume after pause\n\n{BODY}"
    names = (
        "news/a.txt",
        "news/b.md",
        "drafts/c.txt",
        "drafts/old/d.txt",
        "world/drafts/e.txt",
        "notes/F.TXT",
    )
    for name in names:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(article)
    (tmp_path / "news/page.html").write_bytes((DATA / "news_page.html").read_bytes())
    (tmp_path / "dumps").mkdir()
    write_jsonl(
        tmp_path / "dumps/wire.jsonl",
        [{"title": "Wire one", "text": BODY}, {"title": "Wire two", "text": BODY}],
    )
    (tmp_path / "news/photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "notes.json").write_text("{}")
    return tmp_path


def relative(root: Path, paths) -> list[str]:
    return [Path(p).relative_to(root).as_posix() for p in paths]


@pytest.mark.parametrize(
    "include,exclude,expected",
    [
        (
            (),
            (),
            [
                "drafts/c.txt",
                "drafts/old/d.txt",
                "dumps/wire.jsonl",
                "news/a.txt",
                "news/b.md",
                "news/page.html",
                "notes/F.TXT",
                "world/drafts/e.txt",
            ],
        ),
        (("*.html",), (), ["news/page.html"]),
        (("*.txt",), ("drafts/**",), ["news/a.txt", "notes/F.TXT", "world/drafts/e.txt"]),
        (("*.txt",), ("drafts",), ["news/a.txt", "notes/F.TXT"]),  # a folder name, at any depth
        (
            (),
            ("**/drafts/**", "*.md"),
            ["dumps/wire.jsonl", "news/a.txt", "news/page.html", "notes/F.TXT"],
        ),
        (
            ("news/*", "*.jsonl"),
            (),
            ["dumps/wire.jsonl", "news/a.txt", "news/b.md", "news/page.html"],
        ),
        (("drafts/*.txt",), (), ["drafts/c.txt"]),  # "*" stays inside one folder
        (("drafts/**/*.txt",), (), ["drafts/c.txt", "drafts/old/d.txt"]),
        (("[dn]*/?.txt",), (), ["drafts/c.txt", "news/a.txt", "notes/F.TXT"]),  # case ignored
    ],
)
def test_ingest_dumps_include_exclude_globs(tree, include, exclude, expected):
    found = list(iter_input_files([tree], include=include, exclude=exclude))
    assert relative(tree, found) == expected
    assert count_inputs([tree], include=include, exclude=exclude) == len(expected)


def test_ingest_dumps_globs_through_read_articles(tree):
    articles, skipped = collect([tree], include=["*.jsonl", "*.html"], exclude=["drafts/**"])
    assert skipped == []
    assert [a.title for a in articles] == [
        "Wire one",
        "Wire two",
        "Flooding forces thousands from homes in Beledweyne",
    ]


def test_ingest_dumps_named_file_read_whatever_the_globs(tree):
    named = tree / "drafts/c.txt"
    assert list(iter_input_files([named], exclude=["drafts/**"], include=["*.html"])) == [named]
    articles, _ = collect([named], exclude=["drafts/**"])
    assert [a.source for a in articles] == ["c.txt"]  # given by itself: its name


def test_ingest_dumps_globs_leaving_nothing_reported(tree):
    with pytest.raises(InputError, match="no article files left after") as info:
        list(iter_input_files([tree], include=["*.pdf"]))
    assert "'*.pdf'" in info.value.message and "drafts/**" in info.value.hint
    articles, skipped = collect([tree], include="*.pdf")  # one pattern as a plain string
    assert articles == [] and skipped[0][0] == str(tree)


def test_ingest_dumps_count_inputs_never_raises(tree, tmp_path):
    missing = tmp_path / "nope"
    assert count_inputs([tree / "news", tree / "news/a.txt", missing, "-"]) == 4  # a.txt once
    assert count_inputs(tree, include=["*.pdf"]) == 0
    assert count_inputs(str(tree / "dumps/wire.jsonl")) == 1


@pytest.mark.parametrize(
    "pattern,path,matches",
    [
        ("*.html", "a.html", True),
        ("*.html", "x/a.html", False),  # whole paths: "*" does not cross folders ...
        ("**/*.html", "x/y/a.html", True),  # ... "**" does
        ("**/*.html", "a.html", True),
        ("drafts/**", "drafts/a/b.txt", True),
        ("drafts/", "drafts", True),
        ("./news/*.md", "news/b.md", True),
        ("*.HTML", "a.html", True),
        ("?.txt", "ab.txt", False),
        ("[!a]*", "b.txt", True),
        ("[!a]*", "a.txt", False),
        ("[]x]*", "]b", True),
        ("a[", "a[", True),
        ("a+b(1).txt", "a+b(1).txt", True),
    ],
)
def test_ingest_dumps_glob_semantics(pattern, path, matches):
    assert bool(glob_regex(pattern).fullmatch(path)) is matches


def test_ingest_dumps_same_dump_given_twice_read_once(tmp_path):
    path = write_jsonl(tmp_path / "d.jsonl", [{"title": "Talks resume", "text": BODY}])
    articles, _ = collect([path, tmp_path, str(path)])
    assert len(articles) == 1


def test_ingest_dumps_read_article_refuses_a_dump():
    with pytest.raises(InputError, match="news dump") as info:
        read_article(JSONL)
    assert "read_articles" in info.value.hint


# --------------------------------------------------------------------------- standard input


def set_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_ingest_dumps_stdin_jsonl(monkeypatch):
    set_stdin(monkeypatch, JSONL.read_bytes())
    articles, skipped = collect(["-"])
    assert [a.source for a in articles][1:] == ["halcyon-2024-0324-crocus", "<stdin>#6"]
    assert [(path, message.split(":")[0]) for path, message in skipped] == [
        ("-", "<stdin>#4"),
        ("-", "<stdin>#5"),
    ]


def test_ingest_dumps_stdin_jsonl_after_bom_and_blank_lines(monkeypatch):
    record = json.dumps({"title": "Talks resume", "text": BODY}).encode()
    data = codecs.BOM_UTF8 + b"\n  \n" + record
    set_stdin(monkeypatch, data)
    (article,), skipped = collect(["-"])
    assert skipped == [] and article.source == "<stdin>#3" and article.title == "Talks resume"


def test_ingest_dumps_stdin_text_is_one_article(monkeypatch):
    set_stdin(monkeypatch, f"Talks to resume after pause\n\n{{braces}} {BODY}".encode())
    (article,), _ = collect(["-"])
    assert article.source == "<stdin>" and article.title == "Talks to resume after pause"


def test_ingest_dumps_stdin_binary_reported(monkeypatch):
    set_stdin(monkeypatch, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    articles, skipped = collect(["-"])
    assert articles == [] and skipped[0][0] == "-" and "binary" in skipped[0][1]


# --------------------------------------------------------------------------- HTML metadata


def test_ingest_dumps_html_page_metadata_through_read_articles():
    (article,), skipped = collect([DATA / "news_page.html"])
    assert skipped == []
    assert article.title == "Flooding forces thousands from homes in Beledweyne"
    assert article.byline == "Amina Yusuf"
    assert article.published == "2023-05-14"
    assert article.publisher == "The Shabelle Courier"  # trafilatura's site name
    assert article.url == "https://shabellecourier.example/news/2023/05/14/beledweyne-floods"
    assert article.source == document_id(DATA / "news_page.html")


# --------------------------------------------------------------------------- streaming and memory

MEMORY_LIMIT = 3 * 1024 * 1024  # bytes: a few MB, whatever the size of the dump


def generate_jsonl(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            record = {
                "title": f"Flood report number {i}",
                "text": f"Officials said {i} people were moved to shelters in the district after"
                " the river burst its banks on Monday.",
                "date": "2023-05-14",
                "url": f"https://floods.example/{i}",
            }
            handle.write(json.dumps(record) + "\n")
    return path


def light_clean(text: str, title: str = "", **_cues: str) -> CleanResult:
    """A stand-in for clean_text that allocates next to nothing."""
    return CleanResult(text=f"{title}\n\n{text}", title=title)


def peak_while_iterating(articles) -> tuple[int, int]:
    """(records seen, peak traced bytes) for iterating without keeping the articles."""
    tracemalloc.start()
    try:
        count = 0
        for _ in articles:
            count += 1
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_ingest_dumps_50000_records_stream_in_bounded_memory(tmp_path, monkeypatch):
    """The stream (decode, lines, JSON, records, Articles) holds one record at a time.

    Cleaning is a pure per-record function tested above and on real pages
    below; a light stand-in keeps 50,000 traced records fast.
    """
    path = generate_jsonl(tmp_path / "big.jsonl", 50_000)
    monkeypatch.setattr(dumps, "clean_text", light_clean)
    next(read_articles([path]))  # warm up imports and caches outside the measurement
    count, peak = peak_while_iterating(read_articles([path]))
    assert count == 50_000
    assert path.stat().st_size > 8 * 1024 * 1024
    assert peak < MEMORY_LIMIT, f"peak {peak / 1e6:.1f} MB"


def test_ingest_dumps_real_cleaning_streams_in_bounded_memory(tmp_path):
    path = generate_jsonl(tmp_path / "real.jsonl", 2_000)
    next(read_articles([path]))
    count, peak = peak_while_iterating(read_articles([path]))
    assert count == 2_000 and peak < MEMORY_LIMIT


def test_ingest_dumps_csv_streams_in_bounded_memory(tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["title", "text"])
        for i in range(10_000):
            writer.writerow([f"Report {i}", f"Officials said {i} people moved.\n\n{BODY}"])
    monkeypatch.setattr(dumps, "clean_text", light_clean)
    next(read_articles([path]))
    count, peak = peak_while_iterating(read_articles([path]))
    assert count == 10_000 and peak < MEMORY_LIMIT


@pytest.mark.parametrize("chunk", [1, 3, 7, 64 * 1024])
def test_ingest_dumps_lines_split_across_chunks(chunk):
    data = "first line\nsecond caf\u00e9 line\r\n\nlast without newline".encode()
    chunks = [data[i : i + chunk] for i in range(0, len(data), chunk)]
    lines = list(iter_text_lines(chunks, source="x", max_line=100))
    assert lines == ["first line\n", "second caf\u00e9 line\r\n", "\n", "last without newline"]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_ingest_dumps_over_long_line_becomes_one_none(encoding):
    text = "short\n" + "x" * 500 + "\nafter\n" + "y" * 500
    data = text.encode(encoding)
    chunks = [data[i : i + 16] for i in range(0, len(data), 16)]
    lines = list(iter_text_lines(chunks, source="x", max_line=100))
    assert lines == ["short\n", None, "after\n", None]


@pytest.mark.parametrize(
    "value,iso",
    [
        ("2023-01-31", "2023-01-31"),
        ("2023-01-31T23:30:00-05:00", "2023-01-31"),  # the outlet's own day, not UTC's
        ("2023-01-31 10:00:00", "2023-01-31"),
        ("2023/1/31", "2023-01-31"),
        ("20230131", "2023-01-31"),
        ("1675159500", "2023-01-31"),
        ("1675159500000", "2023-01-31"),
        ("Tue, 31 Jan 2023 10:05:00 GMT", "2023-01-31"),
        ("January 31, 2023", "2023-01-31"),
        ("31.01.2023", "2023-01-31"),
        ("01/02/2023", "2023"),  # US or UK order: unknown, so only the year
        ("2023-02-30", ""),
        ("March 2024", ""),
        ("yesterday", ""),
        ("99999999999999999", ""),
        ("", ""),
    ],
)
def test_ingest_dumps_record_dates_parsed(value, iso):
    assert parse_date_value(value) == iso


def test_ingest_dumps_expected_articles_counts_files_or_gives_up_on_dumps(tree):
    """The progress bar's expected count: one per article file, none when a dump or standard
    input is among the inputs (their records are not counted before reading)."""
    from actorgraph.ingest import expected_articles

    files = [p for p in tree.rglob("*.txt") if not any(part.startswith(".") for part in p.parts)]
    assert expected_articles(files) == len(files)
    assert expected_articles([*files, "-"]) is None
    dump = tree / "records.jsonl"
    dump.write_text('{"text": "One article."}\n')
    assert expected_articles([files[0], dump]) is None
