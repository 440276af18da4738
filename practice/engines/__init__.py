"""How a persona speaks: the engine seam (base) and its implementations."""
