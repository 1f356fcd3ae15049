#!/usr/bin/env python3
"""A classic stream-py queue client, written from the protocol description alone.

Standard library only. Frames are LHHTTT: TTT is the UTF-8 text, HH its byte length in hex, L the
length of HH as one hex digit. The empty reply is the frame 10.

    classic_client.py HOST:PORT put TEXT      prints the reply, e.g. PUT 5 bytes
    classic_client.py HOST:PORT get           prints the message (an empty line when there is none)
    classic_client.py HOST:PORT size          prints the count
    classic_client.py HOST:PORT scenario      runs the compatibility scenario, prints 'ok' or fails
"""
import socket
import sys


def encode(text):
    """Serializes a text as L HH TTT."""
    ttt = text.encode("utf-8")
    hh = format(len(ttt), "x").encode("ascii")
    l = format(len(hh), "x").encode("ascii")
    return l + hh + ttt


def decode(data):
    """Parses one LHHTTT frame forward-only and returns its text; raises ValueError on anything else."""
    if not data:
        raise ValueError("empty datagram")
    l = int(data[0:1].decode("ascii"), 16)
    hh = int(data[1:1 + l].decode("ascii"), 16)
    start = 1 + l
    ttt = data[start:start + hh]
    if len(ttt) != hh:
        raise ValueError("declared %d bytes, got %d" % (hh, len(ttt)))
    if start + hh != len(data):
        raise ValueError("%d bytes after the frame" % (len(data) - start - hh))
    return ttt.decode("utf-8")


def request(address, command, timeout=2.0):
    """Sends one command in one datagram and returns the decoded reply text."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(timeout)
        sock.sendto(encode(command), address)
        data, _ = sock.recvfrom(65536)
        return decode(data)


def put(address, text):
    return request(address, "PUT:" + text)


def get(address):
    return request(address, "GET")


def size(address):
    return int(request(address, "SIZE"))


def scenario(address):
    """What a user of the original would do: put a few messages, count them, take them back in order."""
    messages = ["Hello world", "abcdefghijklmnopqrstuvwxyz",
                "\U0001d407\U0001d41e\U0001d425\U0001d425\U0001d428 \U0001d430\U0001d428\U0001d42b\U0001d425\U0001d41d",
                "Lorem Ipsum", "with:colons:inside"]
    start = size(address)
    assert start == 0, "expected an empty queue, SIZE says %d" % start
    assert get(address) == "", "GET on an empty queue must answer the empty frame"
    for m in messages:
        reply = put(address, m)
        expected = "PUT %d bytes" % len(m.encode("utf-8"))
        assert reply == expected, "PUT answered %r, expected %r" % (reply, expected)
    assert size(address) == len(messages), "SIZE after the PUTs"
    for m in messages:
        got = get(address)
        assert got == m, "GET answered %r, expected %r" % (got, m)
    assert size(address) == 0, "SIZE after the GETs"
    assert get(address) == "", "GET on the emptied queue"
    # the seed's own vectors, byte for byte
    assert encode("Hello world") == b"1bHello world"
    assert encode("abcdefghijklmnopqrstuvwxyz") == b"21aabcdefghijklmnopqrstuvwxyz"
    assert encode("GET") == b"13GET" and encode("SIZE") == b"14SIZE"
    assert encode("PUT:Lorem Ipsum") == b"1fPUT:Lorem Ipsum"
    assert encode("") == b"10"
    print("ok")


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    host, _, port = argv[1].rpartition(":")
    address = (host, int(port))
    action = argv[2]
    if action == "put":
        print(put(address, " ".join(argv[3:])))
    elif action == "get":
        print(get(address))
    elif action == "size":
        print(size(address))
    elif action == "scenario":
        scenario(address)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
