-- The crosscheck ledger on PostgreSQL, version 1: the same tables, columns and views as
-- the SQLite ledger at its version 2 (schema/0001_ledger.sql, schema/0002_bases.sql),
-- in PostgreSQL's types.
--
-- Rows are never updated or deleted by the tool: retractions, supersessions and
-- judgements are rows of their own, and every change is an entry in `events`, each
-- carrying the SHA-256 of the one before it. Ids are given by the tool inside its
-- write transaction (one writer at a time, under an advisory lock), so that they are
-- the ids SQLite would give: no sequence leaves gaps after a failed import.
--
-- Text that is sorted or compared is in the "C" collation: byte order, as in SQLite,
-- whatever the database's default.

-- What identifies a crosscheck ledger, and its schema version: a database without
-- this table (and with tables of its own) is refused untouched.
CREATE TABLE crosscheck_ledger (
    one            BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
    application    TEXT NOT NULL CHECK (application = 'crosscheck'),
    schema_version INTEGER NOT NULL
);

-- The append-only history. `hash` = SHA-256 of (prev_hash, the event's canonical
-- encoding); `payload` is canonical JSON, kept as the exact text that was hashed.
CREATE TABLE events (
    id        BIGINT PRIMARY KEY,
    at        TEXT NOT NULL,            -- RFC 3339, UTC
    actor     TEXT NOT NULL,            -- who made the change ($CROSSCHECK_ACTOR or $USER)
    action    TEXT NOT NULL,            -- e.g. 'claims.add', 'claims.import', 'claim.retract'
    payload   TEXT NOT NULL,            -- canonical JSON of what changed
    prev_hash TEXT NOT NULL,            -- hex SHA-256 of the previous event ('' for the first)
    hash      TEXT NOT NULL UNIQUE      -- hex SHA-256 of this event
);

CREATE FUNCTION crosscheck_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the event log is append-only';
END
$$;
CREATE TRIGGER events_no_update BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION crosscheck_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION crosscheck_append_only();

-- Who makes claims: outlets, wires, companies, analysts.
CREATE TABLE sources (
    id      BIGINT PRIMARY KEY,
    name    TEXT COLLATE "C" NOT NULL UNIQUE,
    kind    TEXT,                       -- 'outlet', 'wire', 'company', 'blog', ...
    url     TEXT,
    builtin BOOLEAN NOT NULL DEFAULT FALSE
);

-- Every spelling of a source, its canonical name included; `norm` is lowercased with
-- spaces collapsed, so lookups are case- and space-insensitive in any script.
CREATE TABLE source_names (
    norm      TEXT COLLATE "C" PRIMARY KEY,
    name      TEXT COLLATE "C" NOT NULL,
    source_id BIGINT NOT NULL REFERENCES sources(id)
);

CREATE TABLE subjects (
    id   BIGINT PRIMARY KEY,
    name TEXT COLLATE "C" NOT NULL UNIQUE
);

CREATE TABLE subject_names (
    norm       TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT COLLATE "C" NOT NULL,
    subject_id BIGINT NOT NULL REFERENCES subjects(id)
);

-- `window_days`: states of this metric within this many days are the same time (NULL:
-- the default, 30 days, 7 for run rates).
CREATE TABLE metrics (
    id           BIGINT PRIMARY KEY,
    name         TEXT COLLATE "C" NOT NULL UNIQUE,
    multi_valued BOOLEAN NOT NULL DEFAULT FALSE,
    window_days  BIGINT CHECK (window_days >= 0)
);

CREATE TABLE metric_names (
    norm      TEXT COLLATE "C" PRIMARY KEY,
    name      TEXT COLLATE "C" NOT NULL,
    metric_id BIGINT NOT NULL REFERENCES metrics(id)
);

-- The document a claim comes from. Several claims can share one citation.
CREATE TABLE citations (
    id        BIGINT PRIMARY KEY,
    source_id BIGINT NOT NULL REFERENCES sources(id),
    date      TEXT COLLATE "C" NOT NULL, -- publication date: YYYY-MM-DD, YYYY-MM or YYYY
    url       TEXT,
    title     TEXT,
    authors   TEXT                      -- JSON array of names
);
CREATE INDEX citations_by_source ON citations(source_id, date);

