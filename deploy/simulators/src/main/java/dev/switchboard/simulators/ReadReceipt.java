package dev.switchboard.simulators;

import java.time.Instant;

/**
 * A mark-as-read call the Meta simulator accepted ({@code "status":"read"} on the
 * messages endpoint).
 *
 * @param phoneNumberId business phone number of the call (its path)
 * @param messageId the wamid marked read (with every message before it)
 * @param body the request body as received (JSON text)
 * @param time when it was accepted
 */
public record ReadReceipt(String phoneNumberId, String messageId, String body, Instant time) {
}
