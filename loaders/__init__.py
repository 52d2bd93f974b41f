"""loaders: article text to typed claims, without a database.

Public API (the rest is internal to the stages):

    EXTRACTOR           the extractor name and version written into every claim
"""

from __future__ import annotations

from kg.claims import Extractor

# Bump the version whenever extraction behaviour changes (STYLE.md N9); every claim carries it.
EXTRACTOR = Extractor(name="rules", version="1")

__all__ = ["EXTRACTOR"]
