"""No article can crash or stall extraction: bounded rules, and a guard around each article.

The texts are the ones that crashed (RecursionError in the discourse resolver) or looped
forever (head-climbing loops that compared spaCy Token objects by identity) on real news.
"""

from __future__ import annotations

import time

import pytest
from conftest import poison_rules

import actorgraph.extract as extraction_module
from actorgraph.errors import InputError
from actorgraph.extract import extract, extract_article
from actorgraph.extract.guard import ArticleBudget, ArticleTimeout, failure_reason
from actorgraph.extract.syntax import climb, is_root, same
from actorgraph.model import Article, ArticleExtraction, ExtractionFailure
from actorgraph.pipeline import build

pytestmark = pytest.mark.model

ONCE_FATAL = [
    "Many of them were killed in the attack.",
    "In January, a suicide bomber killed a dozen foreign tourists, most of them German, "
    "in Istanbul's historic Sultanahmet district.",
    "The gunmen shot dozens of villagers, many of them farmers, before fleeing into the forest.",
    "On Friday, Burhan removed Dagalo from the council and appointed Malik Agar, a former rebel "
    "leader who already sat on the council, as his deputy.\n\n"
    '"Will they listen?" \u2014 a teacher in Omdurman, speaking by phone',
    "A spokesman for the group said the attack was retaliation.",
    "Joan, the contras carried out attacks and killed five civilians.",
    "The use of drones aligned with Obama's ambition to keep up the war against al Qaeda.",
    "Niger: Civilians trapped as fighting rages in Tillaberi.\n\n"
    "Gunmen killed 12 soldiers near Tillaberi on Monday, officials said.",
    "Sudan: Families trapped as fighting rages in Omdurman.\n\n"
    "The army said it had retaken parts of the city on Tuesday.",
]


@pytest.mark.parametrize("text", ONCE_FATAL, ids=lambda t: t[:30])
def test_texts_that_once_crashed_or_hung_now_extract(nlp, text):
    started = time.perf_counter()
    outcome = extract_article(
        Article("t.txt", text, published="2023-05-02"), nlp, article_timeout=None
    )
    assert isinstance(outcome, ArticleExtraction)
    assert time.perf_counter() - started < 10


def test_sudan_headline_text_still_finds_its_places(nlp):
    outcome = extract_article(Article("t.txt", ONCE_FATAL[-1], published="2023-05-02"), nlp)
    assert any(e.label == "Omdurman" for e in outcome.entities.values())


def test_climb_stops_at_the_root_of_any_sentence(nlp):
    doc = nlp("Niger: Civilians trapped as fighting rages in Tillaberi.")
    for token in doc:
        chain = list(climb(token))
        assert is_root(chain[-1])
        assert len(chain) <= len(doc)
    assert same(doc[0], doc[0]) and not same(doc[0], doc[1])


def test_a_rule_that_raises_fails_its_article_only(nlp, monkeypatch):
    poison_rules(monkeypatch, RecursionError("maximum recursion depth exceeded"))
    articles = [
        Article(f"a{i}.txt", text, published="2023-01-31")
        for i, text in enumerate(
            [
                "Gunmen attacked a bank in Kano on Monday.",
                "The poison pill.",
                "Police arrested two men in Lagos.",
            ]
        )
    ]
    outcomes = list(extract(articles, nlp))
    assert [o.article.source for o in outcomes] == ["a0.txt", "a1.txt", "a2.txt"]
    assert isinstance(outcomes[1], ExtractionFailure) and outcomes[1].kind == "error"
    assert "RecursionError" in outcomes[1].reason and "brittle" in outcomes[1].reason
    assert isinstance(outcomes[0], ArticleExtraction) and isinstance(outcomes[2], ArticleExtraction)


def test_a_rule_that_never_ends_times_out_and_the_next_article_is_read(nlp, monkeypatch):
    real = extraction_module.read_article

    def endless(article, units):
        while "forever" in article.text:
            pass
        return real(article, units)

    monkeypatch.setattr(extraction_module, "read_article", endless)
    articles = [
        Article("slow.txt", "This goes on forever."),
        Article("ok.txt", "Rebels seized Goma."),
    ]
    started = time.perf_counter()
    outcomes = list(extract(articles, nlp, article_timeout=0.5))
    assert time.perf_counter() - started < 10
    assert isinstance(outcomes[0], ExtractionFailure) and outcomes[0].kind == "timeout"
    assert "--article-timeout" in outcomes[0].reason
    assert isinstance(outcomes[1], ArticleExtraction)


