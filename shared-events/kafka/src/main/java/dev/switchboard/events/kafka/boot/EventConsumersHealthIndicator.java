package dev.switchboard.events.kafka.boot;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.switchboard.events.kafka.EventConsumer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN while the consumers have not started yet (they wait for the tenant directory, see
 * {@link EventConsumersLifecycle}), saying what for, and while any consumer holds records
 * because infrastructure is unavailable, naming each waiting consumer
 * ({@code topic/group}) and the cause; UP otherwise. The consumers start and resume by
 * themselves; DOWN only tells the platform not to count on this instance meanwhile.
 */
final class EventConsumersHealthIndicator implements HealthIndicator {

	private final Supplier<List<EventConsumer<?>>> consumers;

	private final Supplier<Optional<String>> notStarted;

	/**
	 * @param notStarted what the consumers wait for before they start, empty once started
	 */
	EventConsumersHealthIndicator(Supplier<List<EventConsumer<?>>> consumers, Supplier<Optional<String>> notStarted) {
		this.consumers = consumers;
		this.notStarted = notStarted;
	}

	@Override
	public Health health() {
		Optional<String> starting = this.notStarted.get();
		if (starting.isPresent()) {
			return Health.down().withDetail("startingAfter", starting.get()).build();
		}
		Map<String, String> waiting = new TreeMap<>();
		for (EventConsumer<?> consumer : this.consumers.get()) {
			consumer.waitingForInfrastructure()
				.ifPresent((cause) -> waiting.put(consumer.topicName() + "/" + consumer.groupId(), cause));
		}
		if (waiting.isEmpty()) {
			return Health.up().build();
		}
		return Health.down().withDetail("waitingForInfrastructure", waiting).build();
	}

}
