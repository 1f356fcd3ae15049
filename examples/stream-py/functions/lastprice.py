# "SYMBOL PRICE" in, "SYMBOL PRICE (was OLD)" out, once a symbol has a price to compare with.
from . import state

FUNC_NAME = 'lastprice'


def func(input):
    symbol, price = input.split()
    old = state.prices.get(symbol)
    state.prices[symbol] = price
    if old is None:
        return None
    return (symbol, '%s %s (was %s)' % (symbol, price, old))
