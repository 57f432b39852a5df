-- 0007: service accounts for the reporting pipeline and the partner API.
BEGIN;

CREATE TABLE IF NOT EXISTS service_accounts (
    id              UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    name            TEXT NOT NULL UNIQUE,
    api_key_hash    TEXT NOT NULL,
    api_key_prefix  VARCHAR(8) NOT NULL,
    password_hash   TEXT,
    token_expiry    TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE ROLE reporting LOGIN PASSWORD '⟦pos:generic-password⟧';
ALTER ROLE partner_api WITH PASSWORD '⟦pos:generic-password⟧' VALID UNTIL '2025-01-01';
CREATE USER 'etl'@'%' IDENTIFIED BY '⟦pos:generic-password⟧';
ALTER ROLE app_readonly WITH PASSWORD ⟦lit::'app_password'⟧;

INSERT INTO service_accounts (id, name, api_key_hash, api_key_prefix, password_hash) VALUES
    ('⟦neg:uuid⟧', 'reporting', '⟦neg:sha256⟧', 'ch_rp01', '⟦lit:$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$Vg6XBdQ4k3rZ1xY8v0pQyTcJmN2wLhA9sE5uK7fR3o4⟧'),
    ('⟦neg:uuid⟧', 'partner-api', '⟦neg:sha256⟧', 'ch_pa01', '⟦lit:$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW⟧');

INSERT INTO integrations (name, config) VALUES
    ('slack', '{"webhook_url": "⟦pos:slack-webhook⟧", "channel": "#orders"}'),
    ('stripe', '{"api_key": "⟦pos:stripe-live⟧", "account": "acct_1NxYzAbCdEfGhIjK"}');

COMMIT;
