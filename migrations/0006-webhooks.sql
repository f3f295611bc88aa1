-- 0006: outgoing webhooks (README "Webhooks"). A product group's webhooks receive its releases'
-- events; each event is a delivery row per webhook, written in the transaction of the release
-- change it reports, so a restart loses none: the sender picks up every `pending` row.

CREATE TABLE webhook (
    id INTEGER PRIMARY KEY,
    groupID INTEGER NOT NULL REFERENCES productGroup (id) ON DELETE CASCADE,
    url TEXT NOT NULL CHECK (url <> ''),
    -- The signing key. Kept as text, unlike tokens, because the server must sign with it; no API
    -- answer or page reads it after the one that created the webhook.
    secret TEXT NOT NULL CHECK (secret <> ''),
    createdBy INTEGER NOT NULL REFERENCES user (id),
    createdAt INTEGER NOT NULL
) STRICT;
CREATE INDEX webhookByGroup ON webhook (groupID);

CREATE TABLE webhookDelivery (
    id INTEGER PRIMARY KEY,
    webhookID INTEGER NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    -- 'release.created', 'release.succeeded', … (Core's ReleaseEvent).
    event TEXT NOT NULL,
    releaseID INTEGER REFERENCES release (id) ON DELETE SET NULL,
    -- The exact bytes sent and signed.
    body TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'succeeded', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    nextAttemptAt INTEGER,
    lastAttemptAt INTEGER,
    responseStatus INTEGER,
    responseExcerpt TEXT,
    error TEXT,
    durationMilliseconds INTEGER,
    createdAt INTEGER NOT NULL,
    finishedAt INTEGER,
    CHECK ((state = 'pending') = (nextAttemptAt IS NOT NULL))
) STRICT;
-- The sender's query: pending rows by webhook, oldest first.
CREATE INDEX webhookDeliveryPending ON webhookDelivery (webhookID, id) WHERE state = 'pending';
CREATE INDEX webhookDeliveryByWebhook ON webhookDelivery (webhookID, id);
