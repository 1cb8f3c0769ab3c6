-- Grain state (Microsoft.Orleans.Persistence.AdoNet). The provider passes the state name as the "grain
-- type" and the grain key as (n0, n1, extension string); the row's version is the grain state's ETag.

CREATE TABLE IF NOT EXISTS orleans_storage (
    service_id         varchar(150) NOT NULL,
    state_name         varchar(512) NOT NULL,
    grain_id_n0        bigint       NOT NULL,
    grain_id_n1        bigint       NOT NULL,
    grain_id_extension varchar(512) NOT NULL DEFAULT '',
    payload            bytea,
    version            integer      NOT NULL,
    modified_at        timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension)
);

-- First write (no expected version) inserts version 1; later writes must name the current version.
-- Returns the new version, or null when the caller's version is stale (the provider then raises
-- InconsistentStateException).
CREATE OR REPLACE FUNCTION orleans_storage_write(
    p_service text, p_state text, p_n0 bigint, p_n1 bigint, p_extension text, p_expected integer, p_payload bytea)
RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
    v_version integer;
BEGIN
    IF p_expected IS NULL THEN
        INSERT INTO orleans_storage (service_id, state_name, grain_id_n0, grain_id_n1, grain_id_extension, payload, version)
        VALUES (p_service, p_state, p_n0, p_n1, COALESCE(p_extension, ''), p_payload, 1)
        ON CONFLICT DO NOTHING
        RETURNING version INTO v_version;
    ELSE
        UPDATE orleans_storage
           SET payload = p_payload, version = version + 1, modified_at = now()
         WHERE service_id = p_service AND state_name = p_state AND grain_id_n0 = p_n0 AND grain_id_n1 = p_n1
           AND grain_id_extension = COALESCE(p_extension, '') AND version = p_expected
        RETURNING version INTO v_version;
    END IF;
    RETURN v_version;
END;
$fn$;

-- Clearing keeps the row (payload null) and bumps its version, so a later write still has an ETag to name.
CREATE OR REPLACE FUNCTION orleans_storage_clear(
    p_service text, p_state text, p_n0 bigint, p_n1 bigint, p_extension text, p_expected integer)
RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
    v_version integer;
BEGIN
    UPDATE orleans_storage
       SET payload = NULL, version = version + 1, modified_at = now()
     WHERE service_id = p_service AND state_name = p_state AND grain_id_n0 = p_n0 AND grain_id_n1 = p_n1
       AND grain_id_extension = COALESCE(p_extension, '') AND version = p_expected
    RETURNING version INTO v_version;
    RETURN v_version;
END;
$fn$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
  FROM orleans_storage
 WHERE service_id = @ServiceId AND state_name = @GrainTypeString AND grain_id_n0 = @GrainIdN0
   AND grain_id_n1 = @GrainIdN1 AND grain_id_extension = COALESCE(@GrainIdExtensionString, '');
$q$),
('WriteToStorageKey', $q$
SELECT orleans_storage_write(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
                             @GrainStateVersion, @PayloadBinary) AS "NewGrainStateVersion";
$q$),
('ClearStorageKey', $q$
SELECT orleans_storage_clear(@ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, @GrainIdExtensionString,
                             @GrainStateVersion) AS "NewGrainStateVersion";
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
