Red = "red"
