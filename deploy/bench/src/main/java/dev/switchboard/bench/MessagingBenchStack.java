package dev.switchboard.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.Topic;
import dev.switchboard.events.kafka.EventPublisher;
import dev.switchboard.events.kafka.KafkaSettings;
import dev.switchboard.events.kafka.TopicAdmin;
import dev.switchboard.events.templates.TemplateChanged;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.InfraOptions;
import dev.switchboard.local.LocalIdentityTokens;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.Ports;
import dev.switchboard.local.ServiceProcess;
import dev.switchboard.local.ServiceSpec;
import dev.switchboard.simulators.SentMessage;
import dev.switchboard.simulators.SimulatorOptions;
import dev.switchboard.simulators.Simulators;

/**
 * What {@code deploy/bench/messaging.sh} measures: two messaging-service instances on
 * embedded infrastructure and the Meta simulator, the gateway in front of the first,
 * template validation as the fourth argument says ({@code enforced} when absent) with the
 * demo WABA's {@link #TEMPLATE} published on templates.events.v1. Writes
 * {@code m1=<port> m2=<port> gw=<port>} to the file named by the first argument once both
 * are healthy and accept a send of the template, and a fresh internal token to
 * {@code <file>.token} every 10 s; when {@code <file>.rate} appears it measures the
 * per-number send rate (messages to six channels of one business number, both instances
 * sending) and writes the result to {@code <file>.result}; runs until killed.
 */
public final class MessagingBenchStack {

	/** The business number of the rate measurement. */
	static final String RATE_NUMBER = "100000000000009";

	private static final int RATE_CHANNELS = 6;

	/**
	 * The template every send of the bench carries: the demo WABA's order confirmation in
	 * English as the Meta simulator holds it (eight positional body parameters, in the
	 * order order-service fills them), so that validation {@code enforced} accepts it.
	 */
	static final String TEMPLATE = "{\"name\":\"order_confirmation_global\",\"language\":{\"code\":\"en\"},"
			+ "\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Dana Example\"},"
			+ "{\"type\":\"text\",\"text\":\"India\"},{\"type\":\"text\",\"text\":\"IN\"},"
			+ "{\"type\":\"text\",\"text\":\"IL250101IN99\"},{\"type\":\"text\",\"text\":\"Tourist eVisa, 1 month\"},"
			+ "{\"type\":\"text\",\"text\":\"2\"},{\"type\":\"text\",\"text\":\"249 ILS\"},"
			+ "{\"type\":\"text\",\"text\":\"3\"}]}]}";

	/** The demo WABA's template as template-service announces it after a sync. */
	private static final List<Map<String, Object>> TEMPLATE_COMPONENTS = List.of(Map.of("type", "BODY", "text",
			"Hello {{1}}, thank you for your order! Your visa application for {{2}} ({{3}}) has been received, "
					+ "order {{4}}: {{5}}, {{6}} applicant(s), total {{7}}. We will process it within {{8}} "
					+ "business days.",
			"example", Map.of("body_text", List.of(List.of("Dana Example", "India", "IN", "IL250101IN99",
					"Tourist eVisa, 1 month", "2", "249 ILS", "3")))));

	private static final Pattern REFUSED = Pattern.compile("\"refused\":([0-9]+)");

	private MessagingBenchStack() {
	}

