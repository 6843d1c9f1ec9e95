package dev.switchboard.simulators;

import java.time.Instant;

/**
 * A message the Meta simulator accepted.
 *
 * @param phoneNumberId business phone number it was sent from (path of the send)
 * @param to recipient exactly as sent
 * @param type message type, e.g. text or template
 * @param body the request body as received (JSON text)
 * @param wamid id the simulator answered with
 * @param time when it was accepted
 */
public record SentMessage(String phoneNumberId, String to, String type, String body, String wamid, Instant time) {
}
