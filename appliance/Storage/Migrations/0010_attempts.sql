-- Every claim of a row counts an attempt (a graceful release gives it back); a row claimed LeadStates.MaxAttempts
-- times fails instead of being handed back for ever. A constant default: no table rewrite.
ALTER TABLE websites
    ADD COLUMN scrape_attempts smallint NOT NULL DEFAULT 0,
    ADD COLUMN generate_attempts smallint NOT NULL DEFAULT 0;
