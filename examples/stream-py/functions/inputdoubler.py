# Sends every input to output 0 and to output 1 (run it with --route hash and two outputs).
FUNC_NAME = 'inputdoubler'


def func(input):
    yield (0, input)
    yield (1, input)
