package dev.switchboard.events.kafka.boot;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import dev.switchboard.events.kafka.DeadLetterRedrive;
import dev.switchboard.events.kafka.EventConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The service's dead-letter topics, on the management port
 * ({@code /actuator/deadletters}): {@code GET} lists the dead-letter topic of each of its
 * consumers with the records it holds; {@code POST} with {@code topic} (one of them) and
 * optionally {@code from}, {@code to} (ISO-8601 instants, by the time a record was
 * dead-lettered) and {@code key} copies those records back to their source topic and
 * answers, once every copy was acknowledged, with what was read, copied and skipped. Bad
 * input answers 400 with a {@code code}; Kafka not answering, 503.
 */
@Endpoint(id = "deadletters")
public class DeadLettersEndpoint {

	private static final Logger log = LoggerFactory.getLogger(DeadLettersEndpoint.class);

	private final DeadLetterRedrive redrive;

	private final Supplier<List<EventConsumer<?>>> consumers;

	DeadLettersEndpoint(DeadLetterRedrive redrive, Supplier<List<EventConsumer<?>>> consumers) {
		this.redrive = redrive;
		this.consumers = consumers;
	}

	/**
	 * Each consumer's dead-letter topic with its source topic, group and record count.
	 */
	@ReadOperation
	public Mono<Map<String, Map<String, Object>>> deadLetters() {
		return Mono.fromCallable(() -> {
			Map<String, Map<String, Object>> topics = new TreeMap<>();
			for (EventConsumer<?> consumer : this.consumers.get()) {
				topics.put(consumer.dlqTopic(), Map.of("sourceTopic", consumer.topicName(), "group", consumer.groupId(),
						"records", this.redrive.held(consumer.dlqTopic())));
			}
			return topics;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	/**
	 * Copies the dead letters the filter selects back to their source topic.
	 * @param topic a dead-letter topic of this service's consumers
	 * @param from dead-lettered at or after this instant
	 * @param to dead-lettered before this instant
	 * @param key only records with this key
	 */
	@WriteOperation
	public Mono<WebEndpointResponse<Object>> redrive(String topic, @Nullable String from, @Nullable String to,
			@Nullable String key) {
		List<String> known = this.consumers.get().stream().map(EventConsumer::dlqTopic).sorted().toList();
		if (!known.contains(topic)) {
			return Mono.just(problem(400, "UNKNOWN_DEAD_LETTER_TOPIC",
					"topic must be a dead-letter topic of this service: " + String.join(", ", known)));
		}
		DeadLetterRedrive.Filter filter;
		try {
			filter = new DeadLetterRedrive.Filter(instant(from), instant(to), key);
		}
		catch (DateTimeParseException ex) {
			return Mono.just(problem(400, "VALIDATION_FAILED",
					"from and to must be ISO-8601 instants, e.g. 2026-11-23T09:00:00Z"));
		}
		catch (IllegalArgumentException ex) {
			return Mono.just(problem(400, "VALIDATION_FAILED", ex.getMessage()));
		}
		return Mono.fromCallable(() -> this.redrive.redrive(topic, filter))
			.subscribeOn(Schedulers.boundedElastic())
			.map((report) -> new WebEndpointResponse<Object>(report, 200))
			.onErrorResume((ex) -> {
				log.warn("Re-drive of {} failed: {}", topic, ex.toString());
				return Mono.just(problem(503, "KAFKA_UNAVAILABLE",
						"Kafka did not answer; records copied so far stay copied, running the re-drive again is safe"));
			});
	}

	private static Instant instant(String text) {
		return (text == null || text.isBlank()) ? null : Instant.parse(text);
	}

	/** An RFC 9457 body with a stable code. */
	private static WebEndpointResponse<Object> problem(int status, String code, String detail) {
		return new WebEndpointResponse<>(
				Map.of("type", "about:blank", "title", (status == 400) ? "Bad Request" : "Service Unavailable",
						"status", status, "detail", detail, "code", code),
				status);
	}

}
