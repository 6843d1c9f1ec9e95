package dev.switchboard.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.switchboard.infra.RedisEndpoint;
import dev.switchboard.local.LocalStack;
import dev.switchboard.local.ServiceSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped (its port refusing) while API calls, sends, status webhooks and orders
 * keep coming: every part follows its documented Redis policy, so nothing answers 5xx and
 * nothing is lost or sent twice, and every part uses Redis again once it is back, without
 * a restart.
 * <ul>
 * <li>gateway: rate limits fall back to in-memory windows ({@code rate-limits.fallback:
 * LOCAL}), keys are checked against its memory and PostgreSQL;</li>
 * <li>messaging-service: send pacing lets sends through unpaced, statistics are computed
 * per request;</li>
 * <li>webhook-ingest: status webhooks are published without dedup, order webhooks without
 * the idempotency store (the consumers' inboxes absorb repeats).</li>
 * </ul>
 * The outage lasts {@code faults.redis-outage} (10 s by default; the full scenario is 60
 * s: {@code -Dfaults.redis-outage=PT60S}).
 */
@ExtendWith(E2EStack.class)
class RedisOutageE2EIT {

	private static final Logger log = LoggerFactory.getLogger(RedisOutageE2EIT.class);

	private static final Duration OUTAGE = Duration.parse(System.getProperty("faults.redis-outage", "PT10S"));

	private static LocalStack stack;

	private static E2EClients clients;

	@BeforeAll
	static void clients() {
		stack = E2EStack.stack();
		clients = E2EClients.demo(stack);
	}

	@Test
	void redisDownLosesNothingSendsNothingTwiceAnswersNo5xxAndRecoversWithoutARestart() {
		RedisEndpoint redis = stack.infra().redis();
		String run = String.format("%03d", System.currentTimeMillis() % 1_000);
		ConcurrentMap<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
		List<String> sent = new ArrayList<>();
		List<String> recipients = new ArrayList<>();
		List<String> orderPhones = new ArrayList<>();
		int call = 0;

		redis.stop();
		Instant outageEnds = Instant.now().plus(OUTAGE);
		try {
			while (Instant.now().isBefore(outageEnds)) {
				// 0502…: every such number is a valid Israeli mobile (0501… is not
				// allocated).
				String recipient = "972502" + run + String.format("%03d", call % 1000);
				EntityExchangeResult<Map> send = clients.post("/api/v1/messages")
					.header("Idempotency-Key", "redis-outage-" + run + "-" + call)
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("to", "+" + recipient, "channelId", "demo-meta", "type", "template", "template",
							E2EClients.CONFIRMATION))
					.exchange()
					.expectBody(Map.class)
					.returnResult();
				count(answers, send.getStatus().value());
				if (send.getStatus().value() >= 400) {
					log.info("Send answered {}: {}", send.getStatus(), send.getResponseBody());
				}
				if (send.getStatus().value() == 202) {
					sent.add((String) send.getResponseBody().get("id"));
					recipients.add(recipient);
				}
				count(answers, status(clients.get("/api/v1/messages/stats")));
				if (!sent.isEmpty()) {
					count(answers, status(clients.get("/api/v1/messages/{id}", sent.get(sent.size() - 1))));
				}
				if (call % 5 == 0) {
					String orderId = "RO" + run + "R" + call;
					String national = "07219" + run.substring(Math.max(0, run.length() - 2))
							+ String.format("%03d", call);
					count(answers, status(ViziOrders.post(clients.ingest(), "redis-outage-" + run + "-" + call,
							ViziOrders.order(orderId, "ro", "+40", national, "eur"))));
					orderPhones.add("+40" + national.substring(1));
				}
				call++;
			}
		}
		finally {
			redis.start();
		}
		log.info("During a {} s Redis outage: {} calls answered {}; {} messages accepted, {} orders posted",
				OUTAGE.toSeconds(), answers.values().stream().mapToInt(AtomicInteger::get).sum(), answers, sent.size(),
				orderPhones.size());

		assertThat(answers.keySet()).as("status codes answered while Redis was down")
			.allSatisfy((code) -> assertThat(code).isLessThan(500));
		assertThat(sent).as("sends accepted while Redis was down").isNotEmpty();

		// Every accepted message is sent exactly once and its statuses come back through
		// webhook-ingest (published without dedup meanwhile).
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			for (String id : sent) {
				assertThat(clients.read("/api/v1/messages/{id}", id).get("status")).as(id).isIn("delivered", "read");
			}
		});
		for (String recipient : recipients) {
			assertThat(stack.simulators()
				.meta()
				.sentMessages()
				.stream()
				.filter((message) -> message.to().replaceAll("\\D", "").equals(recipient))
				.count()).as("sends to %s", recipient).isEqualTo(1);
		}
		// Every order posted meanwhile is stored once and confirmed once.
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			for (String phone : orderPhones) {
				assertThat(clients.orders(phone)).as(phone)
					.singleElement()
					.extracting((order) -> order.get("status"))
					.isEqualTo("confirmed");
			}
		});

		// Back on Redis without a restart: the gateway's limits leave their fallback. The
		// gateway probes Redis on a request once its probe interval has passed, so
		// requests keep coming while this waits (the checks above may all have passed
		// before the probe was due).
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			assertThat(status(clients.get("/api/v1/messages/stats"))).isLessThan(500);
			assertThat(gatewayGauge("gateway_rate_limits_degraded")).isZero();
		});
	}

	/** A gauge of the gateway, read from its Prometheus page on the management port. */
	private static double gatewayGauge(String prometheusName) {
		ServiceSpec gateway = stack.services()
			.stream()
			.filter((service) -> service.spec().name().equals("gateway"))
			.findFirst()
			.orElseThrow()
			.spec();
		String page = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + gateway.managementPort())
			.build()
			.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return page.lines()
			.filter((line) -> line.startsWith(prometheusName + " ") || line.startsWith(prometheusName + "{"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No gauge " + prometheusName));
	}

	private static int status(WebTestClient.ResponseSpec response) {
		return response.expectBody().returnResult().getStatus().value();
	}

	private static void count(ConcurrentMap<Integer, AtomicInteger> answers, int status) {
		answers.computeIfAbsent(status, (key) -> new AtomicInteger()).incrementAndGet();
	}

}
