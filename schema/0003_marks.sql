-- The crosscheck ledger, version 3: marks, where a recurring job got to.
--
-- `contradictions --check` appends a row named 'contradictions.check' whose `value` is
-- the id of the last claim its report saw; `contradictions --since last` reads the
-- newest row of that name and reports the groups with a claim recorded after it.
-- A name's value is its newest row (rows are only appended). Marks are bookkeeping,
-- not part of the record: they are not events, not in the hash chain, and `verify`
-- does not check them.
CREATE TABLE marks (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    value INTEGER NOT NULL,
    at    TEXT NOT NULL,            -- RFC 3339, UTC
    actor TEXT NOT NULL
) STRICT;
CREATE INDEX marks_by_name ON marks(name, id);
