#!/usr/bin/python3
"""What score.py does not report of a hub's run on a labelled set: the cross-language pairs merged, and the true pairs
that merges and review pairs find together (a review pair links the two records' practices, as the facilitator would).
Usage: dedup_quality.py SET_DIR DEPOSITORY REVIEW_TSV NETWORKS   (NETWORKS as score.py's --networks: p=net-p,...)"""
import json, os, sys
set_dir, depository, review_tsv, networks = sys.argv[1:5]
sys.path.insert(0, set_dir)
import score  # the set's own scorer: its loader, truth and pair arithmetic
ds = score.Dataset(set_dir).load()
netmap = {name: letter for letter, name in (p.split("=") for p in networks.split(","))}
known = set(ds.records)
labels = score.read_depository(depository, netmap, known)
truth = score.pair_set(ds.truth["records"])
lang = {k: r["language"] for k, r in ds.records.items()}
cross = {p for p in truth if lang[p[0]] != lang[p[1]]}
merged_cross = sum(1 for a, b in cross if labels.get(a, a) == labels.get(b, b))
parent = {}
def find(x):
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
for k in known:
    parent[find(k)] = find(labels.get(k, k))
src = {name: letter for name, letter in netmap.items()}
reviews = 0
for line in open(review_tsv):
    a_src, a_rec, b_src, b_rec, _ = line.rstrip("\n").split("\t")
    a, b = "%s|%s" % (src.get(a_src, a_src), a_rec), "%s|%s" % (src.get(b_src, b_src), b_rec)
    if a in known and b in known:
        reviews += 1
        parent[find(a)] = find(b)
found = sum(1 for a, b in truth if find(a) == find(b))
print("cross-language pairs merged: %d of %d; review pairs: %d; merges and review together find %d of %d true pairs (%.3f)"
      % (merged_cross, len(cross), reviews, found, len(truth), found / len(truth)))
