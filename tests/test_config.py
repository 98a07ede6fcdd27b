import pytest

from assistant.config import MatcherConfig
from assistant.errors import ConfigError


def test_defaults_without_environment() -> None:
    assert MatcherConfig.from_env({}) == MatcherConfig()


def test_environment_overrides_a_field() -> None:
    config = MatcherConfig.from_env({"KIOSK_NLU_ACCEPT_AT": "0.8", "OTHER": "x"})
    assert config.accept_at == 0.8
    assert config.reject_below == MatcherConfig().reject_below


@pytest.mark.parametrize("raw", ["high", "-0.1", "3"])
def test_bad_value_says_how_to_fix(raw: str) -> None:
    with pytest.raises(ConfigError) as info:
        MatcherConfig.from_env({"KIOSK_NLU_REJECT_BELOW": raw})
    assert str(info.value) == (
        f"KIOSK_NLU_REJECT_BELOW={raw!r} is not a number between 0 and 2 — "
        f"unset it to use the default {MatcherConfig().reject_below}"
    )
