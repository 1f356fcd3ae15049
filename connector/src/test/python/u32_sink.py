#!/usr/bin/env python3
"""A TCP server that takes one connection and reads U32-framed messages until it has N of them, then checks
they are 0, 2, 4, ... 2(N-1) in order. Prints its port first ("port P"), then "ok N" or what went wrong.

usage: u32_sink.py HOST N [TIMEOUT_SECONDS]
"""
import socket
import struct
import sys


def main():
    host, n = sys.argv[1], int(sys.argv[2])
    timeout = float(sys.argv[3]) if len(sys.argv) > 3 else 60
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind((host, 0))
    server.listen(1)
    print('port', server.getsockname()[1], flush=True)
    conn, _ = server.accept()
    conn.settimeout(timeout)
    data = bytearray()
    got = []
    while len(got) < n:
        chunk = conn.recv(1 << 16)
        if not chunk:
            break
        data += chunk
        at = 0
        while len(data) - at >= 4:
            (length,) = struct.unpack_from('>L', data, at)
            if len(data) - at - 4 < length:
                break
            got.append(bytes(data[at + 4:at + 4 + length]))
            at += 4 + length
        del data[:at]
    expected = [str(2 * i).encode() for i in range(n)]
    if got == expected:
        print('ok', len(got), flush=True)
        return 0
    first = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), n))
    print('received', len(got), 'messages; first difference at', first, flush=True)
    return 1


if __name__ == '__main__':
    sys.exit(main())
