def to_int(text):
    return int(text)
