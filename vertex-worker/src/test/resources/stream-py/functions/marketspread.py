# Keeps the last bid and ask of each symbol across calls and emits the spread once both are known.
from . import state
from .fix_parse import parse_fix

FUNC_NAME = 'marketspread'


def func(input):
    fix = parse_fix(input)
    symbol = fix.get('55')
    market = state.market
    market.updates += 1
    if '132' in fix:
        market.bids[symbol] = float(fix['132'])
    if '133' in fix:
        market.asks[symbol] = float(fix['133'])
    if symbol in market.bids and symbol in market.asks:
        return '%s spread %.2f after %d updates' % (
            symbol, market.asks[symbol] - market.bids[symbol], market.updates)
    return None
