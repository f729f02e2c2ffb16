"""Tuanjie (团结): a platform for unity-and-progress creation work."""
