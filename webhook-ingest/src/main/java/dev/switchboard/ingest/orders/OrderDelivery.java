package dev.switchboard.ingest.orders;

/**
 * One order webhook as received: its Standard Webhooks headers and raw body.
 *
 * @param webhookId {@code webhook-id}, stable across the sender's retries
 * @param timestamp {@code webhook-timestamp}, Unix seconds
 * @param signature {@code webhook-signature}
 * @param explicitIdempotencyKey {@code X-Idempotency-Key}, may be null
 * @param body the exact bytes received
 * @param correlationId correlation id of the request
 */
record OrderDelivery(String webhookId, String timestamp, String signature, String explicitIdempotencyKey, byte[] body,
		String correlationId) {

	/** {@code X-Idempotency-Key} when given, else {@code webhook-id}. */
	String idempotencyKey() {
		return (this.explicitIdempotencyKey != null && !this.explicitIdempotencyKey.isBlank())
				? this.explicitIdempotencyKey : this.webhookId;
	}

}
