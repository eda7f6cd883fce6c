PLUGGED = "plugged"
