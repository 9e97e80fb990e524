"""Publishing: outbox rows and ledger entries name their action (publish, update, retract).

A release published once may be corrected (a newer approved version updates the channels that have
it) or taken down (retracted). Several rows may now exist for one version and channel (its
publication and later its retraction), so the per-version key holds for publish and update rows,
and one retraction at a time may be under way per channel. Rows no longer wanted (superseded by a
newer version, or by a retraction) are ``cancelled``; ``note`` carries the retraction's reason.
"""

from fabu.db.migrations import sql_migration

ID = "2026-11-27T04:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "publishing: correction and takedown (update and retract actions)"

SQL = """
DO $$
DECLARE
    per_version text;
BEGIN
    SELECT conname INTO STRICT per_version FROM pg_constraint
    WHERE conrelid = 'publication_outbox'::regclass AND contype = 'u'
      AND pg_get_constraintdef(oid) = 'UNIQUE (tenant_id, release_id, version_number, channel)';
    EXECUTE format('ALTER TABLE publication_outbox DROP CONSTRAINT %I', per_version);
END $$;

ALTER TABLE publication_outbox
    ADD COLUMN action varchar(16) NOT NULL DEFAULT 'publish' CHECK (action IN ('publish', 'update', 'retract')),
    ADD COLUMN note text,
    DROP CONSTRAINT publication_outbox_status_check,
    ADD CONSTRAINT publication_outbox_status_check
        CHECK (status IN ('pending', 'claimed', 'delivered', 'flagged', 'failed', 'cancelled'));
CREATE UNIQUE INDEX publication_outbox_placement ON publication_outbox (tenant_id, release_id, version_number, channel)
    WHERE action <> 'retract';
CREATE UNIQUE INDEX publication_outbox_retraction ON publication_outbox (tenant_id, release_id, channel)
    WHERE action = 'retract' AND status IN ('pending', 'claimed');
CREATE INDEX publication_outbox_release ON publication_outbox (tenant_id, release_id, channel);

ALTER TABLE publication_attempts
    DROP CONSTRAINT publication_attempts_outcome_check,
    ADD CONSTRAINT publication_attempts_outcome_check
        CHECK (outcome IN ('published', 'pending', 'retryable', 'terminal', 'auth_expired', 'unknown',
                           'not_found', 'flagged', 'failed', 'retracted', 'still_up'));

ALTER TABLE publication_ledger
    ADD COLUMN action varchar(16) NOT NULL DEFAULT 'publish' CHECK (action IN ('publish', 'update', 'retract')),
    ADD COLUMN note text;
"""

forwards = sql_migration(ID, "publishing", DESCRIPTION, SQL)
