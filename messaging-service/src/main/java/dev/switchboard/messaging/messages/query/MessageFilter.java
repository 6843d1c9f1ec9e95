package dev.switchboard.messaging.messages.query;

import java.time.Instant;

/**
 * What a message list is narrowed to; null fields do not narrow.
 *
 * @param status current status
 * @param channelId channel
 * @param recipient recipient in E.164
 * @param correlationId correlation id of the request
 * @param wamid WhatsApp message id
 * @param since accepted at or after
 * @param until accepted before
 * @param cursor where the previous page ended
 * @param limit page size, 1 to 200
 */
record MessageFilter(String status, String channelId, String recipient, String correlationId, String wamid,
		Instant since, Instant until, String cursor, int limit) {
}
