class Pair:
    pass


class ParseFault(Exception):
    pass
