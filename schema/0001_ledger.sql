-- The crosscheck ledger, version 1.
--
-- Read it with any SQLite client: `claim_list` is the friendliest view. Rows are never
-- updated or deleted by the tool: retractions, supersessions and judgements are rows of
-- their own, and every change is an entry in `events`, each carrying the SHA-256 of the
-- one before it.

PRAGMA application_id = 1668444019; -- 'cros'

-- The append-only history. `hash` = SHA-256 of (prev_hash, the event's canonical encoding);
-- `payload` is canonical JSON. A bulk import is one event whose payload commits to the
-- hash of every claim it added.
CREATE TABLE events (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,            -- RFC 3339, UTC
    actor     TEXT NOT NULL,            -- who made the change ($CROSSCHECK_ACTOR or $USER)
    action    TEXT NOT NULL,            -- e.g. 'claim.add', 'claim.import', 'claim.retract'
    payload   TEXT NOT NULL,            -- canonical JSON of what changed
    prev_hash TEXT NOT NULL,            -- hex SHA-256 of the previous event ('' for the first)
    hash      TEXT NOT NULL UNIQUE      -- hex SHA-256 of this event
) STRICT;

CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

-- Who makes claims: outlets, wires, companies, analysts.
CREATE TABLE sources (
    id      INTEGER PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    kind    TEXT,                       -- 'outlet', 'wire', 'company', 'blog', ...
    url     TEXT,
    builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1))
) STRICT;

-- Every spelling of a source, its canonical name included; `norm` is lowercased with
-- spaces collapsed, so lookups are case- and space-insensitive in any script.
CREATE TABLE source_names (
    norm      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    source_id INTEGER NOT NULL REFERENCES sources(id)
) STRICT, WITHOUT ROWID;

CREATE TABLE subjects (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
) STRICT;

CREATE TABLE subject_names (
    norm       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    subject_id INTEGER NOT NULL REFERENCES subjects(id)
) STRICT, WITHOUT ROWID;

CREATE TABLE metrics (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    multi_valued INTEGER NOT NULL DEFAULT 0 CHECK (multi_valued IN (0, 1))
) STRICT;

CREATE TABLE metric_names (
    norm      TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    metric_id INTEGER NOT NULL REFERENCES metrics(id)
) STRICT, WITHOUT ROWID;

-- The document a claim comes from. Several claims can share one citation.
CREATE TABLE citations (
    id        INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id),
    date      TEXT NOT NULL,            -- publication date: YYYY-MM-DD, YYYY-MM or YYYY
    url       TEXT,
    title     TEXT,
    authors   TEXT                      -- JSON array of names
) STRICT;
CREATE INDEX citations_by_source ON citations(source_id, date);

-- One statement, as the source made it and as it was read.
CREATE TABLE claims (
    id               INTEGER PRIMARY KEY,
    key              TEXT,              -- the user's stable identifier
    subject_id       INTEGER NOT NULL REFERENCES subjects(id),
    metric_id        INTEGER NOT NULL REFERENCES metrics(id),
    citation_id      INTEGER NOT NULL REFERENCES citations(id),
    source_id        INTEGER NOT NULL REFERENCES sources(id), -- the citation's source, kept
                                        -- here too so a source's claims are found in order
    via_id           INTEGER REFERENCES sources(id),
    value            TEXT NOT NULL,     -- verbatim
    kind             TEXT NOT NULL CHECK (kind IN ('quantity', 'boolean', 'time', 'date', 'text')),
    unit             TEXT,
    low              REAL,
    high             REAL,
    bound            TEXT CHECK (bound IN ('exact', 'approx', 'range', 'over', 'at_least', 'under', 'at_most')),
    norm             TEXT NOT NULL,     -- comparison key of the value
    period           TEXT,              -- a flow's period as given, canonical ('2024-Q3')
    as_of            TEXT,              -- a state's as-of date as given
    time_key         TEXT NOT NULL,     -- flows: 'start..end' of the period; states: ''
    time_start       TEXT NOT NULL,     -- flows: period start; states: as-of (or publication) day
    confidence       REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    confidence_label TEXT,              -- 'confirmed', 'reported', 'rumored', 'speculative'
    quote            TEXT,
    tags             TEXT,              -- JSON array
    notes            TEXT,
    hash             BLOB NOT NULL,     -- SHA-256 of the claim's canonical record
    event_id         INTEGER NOT NULL REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED
) STRICT;
CREATE INDEX claims_by_key ON claims(key) WHERE key IS NOT NULL;
CREATE INDEX claims_by_group ON claims(subject_id, metric_id, time_key, time_start);
CREATE INDEX claims_by_citation ON claims(citation_id);
CREATE INDEX claims_by_source ON claims(source_id);
CREATE INDEX claims_by_via ON claims(via_id) WHERE via_id IS NOT NULL;

