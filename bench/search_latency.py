#!/usr/bin/env python3
"""Latency of the member search and the read API on a running hub, one keep-alive connection, sequential requests.

Usage: bench/search_latency.py PORT [ROUNDS]
Prints, per workload, the median and 90th percentile in milliseconds. The read API answers a repeated page from its
cache, so its workloads vary the page size (limit=1..100) to reach the filter and the store every time; the member
pages have no cache. Used by bench/search-latency.sh.
"""
import http.client
import statistics
import sys
import time
import urllib.parse

port = int(sys.argv[1])
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
words = ["reintegration", "reintegración", "migrant workers", "recruitment", "diaspora remittances", "skills training",
         "consular", "return programme", "women youth", "labour mobility"]
conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)


def get(path):
    t = time.perf_counter()
    conn.request("GET", path)
    r = conn.getresponse()
    r.read()
    if r.status != 200:
        raise SystemExit(f"{path}: HTTP {r.status}")
    return (time.perf_counter() - t) * 1000


def run(name, paths):
    for p in paths[:20]:
        get(p)  # warm-up
    times = [get(paths[i % len(paths)]) for i in range(rounds)]
    times.sort()
    print(f"{name:34s} median {statistics.median(times):7.2f} ms   p90 {times[int(len(times) * 0.9)]:7.2f} ms")


q = lambda w: urllib.parse.quote(w)
run("page /practices?q=", [f"/practices?q={q(w)}" for w in words])
run("page /practices (no q)", ["/practices"])
run("api /api/practices?q= (limit varied)", [f"/api/practices?q={q(w)}&limit={1 + i % 100}" for i in range(100) for w in words[i % len(words):][:1]])
run("api filter, no q (limit varied)", [f"/api/practices?theme=reintegration&country=PH&limit={1 + i}" for i in range(100)])
run("api list, no filter (limit varied)", [f"/api/practices?limit={1 + i}" for i in range(100)])
