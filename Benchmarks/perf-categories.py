#!/usr/bin/env python3
"""Sorts perf samples of the gateway into coarse buckets (run by hand, after profile-phase.sh).

    perf script -i OUT.data -F comm,ip,sym,dso | swift demangle --simplified > OUT.script
    python3 Benchmarks/perf-categories.py OUT.script

A sample goes to the first bucket, in the order below, that any frame of its stack matches, so malloc
under JSONEncoder counts as JSON encoding. Stacks are walked by frame pointers, which libsqlite3 and
libc omit, so what runs inside them is credited to them, not to the Swift code that called them.
"""
import collections
import sys

RULES = [
    ("JSON encode (JSONEncoder)", lambda f: "JSONEncoder" in f or "JSONWriter" in f),
    ("JSON decode (JSONDecoder)", lambda f: "JSONDecoder" in f or "JSONScanner" in f or "JSONMap" in f),
    ("JSONSerialization", lambda f: "JSONSerialization" in f),
    ("SQLite file I/O syscalls (pwrite/pread/fsync)", lambda f: "pwrite" in f or "pread" in f or "fsync" in f or "fdatasync" in f),
    ("SQLite engine (libsqlite3)", lambda f: "libsqlite3" in f),
    ("GRDB (rows, statements, authorizer)", lambda f: "GRDB" in f or "StatementAuthorizer" in f or "DatabaseValue" in f or "Row." in f or "Statement" in f),
    ("libcurl (webhooks out)", lambda f: "libcurl" in f or "Curl" in f),
    ("webhook signing (OpenSSL)", lambda f: "libcrypto" in f or "StandardWebhooks" in f),
    ("API key hash (String(format:))", lambda f: "APIKeySecret.hash" in f),
    ("UUID parsing (sscanf)", lambda f: "sscanf" in f),
    ("thread wake/sleep (futex, scheduler)", lambda f: "futex" in f or "finish_task_switch" in f or "__schedule" in f or "_raw_spin_unlock_irqrestore" in f),
    ("network syscalls (loopback TCP, epoll)", lambda f: any(k in f for k in ("tcp_", "epoll", "sock_", "sendmsg", "recvmsg", "__x64_sys_write", "__x64_sys_read", "writev", "readv"))),
    ("NIO / Hummingbird HTTP", lambda f: any(k in f for k in ("NIO", "Hummingbird", "HTTP", "ByteBuffer", "Channel", "Router"))),
    ("workflow engine (FlowGateCore)", lambda f: "WorkflowEngine" in f),
    ("other async Swift code (ARC, malloc, app code)", lambda f: "swift_job" in f or "swift_task" in f or "libdispatch" in f or "swift_Concurrency" in f),
]


def main(path):
    counts = collections.Counter()
    total = 0
    frames = []

    def flush():
        nonlocal total
        if not frames:
            return
        total += 1
        for name, rule in RULES:
            if any(rule(frame) for frame in frames):
                counts[name] += 1
                return
        leaf = frames[0]
        dso = leaf[leaf.rfind("(") + 1:-1].split("/")[-1] if "(" in leaf else "?"
        counts["other, in " + dso] += 1

    with open(path) as lines:
        for line in lines:
            if not line.startswith("\t"):
                flush()
                frames.clear()
            elif line.strip():
                frames.append(line.strip())
    flush()
    for name, count in counts.most_common():
        print(f"{100 * count / total:5.1f}%  {name}")
    print(f"{total} samples")


if __name__ == "__main__":
    main(sys.argv[1])
