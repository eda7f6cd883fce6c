import pkg


def total():
    return pkg.sizes.SIZE + pkg.tones.TONE


def names():
    return pkg.shapes.Circle.__name__, pkg.colors.Red
