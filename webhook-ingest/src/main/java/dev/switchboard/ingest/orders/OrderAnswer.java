package dev.switchboard.ingest.orders;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an order webhook is answered, kept so that a repeated delivery gets the same
 * answer.
 *
 * @param status HTTP status
 * @param body JSON body
 */
record OrderAnswer(int status, Map<String, Object> body) {

	static final int ACCEPTED = 202;

	static OrderAnswer accepted(String orderId) {
		return new OrderAnswer(ACCEPTED, body(orderId, "accepted"));
	}

	/** Test orders are acknowledged but go nowhere. */
	static OrderAnswer skipped(String orderId) {
		return new OrderAnswer(ACCEPTED, body(orderId, "skipped"));
	}

	private static Map<String, Object> body(String orderId, String status) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("orderId", orderId);
		body.put("status", status);
		return body;
	}

}
