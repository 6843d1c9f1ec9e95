-- Search (`q` on the conversation list) over the contact's name and number and the text of
-- customer messages and notes: substring matches, so trigram indexes rather than b-trees.
-- pg_trgm is a trusted extension (PostgreSQL 13+): the schema's owner may create it. It
-- lands in this service's schema unless the database already has it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX contacts_profile_name_trgm ON contacts USING gin (profile_name gin_trgm_ops);
CREATE INDEX contacts_phone_trgm ON contacts USING gin (phone gin_trgm_ops);
CREATE INDEX conversation_entries_text_trgm ON conversation_entries USING gin (text gin_trgm_ops)
    WHERE kind IN ('INBOUND', 'NOTE');
-- From a matching contact to its conversations.
CREATE INDEX conversations_contact ON conversations (contact_id);
