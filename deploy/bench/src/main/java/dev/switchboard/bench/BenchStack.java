package dev.switchboard.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.ServiceSpec;

/**
 * What {@code deploy/bench/ingest.sh} measures: webhook-ingest on embedded Kafka and the
 * bare WebFlux baseline, each in its own JVM with the same flags, on free ports. Writes
 * {@code ingest=<port> bare=<port>} to the file named by the first argument once both are
 * healthy, then runs until killed.
 */
public final class BenchStack {

	private BenchStack() {
	}

	public static void main(String[] args) throws Exception {
		Path readyFile = Path.of(args[0]);
		Ports ports = Ports.random();
		Infra infra = Infra.start(InfraOptions.forTests());
		TopicAdmin.ensureTopics(new KafkaSettings(infra.kafka().bootstrapServers(), "bench"), Topic.values())
			.block(Duration.ofSeconds(60));
		ServiceSpec ingestSpec = new ServiceSpec("webhook-ingest", ports.ingest(), null,
				List.of("--logging.level.root=WARN"));
		ServiceSpec bareSpec = new ServiceSpec("bare-webflux", ports.gateway(), null,
				List.of("--logging.level.root=WARN"));
		ServiceProcess ingest = ServiceProcess.start(ingestSpec, LocalStack.repositoryRoot(),
				BenchJvm.flags("webhook-ingest"), LocalStack.springArgs(infra, ingestSpec));
		List<String> bareCommand = new ArrayList<>(BenchJvm.flags("bare"));
		bareCommand
			.addAll(List.of("-cp", System.getProperty("java.class.path"), BareEndpointApplication.class.getName()));
		ServiceProcess bare = ServiceProcess.start(bareSpec, bareCommand, List.of());
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			ingest.close();
			bare.close();
			infra.close();
			stopped.countDown();
		}, "bench-shutdown"));
		Instant deadline = Instant.now().plusSeconds(120);
		if (!ingest.awaitHealthy(deadline) || !bare.awaitHealthy(deadline)) {
			throw new IllegalStateException("Bench targets did not become healthy");
		}
		Files.writeString(readyFile, "ingest=" + ports.ingest() + " bare=" + ports.gateway() + "\n",
				StandardCharsets.UTF_8);
		stopped.await();
	}

}
