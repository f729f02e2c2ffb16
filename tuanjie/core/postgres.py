"""Schema that only PostgreSQL can have: pg_trgm indexes for substring search.

SQLite (the default database) has no GIN indexes, and a GinIndex in a model's Meta would break its migrations
(SQLite rebuilds a table with all its declared indexes whenever a column changes). So these indexes are not
declared on the models: migrations add them with `OnPostgreSQL(AddIndex(...))`, which does nothing elsewhere and
leaves the migration state alone, so `makemigrations` sees the same models on every database."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db.migrations.operations.base import Operation
from django.db.models.functions import Upper


def trigram_index(field: str, name: str) -> GinIndex:
    """A GIN index on UPPER(field) with trigram operators: what `icontains` (UPPER(col) LIKE UPPER('%…%')) uses.
    A pattern shorter than three characters has no trigram; PostgreSQL then reads the whole index, which at a
    million rows costs about as much as reading the table: core/grams.py serves those."""
    return GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=name)


class OnPostgreSQL(Operation):
    """Run the wrapped operations' schema changes on PostgreSQL only, without touching the migration state."""

    reversible = True

    def __init__(self, *operations):
        self.operations = operations

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for operation in self.operations:
                operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for operation in reversed(self.operations):
                operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "On PostgreSQL: " + "; ".join(operation.describe() for operation in self.operations)
