package dev.switchboard.events.orders;

import java.time.Instant;
import java.util.Map;

/**
 * An order moved to a new lifecycle status. Each event carries the order's full state
 * after the change, so replaying {@code orders.events.v1} from the beginning rebuilds
 * every read model without calling anyone.
 *
 * @param orderId platform order id
 * @param source order source, e.g. {@code vizi}
 * @param externalOrderId the source's order id
 * @param branch selling branch, lower-cased (e.g. {@code il})
 * @param sequence per-order sequence number, 1 for the first event; consumers ignore a
 * sequence they have already applied
 * @param status status after the change ({@code received}, {@code synced},
 * {@code confirmed}, {@code completed}, {@code rejected}, {@code sync_failed},
 * {@code confirm_failed}, {@code cancelled})
 * @param previousStatus status before the change, null for the first event
 * @param reason why (failure reason, rejection reasons), may be null
 * @param occurredAt when the change happened
 * @param order the order's state after the change
 */
public record OrderChanged(String orderId, String source, String externalOrderId, String branch, long sequence,
		String status, String previousStatus, String reason, Instant occurredAt, Map<String, Object> order) {

}
