package dev.switchboard.ingest.whatsapp;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.events.wa.WaStatus;

/**
 * What one WhatsApp webhook body holds, as far as this service handles it today.
 *
 * @param statuses every well-formed {@code statuses[]} entry, in body order
 * @param phoneNumberIds every {@code metadata.phone_number_id} the body names
 * @param invalidStatuses why statuses were left out (missing id, status, timestamp or
 * recipient)
 * @param deferred items not turned into events yet, counted by kind ({@code messages},
 * {@code errors} or the change field name)
 */
record WebhookContent(List<WaStatus> statuses, Set<String> phoneNumberIds, List<String> invalidStatuses,
		Map<String, Integer> deferred) {

	WebhookContent {
		statuses = List.copyOf(statuses);
		phoneNumberIds = Set.copyOf(phoneNumberIds);
		invalidStatuses = List.copyOf(invalidStatuses);
		deferred = Map.copyOf(deferred);
	}

}
