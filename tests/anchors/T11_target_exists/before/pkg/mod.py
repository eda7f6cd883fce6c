x = 'old'
