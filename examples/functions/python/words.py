#!/usr/bin/env python3
"""A vertex-worker function in Python: one result per word of each input, in upper case.

Run it with:  scripts/vertex-worker --input 127.0.0.1:10000 --output 127.0.0.1:10001 \
                  --exec "python3 examples/functions/python/words.py"

The worker keeps this process running and speaks the --exec protocol (docs/PROTOCOL.md) with it:
for each input it writes one LHHTTT frame to our stdin; we answer with zero or more result frames
on stdout and then the single byte b'0', which no frame can start with. When the worker closes our
stdin we exit. Anything for people goes to stderr: stdout carries frames only.
"""
import sys


def read_exact(stream, n):
    data = stream.read(n)
    if len(data) != n:
        raise EOFError("stdin ended inside a frame")
    return data


def read_frame(stream):
    """The text of the next frame, or None when the worker closed stdin."""
    l = stream.read(1)
    if not l:
        return None
    size = int(read_exact(stream, int(l, 16)), 16)
    return read_exact(stream, size).decode("utf-8") if size else ""


def write_frame(stream, text):
    data = text.encode("utf-8")
    hh = format(len(data), "x").encode("ascii")
    stream.write(format(len(hh), "x").encode("ascii") + hh + data)


def apply(text):
    """The function itself: zero results for a blank input, one per word otherwise."""
    return [word.upper() for word in text.split()]


def main():
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while True:
        text = read_frame(stdin)
        if text is None:
            return
        for result in apply(text):
            write_frame(stdout, result)
        stdout.write(b"0")
        stdout.flush()


if __name__ == "__main__":
    main()
