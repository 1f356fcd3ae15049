FUNC_NAME = 'passthrough'


def func(input):
    return input
