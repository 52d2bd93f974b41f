"""The one lemmatiser of every stage: simplemma over its memory-frugal dictionary backend.

simplemma's default backend decodes a language's whole dictionary into a Python ``dict`` the
first time the language is used: about 360 MB for en, sv, de, fr and es together, most of the
extractor's memory. Its ``low_memory`` backend keeps each dictionary as the compressed front-coded
byte stream it ships (46 MB for the five) and decodes one block of 32 entries per lookup. The
data is the same, so the lemmas are identical; lookups are slower, but every word is lemmatised
once per article (``loaders.arguments``) or once per run (``Gazetteer.memo``) and simplemma
caches its own answers, so extraction is not slower (the dictionaries also load faster).

    >>> lemmatize("Rysslands", "sv")
    'Ryssland'
"""

from __future__ import annotations

import simplemma

__all__ = ["lemmatize"]


def lemmatize(word: str, lang: str) -> str:
    """Return simplemma's lemma of ``word`` in ``lang`` (case kept as simplemma returns it)."""
    return simplemma.lemmatize(word, lang=lang, low_memory=True)
