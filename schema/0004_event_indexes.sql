-- The crosscheck ledger, version 4: the rows each event wrote can be found by its id.
--
-- Claims, retractions and supersessions point at the event that wrote them, and those
-- references are checked at commit, after the event row itself is written. Without an
-- index, writing an event had SQLite read every claim to settle them, so that a single
-- `add` on a ledger of 100,000 claims took about 80 ms of CPU. With these, it is a
-- lookup. They also serve "what did this event write".
CREATE INDEX claims_by_event ON claims(event_id);
CREATE INDEX retractions_by_event ON retractions(event_id);
CREATE INDEX supersessions_by_event ON supersessions(event_id);
