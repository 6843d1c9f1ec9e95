package dev.switchboard.events.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.observation.transport.ReceiverContext;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
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

	/**
	 * Publishing an event that carries the trace context it was created in (an outbox
	 * row's): the Kafka send becomes its child, so the record continues that trace rather
	 * than the relay's.
	 */
	public static final String RELAY_OBSERVATION = "switchboard.event.relay";

	private final KafkaSender<String, byte[]> sender;

	private final ObservationRegistry observations;

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
		this.observations = observations;
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
	 * Publishes a batch record by record, in the list's order, and reports what became of
	 * each instead of failing on the first error: a record the broker refused (too large,
	 * say) does not hide that the others were acknowledged. Records with the same key
	 * keep their order among those acknowledged.
	 * @param events the events to publish
	 * @return one outcome per event, in the list's order, once every event has one
	 */
	public Mono<List<Outcome>> publishEach(List<OutgoingEvent> events) {
		return Flux.range(0, events.size()).flatMapSequential((index) -> {
			OutgoingEvent outgoing = events.get(index);
			Mono<Void> sent = Mono.fromCallable(() -> encodeOrRefuse(outgoing)).flatMap(this::send);
			return continuingTrace(outgoing, sent).thenReturn(new Outcome(index, null))
				.onErrorResume((ex) -> Mono.just(new Outcome(index, ex)));
		}).collectList();
	}

	/**
	 * The send as a child of the trace context the event carries ({@code traceparent}),
	 * when it carries one and tracing is on: one event's send joins its own trace, even
	 * in a batch of events from several traces.
	 */
	private Mono<Void> continuingTrace(OutgoingEvent outgoing, Mono<Void> send) {
		String traceparent = outgoing.event().traceparent();
		if (traceparent == null || this.observations.isNoop()) {
			return send;
		}
		return Mono.defer(() -> {
			ReceiverContext<Map<String, String>> context = new ReceiverContext<>((carrier, key) -> carrier.get(key));
			context.setCarrier(Map.of(CloudEventCodec.TRACEPARENT, traceparent));
			context.setRemoteServiceName("outbox");
			Observation observation = Observation.createNotStarted(RELAY_OBSERVATION, () -> context, this.observations)
				.contextualName(outgoing.topic().topicName() + " relay")
				.start();
			return send.doOnError(observation::error)
				.doFinally((signal) -> observation.stop())
				.contextWrite((reactor) -> reactor.put(ObservationThreadLocalAccessor.KEY, observation));
		});
	}

	private static ProducerRecord<String, byte[]> encodeOrRefuse(OutgoingEvent outgoing) {
		try {
			return CloudEventCodec.encode(outgoing.topic().topicName(), outgoing.key(), outgoing.event());
		}
		catch (RuntimeException ex) {
			throw new SerializationException("Event " + outgoing.event().id() + " cannot be encoded: " + ex, ex);
		}
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

	/**
	 * What became of one record of {@link #publishEach}.
	 *
	 * @param index the record's position in the list published
	 * @param failure why it was not acknowledged; null when the broker acknowledged it
	 */
	public record Outcome(int index, Throwable failure) {

		/** Failures only the record itself causes, whatever state the brokers are in. */
		private static final List<Class<? extends Throwable>> RECORD_FAULTS = List.of(RecordTooLargeException.class,
				RecordBatchTooLargeException.class, InvalidRecordException.class, CorruptRecordException.class,
				InvalidTopicException.class, SerializationException.class);

		private static final int MAX_DEPTH = 16;

		/** Whether the broker acknowledged the record. */
		public boolean acknowledged() {
			return this.failure == null;
		}

		/**
		 * Whether the record failed for what it is (too large, invalid, a topic name
		 * Kafka refuses, not encodable), so that another attempt fails the same way
		 * whatever the brokers do. False for a failure an unavailable broker or cluster
		 * may cause (timeouts, disconnections, missing leaders or replicas, refused
		 * credentials).
		 */
		public boolean recordAtFault() {
			Throwable cause = this.failure;
			for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
				for (Class<? extends Throwable> fault : RECORD_FAULTS) {
					if (fault.isInstance(cause)) {
						return true;
					}
				}
			}
			return false;
		}

	}

	/** A write the broker did not acknowledge. */
	public static final class PublishException extends RuntimeException {

		PublishException(String message, Throwable cause) {
			super(message, cause);
		}

	}

}
