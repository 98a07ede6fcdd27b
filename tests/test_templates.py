import pytest

from assistant.nlu.templates import MAX_EXPANSIONS, TemplateError, expand


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("身份证丢了", ["身份证丢了"]),
        ("身份证(到期|过期)了", ["身份证到期了", "身份证过期了"]),
        ("[我]要换证", ["我要换证", "要换证"]),
        ("(换|补)[一张]身份证", ["换一张身份证", "换身份证", "补一张身份证", "补身份证"]),
        ("a(b|[c]d)", ["ab", "acd", "ad"]),
        ("甲|乙", ["甲", "乙"]),
        ("（全角括号）不是语法", ["（全角括号）不是语法"]),
        ("[好]", ["好"]),
    ],
)
def test_expand(template: str, expected: list[str]) -> None:
    assert expand(template) == expected


def test_expand_removes_duplicates_and_blanks() -> None:
    assert expand("(好|好)") == ["好"]
    assert expand("( |好)") == ["好"]


@pytest.mark.parametrize(
    ("template", "message", "col"),
    [
        ("身份证(丢了", "'(' is never closed", 4),
        ("身份证丢了)", "unmatched ')'", 6),
        ("[我要", "'[' is never closed", 1),
        ("我(要]", "unmatched ']'", 4),
    ],
)
def test_expand_errors_point_at_the_bracket(template: str, message: str, col: int) -> None:
    with pytest.raises(TemplateError) as info:
        expand(template)
    assert info.value.message == message
    assert info.value.col == col


def test_expand_refuses_explosions() -> None:
    template = "(a|b)" * 7  # 128 sentences
    with pytest.raises(TemplateError, match=f"more than {MAX_EXPANSIONS}"):
        expand(template)
    assert len(expand("(a|b)" * 6)) == 64
