DAY = "sunday"
