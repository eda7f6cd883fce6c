NAME = "utc"
