#!/usr/bin/env python3
"""An HTTP relay in front of `leakwatch serve`, for check --remote's tests.

Usage: relay.py PORT_FILE UPSTREAM MODE [DIR]

Listens on a free loopback port (written to PORT_FILE once listening) and
relays every request to UPSTREAM (http://127.0.0.1:PORT). MODE:
  record  keeps every request's body in DIR (one file a request), to search
          them for what the operator must never see
  flip    changes one hex digit of every /v1/evaluate answer's first proof
          (a low byte of its scalar c: still a scalar, no longer the proof)
  flip-element  the same in the first evaluated element (no longer a
          valid element, most of the time)
  cut     sends half of every /v1/evaluate answer, then closes: the server
          dying mid-answer
"""
import http.client
import os
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

PORT_FILE, UPSTREAM, MODE = sys.argv[1], urlsplit(sys.argv[2]), sys.argv[3]
DIR = sys.argv[4] if len(sys.argv) > 4 else None
count = 0


def flipped(body, field):
    """One hex digit of the first string of the array `field` changed: the
    JSON still parses, the proof can no longer hold."""
    text = bytearray(body)
    at = re.search(rb'"' + field + rb'"\s*:\s*\[\s*"', body).end() + 10
    text[at] = ord('0') if text[at] != ord('0') else ord('1')
    return bytes(text)


class Relay(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def relay(self):
        global count
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length) if length else b""
        if MODE == "record" and DIR:
            count += 1
            with open(os.path.join(DIR, "request-%05d" % count), "wb") as f:
                f.write(self.requestline.encode() + b"\n" + body)
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("connection", "host", "content-length")}
        upstream = http.client.HTTPConnection(UPSTREAM.hostname, UPSTREAM.port, timeout=60)
        upstream.request(self.command, self.path, body=body or None, headers=headers)
        answer = upstream.getresponse()
        data = answer.read()
        if self.path.startswith("/v1/evaluate") and answer.status == 200:
            if MODE == "flip":
                data = flipped(data, b"proofs")
            elif MODE == "flip-element":
                data = flipped(data, b"evaluated_elements")
            elif MODE == "cut":
                self.send_response(answer.status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data[: len(data) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
        self.send_response(answer.status)
        for name, value in answer.getheaders():
            if name.lower() not in ("connection", "content-length", "transfer-encoding", "date", "server"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = relay
    do_POST = relay


server = ThreadingHTTPServer(("127.0.0.1", 0), Relay)
with open(PORT_FILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(PORT_FILE + ".tmp", PORT_FILE)
server.serve_forever()
