#!/usr/bin/python3
"""Where a process's CPU went, by component: reads `perf script` output of a JVM run recorded with call stacks
(-XX:+PreserveFramePointer, and -XX:+DumpPerfMapAtExit for the names of compiled methods).

Each sample goes to one owner:
- the JIT compiler and the VM thread (the serial collector runs there) by thread name;
- for every other thread, the innermost frame that belongs to a known component (the hub's packages, H2, Camel,
  the parsers...), searching from the top of the stack; a JDK method (String, regex, SHA-256...) counts for the
  component that called it;
- an interpreted frame met first counts as "interpreted": perf cannot name the method an interpreter frame runs.

Usage: cpu_by_component.py PERF_SCRIPT_OUTPUT [SAMPLE_HZ]   (prints share, CPU seconds, owner)
"""
import collections
import re
import sys

COMPONENTS = [
    ('hub: store', 'org.practicehub.store.'), ('hub: matching', 'org.practicehub.matching.'),
    ('hub: mapping', 'org.practicehub.mapping.'), ('hub: source', 'org.practicehub.source.'),
    ('hub: publish', 'org.practicehub.publish.'), ('hub: other', 'org.practicehub.'),
    ('H2', 'org.h2.'), ('HikariCP', 'com.zaxxer.'), ('Jackson', 'com.fasterxml.'), ('Rome', 'com.rometools.'),
    ('JDOM', 'org.jdom2.'), ('JDK XML parser', 'com.sun.org.apache.'), ('jsoup', 'org.jsoup.'),
    ('Camel', 'org.apache.camel.'), ('JDK HTTP client', 'jdk.internal.net.http.'), ('Flyway', 'org.flywaydb.'),
    ('Log4j', 'org.apache.logging.'), ('Quartz', 'org.quartz.'), ('Vert.x', 'io.vertx.'), ('Netty', 'io.netty.'),
]


def owner(comm, frames):
    if comm.startswith('C1 Compiler') or comm.startswith('C2 Compiler'):
        return 'JIT compiler'
    if comm.startswith('VM Thread') or comm.startswith('GC Thread'):
        return 'GC and VM operations'
    for f in frames:
        sym = re.sub(r'^[0-9a-f]+ ', '', f)
        if sym.startswith('Interpreter'):
            return 'interpreted (method unknown to perf)'
        name = sym.split('(')[0]
        for label, prefix in COMPONENTS:
            if prefix in name:
                return label
    if frames and '[kernel.kallsyms]' in frames[0]:
        return 'kernel, no owner in the stack'
    return 'JVM and JDK, no owner in the stack'


def main():
    hz = float(sys.argv[2]) if len(sys.argv) > 2 else 499
    counts = collections.Counter()
    for block in open(sys.argv[1], errors='replace').read().split('\n\n'):
        lines = block.strip().split('\n')
        if len(lines) < 2:
            continue
        head = re.match(r'(.+?)\s+\d+\s', lines[0])
        if not head:
            continue
        counts[owner(head.group(1).strip(), [l.strip() for l in lines[1:]])] += 1
    n = sum(counts.values())
    print('%d samples, about %.1f s of CPU' % (n, n / hz))
    for k, v in counts.most_common():
        print('%5.1f%%  %5.2f s  %s' % (100 * v / n, v / hz, k))


if __name__ == '__main__':
    main()
