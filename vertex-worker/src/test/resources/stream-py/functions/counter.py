# Numbers its inputs across calls; raises on the input "boom" and goes on counting after it.
from . import state

FUNC_NAME = 'counter'


def func(input):
    state.calls['count'] += 1
    if input == 'boom':
        raise ValueError('cannot count %r' % input)
    print('counted %s' % input)  # debugging output must not reach the worker as a result
    return '%d %s' % (state.calls['count'], input)
