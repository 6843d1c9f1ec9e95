-- Search (`q` on the conversation list) over the contact's name and number and the text of
-- customer messages and notes: substring matches, so trigram indexes rather than b-trees.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the schema's owner may create it. A
-- database has it at most once, in whichever schema created it first (this one, or another
-- service's, or public), so its operator class is named with that schema.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

DO $$
DECLARE
    trgm text;
BEGIN
    SELECT quote_ident(n.nspname) INTO trgm
    FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
    WHERE e.extname = 'pg_trgm';
    EXECUTE format('CREATE INDEX contacts_profile_name_trgm ON contacts USING gin (profile_name %s.gin_trgm_ops)', trgm);
    EXECUTE format('CREATE INDEX contacts_phone_trgm ON contacts USING gin (phone %s.gin_trgm_ops)', trgm);
    EXECUTE format('CREATE INDEX conversation_entries_text_trgm ON conversation_entries USING gin (text %s.gin_trgm_ops)'
        || ' WHERE kind IN (''INBOUND'', ''NOTE'')', trgm);
END
$$;

-- From a matching contact to its conversations.
CREATE INDEX conversations_contact ON conversations (contact_id);
