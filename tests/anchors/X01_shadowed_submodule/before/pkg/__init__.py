from .sympify import sympify
