y = 'exists'
