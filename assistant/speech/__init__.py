"""Speech path: recognition (vosk), synthesis (pyttsx3), text made speakable.

- :mod:`assistant.speech.models` finds, installs and loads vosk models (with private
  endpointing overrides).
- :mod:`assistant.speech.grammar` turns phrases into a restricted vosk grammar.
- :mod:`assistant.speech.asr` streams PCM into a recogniser and returns results.
- :mod:`assistant.speech.tts` renders prompts to WAV bytes, with a cache.
- :mod:`assistant.speech.speakable` rewrites amounts, times, numbers for listening.

``vosk`` and ``pyttsx3`` are imported lazily, so importing this package is cheap.
"""
