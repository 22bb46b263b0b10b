"""The callback's store statement as a PL/pgSQL function, for connections without
prepared statements.

Behind a transaction-pooling PgBouncer (``DB_PREPARED_STATEMENTS=false``)
PostgreSQL would parse and plan the store statement on every callback, which
costs as much as running it. PL/pgSQL keeps the plan of each statement in a
function for the life of the server connection, which PgBouncer keeps open, so
calling the function plans only the call. The function's body is the store
statement itself (``callbacks.services.STORE_SQL``), its parameters are the
statement's named parameters: the statement has one home, and
``tests/callbacks/test_store_function.py`` fails when the installed function
no longer matches it (a change to the statement needs a migration that
installs ``function_sql(STORE_SQL)`` again, as ``0006_store_function`` does).
"""

import re

NAME = "callback_store"

# The statement's parameters, in call order, with their SQL types.
PARAMETERS = (
    ("delivery_seq", "text"),
    ("task_id", "text"),
    ("status", "text"),
    ("event_type", "text"),
    ("code", "integer"),
    ("msg", "text"),
    ("callback_type", "text"),
    ("result_hash", "text"),
    ("items", "text"),
    ("raw_body", "bytea"),
    ("body_size", "integer"),
    ("content_type", "text"),
    ("headers", "text"),
    ("remote_addr", "text"),
    ("replay_of_id", "bigint"),
    ("source", "text"),
    ("authenticated", "boolean"),
)


def function_body(statement):
    """The statement with each ``%(name)s`` read from the parameter ``p_name``."""
    body = re.sub(r"%\((\w+)\)s", r"p_\1", statement)
    unknown = set(re.findall(r"\bp_(\w+)", body)) - {name for name, _ in PARAMETERS}
    if unknown:
        raise ValueError(f"the store statement has parameters the function lacks: {unknown}")
    return body.strip()


def function_sql(statement):
    arguments = ", ".join(f"p_{name} {kind}" for name, kind in PARAMETERS)
    return (
        f"CREATE OR REPLACE FUNCTION {NAME}({arguments})\n"
        "RETURNS TABLE (stored_outcome text, stored_event_id bigint)\n"
        "LANGUAGE plpgsql AS $store$\n"
        f"BEGIN\nRETURN QUERY {function_body(statement)};\nEND\n$store$"
    )


# Every argument cast to its declared type: psycopg sends a Python int as the
# smallest integer type that holds it, and PostgreSQL finds a function only by
# the exact types. Built from the constants above only; the values are bound.
_ARGUMENTS = ", ".join(f"%({name})s::{kind}" for name, kind in PARAMETERS)
CALL_SQL = f"SELECT stored_outcome, stored_event_id FROM {NAME}({_ARGUMENTS})"  # noqa: S608
