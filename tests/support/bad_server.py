#!/usr/bin/env python3
"""Servers that misbehave, for the crawler's tests: a slow drip, an endless
body, a gzip bomb. Usage: bad_server.py HOST PORT"""
import gzip, io, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BOMB = gzip.compress(b"\0" * (64 << 20), 9)  # 64 MiB of zeros, ~64 KiB on the wire


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/robots.txt":
            body = b"User-agent: *\nAllow: /\n"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/listing":
            body = b'<html><body><a class="item" href="/slow">s</a><a class="item" href="/endless">e</a><a class="item" href="/bomb">b</a></body></html>'
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
        elif self.path == "/endless":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"A" * 65536
            try:
                while True:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except OSError:
                pass
        elif self.path == "/bomb":
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(BOMB)))
            self.end_headers()
            try:
                self.wfile.write(BOMB)
            except OSError:
                pass
        else:
            self.send_error(404)


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # the crawler hangs up on purpose


Server((sys.argv[1], int(sys.argv[2])), Handler).serve_forever()
