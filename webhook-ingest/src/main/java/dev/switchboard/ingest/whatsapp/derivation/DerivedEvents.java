package dev.switchboard.ingest.whatsapp.derivation;

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
 * @param refused changes of a channel that does not hold the secret the webhook was
 * signed with, as {@code wa.rejected.v1} records ({@code SIGNER_MISMATCH},
 * {@code SIGNER_UNKNOWN}); never routed
 */
public record DerivedEvents(List<RoutedEvent> routed, List<OutgoingEvent> parked, Map<String, Integer> unroutedByKind,
		Map<String, Integer> rejectedByCode, List<OutgoingEvent> refused) {

	public DerivedEvents {
		routed = List.copyOf(routed);
		parked = List.copyOf(parked);
		refused = List.copyOf(refused);
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
	public record RoutedEvent(OutgoingEvent outgoing, String kind, String channelId) {

	}

}
