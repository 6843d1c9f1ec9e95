package dev.switchboard.events.wa;

import java.time.Instant;

/**
 * {@code statuses[].conversation}.
 *
 * @param id conversation id
 * @param expiration {@code expiration_timestamp}, only on sent statuses
 * @param originType {@code origin.type}, e.g. service, marketing, utility
 */
public record WaConversation(String id, Instant expiration, String originType) {
}
