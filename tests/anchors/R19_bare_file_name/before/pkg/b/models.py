"""The models of b."""

NAME = "b"
