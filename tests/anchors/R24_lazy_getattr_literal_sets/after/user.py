import pkg


def total():
    return pkg.WF1_V7_L1_3of5_sizes.SIZE + pkg.WF1_V7_L1_4of5_tones.TONE


def names():
    return pkg.WF1_V7_L1_1of5_shapes.Circle.__name__, pkg.WF1_V7_L1_2of5_colors.Red
