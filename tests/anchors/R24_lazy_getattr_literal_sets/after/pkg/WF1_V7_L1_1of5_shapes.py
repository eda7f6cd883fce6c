class Circle:
    pass
