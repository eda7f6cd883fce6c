from .WF1_sympify import sympify
