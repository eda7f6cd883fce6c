class FieldABC:
    pass
