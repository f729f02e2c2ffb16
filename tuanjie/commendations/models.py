"""Models of this app (see docs/adding-a-model.md)."""
