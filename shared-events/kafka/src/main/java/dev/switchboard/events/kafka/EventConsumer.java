package dev.switchboard.events.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.Observation;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.kafka.receiver.KafkaReceiver;
import reactor.kafka.receiver.ReceiverOptions;
import reactor.kafka.receiver.ReceiverRecord;
import reactor.kafka.receiver.observation.KafkaRecordReceiverContext;
import reactor.util.retry.Retry;

import dev.switchboard.events.Topic;

/**
 * Consumes one topic in one consumer group, at least once. By default records of one
 * partition are handled one after the other (per-key order), partitions in parallel. With
 * {@link EventConsumerBuilder#concurrencyPerPartition} several records of a partition are
 * handled at once, those with the same order key still one after the other; offsets may
 * then complete out of order, and Reactor Kafka's deferred commits commit only up to the
 * first record not yet handled. An offset is acknowledged only after its handler
 * completed, and acknowledged offsets are committed every commit interval and when
 * partitions are revoked. A record that still fails after its retries, or that is no
 * readable event of the expected type, goes to {@code <topic>.dlq.<group>} and is then
 * acknowledged. A failure that shows infrastructure unavailable (see
 * {@link FailureClassifier}) is never dead-lettered: the record is retried with capped
 * backoff, holding its partition, until the infrastructure answers. Fatal errors restart
 * the consumer with backoff from the last committed offsets.
 * <p>
 * Two bounds keep a consumer from stopping silently: every handler attempt has a timeout
 * (a hung call becomes a {@code TimeoutException}, tried again like any unavailable
 * infrastructure), and a watchdog restarts the receiver when records wait in its
 * partitions while nothing is handled for the stall timeout (a record held for
 * infrastructure is being handled: the watchdog leaves it alone). Reactor Kafka can leave
 * partitions paused after a rebalance that happened under back-pressure; the restart
 * resumes from the committed offsets, which idempotent handlers absorb.
 *
 * @param <T> the payload record type
 */
public final class EventConsumer<T> {

	private static final Logger log = LoggerFactory.getLogger(EventConsumer.class);

	private static final int LANE_PREFETCH = 8;

	private static final Duration DRAIN_POLL = Duration.ofMillis(10);

	/**
	 * The observation around handling one record (its retries and dead-lettering
	 * included): a child of the producer's trace context in the record's headers, so that
	 * what the handler does joins the trace of whatever published the record, record by
	 * record even when a handler groups records of several traces.
	 */
	public static final String PROCESS_OBSERVATION = "switchboard.event.process";

	/** Log key (MDC) of the correlation id of the event being handled. */
	public static final String CORRELATION_ID_LOG_KEY = "correlationId";

	private final EventConsumerBuilder<T> config;

	private final String dlqTopic;

	private final EventPublisher dlqPublisher;

	private final boolean ownsPublisher;

	/**
	 * The partitions of the current receiver. Each receiver has its own: a restarted
	 * consumer's old receiver may report its revocations after the new one was assigned
	 * the same partitions, and a shared tracker then dropped them, so that their records
	 * were received and skipped until the next restart.
	 */
	private volatile PartitionTracker partitions;

	private final AtomicBoolean started = new AtomicBoolean();

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile boolean stopping;

	private final StallWatchdog watchdog;

	private final InfrastructureWaits infrastructureWaits;

	private final ConsumerMetrics metrics;

	/** The receiver of the running pipeline, for the watchdog. */
	private volatile KafkaReceiver<String, byte[]> receiver;

	EventConsumer(EventConsumerBuilder<T> config) {
		this.config = config;
		this.dlqTopic = Topic.dlqName(config.topicName, config.groupId);
		this.partitions = new PartitionTracker(config.groupId);
		this.watchdog = new StallWatchdog(config.topicName, config.groupId, config.stallTimeout,
				config.stallCheckInterval);
		this.infrastructureWaits = new InfrastructureWaits(config.topicName, config.groupId, config.meters);
		this.metrics = new ConsumerMetrics(config.topicName, config.groupId, config.meters);
		this.ownsPublisher = config.dlqPublisher == null;
		this.dlqPublisher = this.ownsPublisher ? new EventPublisher(config.settings, config.observations)
				: config.dlqPublisher;
	}

	public static <T> EventConsumerBuilder<T> builder(KafkaSettings settings, Topic topic, String groupId,
			Class<T> payload) {
		return new EventConsumerBuilder<>(settings, topic.topicName(), groupId, payload);
	}

	/** A consumer of any topic by name, e.g. to re-drive a dead-letter topic. */
	public static <T> EventConsumerBuilder<T> builder(KafkaSettings settings, String topicName, String groupId,
			Class<T> payload) {
		return new EventConsumerBuilder<>(settings, topicName, groupId, payload);
	}

