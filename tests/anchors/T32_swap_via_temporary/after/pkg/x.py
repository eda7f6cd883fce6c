NAME = 'y'
