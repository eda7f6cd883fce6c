import os

print(os.getcwd(), "mod", "pkg")
