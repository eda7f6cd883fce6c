HEAVY = 'heavy'
