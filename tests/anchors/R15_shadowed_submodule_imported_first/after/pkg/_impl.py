def width(text):
    return len(text)
