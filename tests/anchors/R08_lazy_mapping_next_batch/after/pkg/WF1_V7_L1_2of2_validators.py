def positive(value):
    return value > 0