	public static void main(String[] args) throws Exception {
		Path readyFile = Path.of(args[0]);
		int tier = (args.length > 1) ? Integer.parseInt(args[1]) : 80;
		int rateMessages = (args.length > 2) ? Integer.parseInt(args[2]) : tier * 30;
		String validation = (args.length > 3) ? args[3] : "enforced";
		Ports ports = Ports.random();
		Infra infra = Infra.start(InfraOptions.forTests());
		KafkaSettings kafka = new KafkaSettings(infra.kafka().bootstrapServers(), "bench");
		TopicAdmin.ensureTopics(kafka, Topic.values()).block(Duration.ofSeconds(60));
		Simulators simulators = Simulators.start(SimulatorOptions.defaults().withPort(ports.simulators()));
		simulators.meta().autoStatuses(false);
		List<ServiceProcess> instances = new ArrayList<>();
		for (int port : List.of(ports.messaging(), ports.orders())) {
			ServiceSpec spec = new ServiceSpec("messaging-service", port, "messaging",
					arguments(simulators.baseUrl(), tier, validation));
			instances.add(ServiceProcess.start(spec, LocalStack.repositoryRoot(), BenchJvm.flags("messaging-" + port),
					LocalStack.springArgs(infra, spec)));
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			instances.forEach(ServiceProcess::close);
			simulators.close();
			infra.close();
		}, "bench-shutdown"));
		// The gateway in front of the first instance, with limits nothing reaches.
		ServiceSpec gateway = new ServiceSpec("gateway", ports.gateway(), "gateway",
				List.of("--logging.level.root=WARN", "--logging.level.switchboard.access=WARN",
						"--switchboard.routes.messaging=http://localhost:" + ports.messaging(),
						"--switchboard.rate-limits.plans.standard.key=1000000/1s,100000000/1m,1000000000/1d",
						"--switchboard.rate-limits.plans.standard.tenant=1000000/1s,100000000/1m,1000000000/1d"));
		instances.add(ServiceProcess.start(gateway, LocalStack.repositoryRoot(), BenchJvm.flags("gateway"),
				LocalStack.springArgs(infra, gateway)));
		Instant deadline = Instant.now().plusSeconds(420);
		for (ServiceProcess instance : instances) {
			if (!instance.awaitHealthy(deadline)) {
				throw new IllegalStateException(instance.spec().name() + " did not become healthy");
			}
		}
		publishTemplate(kafka);
		for (int port : List.of(ports.messaging(), ports.orders())) {
			awaitAccepted(port, deadline);
		}
		// Tokens live 60 s: the script reads a fresh one from <file>.token before each
		// run.
		Path tokenFile = Path.of(readyFile + ".token");
		refreshToken(tokenFile);
		Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "bench-token");
			thread.setDaemon(true);
			return thread;
		}).scheduleAtFixedRate(() -> refreshToken(tokenFile), 10, 10, TimeUnit.SECONDS);
		Files.writeString(readyFile,
				"m1=" + ports.messaging() + " m2=" + ports.orders() + " gw=" + ports.gateway() + "\n");
		Path rateFile = Path.of(readyFile + ".rate");
		while (!Files.exists(rateFile)) {
			LockSupport.parkNanos(200_000_000L);
		}
		String result = measureRate(simulators, ports.messaging(), tier, rateMessages);
		Files.writeString(Path.of(readyFile + ".result"), result + "\n");
		LockSupport.park();
	}

	/** Writes a fresh token, whole or not at all (written aside, then moved). */
	static void refreshToken(Path tokenFile) {
		try {
			Path next = Path.of(tokenFile + ".next");
			Files.writeString(next, token() + "\n");
			Files.move(next, tokenFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The demo tenant's template on templates.events.v1, as template-service announces it
	 * once it has synced the demo WABA.
	 */
	private static void publishTemplate(KafkaSettings kafka) {
		try (EventPublisher publisher = new EventPublisher(kafka)) {
			TemplateChanged template = new TemplateChanged(SimulatorOptions.DEFAULT_WABA_ID, "594425479262000",
					"order_confirmation_global", "en", "CREATED", "APPROVED", null, "UTILITY", "GREEN", "POSITIONAL",
					null, TEMPLATE_COMPONENTS, Instant.now());
			publisher
				.publish(
						EventEnvelope.of(EventType.TEMPLATE_CHANGED_V1, URI.create("urn:switchboard:template-service"),
								"demo", "order_confirmation_global:en", template),
						"demo:" + SimulatorOptions.DEFAULT_WABA_ID + ":order_confirmation_global:en")
				.block(Duration.ofSeconds(30));
		}
	}

	/** Until the instance accepts a send of the template (202, not 422). */
	private static void awaitAccepted(int port, Instant deadline) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		String send = "{\"to\":\"+972500000001\",\"channelId\":\"demo-meta\",\"type\":\"template\",\"template\":"
				+ TEMPLATE + "}";
		while (Instant.now().isBefore(deadline)) {
			HttpResponse<String> answer = http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/messages"))
					.header("Authorization", "Bearer " + token())
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(send))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() == 202) {
				return;
			}
			LockSupport.parkNanos(200_000_000L);
		}
		throw new IllegalStateException("Instance on " + port + " never accepted the template send");
	}

	private static List<String> arguments(String simulatorUrl, int tier, String validation) {
		List<String> args = new ArrayList<>(
				List.of("--logging.level.root=WARN", "--switchboard.meta.graph-base-url=" + simulatorUrl,
						"--switchboard.messaging.service-window.enforced=false",
						"--switchboard.messaging.templates.validation=" + validation));
		channel(args, 0, "demo-meta", SimulatorOptions.DEMO_PHONE_NUMBER_ID, 1000);
		for (int i = 1; i <= RATE_CHANNELS; i++) {
			channel(args, i, "rate-" + i, RATE_NUMBER, tier);
		}
		return args;
	}

	private static void channel(List<String> args, int index, String id, String number, int tier) {
		String prefix = "--switchboard.messaging.channels[" + index + "].";
		args.addAll(List.of(prefix + "tenant-id=demo", prefix + "channel-id=" + id, prefix + "provider=META",
				prefix + "phone-number-id=" + number, prefix + "access-token=demo-access-token",
				prefix + "messages-per-second=" + tier));
	}

	/** Sends the messages in batches, then reads the simulator's acceptance times. */
	private static String measureRate(Simulators simulators, int port, int tier, int count) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		for (int start = 0; start < count; start += 1000) {
			StringBuilder body = new StringBuilder("{\"messages\":[");
			for (int i = start; i < Math.min(count, start + 1000); i++) {
				body.append((i > start) ? "," : "")
					.append(String.format(Locale.ROOT,
							"{\"to\":\"+9725%08d\",\"channelId\":\"rate-%d\",\"type\":\"template\",\"template\":%s}", i,
							1 + (i % RATE_CHANNELS), TEMPLATE));
			}
			body.append("]}");
			HttpResponse<String> answer = http
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/messages/batch"))
					.header("Authorization", "Bearer " + token())
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
					.build(), HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() != 202) {
				return "rate batch refused: " + answer.statusCode() + " " + answer.body();
			}
			// A batch is answered 202 even when items are refused: those would never be
			// sent.
			Matcher refused = REFUSED.matcher(answer.body());
			if (refused.find() && !"0".equals(refused.group(1))) {
				return "rate batch items refused: " + answer.body();
			}
		}
		// From here every message is stored and its command on the way: a backlog the
		// governor alone paces. Before, the rate may be bounded by the batches' intake.
		Instant supplied = Instant.now();
		Instant deadline = Instant.now().plusSeconds(count / Math.max(1, tier) * 3L + 60);
		List<Instant> times = List.of();
		while (Instant.now().isBefore(deadline)) {
			times = simulators.meta()
				.sentMessages()
				.stream()
				.filter((sent) -> RATE_NUMBER.equals(sent.phoneNumberId()))
				.map(SentMessage::time)
				.sorted()
				.toList();
			if (times.size() >= count) {
				break;
			}
			LockSupport.parkNanos(500_000_000L);
		}
		if (times.size() < 2) {
			return "rate: nothing sent";
		}
		// The steady part: from when the whole backlog was stored (or the first send,
		// plus
		// 2 s of ramp-up) until 2 s before the last send (the drain).
		Instant from = max(times.get(0).plusSeconds(2), supplied);
		Instant to = times.get(times.size() - 1).minusSeconds(2);
		long inWindow = times.stream().filter((t) -> !t.isBefore(from) && t.isBefore(to)).count();
		double seconds = Duration.between(from, to).toMillis() / 1000.0;
		double rate = inWindow / seconds;
		long worstSecond = 0;
		StringBuilder perSecond = new StringBuilder();
		for (Instant second = times.get(0); !second.isAfter(times.get(times.size() - 1)); second = second
			.plusSeconds(1)) {
			Instant end = second.plusSeconds(1);
			Instant begin = second;
			long sent = times.stream().filter((t) -> !t.isBefore(begin) && t.isBefore(end)).count();
			perSecond.append((perSecond.length() > 0) ? "," : "").append(sent);
			if (!begin.isBefore(from) && !end.isAfter(to)) {
				worstSecond = Math.max(worstSecond, sent);
			}
		}
		return String.format(Locale.ROOT,
				"rate tier=%d sent=%d backlog_stored_after_s=%.1f steady_window_s=%.1f steady_rate=%.1f "
						+ "deviation_pct=%.1f max_in_any_1s=%d per_second=%s",
				tier, times.size(), Duration.between(times.get(0), supplied).toMillis() / 1000.0, seconds, rate,
				100.0 * (rate - tier) / tier, worstSecond, perSecond);
	}

	private static Instant max(Instant a, Instant b) {
		return a.isAfter(b) ? a : b;
	}

	/**
	 * An internal identity token for messaging-service as the local gateway mints them
	 * (ES256, 60 s).
	 */
	static String token() {
		return LocalIdentityTokens.token("messaging-service", "demo", "messages:send messages:read", "bench");
	}

}
