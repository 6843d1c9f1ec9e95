package dev.switchboard.infra;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka (broker and controller in one) running in this JVM on the
 * production server classes, so that it listens on the ports we choose and can be stopped
 * and started again on them with its data intact.
 */
final class EmbeddedKafkaBroker implements KafkaEndpoint, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

	private static final String COMPONENT = "Kafka";

	static {
		// A broker fault while the host JVM shuts down makes Kafka halt the process with
		// a
		// non-zero status; embedded, it is a guest in someone else's JVM and must only
		// log.
		Exit.setExitProcedure((status, message) -> log.warn("Embedded Kafka asked to exit ({}): {}", status, message));
		Exit.setHaltProcedure((status, message) -> log.warn("Embedded Kafka asked to halt ({}): {}", status, message));
	}

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

	private final KafkaConfig config;

	private final String bootstrapServers;

	private KafkaRaftServer server;

	private EmbeddedKafkaBroker(KafkaConfig config, String bootstrapServers) {
		this.config = config;
		this.bootstrapServers = bootstrapServers;
	}

	/**
	 * Formats {@code dir} as a fresh single-node cluster and starts the broker.
	 * @param dir empty directory for logs and metadata
	 * @param port client listener port
	 * @param controllerPort controller listener port
	 * @return the running broker
	 */
	static EmbeddedKafkaBroker start(Path dir, int port, int controllerPort) {
		String logDir = dir.toAbsolutePath().toString();
		Map<String, Object> props = serverProperties(logDir, port, controllerPort);
		KafkaConfig config = new KafkaConfig(props, false);
		format(logDir);
		EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config, "localhost:" + port);
		broker.start();
		return broker;
	}

	/**
	 * Starts the broker on {@code dir}, formatting it first only when it holds no cluster
	 * yet: a broker started again on its directory (after a crash, say) keeps its data.
	 * @param dir directory for logs and metadata, empty or used before by this broker
	 * @param port client listener port
	 * @param controllerPort controller listener port
	 * @param overrides server properties replacing the defaults
	 * @return the running broker
	 */
	static EmbeddedKafkaBroker open(Path dir, int port, int controllerPort, Map<String, Object> overrides) {
		String logDir = dir.toAbsolutePath().toString();
		Map<String, Object> props = serverProperties(logDir, port, controllerPort);
		props.putAll(overrides);
		KafkaConfig config = new KafkaConfig(props, false);
		if (!Files.exists(dir.resolve("meta.properties"))) {
			format(logDir);
		}
		EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(config, "localhost:" + port);
		broker.start();
		return broker;
	}

	static Map<String, Object> serverProperties(String logDir, int port, int controllerPort) {
		Map<String, Object> props = new HashMap<>();
		props.put("process.roles", "broker,controller");
		props.put("node.id", "1");
		props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
		props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
		props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
		props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
		props.put("controller.listener.names", "CONTROLLER");
		props.put("inter.broker.listener.name", "PLAINTEXT");
		props.put("log.dirs", logDir);
		props.put("metadata.log.dir", logDir);
		// One node: every internal topic has one replica and needs one in sync.
		props.put("offsets.topic.replication.factor", "1");
		props.put("offsets.topic.num.partitions", "10");
		props.put("transaction.state.log.replication.factor", "1");
		props.put("transaction.state.log.min.isr", "1");
		props.put("transaction.state.log.num.partitions", "10");
		props.put("share.coordinator.state.topic.replication.factor", "1");
		props.put("share.coordinator.state.topic.min.isr", "1");
		props.put("min.insync.replicas", "1");
		props.put("group.initial.rebalance.delay.ms", "0");
		props.put("auto.create.topics.enable", "true");
		// Small footprint: the default cleaner buffer alone is 128 MB.
		props.put("log.cleaner.dedupe.buffer.size", "2097152");
		// Raw webhook archive records (Meta's 3 MB bodies, JSON-escaped) up to 8 MB.
		props.put("message.max.bytes", String.valueOf(9 * 1024 * 1024));
		props.put("replica.fetch.max.bytes", String.valueOf(9 * 1024 * 1024));
		props.put("num.network.threads", "2");
		props.put("num.io.threads", "4");
		return props;
	}

	private static void format(String logDir) {
		try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
			new Formatter().setPrintStream(quiet)
				.setNodeId(1)
				.setClusterId(Uuid.randomUuid().toString())
				.addDirectory(logDir)
				.setMetadataLogDirectory(logDir)
				.setReleaseVersion(MetadataVersion.latestProduction())
				.setSupportedFeatures(Feature.PRODUCTION_FEATURES)
				.setControllerListenerName("CONTROLLER")
				.run();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot format Kafka storage in " + logDir, ex);
		}
	}

	@Override
	public String bootstrapServers() {
		return this.bootstrapServers;
	}

	@Override
	public synchronized void start() {
		if (this.server != null) {
			return;
		}
		long startNanos = System.nanoTime();
		KafkaRaftServer starting = new KafkaRaftServer(this.config, Time.SYSTEM);
		try {
			starting.startup();
			KafkaReadiness.await(this.bootstrapServers, READY_TIMEOUT);
		}
		catch (RuntimeException ex) {
			starting.shutdown();
			starting.awaitShutdown();
			throw ex;
		}
		this.server = starting;
		StartLog.ready(COMPONENT, InfraMode.EMBEDDED, this.bootstrapServers, startNanos);
	}

	@Override
	public synchronized void stop() {
		if (this.server == null) {
			return;
		}
		long startNanos = System.nanoTime();
		this.server.shutdown();
		this.server.awaitShutdown();
		this.server = null;
		StartLog.stopped(COMPONENT, InfraMode.EMBEDDED, this.bootstrapServers, startNanos);
	}

	@Override
	public void close() {
		stop();
	}

}