	/** {@code <topic>.dlq.<group>}. */
	public String dlqTopic() {
		return this.dlqTopic;
	}

	/** Starts consuming in the background; a consumer starts once. */
	public EventSubscription start() {
		if (!this.started.compareAndSet(false, true)) {
			throw new IllegalStateException("Consumer of " + this.config.topicName + " already started");
		}
		Mono<Void> topics = this.config.createTopics
				? TopicAdmin.ensureTopics(this.config.settings, List.of(this.config.topicName, this.dlqTopic))
					.onErrorResume((ex) -> {
						log.warn("Could not ensure topics {} and {}: {}", this.config.topicName, this.dlqTopic,
								ex.toString());
						return Mono.empty();
					})
				: Mono.empty();
		Disposable pipeline = topics
			.thenMany(Flux.defer(this::consume)
				.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1))
					.maxBackoff(Duration.ofSeconds(30))
					.doBeforeRetry((signal) -> log.warn("Consumer of {} in group {} failed, restarting",
							this.config.topicName, this.config.groupId, signal.failure()))))
			.subscribe(null, (ex) -> log.error("Consumer of {} in group {} stopped", this.config.topicName,
					this.config.groupId, ex));
		return new EventSubscription(pipeline, this);
	}

	private Flux<Void> consume() {
		PartitionTracker tracker = new PartitionTracker(this.config.groupId);
		this.partitions = tracker;
		int lanes = this.config.maxInFlightPartitions;
		ReceiverOptions<String, byte[]> options = ReceiverOptions
			.<String, byte[]>create(this.config.settings.consumerProperties(this.config.groupId))
			.subscription(List.of(this.config.topicName))
			.commitInterval(this.config.settings.commitInterval())
			// Before giving partitions away, finish and commit what was already received.
			.maxDelayRebalance(this.config.rebalanceDrainTimeout)
			.addAssignListener(tracker::onAssigned)
			.addRevokeListener(tracker::onRevoked)
			.withObservation(this.config.observations);
		options = this.metrics.bind(options);
		if (this.config.concurrencyPerPartition > 1) {
			// Out-of-order acknowledgements; past this many the receiver pauses.
			options = options.maxDeferredCommits(this.config.settings.maxPollRecords() * 4);
		}
		// A partition always maps to the same lane (order kept), lanes run in parallel;
		// buffering is bounded: one poll batch in the receiver, then at most `prefetch`
		// records in lanes.
		KafkaReceiver<String, byte[]> current = KafkaReceiver.create(options);
		this.receiver = current;
		Flux<Void> records = current.receive(1)
			.doOnNext((record) -> this.watchdog.progressed())
			.groupBy((record) -> record.partition() % lanes, this.config.settings.prefetch())
			.flatMap((lane) -> handleLane(lane.publishOn(Schedulers.parallel(), laneBuffer()), tracker), lanes);
		return Flux.merge(records, this.watchdog.watch(current, () -> this.stopping || this.inFlight.get() > 0));
	}

	/**
	 * One record at a time, or (with concurrency per partition) one at a time per order
	 * key within a bounded number of sub-lanes.
	 */
	private Flux<Void> handleLane(Flux<ReceiverRecord<String, byte[]>> lane, PartitionTracker tracker) {
		int subLanes = this.config.concurrencyPerPartition;
		if (subLanes == 1) {
			return lane.concatMap((record) -> process(tracker, record, decode(record)), 1);
		}
		return lane.map(this::withOrderKey)
			.groupBy((received) -> Math.floorMod(spread(received.orderKey().hashCode()), subLanes), laneBuffer())
			.flatMap((subLane) -> subLane
				.concatMap((received) -> process(tracker, received.record(), received.decoded()), 1), subLanes);
	}

	/**
	 * Records a lane buffers ahead of its handlers. With concurrency per partition it
	 * grows with it: a buffer smaller than the sub-lanes fills up behind one busy key and
	 * leaves the others idle.
	 */
	private int laneBuffer() {
		return Math.max(LANE_PREFETCH, 4 * this.config.concurrencyPerPartition);
	}

	/**
	 * Mixes a key's hash before it picks a sub-lane: keys that differ only in their last
	 * characters (tenant:phone) otherwise crowd into a few sub-lanes.
	 */
	static int spread(int hash) {
		// MurmurHash3's 32-bit finaliser: every input bit reaches every output bit.
		int mixed = hash ^ (hash >>> 16);
		mixed *= 0x85EBCA6B;
		mixed ^= mixed >>> 13;
		mixed *= 0xC2B2AE35;
		return mixed ^ (mixed >>> 16);
	}

	/**
	 * The record, decoded, with the key it is ordered by within its partition: the order
	 * key function's, else the record key. A function that throws makes it the record's
	 * failure (dead-lettered like an unreadable record, under the record key): thrown
	 * inside the lane's operators it would stop the whole consumer, and no other key
	 * could keep its order among the rest.
	 */
	private Received<T> withOrderKey(ReceiverRecord<String, byte[]> record) {
		Decoded<T> decoded = decode(record);
		Object key = null;
		if (decoded.event() != null) {
			try {
				key = this.config.orderKey.apply(decoded.event());
			}
			catch (RuntimeException ex) {
				decoded = new Decoded<>(null, new IllegalStateException(
						"No order key for event " + decoded.event().event().id() + " (" + ex + ")", ex));
			}
		}
		return new Received<>(record, decoded, (key != null) ? key : String.valueOf(record.key()));
	}

	private Decoded<T> decode(ReceiverRecord<String, byte[]> record) {
		try {
			return new Decoded<>(
					new ConsumedEvent<>(CloudEventCodec.decode(record.headers(), record.value(), this.config.payload),
							record.topic(), record.partition(), record.offset(), record.key()),
					null);
		}
		catch (EventDecodingException ex) {
			return new Decoded<>(null, ex);
		}
	}

	/**
	 * Pauses every assigned partition as Reactor Kafka sometimes leaves them after a
	 * rebalance under back-pressure; lets tests prove the watchdog recovers.
	 */
	Mono<Void> pauseAssignedPartitions() {
		KafkaReceiver<String, byte[]> current = this.receiver;
		if (current == null) {
			return Mono.empty();
		}
		return current.doOnConsumer((consumer) -> {
			consumer.pause(consumer.assignment());
			return consumer.assignment().size();
		}).then();
	}

	private Mono<Void> process(PartitionTracker tracker, ReceiverRecord<String, byte[]> record, Decoded<T> decoded) {
		TopicPartition partition = record.receiverOffset().topicPartition();
		if (!tracker.owns(partition)) {
			// Revoked meanwhile: its new owner reads it from the committed offset.
			return Mono.empty();
		}
		if (this.stopping && !tracker.startedBeyond(partition, record.offset())) {
			// Stopping: read again at the next start, from the committed offset. A record
			// behind one already handled (another order key of the partition) is
			// handled still, or the commit would stop before it and the later record be
			// handled again.
			return Mono.empty();
		}
		return Mono.defer(() -> {
			Observation observation = observation(record);
			return handle(tracker, record, decoded, observation).doOnError(observation::error)
				.doFinally((signal) -> observation.stop())
				.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, observation));
		}).doFirst(() -> {
			this.inFlight.incrementAndGet();
			tracker.started(partition, record.offset());
		}).doFinally((signal) -> this.inFlight.decrementAndGet());
	}

	/**
	 * Started: its parent is the trace context the producer put in the record's headers
	 * (Reactor Kafka's receiver context reads them through the tracer's propagator).
	 */
	private Observation observation(ReceiverRecord<String, byte[]> record) {
		return Observation
			.createNotStarted(PROCESS_OBSERVATION,
					() -> new KafkaRecordReceiverContext(record, this.config.groupId,
							this.config.settings.bootstrapServers()),
					this.config.observations)
			.contextualName(record.topic() + " process")
			.lowCardinalityKeyValue("messaging.kafka.consumer.group", this.config.groupId)
			.start();
	}

	private Mono<Void> handle(PartitionTracker tracker, ReceiverRecord<String, byte[]> record, Decoded<T> decoded,
			Observation observation) {
		if (decoded.failure() != null) {
			return deadLetter(record, decoded.failure()).then(acknowledge(tracker, record));
		}
		ConsumedEvent<T> event = decoded.event();
		Mono<Void> attempt = Mono.defer(() -> handleInScope(event, observation)).timeout(this.config.handlerTimeout);
		return untilInfrastructureAnswers(attempt, tracker, record)
			.retryWhen(Retry.backoff(this.config.retries, this.config.retryBackoff)
				.maxBackoff(this.config.maxRetryBackoff)
				.filter((ex) -> !this.config.failureClassifier.isInfrastructure(ex))
				.doBeforeRetry((signal) -> log.debug("Retrying event {} at {}-{}@{}: {}", event.event().id(),
						record.topic(), record.partition(), record.offset(), signal.failure().toString()))
				.onRetryExhaustedThrow((spec, signal) -> signal.failure()))
			.then(acknowledge(tracker, record))
			.onErrorResume((ex) -> {
				if (this.config.failureClassifier.isInfrastructure(ex)) {
					// Stopping or revoked while waiting: neither dead-lettered nor
					// acknowledged, read again from the committed offset.
					return Mono.empty();
				}
				return deadLetter(record, ex).then(acknowledge(tracker, record));
			});
	}

	private Mono<Void> deadLetter(ReceiverRecord<String, byte[]> record, Throwable failure) {
		return DeadLetters.send(this.dlqPublisher, record, this.dlqTopic, this.config.groupId, failure)
			.doOnSuccess((sent) -> this.metrics.deadLettered());
	}

	/**
	 * Calls the handler with the record's observation and correlation id current, so that
	 * what it logs while assembling its work carries the trace and correlation ids.
	 */
	private Mono<Void> handleInScope(ConsumedEvent<T> event, Observation observation) {
		String correlationId = event.event().correlationId();
		try (Observation.Scope scope = observation.openScope();
				MDC.MDCCloseable correlation = (correlationId != null)
						? MDC.putCloseable(CORRELATION_ID_LOG_KEY, correlationId) : null) {
			return this.config.handler.handle(event);
		}
	}

	/**
	 * Retries the record for as long as infrastructure is unavailable (capped exponential
	 * backoff with jitter), holding its lane: nothing after it in its partition (or order
	 * key) is handled, nothing past it acknowledged, and with back-pressure the receiver
	 * stops fetching. Gives up only when the consumer stops or loses the partition.
	 */
	private Mono<Void> untilInfrastructureAnswers(Mono<Void> attempt, PartitionTracker tracker,
			ReceiverRecord<String, byte[]> record) {
		return Mono.defer(() -> {
			String[] waitingFor = new String[1];
			return attempt.retryWhen(Retry.backoff(Long.MAX_VALUE, this.config.infrastructureBackoff)
				.maxBackoff(this.config.maxInfrastructureBackoff)
				.jitter(0.5)
				.filter((ex) -> !this.stopping && tracker.owns(record.receiverOffset().topicPartition())
						&& this.config.failureClassifier.isInfrastructure(ex))
				.doBeforeRetry((signal) -> {
					if (waitingFor[0] == null) {
						waitingFor[0] = this.infrastructureWaits
							.started(this.config.failureClassifier.infrastructureCause(signal.failure())
								.orElse(signal.failure()));
					}
					log.debug("Record {}-{}@{} waits for infrastructure: {}", record.topic(), record.partition(),
							record.offset(), signal.failure().toString());
				})).doFinally((signal) -> {
					if (waitingFor[0] != null) {
						this.infrastructureWaits.ended(waitingFor[0]);
					}
				});
		});
	}

	/**
	 * The cause (class name) of infrastructure this consumer's records wait for, empty
	 * while none waits.
	 */
	public Optional<String> waitingForInfrastructure() {
		return this.infrastructureWaits.cause();
	}

	/** The topic consumed. */
	public String topicName() {
		return this.config.topicName;
	}

	/** The consumer group. */
	public String groupId() {
		return this.config.groupId;
	}

	private Mono<Void> acknowledge(PartitionTracker tracker, ReceiverRecord<String, byte[]> record) {
		return Mono.fromRunnable(() -> {
			tracker.acknowledge(record.receiverOffset());
			this.watchdog.progressed();
		});
	}

	Set<Integer> assignedPartitions() {
		return this.partitions.partitions();
	}

	/**
	 * Graceful stop: takes no new records, lets the ones being handled finish (and those
	 * of a partition behind them, see {@link #process}), then commits their offsets; all
	 * within {@code timeout}. What is not finished by then is read again at the next
	 * start.
	 * @param timeout how long to wait for the records being handled
	 * @return completes once drained and committed, or at the timeout
	 */
	Mono<Void> drain(Duration timeout) {
		return Mono.defer(() -> {
			this.stopping = true;
			// Idle twice in a row: a record waiting behind the one that just finished is
			// started right after it, and a single look could fall in between.
			return Flux.interval(DRAIN_POLL)
				.map((tick) -> this.inFlight.get() == 0)
				.buffer(2, 1)
				.filter((looks) -> looks.size() == 2 && looks.get(0) && looks.get(1))
				.next()
				.then(Mono.defer(() -> this.partitions.commitAcknowledged()))
				.timeout(timeout)
				.doOnSuccess((done) -> log.info("Consumer of {} in group {} drained", this.config.topicName,
						this.config.groupId))
				.onErrorResume((ex) -> {
					log.warn("Consumer of {} in group {} did not drain in {} ({} records still handled): {}",
							this.config.topicName, this.config.groupId, timeout, this.inFlight.get(), ex.toString());
					return Mono.empty();
				});
		});
	}

	void stopped() {
		this.stopping = true;
		this.partitions.clear();
		if (this.ownsPublisher) {
			this.dlqPublisher.close();
		}
	}

	/** A record decoded into its event, or the reason it cannot be handled. */
	private record Decoded<T>(ConsumedEvent<T> event, RuntimeException failure) {
	}

	private record Received<T>(ReceiverRecord<String, byte[]> record, Decoded<T> decoded, Object orderKey) {
	}

}
