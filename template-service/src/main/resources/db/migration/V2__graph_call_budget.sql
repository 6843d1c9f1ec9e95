-- Graph calls made per WABA per clock hour, shared by every replica: a call is taken from the
-- hour's budget before it is made, so the WABA's hourly call budget at Meta is never run into.
CREATE TABLE graph_call_budget (
    waba_id text        NOT NULL,
    hour    timestamptz NOT NULL,
    calls   integer     NOT NULL CHECK (calls > 0),
    PRIMARY KEY (waba_id, hour)
);
