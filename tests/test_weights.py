import numpy as np

from assistant.nlu.phonetic import sound_key
from assistant.nlu.weights import IntentVocabulary, features


def vocabulary() -> IntentVocabulary:
    examples = [
        (0, "驾驶证丢了"),
        (0, "驾照补办"),
        (1, "行驶证丢了"),
        (1, "行驶证补办"),
        (2, "身份证丢了"),
    ]
    keys = [sound_key(t) for _, t in examples]
    owners = np.array([o for o, _ in examples], dtype=np.int64)
    return IntentVocabulary(keys, owners, 3)


def test_features_are_unigrams_and_bigrams() -> None:
    assert features("abc") == {"a", "b", "c", "ab", "bc"}


def test_rare_sounds_weigh_more_than_shared_ones() -> None:
    v = vocabulary()
    assert v.idf[sound_key("行驶")] > v.idf[sound_key("丢了")]


def test_the_informative_word_decides_the_fit() -> None:
    cosine, explained = vocabulary().fit(sound_key("行驶证找不到了"))
    assert int(np.argmax(cosine)) == 1  # 行驶证, not 驾驶证 or 身份证
    assert explained[1] >= explained[0]


def test_unknown_sounds_are_not_explained() -> None:
    _, explained = vocabulary().fit(sound_key("我想买两斤苹果"))
    assert float(explained.max()) < 0.1
    _, explained = vocabulary().fit(sound_key("身份证丢了"))
    assert float(explained[2]) == 1.0
