FREQ = "daily"
