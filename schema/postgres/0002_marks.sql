-- The crosscheck ledger on PostgreSQL, version 2: marks, where a recurring job got to
-- (the SQLite ledger's version 3, schema/0003_marks.sql).
--
-- `contradictions --check` appends a row named 'contradictions.check' whose `value` is
-- the id of the last claim its report saw; `contradictions --since last` reads the
-- newest row of that name and reports the groups with a claim recorded after it.
-- A name's value is its newest row (rows are only appended, so a writer role needs
-- INSERT only). Marks are bookkeeping, not part of the record: they are not events,
-- not in the hash chain, and `verify` does not check them.
CREATE TABLE marks (
    id    BIGINT PRIMARY KEY,
    name  TEXT COLLATE "C" NOT NULL,
    value BIGINT NOT NULL,
    at    TEXT NOT NULL,            -- RFC 3339, UTC
    actor TEXT NOT NULL
);
CREATE INDEX marks_by_name ON marks(name, id);
