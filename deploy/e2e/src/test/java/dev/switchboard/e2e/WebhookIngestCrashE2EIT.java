package dev.switchboard.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.infra.KafkaBrokerProcess;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.ServiceSpec;
import dev.switchboard.simulators.SimulatorOptions;
import dev.switchboard.simulators.Simulators;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * webhook-ingest killed (SIGKILL), and separately the Kafka broker killed, while a steady
 * stream of signed webhooks arrives: every webhook answered 200 is in Kafka, found by its
 * wamids. The Meta simulator signs and posts them; like Meta, the sender posts the same
 * bytes again after anything but a 200 (a 503, a refused or reset connection) until it
 * gets one, so every webhook is answered 200 in the end and each must be on
 * {@code wa.status.v1}. Copies are allowed (a webhook answered 503 may have been written
 * anyway; consumers drop repeats by event id), losses are not. Redis deduplicates the
 * repeats as in production: a claim taken by a delivery that dies with its instance, or
 * whose publish the broker's death failed, must not make the retry look like a repeat.
 * <p>
 * The load is {@value #DEFAULT_RATE} webhooks/s for {@value #DEFAULT_SECONDS} s, two
 * statuses each, the kill once a third of them was answered 200;
 * {@code -Dswitchboard.fault.rate=<webhooks/s>} and
 * {@code -Dswitchboard.fault.seconds=<s>} change it.
 */
class WebhookIngestCrashE2EIT {

	private static final Logger log = LoggerFactory.getLogger(WebhookIngestCrashE2EIT.class);

	private static final int DEFAULT_RATE = 40;

	private static final int DEFAULT_SECONDS = 12;

	private static final int RATE = Integer.getInteger("switchboard.fault.rate", DEFAULT_RATE);

	private static final int SECONDS = Integer.getInteger("switchboard.fault.seconds", DEFAULT_SECONDS);

	private static final Duration STARTUP = Duration.ofSeconds(300);

	private static Infra infra;

	private static Path kafkaDir;

	private static KafkaBrokerProcess kafka;

	private static Simulators simulators;

	private static ServiceSpec ingestSpec;

	private static ServiceProcess ingest;

	@BeforeAll
	static void start() throws Exception {
		// Redis (and PostgreSQL, unused) from the shared infrastructure; Kafka in a JVM
		// of its own, so that it can be killed.
		infra = Infra.start(InfraOptions.forTests());
		kafkaDir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "kafka-process-");
		kafka = KafkaBrokerProcess.start(kafkaDir.resolve("data"));
		TopicAdmin.ensureTopics(new KafkaSettings(kafka.bootstrapServers(), "ingest-crash-e2e"), Topic.values())
			.block(Duration.ofSeconds(60));
		Ports ports = Ports.random();
		simulators = Simulators.start(SimulatorOptions.defaults()
			.withPort(ports.simulators())
			.withWebhookUrl("http://localhost:" + ports.ingest() + "/webhooks/whatsapp"));
		ingestSpec = new ServiceSpec("webhook-ingest", ports.ingest(), null, List.of("--logging.level.root=WARN"));
		ingest = startIngest();
	}

	@AfterAll
	static void stop() throws IOException {
		if (ingest != null) {
			ingest.close();
		}
		if (simulators != null) {
			simulators.close();
		}
		if (kafka != null) {
			kafka.close();
		}
		if (infra != null) {
			infra.close();
		}
		if (kafkaDir != null) {
			try (Stream<Path> files = Files.walk(kafkaDir)) {
				files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
			}
		}
	}

	@Test
	void ingestKilledUnderLoadLosesNoAcceptedWebhook() throws Exception {
		Map<TopicPartition, Long> before = StatusTopic.endOffsets(kafka.bootstrapServers());
		SteadyWebhooks load = SteadyWebhooks.start(simulators.meta(), "wamid.R1-INGEST-" + UUID.randomUUID(), RATE,
				SECONDS);

		load.awaitAccepted(RATE * SECONDS / 3);
		ChildProcesses.killServing(ingestSpec.port());
		log.info("Killed webhook-ingest after {} webhooks were sent, {} answered 200", load.sent(), load.accepted());
		ingest = startIngest();

		assertEveryWebhookInKafka(load, before);
	}

	@Test
	void brokerKilledUnderLoadLosesNoAcceptedWebhook() throws Exception {
		Map<TopicPartition, Long> before = StatusTopic.endOffsets(kafka.bootstrapServers());
		SteadyWebhooks load = SteadyWebhooks.start(simulators.meta(), "wamid.R1-KAFKA-" + UUID.randomUUID(), RATE,
				SECONDS);

		load.awaitAccepted(RATE * SECONDS / 3);
		kafka.kill();
		log.info("Killed the Kafka broker after {} webhooks were sent, {} answered 200", load.sent(), load.accepted());
		kafka.start();

		assertEveryWebhookInKafka(load, before);
	}

	private static void assertEveryWebhookInKafka(SteadyWebhooks load, Map<TopicPartition, Long> before)
			throws Exception {
		List<String> accepted = load.awaitAllAccepted(Duration.ofMinutes(3));
		Map<String, Integer> written = StatusTopic.wamidsSince(kafka.bootstrapServers(), before);
		List<String> missing = new ArrayList<>(accepted);
		missing.removeAll(written.keySet());
		long copies = written.values().stream().mapToInt((count) -> count - 1).sum();
		log.info("{} webhooks ({} statuses) answered 200 after {} attempts {}; {} statuses in Kafka, {} extra copies",
				load.size(), accepted.size(), load.attempts(), load.failures(), written.size(), copies);
		assertThat(accepted).hasSize(load.size() * SteadyWebhooks.STATUSES_PER_WEBHOOK);
		assertThat(missing).as("statuses answered 200 but not in Kafka").isEmpty();
	}

	private static ServiceProcess startIngest() throws IOException, InterruptedException {
		List<String> args = new ArrayList<>(LocalStack.springArgs(infra, ingestSpec));
		args.removeIf((arg) -> arg.startsWith("--switchboard.kafka.bootstrap-servers="));
		args.add("--switchboard.kafka.bootstrap-servers=" + kafka.bootstrapServers());
		ServiceProcess started = ServiceProcess.start(ingestSpec, LocalStack.repositoryRoot(),
				ServiceProcess.FAST_START_FLAGS, args);
		assertThat(started.awaitHealthy(Instant.now().plus(STARTUP))).as("webhook-ingest healthy").isTrue();
		return started;
	}

}
