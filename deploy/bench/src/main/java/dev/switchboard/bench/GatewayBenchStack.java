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
 * What {@code deploy/bench/gateway.sh} measures: a trivial upstream in its own JVM, a
 * bare Reactor Netty proxy in front of it ({@link BareProxy}, the floor for any JVM
 * proxy) and the gateway (embedded PostgreSQL, Redis, Kafka) with two routes to it:
 * {@code /plain/**} with no filters, and {@code /api/v1/messages/**} with API key
 * authentication and the multi-window Redis rate limits (3 key windows and 3 tenant
 * windows in one script call, limits high enough never to refuse). The gateway records a
 * JFR profile into the file named by the second argument. Writes
 * {@code gateway=<port> upstream=<port> bare=<port>} to the file named by the first
 * argument once both are healthy, then runs until killed.
 */
public final class GatewayBenchStack {

	private static final String ROUTES = "--spring.cloud.gateway.server.webflux.routes";

	private GatewayBenchStack() {
	}

	public static void main(String[] args) throws Exception {
		Path readyFile = Path.of(args[0]);
		Ports ports = Ports.random();
		Infra infra = Infra.start(InfraOptions.forTests());
		TopicAdmin.ensureTopics(new KafkaSettings(infra.kafka().bootstrapServers(), "bench"), Topic.values())
			.block(Duration.ofSeconds(60));
		String upstreamUrl = "http://localhost:" + ports.messaging();
		ServiceSpec upstreamSpec = new ServiceSpec("trivial-upstream", ports.messaging(), null, List.of());
		List<String> upstreamCommand = new ArrayList<>(BenchJvm.flags("trivial-upstream"));
		upstreamCommand.addAll(List.of("-cp", System.getProperty("java.class.path"), TrivialUpstream.class.getName()));
		ServiceProcess upstream = ServiceProcess.start(upstreamSpec, upstreamCommand, List.of());
		ServiceSpec bareSpec = new ServiceSpec("bare-proxy", ports.orders(), null, List.of());
		List<String> bareCommand = new ArrayList<>(BenchJvm.flags("bare-proxy"));
		bareCommand.addAll(List.of("-cp", System.getProperty("java.class.path"), BareProxy.class.getName(),
				"--upstream=" + upstreamUrl));
		ServiceProcess bare = ServiceProcess.start(bareSpec, bareCommand, List.of());

		ServiceSpec gatewaySpec = new ServiceSpec("gateway", ports.gateway(), "gateway",
				List.of("--logging.level.root=WARN", "--logging.level.switchboard.access=WARN", ROUTES + "[0].id=plain",
						ROUTES + "[0].uri=" + upstreamUrl, ROUTES + "[0].predicates[0]=Path=/plain/**",
						ROUTES + "[1].id=messages-read", ROUTES + "[1].uri=" + upstreamUrl,
						ROUTES + "[1].predicates[0]=Path=/api/v1/messages/**",
						ROUTES + "[1].filters[0]=ApiKey=messaging-service,messages:read",
						"--switchboard.rate-limits.plans.standard.key=1000000/1s,100000000/1m,1000000000/1d",
						"--switchboard.rate-limits.plans.standard.tenant=1000000/1s,100000000/1m,1000000000/1d"));
		ServiceProcess gateway = ServiceProcess.start(gatewaySpec, LocalStack.repositoryRoot(),
				BenchJvm.flags("gateway"), LocalStack.springArgs(infra, gatewaySpec));
		CountDownLatch stopped = new CountDownLatch(1);
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			gateway.close();
			bare.close();
			upstream.close();
			infra.close();
			stopped.countDown();
		}, "bench-shutdown"));
		Instant deadline = Instant.now().plusSeconds(240);
		if (!upstream.awaitHealthy(deadline) || !bare.awaitHealthy(deadline) || !gateway.awaitHealthy(deadline)) {
			throw new IllegalStateException("Bench targets did not become healthy");
		}
		Files.writeString(readyFile,
				"gateway=" + ports.gateway() + " upstream=" + ports.messaging() + " bare=" + ports.orders() + "\n",
				StandardCharsets.UTF_8);
		stopped.await();
	}

}
