"""The inbox is reached from the bell in the top bar, not the menu."""

MENU: list = []
