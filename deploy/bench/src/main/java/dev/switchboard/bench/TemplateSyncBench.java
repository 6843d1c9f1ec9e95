package dev.switchboard.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventJson;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.local.LocalIdentityTokens;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.ServiceSpec;
import dev.switchboard.simulators.SimulatorOptions;
import dev.switchboard.simulators.Simulators;
import dev.switchboard.tenants.SecretCipher;
import reactor.netty.http.client.HttpClient;
import tools.jackson.core.type.TypeReference;

/**
 * What {@code deploy/bench/template-sync.sh} measures: a full template sync of one WABA
 * holding {@code count} templates, read in pages of 25 from the Meta simulator over HTTP
 * by template-service (its own JVM, embedded Kafka and PostgreSQL), each page stored and
 * its changes published through the outbox before the next. Two runs: the first creates
 * every template (one event each), the second finds nothing changed. The time is the
 * job's own (started to finished) and the client's (request to the completed job seen).
 * <p>
 * Arguments: template count (default 5000), output file.
 */
public final class TemplateSyncBench {

	private static final String SECRETS_KEY = "local:bG9jYWwtc3dpdGNoYm9hcmQtc2VjcmV0cy1rZXktMzI=";

	private static final String TENANT = "bench";

	private static final String WABA = "300000000000001";

	private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
	};

	private TemplateSyncBench() {
	}

	public static void main(String[] args) throws Exception {
		int count = (args.length > 0) ? Integer.parseInt(args[0]) : 5000;
		Path out = Path.of(args[1]);
		Ports ports = Ports.random();
		StringBuilder results = new StringBuilder();
		try (Infra infra = Infra.start(InfraOptions.forTests());
				Simulators simulators = Simulators.start(SimulatorOptions.defaults().withPort(ports.simulators()))) {
			KafkaSettings kafka = new KafkaSettings(infra.kafka().bootstrapServers(), "bench");
			TopicAdmin.ensureTopics(kafka, Topic.values()).block(Duration.ofSeconds(60));
			simulators.templates().addGenerated(WABA, "bench_notice", count);
			ServiceSpec spec = new ServiceSpec("template-service", ports.templates(), "templates",
					List.of("--logging.level.root=WARN", "--logging.level.dev.switchboard=INFO",
							"--switchboard.templates.graph.base-url=" + simulators.baseUrl(),
							"--switchboard.templates.graph.page-size=25",
							// Two syncs of 200 pages: more than Meta's base hourly
							// budget.
							"--switchboard.templates.graph.calls-per-waba-per-hour=100000",
							"--switchboard.templates.sync.poll-interval=200ms"));
			try (ServiceProcess service = ServiceProcess.start(spec, LocalStack.repositoryRoot(),
					BenchJvm.flags("template-service"), LocalStack.springArgs(infra, spec));
					EventPublisher publisher = new EventPublisher(kafka)) {
				if (!service.awaitHealthy(Instant.now().plusSeconds(120))) {
					throw new IllegalStateException("template-service did not become healthy");
				}
				SecretCipher cipher = SecretCipher.fromSpec(SECRETS_KEY);
				ChannelConfig channel = new ChannelConfig("bench-meta", ChannelConfig.META, "100000000000009", WABA,
						cipher.encrypt("bench-token", TENANT + "/bench-meta/accessToken"), List.of(), null, 80, null,
						null, true);
				publisher
					.publish(
							EventEnvelope.of(EventType.TENANT_CONFIG_V1, URI.create("urn:switchboard:bench"), TENANT,
									TENANT, new TenantConfig(TENANT, TENANT, TenantConfig.ACTIVE, "standard",
											List.of(channel), List.of(), 1, Instant.now())),
							TENANT)
					.block(Duration.ofSeconds(30));
				HttpClient http = HttpClient.create()
					.baseUrl("http://localhost:" + ports.templates())
					.responseTimeout(Duration.ofSeconds(30));
				results.append("templates=")
					.append(count)
					.append(" pageSize=25 cpus=")
					.append(Runtime.getRuntime().availableProcessors())
					.append('\n');
				for (String run : List.of("first (all created)", "second (unchanged)")) {
					Map<String, Object> job = syncUntilListed(http, count);
					results.append(run)
						.append(": pages=")
						.append(job.get("pages"))
						.append(" seen=")
						.append(job.get("seen"))
						.append(" changed=")
						.append(job.get("changed"))
						.append(" status=")
						.append(job.get("status"))
						.append(" job=")
						.append(Duration
							.between(Instant.parse((String) job.get("startedAt")),
									Instant.parse((String) job.get("finishedAt")))
							.toMillis())
						.append("ms client=")
						.append(job.get("clientMillis"))
						.append("ms\n");
				}
			}
		}
		Files.writeString(out, results.toString(), StandardCharsets.UTF_8);
	}

	/**
	 * Asks for a sync until one reads every template (the tenant directory may not know
	 * the bench tenant for the first moments), and returns the completed job.
	 */
	private static Map<String, Object> syncUntilListed(HttpClient http, int count) {
		while (true) {
			long started = System.nanoTime();
			Map<String, Object> queued = call(http, "POST", "/api/v1/templates/sync");
			Map<String, Object> job;
			do {
				pause(50);
				job = call(http, "GET", "/api/v1/templates/sync/" + queued.get("id"));
			}
			while (!"completed".equals(job.get("status")) && !"failed".equals(job.get("status")));
			long clientMillis = (System.nanoTime() - started) / 1_000_000;
			if (((Number) job.get("seen")).intValue() >= count) {
				Map<String, Object> done = new java.util.LinkedHashMap<>(job);
				done.put("clientMillis", clientMillis);
				return done;
			}
			pause(500);
		}
	}

	private static void pause(long millis) {
		java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(millis).toNanos());
	}

	private static Map<String, Object> call(HttpClient http, String method, String path) {
		String scope = "POST".equals(method) ? "templates:write" : "templates:read";
		String token = LocalIdentityTokens.token("template-service", TENANT, scope, "bench-" + System.nanoTime());
		byte[] body = http.headers((headers) -> headers.set("Authorization", "Bearer " + token))
			.request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
			.uri(path)
			.responseSingle((response, content) -> content.asByteArray())
			.block(Duration.ofSeconds(30));
		return EventJson.mapper().readValue(body, MAP);
	}

}
