"""Signals of the place tree that Django's model signals cannot give: treebeard moves a subtree with one SQL
update, so no save signal fires for the places whose paths changed. Derived data keyed by path (the roll-up
facts) listens here."""

from django.dispatch import Signal

# Sent after a subtree moved, inside the move's transaction: place (re-read, with its new path) and
# old_ancestor_ids (its ancestors before the move, nearest last).
subtree_moved = Signal()
