"""Legacy path of the function."""
from ._impl import width