-- One statement, as the source made it and as it was read.
CREATE TABLE claims (
    id               BIGINT PRIMARY KEY,
    key              TEXT COLLATE "C",  -- the user's stable identifier
    subject_id       BIGINT NOT NULL REFERENCES subjects(id),
    metric_id        BIGINT NOT NULL REFERENCES metrics(id),
    citation_id      BIGINT NOT NULL REFERENCES citations(id),
    source_id        BIGINT NOT NULL REFERENCES sources(id), -- the citation's source
    via_id           BIGINT REFERENCES sources(id),
    value            TEXT NOT NULL,     -- verbatim
    kind             TEXT NOT NULL CHECK (kind IN ('quantity', 'boolean', 'time', 'date', 'text')),
    unit             TEXT,
    low              DOUBLE PRECISION,
    high             DOUBLE PRECISION,
    bound            TEXT CHECK (bound IN ('exact', 'approx', 'range', 'over', 'at_least', 'under', 'at_most')),
    norm             TEXT NOT NULL,     -- comparison key of the value
    period           TEXT,              -- a flow's period as given, canonical ('2024-Q3')
    as_of            TEXT,              -- a state's as-of date as given
    time_key         TEXT COLLATE "C" NOT NULL, -- flows: 'start..end' of the period; states: ''
    time_start       TEXT COLLATE "C" NOT NULL, -- flows: period start; states: as-of (or publication) day
    confidence       DOUBLE PRECISION NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    confidence_label TEXT,              -- 'confirmed', 'reported', 'rumored', 'speculative'
    quote            TEXT,
    tags             TEXT,              -- JSON array
    notes            TEXT,
    hash             BYTEA NOT NULL,    -- SHA-256 of the claim's canonical record
    event_id         BIGINT NOT NULL REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED,
    -- The claim's basis as used (the explicit one, else what the value's words say).
    basis            TEXT NOT NULL DEFAULT 'actual'
        CHECK (basis IN ('actual', 'run_rate', 'forecast', 'pre_money', 'post_money', 'secondary')),
    -- The explicit basis when it differs from what the words say; NULL otherwise.
    basis_given      TEXT
        CHECK (basis_given IN ('actual', 'run_rate', 'forecast', 'pre_money', 'post_money', 'secondary'))
);
CREATE INDEX claims_by_key ON claims(key) WHERE key IS NOT NULL;
CREATE INDEX claims_by_group ON claims(subject_id, metric_id, time_key, time_start, id);
CREATE INDEX claims_by_citation ON claims(citation_id);
CREATE INDEX claims_by_source ON claims(source_id, id);
CREATE INDEX claims_by_via ON claims(via_id) WHERE via_id IS NOT NULL;

-- Claims withdrawn by their source.
CREATE TABLE retractions (
    claim_id BIGINT PRIMARY KEY REFERENCES claims(id),
    reason   TEXT NOT NULL,
    event_id BIGINT NOT NULL REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED
);

-- Claims replaced by a newer version under the same key.
CREATE TABLE supersessions (
    claim_id    BIGINT PRIMARY KEY REFERENCES claims(id),
    by_claim_id BIGINT REFERENCES claims(id),
    event_id    BIGINT NOT NULL REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED
);

-- Judgements on contradiction groups: which claim was right, or why it is no contradiction.
CREATE TABLE judgements (
    id               BIGINT PRIMARY KEY,
    group_id         TEXT NOT NULL,
    verdict          TEXT NOT NULL CHECK (verdict IN ('resolved', 'dismissed')),
    correct_claim_id BIGINT REFERENCES claims(id),
    reason           TEXT,
    claim_ids        TEXT NOT NULL,     -- JSON array: the claims the judgement covered
    event_id         BIGINT NOT NULL REFERENCES events(id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX judgements_by_group ON judgements(group_id);

-- Full-text index over quotes, titles and notes: the same token text the SQLite ledger
-- indexes (words lowercased, Chinese runs as overlapping character pairs plus each
-- run's last character), kept as a tsvector of exactly those tokens
-- (`array_to_tsvector`, no parser or dictionary in between).
CREATE TABLE claim_words (
    claim_id BIGINT PRIMARY KEY REFERENCES claims(id),
    words    TSVECTOR NOT NULL
);
CREATE INDEX claim_words_search ON claim_words USING GIN (words);

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
       c.high, c.bound, c.basis, c.period, c.as_of, so.name AS source, ci.date, c.confidence,
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
