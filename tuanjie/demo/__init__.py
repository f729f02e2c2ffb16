"""The demo county (团结县) and its neighbour (友谊县). Deterministic: the same names and numbers on every machine.

`build()` lays the foundation (places, people, leading groups) and then calls `build(world)` in every app's
`demo.py`, in app order, so each domain adds its own believable year of work without touching this file."""
