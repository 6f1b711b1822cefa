#!/usr/bin/env python3
"""Verifies one captured webhook delivery with the Standard Webhooks reference library.

Reads {"secret": "whsec_...", "headers": {...}, "body": "..."} on stdin; exits 0 and prints
the verified payload's type when the signature is valid, exits 1 with the library's error otherwise.
"""
import json
import sys

from standardwebhooks.webhooks import Webhook

capture = json.load(sys.stdin)
try:
    payload = Webhook(capture["secret"]).verify(capture["body"], capture["headers"])
except Exception as error:  # the library raises WebhookVerificationError and friends
    print(f"verification failed: {error!r}", file=sys.stderr)
    sys.exit(1)
print(payload.get("type", ""))
