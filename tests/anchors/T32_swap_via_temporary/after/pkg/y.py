NAME = 'x'
