#!/usr/bin/python3
"""How the hub deduplicated gen_feeds.py's workload: reads the depository a run published and the
workload's manifest.json, and prints precision and recall of the merged record pairs (two items of one
story are a true pair; the workload's 1,000 repeated stories give 1,000 of them).
Usage: bench/ingest_quality.py DEPOSITORY_DIR MANIFEST_JSON"""
import itertools
import json
import pathlib
import sys

depository, manifest = pathlib.Path(sys.argv[1]), json.load(open(sys.argv[2]))
story = {guid: sid for items in manifest["items"].values() for guid, sid in items}
gold = {frozenset((p["orig_guid"], p["copy_guid"])) for p in manifest["pairs"]}
merged, practices = set(), 0
for f in (depository / "practices").glob("*.json"):
    doc = json.loads(f.read_text(encoding="utf-8"))
    if "sources" not in doc:          # tombstones and redirect records
        continue
    practices += 1
    guids = [s["recordId"] for s in doc["sources"]]
    merged.update(frozenset(p) for p in itertools.combinations(guids, 2))
true = len(merged & gold)
precision = true / len(merged) if merged else 1.0
recall = true / len(gold) if gold else 1.0
wrong = [sorted(p) for p in merged - gold][:3]
print(f"dedup on the workload: {practices} practices from {len(story)} items; merged pairs {len(merged)}, "
      f"correct {true} of {len(gold)}: precision {precision:.4f}, recall {recall:.4f}"
      + (f"; e.g. wrongly merged {wrong}" if wrong else ""))
