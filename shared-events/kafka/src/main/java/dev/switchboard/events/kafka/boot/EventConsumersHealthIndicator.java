package dev.switchboard.events.kafka.boot;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.switchboard.events.kafka.EventConsumer;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN while any consumer holds records because infrastructure is unavailable, naming
 * each waiting consumer ({@code topic/group}) and the cause; UP otherwise. The consumers
 * resume by themselves; DOWN only tells the platform not to count on this instance
 * meanwhile.
 */
final class EventConsumersHealthIndicator implements HealthIndicator {

	private final Supplier<List<EventConsumer<?>>> consumers;

	EventConsumersHealthIndicator(Supplier<List<EventConsumer<?>>> consumers) {
		this.consumers = consumers;
	}

	@Override
	public Health health() {
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
