package dev.switchboard.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.kafka.sender.KafkaSender;
import reactor.kafka.sender.SenderOptions;
import reactor.kafka.sender.SenderRecord;
import reactor.kafka.sender.SenderResult;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Topic;

/**
 * Publishes events with an idempotent producer ({@code acks=all}). Every returned
 * {@link Mono} completes only after the broker acknowledged the write and fails, never
 * hangs, once the delivery timeout has passed. Thread-safe; share one instance per
 * application.
 */
public final class EventPublisher implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);

	private final KafkaSender<String, byte[]> sender;

	private final Duration giveUpAfter;

	public EventPublisher(KafkaSettings settings) {
		this(settings, ObservationRegistry.NOOP);
	}

	public EventPublisher(KafkaSettings settings, ObservationRegistry observations) {
		SenderOptions<String, byte[]> options = SenderOptions.<String, byte[]>create(settings.producerProperties())
			.maxInFlight(settings.maxInFlight())
			.closeTimeout(settings.deliveryTimeout())
			.withObservation(observations);
		this.sender = KafkaSender.create(options);
		// Metadata wait plus delivery, with a margin: a safety net should the client not
		// report back.
		this.giveUpAfter = settings.deliveryTimeout().multipliedBy(2).plusSeconds(5);
	}

	/** Publishes to the default topic of the event's type. */
	public Mono<Void> publish(EventEnvelope<?> event, String key) {
		return publish(event.type().topic(), key, event);
	}

	public Mono<Void> publish(Topic topic, String key, EventEnvelope<?> event) {
		return Mono.fromCallable(() -> CloudEventCodec.encode(topic.topicName(), key, event))
			.flatMap(this::send)
			.doOnError((ex) -> log.warn("Publishing event {} of type {} to {} failed: {}", event.id(), event.type(),
					topic, ex.toString()));
	}

	/** Publishes bytes as they are (raw archive), with string headers. */
	public Mono<Void> publishRaw(Topic topic, String key, byte[] value, Map<String, String> headers) {
		return publishRaw(topic.topicName(), key, value, headers);
	}

	public Mono<Void> publishRaw(String topicName, String key, byte[] value, Map<String, String> headers) {
		return Mono.fromCallable(() -> {
			ProducerRecord<String, byte[]> record = new ProducerRecord<>(topicName, key, value);
			headers.forEach((name, text) -> record.headers().add(name, text.getBytes(StandardCharsets.UTF_8)));
			return record;
		})
			.flatMap(this::send)
			.doOnError((ex) -> log.warn("Publishing a raw record ({} bytes) to {} failed: {}",
					(value != null) ? value.length : 0, topicName, ex.toString()));
	}

	/**
	 * Publishes a batch; completes when every event was acknowledged, fails on the first
	 * error.
	 */
	public Mono<Void> publishAll(List<OutgoingEvent> events) {
		return Flux.fromIterable(events)
			.map((outgoing) -> SenderRecord.create(
					CloudEventCodec.encode(outgoing.topic().topicName(), outgoing.key(), outgoing.event()),
					outgoing.event().id()))
			.as(this.sender::send)
			.doOnNext(EventPublisher::failOnError)
			.then()
			.timeout(this.giveUpAfter.plus(Duration.ofMillis(10L * events.size())),
					Mono.defer(() -> Mono
						.error(new TimeoutException("Batch of " + events.size() + " events not acknowledged in time"))))
			.doOnError((ex) -> log.warn("Publishing a batch of {} events failed: {}", events.size(), ex.toString()));
	}

	/**
	 * Sends one prepared record (used for dead letters, which keep their original
	 * headers).
	 */
	Mono<Void> send(ProducerRecord<String, byte[]> record) {
		return this.sender.send(Mono.just(SenderRecord.create(record, record.topic())))
			.doOnNext(EventPublisher::failOnError)
			.then()
			.timeout(this.giveUpAfter, Mono.defer(() -> Mono
				.error(new TimeoutException("Record for " + record.topic() + " not acknowledged in time"))));
	}

	private static void failOnError(SenderResult<?> result) {
		if (result.exception() != null) {
			throw new PublishException("Broker did not acknowledge " + result.correlationMetadata(),
					result.exception());
		}
	}

	@Override
	public void close() {
		this.sender.close();
	}

	/** A write the broker did not acknowledge. */
	public static final class PublishException extends RuntimeException {

		PublishException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
