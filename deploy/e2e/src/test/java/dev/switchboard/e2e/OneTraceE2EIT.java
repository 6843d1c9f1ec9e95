package dev.switchboard.e2e;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.e2e.TraceCollector.CollectedSpan;
import dev.switchboard.local.LocalStack;
import dev.switchboard.simulators.MetaSimulator;
import dev.switchboard.simulators.SimulatorOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from a signed Meta status webhook to the PostgreSQL write that folds it: the
 * spans webhook-ingest (the HTTP request, the Kafka send) and messaging-service (the
 * Kafka receive, the fold) export to the test's OTLP receiver share one trace id, and the
 * API shows that trace id for the status, beside the trace of the send.
 */
@ExtendWith(E2EStack.class)
class OneTraceE2EIT {

	private static final String CUSTOMER = "972500000077";

	private static LocalStack stack;

	private static E2EClients clients;

	private static MetaSimulator meta;

	@BeforeAll
	static void clients() {
		stack = E2EStack.stack();
		clients = E2EClients.demo(stack);
		meta = stack.simulators().meta();
		// Only the webhook this test posts reports a status of its message.
		meta.autoStatuses(false);
	}

	@AfterAll
	static void automaticStatusesBackOn() {
		meta.autoStatuses(true);
	}

	@Test
	void aStatusWebhookIsOneTraceFromIngestToTheFoldAndTheApiShowsIt() {
		String id = sendTemplate("e2e-one-trace-1");
		String wamid = await().atMost(Duration.ofSeconds(30))
			.until(() -> (String) clients.read("/api/v1/messages/{id}", id).get("wamid"), (found) -> found != null);

		Integer answer = meta.postStatus(SimulatorOptions.DEMO_PHONE_NUMBER_ID, wamid, CUSTOMER, "delivered")
			.block(Duration.ofSeconds(10));
		assertThat(answer).isEqualTo(200);

		Map<String, Object> message = await().atMost(Duration.ofSeconds(30))
			.until(() -> clients.read("/api/v1/messages/{id}", id),
					(read) -> statusTraces(read).containsKey("delivered"));
		String traceId = statusTraces(message).get("delivered");
		assertThat(traceId).matches("[0-9a-f]{32}");
		assertThat((String) message.get("traceId")).as("trace of the send")
			.matches("[0-9a-f]{32}")
			.isNotEqualTo(traceId);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<CollectedSpan> trace = E2EStack.traces().trace(traceId);
			CollectedSpan request = only(trace, "webhook-ingest", "SPAN_KIND_SERVER", "http post");
			only(trace, "webhook-ingest", "SPAN_KIND_PRODUCER", "wa.status.v1");
			only(trace, "messaging-service", "SPAN_KIND_CONSUMER", "wa.status.v1 receive");
			CollectedSpan fold = only(trace, "messaging-service", "SPAN_KIND_INTERNAL", "status fold");
			assertThat(ancestors(fold, trace)).as("the fold's ancestors").contains(request.spanId());
		});
	}

	@Test
	void theSendIsOneTraceFromTheRequestThroughTheOutboxToTheSendWorker() {
		String id = sendTemplate("e2e-one-trace-2");
		String traceId = await().atMost(Duration.ofSeconds(30))
			.until(() -> (String) clients.read("/api/v1/messages/{id}", id).get("traceId"), (found) -> found != null);

		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
			List<CollectedSpan> trace = E2EStack.traces().trace(traceId);
			CollectedSpan request = only(trace, "messaging-service", "SPAN_KIND_SERVER", "http post");
			only(trace, "messaging-service", "SPAN_KIND_PRODUCER", "messaging.commands.v1");
			CollectedSpan handled = only(trace, "messaging-service", "SPAN_KIND_CONSUMER",
					"messaging.commands.v1 process");
			assertThat(ancestors(handled, trace)).as("the send command's ancestors").contains(request.spanId());
		});
	}

	/** The one span of the trace by that service, of that kind, named starting so. */
	private static CollectedSpan only(List<CollectedSpan> trace, String service, String kind, String name) {
		List<CollectedSpan> found = trace.stream()
			.filter((span) -> span.service().equals(service) && span.kind().equals(kind)
					&& span.name().startsWith(name))
			.toList();
		assertThat(found).as("%s span '%s…' of %s in %s", kind, name, service, trace).hasSize(1);
		return found.get(0);
	}

	/** The span ids from the span's parent up to the trace's root, as far as received. */
	private static Set<String> ancestors(CollectedSpan span, List<CollectedSpan> trace) {
		Map<String, CollectedSpan> byId = new HashMap<>();
		trace.forEach((each) -> byId.put(each.spanId(), each));
		Set<String> ancestors = new HashSet<>();
		CollectedSpan current = span;
		while (!current.parentSpanId().isEmpty() && ancestors.add(current.parentSpanId())) {
			current = byId.get(current.parentSpanId());
			if (current == null) {
				break;
			}
		}
		return ancestors;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, String> statusTraces(Map<String, Object> message) {
		Object traces = message.get("statusTraces");
		return (traces != null) ? (Map<String, String>) traces : Map.of();
	}

	private static String sendTemplate(String idempotencyKey) {
		Map<String, Object> accepted = E2EClients.accepted(clients.post("/api/v1/messages")
			.header("Idempotency-Key", idempotencyKey)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("to", "+" + CUSTOMER, "channelId", "demo-meta", "type", "template", "template",
					E2EClients.CONFIRMATION))
			.exchange());
		return (String) accepted.get("id");
	}

}
