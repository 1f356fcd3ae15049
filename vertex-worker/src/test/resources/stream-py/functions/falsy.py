# Answers some inputs with falsy values, which stream-py's worker.py dropped.
FUNC_NAME = 'falsy'


def func(input):
    if input == 'zero':
        return 0
    if input == 'empty':
        return ''
    if input == 'nothing':
        return None
    return input
