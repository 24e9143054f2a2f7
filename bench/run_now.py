#!/usr/bin/env python3
"""Runs work now on a running hub and waits for it: POST the admin endpoint (it answers 202 with the job's address),
then follow GET /api/runs/{id} every 5 ms until the job ended. Prints the wall time in seconds, from the POST to the
end seen (so at most 5 ms late); with --out FILE, writes the job's result (the run report of a cycle) there.

  run_now.py http://127.0.0.1:8080/api/cycle TOKEN [--out cycle.json]
"""
import json
import sys
import time
import urllib.parse
import urllib.request


def main():
    url, token = sys.argv[1], sys.argv[2]
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else None
    auth = {"Authorization": "Bearer " + token}
    t0 = time.monotonic()
    with urllib.request.urlopen(urllib.request.Request(url, data=b"", method="POST", headers=auth)) as r:
        if r.status != 202:
            sys.exit("expected 202 from %s, got %d" % (url, r.status))
        where = urllib.parse.urljoin(url, r.headers["Location"])
    while True:
        with urllib.request.urlopen(urllib.request.Request(where, headers=auth)) as r:
            job = json.load(r)
        if job["status"] != "running":
            break
        time.sleep(0.005)
    wall = time.monotonic() - t0
    if job["status"] != "done":
        sys.exit("%s %s: %s" % (job["kind"], job["status"], job.get("error")))
    if out:
        with open(out, "w") as f:
            json.dump(job["result"], f)
    print("%.3f" % wall)


if __name__ == "__main__":
    main()
