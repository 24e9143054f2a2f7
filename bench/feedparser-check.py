#!/usr/bin/python3
"""Reads an Atom or RSS file with feedparser (Debian's python3-feedparser) and prints, as JSON, whether feedparser
found it ill-formed (bozo, with the reason) and the entries' titles. Used by ControlCharactersTest; by hand:
    /usr/bin/python3 bench/feedparser-check.py data/depository/feed.atom
"""
import json
import sys

import feedparser

d = feedparser.parse(sys.argv[1])
print(json.dumps({
    "bozo": bool(d.bozo),
    "reason": str(d.get("bozo_exception", "")),
    "version": d.version,
    "titles": [e.get("title", "") for e in d.entries],
}))
