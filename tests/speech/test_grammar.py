"""Grammar segmentation and word joining (pure functions, a set as the vocabulary)."""

from __future__ import annotations

import pytest

from assistant.speech.grammar import build_grammar, join_words, segment

VOCAB = {"我", "要", "补办", "身份证", "身份", "证", "是", "不是", "不", "ok", "[unk]", "办"}


def known(word: str) -> bool:
    return word in VOCAB


@pytest.mark.parametrize(
    ("phrase", "words", "missing"),
    [
        ("我要补办身份证", ["我", "要", "补办", "身份证"], []),
        ("我要补办身份证。", ["我", "要", "补办", "身份证"], []),
        ("不是", ["不是"], []),
        ("补 办", ["办"], ["补"]),
        ("我要OK", ["我", "要", "ok"], []),
        ("我要换身份证", ["我", "要", "身份证"], ["换"]),
        ("我要1张", ["我", "要"], ["1", "张"]),
    ],
)
def test_segment_greedy_longest_match(phrase: str, words: list[str], missing: list[str]) -> None:
    assert segment(phrase, known) == (words, missing)


def test_build_grammar_keeps_covered_phrases_once_and_reports_the_rest() -> None:
    grammar = build_grammar(["是", "不是", "是", "我要换身份证"], known)
    assert grammar.phrases == ("是", "不是")
    assert grammar.unk_token == "[unk]"
    assert grammar.to_list() == ["是", "不是", "[unk]"]
    assert [(d.phrase, d.missing) for d in grammar.dropped] == [("我要换身份证", ("换",))]
    assert "换" in str(grammar.dropped[0])


def test_build_grammar_without_unknown_token() -> None:
    assert build_grammar(["是"], lambda w: w == "是").to_list() == ["是"]


@pytest.mark.parametrize(
    ("words", "text"),
    [
        (["我", "要", "补办", "身份证"], "我要补办身份证"),
        (["네", "아니요"], "네 아니요"),
        (["我", "要", "ok", "吗"], "我要 ok 吗"),
        (["hello", "world"], "hello world"),
        ([], ""),
    ],
)
def test_join_words_removes_spaces_only_between_han(words: list[str], text: str) -> None:
    assert join_words(words) == text
