def sympify(x):
    return x
