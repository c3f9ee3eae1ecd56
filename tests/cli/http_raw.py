#!/usr/bin/env python3
"""Raw HTTP against a server on 127.0.0.1, for what curl will not send. Prints the status line of the
answer, or "closed after N s" when the server closes without one. Every read is bounded in time.
  http_raw.py PORT send BYTES      (BYTES with \\r\\n escapes)
  http_raw.py PORT big-body        a POST whose Content-Length (100 MiB) is over the limit on bodies (64 MiB)
  http_raw.py PORT big-header      a header line of 100 KB
  http_raw.py PORT slow            a request sent one byte a second: the server must cut it off
  http_raw.py PORT expect BODYFILE a POST asking `Expect: 100-continue`: prints the interim status line,
                                   then (the body sent) the final one
"""
import socket
import sys
import time

port = int(sys.argv[1])
mode = sys.argv[2]


def read_until(sock, marker, limit):
    """What the server sends until `marker`, the end of the stream or `limit` seconds."""
    sock.settimeout(limit)
    data = b""
    try:
        while marker not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError, BrokenPipeError):
        pass
    return data


def answer(sock, limit=10.0):
    start = time.monotonic()
    data = read_until(sock, b"\r\n", limit)
    if data:
        print(data.split(b"\r\n")[0].decode("latin-1"))
        # The rest, for a caller that looks for a decision in the body.
        try:
            sock.settimeout(2)
            while True:
                chunk = sock.recv(65536)
                if not chunk:
                    break
                data += chunk
        except (socket.timeout, ConnectionResetError):
            pass
        sys.stdout.write(data.decode("latin-1", "replace"))
    else:
        print("closed after %.1f s" % (time.monotonic() - start))


sock = socket.create_connection(("127.0.0.1", port), timeout=5)
if mode == "send":
    sock.sendall(sys.argv[3].encode().decode("unicode_escape").encode("latin-1"))
    answer(sock)
elif mode == "big-body":
    head = b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n" % (100 << 20)
    sock.sendall(head)
    try:
        sock.sendall(b"{" + b" " * (2 << 20))
    except (BrokenPipeError, ConnectionResetError):
        pass
    answer(sock)
elif mode == "big-header":
    try:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100000 + b"\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    answer(sock)
elif mode == "expect":
    body = open(sys.argv[3], "rb").read()
    sock.sendall(b"POST /v1/decide HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n"
                 b"Content-Length: %d\r\n\r\n" % len(body))
    interim = read_until(sock, b"\r\n\r\n", 5)
    print(interim.split(b"\r\n")[0].decode("latin-1") if interim else "no interim answer")
    sock.sendall(body)
    answer(sock)
elif mode == "slow":
    start = time.monotonic()
    request = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
    sock.settimeout(1.0)
    for byte in request[:-2]:
        try:
            sock.sendall(bytes([byte]))
            data = sock.recv(4096)
            if not data:  # closed by the server
                print("closed after %.1f s" % (time.monotonic() - start))
                sys.exit(0)
            print("answered: " + data.split(b"\r\n")[0].decode("latin-1"))
            sys.exit(0)
        except socket.timeout:
            continue
        except (BrokenPipeError, ConnectionResetError):
            print("closed after %.1f s" % (time.monotonic() - start))
            sys.exit(0)
        if time.monotonic() - start > 20:
            break
    print("not cut off after %.1f s" % (time.monotonic() - start))
