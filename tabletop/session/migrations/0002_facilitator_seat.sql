-- Schema version 2: the facilitator's seat of a session, one program's at a time across hosts.
--
-- Applied by `tabletop db init` (tabletop.session._pgschema) after version 1. The seat is a
-- session-level advisory lock held by the facilitator's connection for as long as it lives
-- (1414809171 is 0x54544653, "TTFS"; the second key is the session's, as for the journal's
-- lock, whose first key differs). A lock names only a server process, so each claim also
-- records who claimed it, from which host and when, for the message that refuses a second
-- facilitator. Claims are only ever added, like every other row of a session.

CREATE TABLE tabletop.facilitator_claims (
    session_id text NOT NULL REFERENCES tabletop.sessions,
    backend_pid integer NOT NULL,
    -- Chosen by the claiming program, new for each journal it opens: the same program's earlier
    -- connection (one the server has not yet noticed is gone) is known by it.
    claim_token uuid NOT NULL,
    name text NOT NULL,
    host text NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX facilitator_claims_by_process ON tabletop.facilitator_claims (session_id, backend_pid, claimed_at);

CREATE TRIGGER facilitator_claims_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON tabletop.facilitator_claims
    FOR EACH STATEMENT EXECUTE FUNCTION tabletop.refuse_change();

-- Claim the facilitator's seat of a session for this connection. The outcome is `claimed` (this
-- connection holds it now, until it ends), `held` (another program's connection holds it: its
-- claim's name, host and time are returned, when the claim is recorded) or `ours` (a connection
-- this same program opened earlier still holds it: it has been asked to end, try again).
CREATE FUNCTION tabletop.claim_facilitator_seat(
    target_session text, person text, from_host text, token uuid
) RETURNS TABLE (outcome text, holder text, holder_host text, since text, holder_pid integer)
LANGUAGE plpgsql AS $$
DECLARE
    key bigint := hashtext(target_session)::bigint & 4294967295;
    found_pid integer;
    claim tabletop.facilitator_claims%ROWTYPE;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM tabletop.sessions s WHERE s.session_id = target_session) THEN
        RAISE EXCEPTION 'tabletop: no session % in this database', target_session USING ERRCODE = 'no_data_found';
    END IF;
    IF pg_try_advisory_lock(1414809171, hashtext(target_session)) THEN
        INSERT INTO tabletop.facilitator_claims (session_id, backend_pid, claim_token, name, host)
        VALUES (target_session, pg_backend_pid(), token, person, from_host);
        RETURN QUERY SELECT 'claimed'::text, person, from_host, tabletop.utc_text(clock_timestamp()), pg_backend_pid();
        RETURN;
    END IF;
    SELECT l.pid INTO found_pid FROM pg_locks l
    WHERE l.locktype = 'advisory' AND l.granted AND l.classid = 1414809171::oid AND l.objid = key::oid
        AND l.objsubid = 2 AND l.database = (SELECT d.oid FROM pg_database d WHERE d.datname = current_database());
    SELECT * INTO claim FROM tabletop.facilitator_claims c
    WHERE c.session_id = target_session AND c.backend_pid = found_pid ORDER BY c.claimed_at DESC LIMIT 1;
    IF FOUND AND claim.claim_token = token THEN
        BEGIN
            PERFORM pg_terminate_backend(found_pid);
        EXCEPTION WHEN insufficient_privilege THEN
            -- Another role's process (a writer role shared by no one else): it ends when the
            -- server notices the link is gone.
            NULL;
        END;
        RETURN QUERY SELECT 'ours'::text, claim.name, claim.host, tabletop.utc_text(claim.claimed_at), found_pid;
        RETURN;
    END IF;
    RETURN QUERY SELECT 'held'::text, claim.name, claim.host, tabletop.utc_text(claim.claimed_at), found_pid;
END
$$;
