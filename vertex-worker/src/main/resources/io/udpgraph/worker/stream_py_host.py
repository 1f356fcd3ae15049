"""Runs a stream-py vertex function file unchanged behind vertex-worker's --exec protocol.

    python3 stream_py_host.py [--falsy publish|drop] PATH/TO/functions/NAME.py

The file is imported as a module of its package (the folder it sits in), so relative imports and
the package's state module work, and state lives as long as this process. For each input frame on
stdin, func(input) is called once and its results are written to stdout as docs/PROTOCOL.md says:
a frame per result, 'i' or 'k' and a key frame before a result routed by key, '!' and a message
frame when func raised, and the end byte 0. Every input already read is answered before one flush,
so a worker that writes inputs ahead pays one pipe round trip for many. Python 3 standard library
only; the function's print() goes to stderr, since stdout carries frames.
"""
import importlib
import os
import sys
import types

MAX_TEXT = 65502


def frame(data):
    """The LHHTTT frame of some bytes: lowercase hex, no leading zeros."""
    hh = "%x" % len(data)
    return ("%x%s" % (len(hh), hh)).encode() + data


def text_bytes(value):
    """The UTF-8 bytes of a result or key; other objects go by str(), as print() would show them."""
    if isinstance(value, (bytes, bytearray)):
        data = bytes(value)
        data.decode("utf-8")  # a UnicodeDecodeError is the function's error
    else:
        data = (value if isinstance(value, str) else str(value)).encode("utf-8")
    if len(data) > MAX_TEXT:
        raise ValueError("a result of %d bytes is over the limit of %d" % (len(data), MAX_TEXT))
    return data


def key_prefix(key):
    """'i' and hash(key) for an int (Python's own, not randomised), else 'k' and str(key)."""
    if isinstance(key, int):
        return b"i" + frame(str(hash(key)).encode())
    return b"k" + frame(text_bytes(key))


def answer(func, text, drop_falsy):
    """The bytes that answer one input, up to but without the end byte."""
    try:
        result = func(text)
        if type(result) is str:  # the common case, kept short: one text result
            if drop_falsy and not result:
                return b""
            data = result.encode("utf-8")
            if len(data) > MAX_TEXT:
                raise ValueError("a result of %d bytes is over the limit of %d" % (len(data), MAX_TEXT))
            return frame(data)
        outs = result if isinstance(result, types.GeneratorType) else (result,)
        parts = []
        for r in outs:
            if r is None or (drop_falsy and not r):
                continue
            if isinstance(r, tuple) and len(r) == 2:
                parts.append(key_prefix(r[0]) + frame(text_bytes(r[1])))
            else:
                parts.append(frame(text_bytes(r)))
        return b"".join(parts)
    except Exception as e:  # the worker counts it and goes on; so does this process
        message = type(e).__name__ + (": " + str(e) if str(e) else "")
        return b"!" + frame(message[:4096].encode("utf-8", "replace"))


def load(path):
    """Imports PATH as PACKAGE.NAME, PACKAGE being its folder, with the folder's parent on sys.path."""
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        sys.exit("stream-py host: no function file at %s" % path)
    folder, name = os.path.split(path)
    parent, package = os.path.split(folder)
    module = os.path.splitext(name)[0]
    if package.isidentifier():
        sys.path.insert(0, parent)
        loaded = importlib.import_module(package + "." + module)
    else:  # not a package name: import the file alone (relative imports cannot work then)
        sys.path.insert(0, folder)
        loaded = importlib.import_module(module)
    if not callable(getattr(loaded, "func", None)):
        sys.exit("stream-py host: %s defines no func(input)" % path)
    return loaded.func


def serve(func, drop_falsy, stdin, stdout):
    buf = bytearray()
    while True:
        chunk = os.read(stdin, 1 << 16)
        if not chunk:
            return
        buf += chunk
        out = []
        pos = 0
        have = len(buf)
        while pos < have:
            start = pos + 1 + int(buf[pos:pos + 1], 16)
            if start > have:
                break
            end = start + int(buf[pos + 1:start], 16)
            if end > have:
                break
            out.append(answer(func, buf[start:end].decode("utf-8"), drop_falsy))
            pos = end
        out.append(b"")  # so the join ends the last answer too
        del buf[:pos]
        if len(out) > 1:
            stdout.write(b"0".join(out))
            stdout.flush()


def main(argv):
    drop_falsy = False
    args = list(argv)
    if len(args) >= 2 and args[0] == "--falsy":
        if args[1] not in ("publish", "drop"):
            sys.exit("stream-py host: --falsy takes publish or drop, got %r" % args[1])
        drop_falsy = args[1] == "drop"
        args = args[2:]
    if len(args) != 1:
        sys.exit("usage: stream_py_host.py [--falsy publish|drop] PATH/TO/functions/NAME.py")
    stdout = sys.stdout.buffer
    sys.stdout = sys.stderr  # a print() in the function must not break the frames
    func = load(args[0])
    try:
        serve(func, drop_falsy, sys.stdin.fileno(), stdout)
    except (BrokenPipeError, KeyboardInterrupt):
        pass


if __name__ == "__main__":
    main(sys.argv[1:])
