#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# An HTTPS real server for the TLS scenarios: answers every GET with STATUS
# and BODY over TLS with the certificate CERT and its key KEY; with CERT
# "-", plain HTTP.
#   httpsd.py PORT CERT KEY STATUS BODY
import http.server
import ssl
import sys

port, cert, key, status, body = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        data = (body + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("0.0.0.0", port), Handler)
if cert != "-":
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
server.serve_forever()
