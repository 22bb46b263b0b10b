"""Which language a lyric is written in, detected offline with Lingua.

Lingua (lingua-language-detector) ships its models inside the wheel, needs
no network, and is built for short text: a chorus line or a title is often
all there is. Only the languages in LYRICS_LANGUAGES are considered. Their
models take a second or two and a few hundred MB to load, so a worker process
loads them when it starts (``preload``) rather than on its first lyric.
"""

import threading

from django.conf import settings
from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

_detector = None
_lock = threading.Lock()
# Lingua's time grows with the text (about 0.35 ms a line); a lyric's first
# lines tell its language as surely as all of them, so longer text is cut.
SAMPLE_CHARS = 600


def _build_detector(preload):
    languages = [
        Language.from_iso_code_639_1(getattr(IsoCode639_1, code.strip().upper()))
        for code in settings.LYRICS_LANGUAGES
    ]
    builder = LanguageDetectorBuilder.from_languages(*languages)
    if preload:
        builder = builder.with_preloaded_language_models()
    return builder.build()


def detector(preload=False):
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = _build_detector(preload)
    return _detector


def preload():
    """Load every model now (in a worker process, before its first task)."""
    detector(preload=True)


def detect_language(text):
    """ISO 639-1 code ("en", "zh", ...), or "" when there is nothing to tell by."""
    if not text or not any(char.isalpha() for char in text):
        return ""
    language = detector().detect_language_of(text[:SAMPLE_CHARS])
    return language.iso_code_639_1.name.lower() if language else ""
