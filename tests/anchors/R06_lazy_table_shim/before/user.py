import pkg


def parse(text):
    return pkg.converters.to_int(text)
