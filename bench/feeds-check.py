#!/usr/bin/python3
"""Reads a running hub's Atom feeds with feedparser (Debian's python3-feedparser), as a feed reader would, and checks
that every entry has a clickable link for a person: the practices' feed (/feeds/practices.atom, and the same with the
filters given) links each entry to its member page /practices/<id> over http(s), as text/html; the editions' feed
(/feeds/updates.atom) links each edition to its HTML page. The first links of each feed are opened too: they must
answer 200 with an HTML page, not the API's JSON.

    /usr/bin/python3 bench/feeds-check.py http://127.0.0.1:8080 [query ...]

Prints one JSON line per feed; exits 0 when every check held, 1 otherwise (the reasons on stderr), 2 on bad usage.
"""
import json
import re
import sys
import urllib.request

import feedparser

PRACTICE = re.compile(r"^https?://[^/]+(/[^?#]*)?/practices/ph-[0-9a-f]{16}$")
OPENED = 3  # links opened per feed: enough to prove them, few enough to stay quick


def html_link(entry):
    """The entry's link for a person: feedparser's entry.link is the first alternate; its type must be HTML."""
    for l in entry.get("links", []):
        if l.get("rel") == "alternate" and l.get("type") == "text/html":
            return l.get("href")
    return None


def opens_as_html(url):
    if not re.match(r"^https?://", url):
        return False
    req = urllib.request.Request(url, headers={"Accept": "text/html"})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status == 200 and r.headers.get("Content-Type", "").startswith("text/html")
    except OSError as e:
        print("%s: %s" % (url, e), file=sys.stderr)
        return False


def check(url, practices):
    problems = []
    d = feedparser.parse(url)
    status = getattr(d, "status", None)
    if status != 200:
        return {"feed": url, "status": status, "entries": 0}, ["%s answered %s" % (url, status)]
    if d.bozo:
        problems.append("%s is not well-formed: %s" % (url, d.bozo_exception))
    for i, e in enumerate(d.entries):
        first = e.get("link")
        page = html_link(e)
        if not first or not re.match(r"^https?://", first):
            problems.append("%s entry %d (%s) has no http(s) link" % (url, i, e.get("id")))
        elif page != first:
            problems.append("%s entry %d: its first link %s is not its text/html page %s" % (url, i, first, page))
        elif practices and not PRACTICE.match(first):
            problems.append("%s entry %d: link %s is not a member page /practices/<id>" % (url, i, first))
    for e in d.entries[:OPENED]:
        if e.get("link") and not opens_as_html(e.link):
            problems.append("%s: %s does not open as an HTML page" % (url, e.link))
    return {"feed": url, "status": status, "entries": len(d.entries), "bozo": bool(d.bozo)}, problems


def main(argv):
    if len(argv) < 2 or not re.match(r"^https?://", argv[1]):
        print(__doc__, file=sys.stderr)
        return 2
    base = argv[1].rstrip("/")
    feeds = [(base + "/feeds/practices.atom", True), (base + "/feeds/updates.atom", False)]
    feeds += [(base + "/feeds/practices.atom?" + q, True) for q in argv[2:]]
    failed = False
    for url, practices in feeds:
        summary, problems = check(url, practices)
        print(json.dumps(summary))
        for p in problems:
            print(p, file=sys.stderr)
        failed |= bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
