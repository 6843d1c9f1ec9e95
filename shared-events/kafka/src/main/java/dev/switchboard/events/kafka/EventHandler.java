package dev.switchboard.events.kafka;

import reactor.core.publisher.Mono;

/**
 * Processes consumed events. The returned {@link Mono} completes when the work is
 * durable; only then the offset is committed. An error triggers the retries, then the
 * dead-letter topic.
 *
 * @param <T> the payload record type
 */
@FunctionalInterface
public interface EventHandler<T> {

	Mono<Void> handle(ConsumedEvent<T> event);

}
