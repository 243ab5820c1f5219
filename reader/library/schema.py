"""The library's tables, as counted migrations (PRAGMA user_version is how many ran)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reader.store.sqlite import Migration

if TYPE_CHECKING:
    import sqlite_utils  # the migrations' schema API (reader.store.sqlite)


def _m1_initial(db: sqlite_utils.Database) -> None:
    # Documents are keyed by (volume id, path), which survive any rebuild of the catalogue
    # and the index; catalogue row ids do not. Title and disc label are kept as last seen,
    # so the lists read well while a disc is absent.
    db.execute(
        """CREATE TABLE docs (
             volume_id TEXT NOT NULL, path TEXT NOT NULL,
             title TEXT NOT NULL DEFAULT '', disc TEXT NOT NULL DEFAULT '',
             seen TEXT NOT NULL,
             PRIMARY KEY (volume_id, path))"""
    )
    db.execute(
        """CREATE TABLE bookmarks (
             id INTEGER PRIMARY KEY,
             volume_id TEXT NOT NULL, path TEXT NOT NULL,
             page INTEGER NOT NULL DEFAULT 0,  -- 0: the document, not a page
             anchor TEXT NOT NULL DEFAULT '',
             label TEXT NOT NULL DEFAULT '',
             created TEXT NOT NULL,
             UNIQUE (volume_id, path, page, anchor))"""
    )
    db.execute(
        """CREATE TABLE notes (
             id INTEGER PRIMARY KEY,
             uid TEXT NOT NULL UNIQUE,
             volume_id TEXT NOT NULL, path TEXT NOT NULL,
             text TEXT NOT NULL DEFAULT '',
             created TEXT NOT NULL, updated TEXT NOT NULL)"""
    )
    db.execute("CREATE INDEX notes_doc ON notes (volume_id, path)")
    db.execute(
        """CREATE TABLE tags (
             id INTEGER PRIMARY KEY,
             name TEXT NOT NULL, norm TEXT NOT NULL UNIQUE)"""
    )
    db.execute(
        """CREATE TABLE doc_tags (
             volume_id TEXT NOT NULL, path TEXT NOT NULL,
             tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
             created TEXT NOT NULL,
             PRIMARY KEY (volume_id, path, tag_id))"""
    )
    db.execute("CREATE INDEX doc_tags_tag ON doc_tags (tag_id)")
    db.execute(
        """CREATE TABLE history (
             id INTEGER PRIMARY KEY AUTOINCREMENT,
             volume_id TEXT NOT NULL, path TEXT NOT NULL,
             page INTEGER, opened TEXT NOT NULL)"""
    )
    # Notes are searched with the documents: FTS5 over the notes table, kept by triggers.
    db.execute(
        """CREATE VIRTUAL TABLE notes_fts USING fts5(
             text, content='notes', content_rowid='id',
             tokenize='porter unicode61 remove_diacritics 2')"""
    )
    db.execute(
        """CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
             INSERT INTO notes_fts (rowid, text) VALUES (new.id, new.text); END"""
    )
    db.execute(
        """CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
             INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
           END"""
    )
    db.execute(
        """CREATE TRIGGER notes_au AFTER UPDATE OF text ON notes BEGIN
             INSERT INTO notes_fts (notes_fts, rowid, text) VALUES ('delete', old.id, old.text);
             INSERT INTO notes_fts (rowid, text) VALUES (new.id, new.text); END"""
    )


def _m2_bookmark_offset(db: sqlite_utils.Database) -> None:
    # Where in an HTML or text document a bookmark is: a character offset into the text as
    # the viewer shows it (it survives window sizes and zoom, unlike pixels). Not part of
    # the UNIQUE key: a document keeps one bookmark per (page, anchor), and bookmarking it
    # at another place moves that bookmark there.
    db.execute("ALTER TABLE bookmarks ADD COLUMN text_offset INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: list[Migration] = [_m1_initial, _m2_bookmark_offset]
