"""The search index migration builds its PostgreSQL index without stopping writes."""

import threading
import time

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the index exists on PostgreSQL only"
)

INDEX = "stories_search_title_body_gin"


def _connect() -> psycopg.Connection:
    """Another client of the test database, as a web process or the worker would be."""
    return psycopg.connect(**connection.get_connection_params())


def _migrate_to(target: str) -> None:
    try:
        call_command("migrate", "stories", target, verbosity=0)
    finally:
        connections.close_all()  # this thread's connection


def _wait_for_the_build_to_wait(monitor: psycopg.Connection) -> None:
    """Until the index's build waits for a lock (the writer's transaction below)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        waiting = monitor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE query LIKE %s AND wait_event_type = 'Lock'",
            (f"%INDEX%{INDEX}%",),
        ).fetchone()[0]
        if waiting:
            return
        time.sleep(0.1)
    raise AssertionError("the index build never waited for the open write")


def _index_is_valid(monitor: psycopg.Connection) -> bool:
    return monitor.execute(
        "SELECT bool_and(i.indisvalid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "WHERE c.relname = %s",
        (INDEX,),
    ).fetchone()[0]


@postgresql_only
def test_writes_go_on_while_the_search_index_is_built():
    _migrate_to("0003_story_submission")
    with _connect() as monitor, _connect() as writer, _connect() as another_writer:
        monitor.autocommit = True
        assert _index_is_valid(monitor) is None  # no such index now
        # A write in progress (a story being published) when the migration starts.
        writer.execute("UPDATE wagtailsearch_indexentry SET title_norm = title_norm")
        migrating = threading.Thread(target=_migrate_to, args=("0004_search_vector_index",))
        migrating.start()
        try:
            _wait_for_the_build_to_wait(monitor)
            # A plain CREATE INDEX queues for a lock that stops every write after it; with
            # CONCURRENTLY another write goes through while the build waits.
            another_writer.execute("SET lock_timeout = '10s'")
            another_writer.execute("UPDATE wagtailsearch_indexentry SET title_norm = title_norm")
            another_writer.commit()
        finally:
            writer.commit()
            migrating.join()
        assert _index_is_valid(monitor) is True


@postgresql_only
def test_an_index_left_invalid_by_a_failed_build_is_built_again():
    _migrate_to("0003_story_submission")
    with _connect() as monitor:
        monitor.autocommit = True
        # What a concurrent build that was cancelled half-way leaves behind.
        monitor.execute(
            f"CREATE INDEX {INDEX} ON wagtailsearch_indexentry USING gin ((title || body))"
        )
        monitor.execute(
            "UPDATE pg_index SET indisvalid = false WHERE indexrelid = %s::regclass", (INDEX,)
        )
        assert _index_is_valid(monitor) is False
        _migrate_to("0004_search_vector_index")
        assert _index_is_valid(monitor) is True


def test_the_migration_runs_both_ways_on_every_database():
    _migrate_to("0003_story_submission")
    _migrate_to("0004_search_vector_index")
    applied = MigrationRecorder(connection).applied_migrations()
    assert ("stories", "0004_search_vector_index") in applied
