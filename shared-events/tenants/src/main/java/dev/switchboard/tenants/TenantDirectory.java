package dev.switchboard.tenants;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.CloudEventCodec;
import dev.switchboard.events.kafka.EventDecodingException;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.tenants.TenantConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Every tenant's latest configuration, read from the compacted {@code tenants.config.v1}
 * topic from the beginning at start and followed from then on, so a channel added at the
 * gateway routes within moments everywhere, without a restart.
 * <p>
 * Reads run on one dedicated thread with a plain consumer without a group: nothing is
 * committed, every instance holds the whole (small) configuration, and lookups are
 * lock-free reads of an immutable snapshot, safe on event loops.
 */
public final class TenantDirectory implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(TenantDirectory.class);

	private static final Duration POLL = Duration.ofMillis(500);

	private static final Duration TOPIC_RETRY = Duration.ofSeconds(1);

	private final Sinks.Many<TenantConfig> changes = Sinks.many().multicast().directBestEffort();

	private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();

	private final KafkaConsumer<String, byte[]> consumer;

	private final Thread follower;

	private volatile TenantSnapshot snapshot;

	private final CountDownLatch closing = new CountDownLatch(1);

	private volatile boolean closed;

	private TenantDirectory(List<TenantConfig> seeds, KafkaSettings settings) {
		TenantSnapshot seeded = TenantSnapshot.EMPTY;
		for (TenantConfig seed : seeds) {
			seeded = seeded.with(seed);
		}
		this.snapshot = seeded;
		if (settings == null) {
			this.consumer = null;
			this.follower = null;
			this.caughtUp.complete(null);
			return;
		}
		this.consumer = new KafkaConsumer<>(settings.readerProperties("tenant-directory"));
		this.follower = new Thread(this::follow, "tenant-directory");
		this.follower.setDaemon(true);
	}

	/**
	 * A directory that follows {@code tenants.config.v1}; {@code seeds} (e.g. from static
	 * configuration) apply until the topic holds a newer version of the same tenant.
	 * @param settings where Kafka is
	 * @param seeds initial tenants, may be empty
	 * @return the started directory
	 */
	public static TenantDirectory follow(KafkaSettings settings, List<TenantConfig> seeds) {
		TenantDirectory directory = new TenantDirectory(seeds, settings);
		directory.follower.start();
		return directory;
	}

	/**
	 * A directory of fixed tenants that reads nothing (tests, static configuration).
	 * @param tenants the tenants
	 * @return the directory, ready at once
	 */
	public static TenantDirectory withStatic(List<TenantConfig> tenants) {
		return new TenantDirectory(tenants, null);
	}

	/** Completes once the directory has read what the topic held when it started. */
	public Mono<Void> ready() {
		return Mono.fromFuture(this.caughtUp, true);
	}

	/**
	 * Whether the directory has read what the topic held when it started (false while it
	 * reads, and when it stopped following with an error).
	 */
	public boolean isReady() {
		return this.caughtUp.isDone() && !this.caughtUp.isCompletedExceptionally();
	}

	public Optional<TenantConfig> tenant(String tenantId) {
		return this.snapshot.tenant(tenantId);
	}

	/** The channel (and its tenant) a Meta {@code phone_number_id} belongs to. */
	public Optional<ChannelRef> byPhoneNumberId(String phoneNumberId) {
		return this.snapshot.byPhoneNumberId(phoneNumberId);
	}

	public Optional<ChannelRef> channel(String tenantId, String channelId) {
		return this.snapshot.channel(tenantId, channelId);
	}

	/** Every known tenant's latest configuration (suspended ones included). */
	public List<TenantConfig> tenants() {
		return List.copyOf(this.snapshot.tenants());
	}

	/** Number of known tenants. */
	public int size() {
		return this.snapshot.size();
	}

	/**
	 * Configurations as they change from now on (a hot stream; late subscribers miss
	 * earlier ones).
	 */
	public Flux<TenantConfig> changes() {
		return this.changes.asFlux();
	}

	/** Applies one record of the topic: a configuration, or a tombstone (null value). */
	void apply(String tenantId, byte[] value, Headers headers) {
		if (value == null) {
			this.snapshot = this.snapshot.without(tenantId);
			log.info("Tenant {} removed", tenantId);
			return;
		}
		EventEnvelope<TenantConfig> event = CloudEventCodec.decode(headers, value, TenantConfig.class);
		TenantConfig config = event.data();
		TenantSnapshot before = this.snapshot;
		this.snapshot = before.with(config);
		if (this.snapshot != before) {
			this.changes.tryEmitNext(config);
		}
	}

	private void follow() {
		try {
			List<TopicPartition> partitions = awaitPartitions();
			if (partitions == null) {
				return;
			}
			this.consumer.assign(partitions);
			this.consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> end = this.consumer.endOffsets(partitions);
			while (!this.closed) {
				for (ConsumerRecord<String, byte[]> record : this.consumer.poll(POLL)) {
					applySafely(record);
				}
				if (!this.caughtUp.isDone() && end.entrySet()
					.stream()
					.allMatch((entry) -> this.consumer.position(entry.getKey()) >= entry.getValue())) {
					log.info("Tenant directory ready with {} tenants", this.snapshot.size());
					this.caughtUp.complete(null);
				}
			}
		}
		catch (WakeupException ex) {
			// close() interrupts the poll.
		}
		catch (RuntimeException ex) {
			if (!this.closed) {
				log.error("Tenant directory stopped following {}", Topic.TENANTS_CONFIG, ex);
				this.caughtUp.completeExceptionally(ex);
			}
		}
		finally {
			this.consumer.close(Duration.ofSeconds(1));
		}
	}

	/** Waits for the topic to exist (it may be created after this service started). */
	private List<TopicPartition> awaitPartitions() {
		boolean announced = false;
		while (!this.closed) {
			List<PartitionInfo> infos;
			try {
				infos = this.consumer.partitionsFor(Topic.TENANTS_CONFIG.topicName(), POLL);
			}
			catch (TimeoutException ex) {
				// Kafka is not reachable (yet): keep the seeds and keep asking.
				continue;
			}
			if (infos != null && !infos.isEmpty()) {
				return infos.stream()
					.map((info) -> new TopicPartition(info.topic(), info.partition()))
					.collect(Collectors.toList());
			}
			if (!announced) {
				// Nothing published yet: the directory holds its seeds only.
				this.caughtUp.complete(null);
				log.info("Topic {} does not exist yet; waiting for it", Topic.TENANTS_CONFIG);
				announced = true;
			}
			try {
				this.closing.await(TOPIC_RETRY.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return null;
			}
		}
		return null;
	}

	private void applySafely(ConsumerRecord<String, byte[]> record) {
		try {
			apply(record.key(), record.value(), record.headers());
		}
		catch (EventDecodingException ex) {
			log.warn("Skipping unreadable tenant configuration at {}-{}@{}: {}", record.topic(), record.partition(),
					record.offset(), ex.getMessage());
		}
	}

	@Override
	public void close() {
		this.closed = true;
		this.closing.countDown();
		if (this.consumer != null) {
			this.consumer.wakeup();
		}
	}

}
