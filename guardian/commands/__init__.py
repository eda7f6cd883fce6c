"""One module per command family; each exposes ``register(main)`` and is found automatically."""
