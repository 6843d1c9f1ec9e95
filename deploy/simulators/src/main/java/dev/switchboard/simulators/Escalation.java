package dev.switchboard.simulators;

import java.time.Instant;

/**
 * An escalation the helpdesk simulator accepted.
 *
 * @param id the ticket id it answered, {@code esc-<n>}
 * @param idempotencyKey the call's {@code Idempotency-Key}, null without one
 * @param body the request body as received (JSON text)
 * @param time when it was accepted
 */
public record Escalation(String id, String idempotencyKey, String body, Instant time) {
}
