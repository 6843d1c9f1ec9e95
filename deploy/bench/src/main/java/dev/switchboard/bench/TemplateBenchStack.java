package dev.switchboard.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.templates.TemplateChanged;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.ServiceSpec;
import dev.switchboard.simulators.SimulatorOptions;
import dev.switchboard.simulators.Simulators;

/**
 * What {@code deploy/bench/templates.sh} measures: two messaging-service instances on the
 * same embedded infrastructure, template validation {@code off} on the first and
 * {@code enforced} on the second, the demo tenant's template {@code order_update} (en_US:
 * text header, body with two variables, footer, a dynamic URL button and a quick reply)
 * published on templates.events.v1. Writes {@code off=<port> on=<port>} to the file named
 * by the first argument once the second instance accepts a send of it, and a fresh
 * internal token to {@code <file>.token} every 10 s; runs until killed.
 */
public final class TemplateBenchStack {

	static final String SEND = """
			{"to":"+972500000001","channelId":"demo-meta","type":"template","template":{"name":"order_update",\
			"language":{"code":"en_US"},"components":[{"type":"header","parameters":[{"type":"text","text":"A-7"}]},\
			{"type":"body","parameters":[{"type":"text","text":"Dana"},{"type":"text","text":"A-7"}]},\
			{"type":"button","sub_type":"url","index":0,"parameters":[{"type":"text","text":"A-7"}]}]}}""";

	static final List<Map<String, Object>> COMPONENTS = List.of(
			Map.of("type", "HEADER", "format", "TEXT", "text", "Order {{1}}"),
			Map.of("type", "BODY", "text", "Hello {{1}}, your order {{2}} is confirmed and on its way."),
			Map.of("type", "FOOTER", "text", "Reply STOP to opt out"),
			Map.of("type", "BUTTONS", "buttons",
					List.of(Map.of("type", "URL", "text", "Track", "url", "https://shop.example/track/{{1}}"),
							Map.of("type", "QUICK_REPLY", "text", "Stop"))));

	private TemplateBenchStack() {
	}

	public static void main(String[] args) throws Exception {
		Path readyFile = Path.of(args[0]);
		Ports ports = Ports.random();
		Infra infra = Infra.start(InfraOptions.forTests());
		KafkaSettings kafka = new KafkaSettings(infra.kafka().bootstrapServers(), "bench");
		TopicAdmin.ensureTopics(kafka, Topic.values()).block(Duration.ofSeconds(60));
		Simulators simulators = Simulators.start(SimulatorOptions.defaults().withPort(ports.simulators()));
		simulators.meta().autoStatuses(false);
		List<ServiceProcess> instances = new ArrayList<>();
		int off = ports.messaging();
		int on = ports.orders();
		for (int port : List.of(off, on)) {
			ServiceSpec spec = new ServiceSpec("messaging-service", port, "messaging",
					List.of("--logging.level.root=WARN", "--switchboard.meta.graph-base-url=" + simulators.baseUrl(),
							"--switchboard.messaging.templates.validation=" + ((port == off) ? "off" : "enforced"),
							"--switchboard.messaging.templates.check-cpu-timed=true"));
			instances.add(ServiceProcess.start(spec, LocalStack.repositoryRoot(), BenchJvm.flags("messaging-" + port),
					LocalStack.springArgs(infra, spec)));
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			instances.forEach(ServiceProcess::close);
			simulators.close();
			infra.close();
		}, "bench-shutdown"));
		Instant deadline = Instant.now().plusSeconds(420);
		for (ServiceProcess instance : instances) {
			if (!instance.awaitHealthy(deadline)) {
				throw new IllegalStateException(instance.spec().name() + " did not become healthy");
			}
		}
		try (EventPublisher publisher = new EventPublisher(kafka)) {
			TemplateChanged template = new TemplateChanged("102290129340398", "594425479261000", "order_update",
					"en_US", "CREATED", "APPROVED", null, "UTILITY", "GREEN", "POSITIONAL", null, COMPONENTS,
					Instant.now());
			publisher
				.publish(EventEnvelope.of(EventType.TEMPLATE_CHANGED_V1, URI.create("urn:switchboard:template-service"),
						"demo", "order_update:en_US", template), "demo:102290129340398:order_update:en_US")
				.block(Duration.ofSeconds(30));
		}
		awaitAccepted(on, deadline);
		Path tokenFile = Path.of(readyFile + ".token");
		MessagingBenchStack.refreshToken(tokenFile);
		Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "bench-token");
			thread.setDaemon(true);
			return thread;
		}).scheduleAtFixedRate(() -> MessagingBenchStack.refreshToken(tokenFile), 10, 10, TimeUnit.SECONDS);
		Files.writeString(readyFile, "off=" + off + " on=" + on + " offmgmt=" + instances.get(0).spec().managementPort()
				+ " onmgmt=" + instances.get(1).spec().managementPort() + "\n");
		LockSupport.park();
	}

	/**
	 * Until the validating instance has the template in its projection (202, not 422).
	 */
	private static void awaitAccepted(int port, Instant deadline) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> answer = http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/messages"))
					.header("Authorization", "Bearer " + MessagingBenchStack.token())
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(SEND))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() == 202) {
				return;
			}
			LockSupport.parkNanos(200_000_000L);
		}
		throw new IllegalStateException("The validating instance never accepted the template send");
	}

}
