import pkg


def parse(text):
    return pkg.WF1_V7_L1_1of2_converters.to_int(text)


def check(value):
    return pkg.WF1_V7_L1_2of2_validators.positive(value)
