package dev.switchboard.events.kafka;

import reactor.core.publisher.Mono;

/**
 * Something a service's consumers wait for before they start, such as reference data read
 * to its end: a record handled before that could be judged against missing data. Beans of
 * this type are awaited by the consumers' lifecycle; the tenants' directory provides one.
 */
public interface ConsumerStartCondition {

	/** What is awaited, for readiness and logs. */
	String description();

	/** Completes once met; an error keeps the consumers stopped. */
	Mono<Void> met();

}
