"""The models of a."""

NAME = "a"
