#!/usr/bin/env python3
"""A Wallaroo-style data feed: sends the numbers 0..N-1 as U32-framed messages to HOST:PORT.

usage: u32_feed.py HOST PORT N
"""
import socket
import struct
import sys


def encode_string(msg):
    # the encoder of Wallaroo's "Writing Your Own Data Feed", for bytes
    return struct.pack('>L{}s'.format(len(msg)), len(msg), msg)


def main():
    host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    s = socket.create_connection((host, port))
    buf = bytearray()
    for i in range(n):
        buf += encode_string(str(i).encode())
        if len(buf) >= 1 << 16:
            s.sendall(buf)
            buf = bytearray()
    s.sendall(buf)
    s.close()


if __name__ == '__main__':
    main()
