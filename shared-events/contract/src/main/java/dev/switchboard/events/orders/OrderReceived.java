package dev.switchboard.events.orders;

import java.time.Instant;
import java.util.Map;

/**
 * An order an order source delivered and the ingest accepted (signature checked, body
 * valid against the source's schema). The body travels verbatim so that downstream
 * services can read fields this record does not name.
 *
 * @param source the order source, e.g. {@code vizi}
 * @param externalOrderId the source's order id ({@code order.id} for Vizi)
 * @param branch the selling branch, lower-cased (e.g. {@code il})
 * @param receivedAt when the ingest received the webhook
 * @param webhookId the sender's delivery id ({@code webhook-id}), stable across retries,
 * may be null
 * @param payload the webhook body verbatim
 */
public record OrderReceived(String source, String externalOrderId, String branch, Instant receivedAt, String webhookId,
		Map<String, Object> payload) {

}
