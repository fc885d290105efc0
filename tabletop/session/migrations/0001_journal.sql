-- Schema version 1: session journals, many sessions in one database.
--
-- Applied by `tabletop db init` (tabletop.session._pgschema) inside one transaction, after
-- the schema `tabletop` and its `schema_version` table exist. The tables mirror the SQLite
-- session file (metadata, documents, events) with the session id in every key. Nothing in
-- them is ever changed or removed: triggers refuse UPDATE, DELETE and TRUNCATE, and every
-- inserted event must follow the one before it in the hash chain the SQLite file keeps.

CREATE TABLE tabletop.sessions (
    session_id text PRIMARY KEY
        CHECK (session_id ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$' AND length(session_id) <= 200),
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE TABLE tabletop.metadata (
    session_id text NOT NULL REFERENCES tabletop.sessions,
    key text NOT NULL,
    value text NOT NULL,
    PRIMARY KEY (session_id, key)
);

CREATE TABLE tabletop.documents (
    session_id text NOT NULL REFERENCES tabletop.sessions,
    position integer NOT NULL,
    name text NOT NULL,
    role text NOT NULL CHECK (role IN ('scenario', 'include', 'rules')),
    sha256 text NOT NULL,
    text text NOT NULL,
    PRIMARY KEY (session_id, position),
    UNIQUE (session_id, name),
    CHECK (sha256 = encode(sha256(convert_to(text, 'UTF8')), 'hex'))
);

CREATE TABLE tabletop.events (
    session_id text NOT NULL REFERENCES tabletop.sessions,
    seq bigint NOT NULL CHECK (seq >= 1),
    -- Chosen by the writer, so that a retry after a lost acknowledgement finds its event.
    event_id uuid NOT NULL UNIQUE,
    -- UTC, microseconds, as the SQLite file stores it and as the chain hashes it.
    at text NOT NULL CHECK (at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$'),
    type text NOT NULL,
    payload text NOT NULL,
    -- The journal digest after this event: SHA-256 of [previous digest, seq, at, type, payload].
    digest text NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- The chain link, exactly as a session file chains its events (tabletop.session._store.chained): a compact JSON
-- array, strings escaped as JSON requires and non-ASCII characters kept as they are.
CREATE FUNCTION tabletop.chain_digest(previous text, seq bigint, at text, type text, payload text)
RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT encode(sha256(convert_to(
        '[' || to_json(previous)::text || ',' || seq::text || ',' || to_json(at)::text || ','
            || to_json(type)::text || ',' || to_json(payload)::text || ']',
        'UTF8')), 'hex')
$$;

CREATE FUNCTION tabletop.utc_text(moment timestamptz)
RETURNS text LANGUAGE sql STABLE STRICT AS $$
    SELECT to_char(moment AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- One writer at a time per session: every insert of an event takes this lock (the trigger
-- below), and append_event takes it before reading the head. 1414813779 is 0x54545853,
-- "TTXS", the session file's application id; the second key is the session's.
CREATE FUNCTION tabletop.lock_session(target_session text)
RETURNS void LANGUAGE sql VOLATILE STRICT AS $$
    SELECT pg_advisory_xact_lock(1414813779, hashtext(target_session))
$$;

CREATE FUNCTION tabletop.check_event_link() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    previous_digest text := '';
    previous_at text := '';
BEGIN
    PERFORM tabletop.lock_session(NEW.session_id);
    IF NEW.seq > 1 THEN
        SELECT e.digest, e.at INTO previous_digest, previous_at
        FROM tabletop.events e WHERE e.session_id = NEW.session_id AND e.seq = NEW.seq - 1;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'tabletop: event % of session % does not follow the journal: event % is not recorded',
                NEW.seq, NEW.session_id, NEW.seq - 1 USING ERRCODE = 'check_violation';
        END IF;
    END IF;
    IF NEW.at < previous_at THEN
        RAISE EXCEPTION 'tabletop: event % of session % is earlier than the event before it', NEW.seq, NEW.session_id
            USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.digest IS DISTINCT FROM tabletop.chain_digest(previous_digest, NEW.seq, NEW.at, NEW.type, NEW.payload) THEN
        RAISE EXCEPTION 'tabletop: event % of session % does not carry the journal digest of the chain', NEW.seq,
            NEW.session_id USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER events_follow_the_chain BEFORE INSERT ON tabletop.events
    FOR EACH ROW EXECUTE FUNCTION tabletop.check_event_link();

CREATE FUNCTION tabletop.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'tabletop: the session journal is append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA,
        TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
END
$$;

CREATE TRIGGER sessions_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON tabletop.sessions
    FOR EACH STATEMENT EXECUTE FUNCTION tabletop.refuse_change();
CREATE TRIGGER metadata_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON tabletop.metadata
    FOR EACH STATEMENT EXECUTE FUNCTION tabletop.refuse_change();
CREATE TRIGGER documents_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON tabletop.documents
    FOR EACH STATEMENT EXECUTE FUNCTION tabletop.refuse_change();
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON tabletop.events
    FOR EACH STATEMENT EXECUTE FUNCTION tabletop.refuse_change();

-- Appending one event to a live session, in the one transaction of its statement: the
-- session's lock, a retry recognised by its event id, the head read, the writer's expected
-- seq checked, the server's clock read, the next seq inserted with the previous digest, and
-- the followers woken. The outcome is `appended`, `recorded` (the event id was recorded
-- already: a retry after a lost acknowledgement) or `moved_on` (nothing recorded; the head's
-- seq and time are returned).
CREATE FUNCTION tabletop.append_event(
    target_session text, expected_seq bigint, new_event_id uuid, new_type text, new_payload text
) RETURNS TABLE (outcome text, event_seq bigint, event_at text)
LANGUAGE plpgsql AS $$
DECLARE
    head_seq bigint := 0;
    head_at text := '';
    head_digest text := '';
    stamped text;
    earlier tabletop.events%ROWTYPE;
BEGIN
    PERFORM tabletop.lock_session(target_session);
    SELECT * INTO earlier FROM tabletop.events e WHERE e.event_id = new_event_id;
    IF FOUND THEN
        IF earlier.session_id <> target_session OR earlier.type <> new_type OR earlier.payload <> new_payload THEN
            RAISE EXCEPTION 'tabletop: the event id % was used for another event', new_event_id
                USING ERRCODE = 'unique_violation';
        END IF;
        RETURN QUERY SELECT 'recorded'::text, earlier.seq, earlier.at;
        RETURN;
    END IF;
    SELECT e.seq, e.at, e.digest INTO head_seq, head_at, head_digest
    FROM tabletop.events e WHERE e.session_id = target_session ORDER BY e.seq DESC LIMIT 1;
    IF NOT FOUND THEN
        IF NOT EXISTS (SELECT 1 FROM tabletop.sessions s WHERE s.session_id = target_session) THEN
            RAISE EXCEPTION 'tabletop: no session % in this database', target_session USING ERRCODE = 'no_data_found';
        END IF;
        head_seq := 0;
        head_at := '';
        head_digest := '';
    END IF;
    IF head_seq <> expected_seq THEN
        RETURN QUERY SELECT 'moved_on'::text, head_seq, head_at;
        RETURN;
    END IF;
    -- Times never go backwards in a journal, even when the server's clock is set back.
    stamped := greatest(tabletop.utc_text(clock_timestamp()), head_at);
    INSERT INTO tabletop.events (session_id, seq, event_id, at, type, payload, digest)
    VALUES (target_session, head_seq + 1, new_event_id, stamped, new_type, new_payload,
            tabletop.chain_digest(head_digest, head_seq + 1, stamped, new_type, new_payload));
    PERFORM pg_notify('tabletop_journal', target_session);
    RETURN QUERY SELECT 'appended'::text, head_seq + 1, stamped;
END
$$;
