-- Messages waiting for a send with nothing pending (no provider call open, no retry or
-- postponement due): the scheduler's sweep for stranded messages finds the oldest here.
CREATE INDEX messages_stranded ON messages (updated_at)
    WHERE status = 'accepted' AND wamid IS NULL AND provider_message_id IS NULL
      AND provider_call_started_at IS NULL AND next_attempt_at IS NULL;
