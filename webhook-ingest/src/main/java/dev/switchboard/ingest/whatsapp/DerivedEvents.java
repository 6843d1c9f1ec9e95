package dev.switchboard.ingest.whatsapp;

import java.util.List;
import java.util.Map;

import dev.switchboard.events.kafka.OutgoingEvent;

/**
 * What one webhook body becomes, besides its raw archive record.
 *
 * @param routed typed events of known channels, subject to deduplication
 * @param parked changes of unknown phone numbers ({@code wa.unrouted.v1}) and rejected
 * parts ({@code wa.rejected.v1}), always published
 * @param unroutedByKind items of unknown owners, by kind
 * @param rejectedByCode rejected parts, by reason code
 */
record DerivedEvents(List<RoutedEvent> routed, List<OutgoingEvent> parked, Map<String, Integer> unroutedByKind,
		Map<String, Integer> rejectedByCode) {

	DerivedEvents {
		routed = List.copyOf(routed);
		parked = List.copyOf(parked);
		unroutedByKind = Map.copyOf(unroutedByKind);
		rejectedByCode = Map.copyOf(rejectedByCode);
	}

	/**
	 * One typed event and the channel it belongs to.
	 *
	 * @param outgoing the event with its topic and key
	 * @param kind metric tag of its type, e.g. {@code status}
	 * @param channelId channel the event was routed to
	 */
	record RoutedEvent(OutgoingEvent outgoing, String kind, String channelId) {

	}

}
