#!/usr/bin/env python3
"""Latency from a record change to its record-change notification, with the window at 0.

Starts `flowgate serve --demo --record-change-delay 0` on a fresh SQLite file (or --database URL), a
receiver on loopback that answers the subscription handshake and times each notification, subscribes to
customers, then creates N customers one after another, each only after the previous one's notification
arrived (an idle machine, as the issue asks). Latency is from sending the POST to the notification's
arrival. Prints p50, p90, p99 and max in milliseconds.

Usage: Benchmarks/record-change-latency.py FLOWGATE_BINARY [--requests N] [--database URL]
"""
import argparse
import json
import os
import queue
import re
import subprocess
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

arrivals = queue.Queue()


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        arrived = time.perf_counter()
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        token = parse_qs(urlparse(self.path).query).get("validationToken")
        answer = token[0].encode() if token else b"ok"
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        if not token:
            for item in json.loads(body)["value"]:
                arrivals.put((arrived, item["resource"].rsplit("/", 1)[-1], item["changeType"]))

    def log_message(self, *args):
        pass


def call(method, url, key, body=None):
    request = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Authorization", f"Bearer {key}")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as response:
        return json.loads(response.read() or b"null")


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--database")
    args = parser.parse_args()

    receiver = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    hook = f"http://127.0.0.1:{receiver.server_address[1]}/hook"

    directory = tempfile.mkdtemp(prefix="flowgate-latency-")
    database = args.database or os.path.join(directory, "flowgate.sqlite")
    gateway = subprocess.Popen(
        [args.binary, "serve", "--demo", "--port", "0", "--database", database, "--secret-key-file", os.path.join(directory, "secret.key"),
         "--record-change-delay", "0", "--log-level", "warning"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        port = key = None
        for line in gateway.stdout:
            if match := re.search(r"listening on http://[^:]+:(\d+)", line):
                port = match.group(1)
            if match := re.search(r"admin\s+ADMIN\s+(\S+)", line):
                key = match.group(1)
            if port and key:
                break
        api = f"http://127.0.0.1:{port}/api/v1"
        company = call("GET", f"{api}/companies/CRONUS", key)["id"]
        call("POST", f"{api}/subscriptions", key, {"notificationUrl": hook, "resource": f"/api/v1/companies/{company}/customers"})
        latencies = []
        for index in range(args.requests):
            sent = time.perf_counter()
            created = call("POST", f"{api}/companies/CRONUS/customers", key, {"fields": {"name": f"Latency {index}"}})
            while True:
                arrived, record, change = arrivals.get(timeout=10)
                if record == created["id"] and change == "created":
                    break
            latencies.append((arrived - sent) * 1000)
        warm = latencies[10:] if len(latencies) > 20 else latencies
        print(f"record change -> notification, window 0, {len(warm)} changes (after 10 warm-up), {database if args.database else 'SQLite file'}")
        print("p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms" % tuple(percentile(warm, p) for p in (50, 90, 99, 100)))
    finally:
        gateway.terminate()
        gateway.wait(timeout=30)
        receiver.shutdown()


if __name__ == "__main__":
    main()
