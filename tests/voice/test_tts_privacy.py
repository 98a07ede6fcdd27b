"""Spoken personal data never outlives the session: not on disk, not in the next session."""

from __future__ import annotations

from pathlib import Path

from assistant.dialog.actions import Say
from assistant.speech.tts import Synthesizer, TtsCache
from assistant.voice.io import Speaker


def test_cache_keeps_personal_renderings_in_memory_for_the_session_only(tmp_path: Path) -> None:
    cache = TtsCache(tmp_path)
    cache.put("fixed", b"RIFF-fixed")
    cache.put("personal", b"RIFF-personal", persist=False)
    assert cache.get("personal") == b"RIFF-personal"
    on_disk = sorted(p.name for p in tmp_path.rglob("*.wav"))
    assert on_disk == ["fixed.wav"]
    cache.forget_session()
    assert cache.get("personal") is None
    assert cache.get("fixed") == b"RIFF-fixed"


def test_speaker_writes_only_fixed_prompts_to_disk(tmp_path: Path) -> None:
    speaker = Speaker(Synthesizer(cache_dir=tmp_path))
    speaker.prerender(["请把身份证放在读卡区。"])
    fixed_files = set(tmp_path.rglob("*.wav"))
    assert len(fixed_files) == 1
    speaker.render(Say("已读取王秀英的身份证。"))
    assert set(tmp_path.rglob("*.wav")) == fixed_files  # the name never reaches the disk
    speaker.render(Say("请把身份证放在读卡区。"))
    assert speaker.cache_hits == 1
    speaker.end_session()
    assert speaker.synth.cache is not None
    assert speaker.synth.cache._session == {}
