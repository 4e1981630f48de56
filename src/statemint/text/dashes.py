"""The dash characters, in one place.

A dash before a name signs a quotation ("“…” ― Sonya Herridge", "“…” — Michelle Marks"), a long dash
introduces one as a colon does ("he said — “…”"), and a dash joins a headline to its speaker's name.
U+2015 HORIZONTAL BAR is Unicode's quotation dash, made for that signature; the hyphen-minus and "--"
stand in for dashes in plain text.
"""

from __future__ import annotations

#: every dash character: hyphen-minus, hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar
DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2015"
#: a dash as a token: any dash character, or the two hyphens that stand for one
DASHES = frozenset(DASH_CHARS) | {"--"}
#: the dash characters that cannot be a word's hyphen: figure dash, en dash, em dash, horizontal bar
LONG_DASH_CHARS = "\u2012\u2013\u2014\u2015"
#: a long dash as a token, or the two hyphens that stand for one
LONG_DASHES = frozenset(LONG_DASH_CHARS) | {"--"}
