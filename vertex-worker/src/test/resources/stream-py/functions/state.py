# State shared by the vertex functions of one worker process. The worker imports
# each function as functions.NAME, so every function sees this one module.


class MarketState(object):
    def __init__(self):
        self.bids = {}
        self.asks = {}
        self.updates = 0


market = MarketState()
calls = {'count': 0}