def test_a_parser_failure_is_pinned_on_its_article(nlp, monkeypatch):
    """nlp.pipe parses a batch of many articles' lines before yielding any; when it raises, the
    articles are parsed one by one and only the one holding the fault fails."""
    real_pipe = nlp.pipe

    def pipe(items, **kwargs):
        if not kwargs.get("as_tuples"):  # spaCy's own as_tuples path calls pipe again without it
            yield from real_pipe(items, **kwargs)
            return
        batch = list(real_pipe(items, **kwargs))  # like spaCy: a whole batch before any Doc
        if any("detonator" in doc.text for doc, _ in batch):
            raise ValueError("parser broke")
        yield from batch

    monkeypatch.setattr(nlp, "pipe", pipe)
    texts = [
        "Troops entered Kidal.",
        "A detonator line.",
        "Talks resumed in Doha.",
        "Rebels left Goma.",
    ]
    outcomes = list(extract([Article(f"{i}.txt", t) for i, t in enumerate(texts)], nlp))
    kinds = [type(o).__name__ for o in outcomes]
    assert kinds == [
        "ArticleExtraction",
        "ExtractionFailure",
        "ArticleExtraction",
        "ArticleExtraction",
    ]
    assert "parser broke" in outcomes[1].reason


def test_workers_report_failures_in_order(nlp, monkeypatch):
    poison_rules(monkeypatch, KeyError("lexicon"))
    texts = ["Rebels seized Goma on Monday."] * 5 + ["poison"] + ["Talks resumed in Doha."] * 5
    outcomes = list(
        extract([Article(f"{i}.txt", t) for i, t in enumerate(texts)], nlp, n_process=2)
    )
    assert [o.article.source for o in outcomes] == [f"{i}.txt" for i in range(11)]
    assert [i for i, o in enumerate(outcomes) if isinstance(o, ExtractionFailure)] == [5]


def test_budget_gives_sigalrm_back_and_names_the_limit():
    import signal

    before = signal.getsignal(signal.SIGALRM)
    budget = ArticleBudget(5)
    budget.start()
    budget.stop()
    assert signal.getsignal(signal.SIGALRM) == before
    assert "5 s" in failure_reason(ArticleTimeout(), budget)
    assert ArticleBudget(0).seconds is None


def _corpus(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Gunmen killed 12 soldiers in an attack on an army post near Mogadishu on Monday, "
        "officials said.\n\nThe army said it had sent reinforcements to the area.\n",
        encoding="utf-8",
    )
    (folder / "bad.txt").write_text(
        "The poison paragraph is long enough to be an article.\n\n"
        "A second paragraph follows it here.\n",
        encoding="utf-8",
    )
    return folder


def test_build_skips_a_failing_article_and_writes_every_export(nlp, monkeypatch, tmp_path):
    poison_rules(monkeypatch, RecursionError("deep"))
    report = build([_corpus(tmp_path)], tmp_path / "out", use_cache=False)
    assert [source.rsplit("/", 1)[-1] for source, _ in report.failed] == ["bad.txt"]
    assert report.articles == 1
    assert (tmp_path / "out" / "graph.graphml").stat().st_size > 0
    assert any(d.get("label") == "Mogadishu" for _, d in report.graph.nodes(data=True))


def test_strict_build_fails_on_a_failing_article_and_writes_nothing(nlp, monkeypatch, tmp_path):
    poison_rules(monkeypatch, RecursionError("deep"))
    with pytest.raises(InputError, match="bad.txt"):
        build([_corpus(tmp_path)], tmp_path / "out", use_cache=False, strict=True)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_library_callers_get_bounded_work_and_exact_offsets(nlp):
    """What ingest guards against, extract() survives on its own: lone surrogates, a 'sentence'
    of thousands of triggers, dates at the calendar's edge, and evidence with stray spaces."""
    outcomes = list(
        extract(
            [
                Article("s.txt", "Gunmen attacked \ud800 a post in Kabul."),
                Article("long.txt", "Gunmen " + "killed " * 2800 + "people in Kabul."),
                Article("edge.txt", "On Saturday, yesterday, a week ago.", published="0001-01-01"),
            ],
            nlp,
            article_timeout=20,
        )
    )
    assert all(isinstance(o, ArticleExtraction) for o in outcomes)
    text = "The TTP pledged allegiance to the Afghan Taliban.  \r"
    found = extract_article(Article("o.txt", text), nlp)
    assert found.statements
    assert all(text[s.start : s.end] == s.evidence for s in found.statements)
