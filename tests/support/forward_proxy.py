#!/usr/bin/env python3
"""A plain HTTP forward proxy for the crawler's tests: relays GETs (absolute
URLs) and writes each URL it relayed to LOG. Usage: forward_proxy.py PORT LOG"""
import sys
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[2]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """A proxy relays a redirect as it came: following it here would hide
    whether the crawler sends the next request through the proxy."""

    def redirect_request(self, *args, **kwargs):
        return None


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):
        with open(LOG, "a") as log:
            log.write(self.path + "\n")
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("proxy-connection", "connection", "host")}
        request = urllib.request.Request(self.path, headers=headers)
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)
        try:
            response = opener.open(request, timeout=10)
            status, body, rheaders = response.status, response.read(), response.headers
        except urllib.error.HTTPError as e:
            status, body, rheaders = e.code, e.read(), e.headers
        self.send_response(status)
        for k, v in rheaders.items():
            if k.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


ThreadingHTTPServer(("127.0.0.7", int(sys.argv[1])), Proxy).serve_forever()
