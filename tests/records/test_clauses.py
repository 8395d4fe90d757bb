"""Every clause a risk signal cites exists in the named rule text and says what we rely on."""

from __future__ import annotations

import re

import pytest

from assistant.records.rules import Clauses

ARTICLE_START = re.compile(r"^第[一二三四五六七八九十百零]+条", re.M)


def article_text(text: str, article: str) -> str:
    """The article's text up to the next article heading (a regulation file)."""
    match = re.search(rf"^{article}[\s　]", text, re.M)
    assert match, f"{article} not found"
    following = ARTICLE_START.search(text, match.end())
    return text[match.start():following.start() if following else len(text)]


@pytest.mark.unit
@pytest.mark.parametrize("name", sorted(Clauses.all()))
def test_clause_exists_with_keyword(shared_corpus, name):
    ref = Clauses.all()[name]
    path = shared_corpus / ref.source
    text = path.read_text(encoding="utf-8")
    if ref.source.startswith("regulations/"):
        assert f"# {ref.doc_title}" in text, f"{path.name} is not 《{ref.doc_title}》"
        assert ref.keyword in article_text(text, ref.article), f"{ref.label()} lacks 「{ref.keyword}」"
    else:
        assert ref.doc_title in text.splitlines()[0], f"{path.name} is not {ref.doc_title}"
        marker = re.sub(r"^第(\d+)点$", r"\1、", ref.article)
        assert any(marker in line and ref.keyword in line for line in text.splitlines()), \
            f"{ref.source} has no line with 「{marker}」 and 「{ref.keyword}」"


@pytest.mark.unit
def test_classification_bands_cite_the_day_counts(shared_corpus):
    text = (shared_corpus / Clauses.CLASS_SUBSTANDARD.source).read_text(encoding="utf-8")
    for ref, days in ((Clauses.CLASS_SUBSTANDARD, "90"), (Clauses.CLASS_DOUBTFUL, "270"),
                      (Clauses.CLASS_LOSS, "360")):
        assert f"逾期超过{days}天" in article_text(text, ref.article)