-- Claims withdrawn by their source.
CREATE TABLE retractions (
    claim_id INTEGER PRIMARY KEY REFERENCES claims(id),
    reason   TEXT NOT NULL,
    event_id INTEGER NOT NULL REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED
) STRICT;

-- Claims replaced by a newer version under the same key.
CREATE TABLE supersessions (
    claim_id    INTEGER PRIMARY KEY REFERENCES claims(id),
    by_claim_id INTEGER REFERENCES claims(id),
    event_id    INTEGER NOT NULL REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED
) STRICT;

-- Judgements on contradiction groups: which claim was right, or why it is no contradiction.
CREATE TABLE judgements (
    id               INTEGER PRIMARY KEY,
    group_id         TEXT NOT NULL,
    verdict          TEXT NOT NULL CHECK (verdict IN ('resolved', 'dismissed')),
    correct_claim_id INTEGER REFERENCES claims(id),
    reason           TEXT,
    claim_ids        TEXT NOT NULL,     -- JSON array: the claims the judgement covered
    event_id         INTEGER NOT NULL REFERENCES events(id)
) STRICT;
CREATE INDEX judgements_by_group ON judgements(group_id);

-- Full-text index over quotes, titles and notes. Chinese runs are indexed as overlapping
-- character pairs (plus each run's last character), so two-character words such as 收入
-- are found; the tool writes the segmented text, the table keeps no copy of it.
CREATE VIRTUAL TABLE claims_fts USING fts5(text, content='', columnsize=0, detail=none, tokenize='ascii');
-- Buffer up to 4 MB of index in memory before writing a segment: bulk imports write
-- fewer, larger segments.
INSERT INTO claims_fts (claims_fts, rank) VALUES ('hashsize', 4194304);

CREATE VIEW claim_status AS
SELECT c.id AS claim_id,
       CASE WHEN r.claim_id IS NOT NULL THEN 'retracted'
            WHEN s.claim_id IS NOT NULL THEN 'superseded'
            ELSE 'active' END AS status
FROM claims c
LEFT JOIN retractions r ON r.claim_id = c.id
LEFT JOIN supersessions s ON s.claim_id = c.id;

-- One row per claim with every name spelled out: start here when reading a ledger by hand.
CREATE VIEW claim_list AS
SELECT c.id, c.key, sj.name AS subject, m.name AS metric, c.value, c.kind, c.unit, c.low,
       c.high, c.bound, c.period, c.as_of, so.name AS source, ci.date, c.confidence,
       c.confidence_label, v.name AS via, c.quote, ci.url, ci.title, ci.authors, c.tags,
       c.notes,
       CASE WHEN r.claim_id IS NOT NULL THEN 'retracted'
            WHEN s.claim_id IS NOT NULL THEN 'superseded'
            ELSE 'active' END AS status
FROM claims c
JOIN subjects sj ON sj.id = c.subject_id
JOIN metrics m ON m.id = c.metric_id
JOIN citations ci ON ci.id = c.citation_id
JOIN sources so ON so.id = ci.source_id
LEFT JOIN sources v ON v.id = c.via_id
LEFT JOIN retractions r ON r.claim_id = c.id
LEFT JOIN supersessions s ON s.claim_id = c.id;
