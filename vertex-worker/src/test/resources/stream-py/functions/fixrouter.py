# Routes FIX messages by an md5 of their symbol, so one symbol always meets the same output.
import hashlib

from .fix_parse import parse_fix

FUNC_NAME = 'fixrouter'


def func(input):
    fix = parse_fix(input)
    symbol = fix.get('55')
    if symbol is None:
        return None
    key = int(hashlib.md5(symbol.encode('utf-8')).hexdigest(), 16)
    return (key, input)
