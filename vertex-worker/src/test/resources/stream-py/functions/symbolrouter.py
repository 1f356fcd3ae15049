# Routes FIX messages by their symbol itself (a string key).
from .fix_parse import parse_fix

FUNC_NAME = 'symbolrouter'


def func(input):
    symbol = parse_fix(input).get('55')
    if symbol is None:
        return None
    return (symbol, input)
