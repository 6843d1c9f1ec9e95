package dev.switchboard.events.wa;

import java.time.Instant;

/**
 * A correctly signed webhook (or part of one) that could not be understood: answered 200
 * so Meta does not retry it forever, and parked here with the reason for investigation.
 *
 * @param rawEventId id of the {@link WaRawWebhook} it came in, may be null
 * @param code stable reason code, e.g. {@code MALFORMED_JSON}, {@code MISSING_METADATA}
 * @param detail human-readable reason
 * @param receivedAt when the ingest received it
 * @param content the offending body or change as text
 */
public record WaRejectedWebhook(String rawEventId, String code, String detail, Instant receivedAt, String content) {

}
