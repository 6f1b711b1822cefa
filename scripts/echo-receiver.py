#!/usr/bin/env python3
"""A webhook receiver for trying FlowGate by hand: answers every POST with 200 and prints it.

A POST with ?validationToken=... (the record-change subscription handshake) is answered with the token as
plain text, as Business Central API webhook subscribers must. Usage: python3 scripts/echo-receiver.py [PORT]
"""
import sys
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlparse


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        token = parse_qs(urlparse(self.path).query).get("validationToken")
        answer = token[0].encode() if token else b"ok"
        if token:
            print(f"handshake: echoing {token[0]}", flush=True)
        else:
            print(f"{self.headers.get('webhook-id')} {body.decode(errors='replace')}", flush=True)
        self.send_response(200)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 9000
    HTTPServer(("127.0.0.1", port), Receiver).serve_forever()
