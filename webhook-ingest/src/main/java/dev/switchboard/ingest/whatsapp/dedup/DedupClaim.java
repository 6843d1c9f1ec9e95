package dev.switchboard.ingest.whatsapp.dedup;

import java.util.List;

import dev.switchboard.ingest.whatsapp.dedup.Deduplicator.Outcome;
import dev.switchboard.ingest.whatsapp.dedup.Deduplicator.Slot;
import dev.switchboard.ingest.whatsapp.derivation.DerivedEvents.RoutedEvent;
import reactor.core.publisher.Mono;

/**
 * The dedup claims of one webhook's updates. They are taken as pending claims, which
 * expire by themselves shortly after the publish timeout; only once Kafka acknowledged
 * the events does {@link #confirm} make them final for the dedup window. When publishing
 * fails, {@link #release} drops them, and should Redis refuse that too they expire
 * anyway: a claim never outlives a failed publish, so the provider's retry is published,
 * never taken for a repeat.
 */
public final class DedupClaim {

	private final Deduplicator store;

	private final String owner;

	private final List<RoutedEvent> events;

	private final List<RoutedEvent> unchecked;

	private final List<Slot> slots;

	/**
	 * @param store where the claims live, {@code null} when nothing is checked
	 * @param owner identifies this webhook's claims among those of concurrent deliveries
	 * @param events every event of the webhook
	 * @param unchecked events too old to be a repeat Meta still sends
	 * @param slots where the claims of the other events live
	 */
	DedupClaim(Deduplicator store, String owner, List<RoutedEvent> events, List<RoutedEvent> unchecked,
			List<Slot> slots) {
		this.store = store;
		this.owner = owner;
		this.events = List.copyOf(events);
		this.unchecked = List.copyOf(unchecked);
		this.slots = List.copyOf(slots);
	}

	/** Claims of nothing: every event is published. */
	public static DedupClaim unchecked(List<RoutedEvent> events) {
		return new DedupClaim(null, "", events, events, List.of());
	}

	/**
	 * Claims the events and splits them into first deliveries (to publish) and repeats.
	 * An event claimed by a delivery still being published is decided once that one is: a
	 * repeat when it was acknowledged, this webhook's to publish when it failed.
	 */
	public Mono<Outcome> outcome() {
		return (this.store != null && !this.slots.isEmpty()) ? this.store.take(this)
				: Mono.just(Outcome.unchecked(this.events));
	}

	/**
	 * Makes the claims of the published events final, once Kafka acknowledged them. Never
	 * fails: if Redis refuses, their repeats are published again (consumers deduplicate
	 * by event id).
	 */
	public Mono<Void> confirm(Outcome outcome) {
		return (this.store != null && !outcome.claimed().isEmpty()) ? this.store.confirm(this, outcome.claimed())
				: Mono.empty();
	}

	/**
	 * Drops this webhook's pending claims after a failed publish, so that the provider's
	 * retry is published at once; claims of other deliveries stay. Never fails: claims
	 * Redis does not drop expire by themselves.
	 */
	public Mono<Void> release() {
		return (this.store != null && !this.slots.isEmpty()) ? this.store.release(this) : Mono.empty();
	}

	String owner() {
		return this.owner;
	}

	List<RoutedEvent> events() {
		return this.events;
	}

	List<RoutedEvent> unchecked() {
		return this.unchecked;
	}

	List<Slot> slots() {
		return this.slots;
	}

}
