package dev.switchboard.templates;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.EventType;
import dev.switchboard.events.templates.TemplateChanged;
import dev.switchboard.events.wa.WaTemplateCategory;
import dev.switchboard.events.wa.WaTemplateQuality;
import dev.switchboard.events.wa.WaTemplateStatus;
import dev.switchboard.simulators.FaultRule;
import dev.switchboard.templates.graph.GraphProperties;
import dev.switchboard.tenants.SecretCipher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Syncs from the Meta simulator (the demo WABA's 52 templates on three pages of 25) and
 * template webhooks, as the store, the API and {@code templates.events.v1} show them.
 */
class TemplateSyncIT extends TemplatesIntegration {

	private static final Set<String> ENDED = Set.of("completed", "failed");

	@Autowired
	private DatabaseClient database;

	@Autowired
	private GraphProperties graph;

	@BeforeEach
	void startUpSyncDone() {
		simulators.templates().faults().clear();
		// The start-up sync (none ran within the interval) fills the store.
		await().atMost(PATIENCE)
			.untilAsserted(() -> get("demo", "/api/v1/templates/order_confirmation_global/he").expectStatus().isOk());
	}

	@Test
	void theStartUpSyncStoredEveryDemoTemplateFromAllThreePages() {
		List<Map<String, Object>> confirmations = jsonList("demo", "/api/v1/templates/order_confirmation_global");
		assertThat(confirmations).extracting((t) -> t.get("language") + ":" + t.get("status"))
			.containsExactly("en:APPROVED", "he:APPROVED", "ro:APPROVED");
		assertThat(confirmations.get(1).toString()).contains("{{8}}");
		assertThat(json("demo", "/api/v1/templates/appointment_reminder/en")).containsEntry("parameterFormat", "NAMED")
			.containsEntry("status", "APPROVED");
		assertThat(json("demo", "/api/v1/templates/document_delivery_update/en")).containsEntry("status", "PAUSED")
			.containsEntry("quality", "RED");
		assertThat(json("demo", "/api/v1/templates/flash_visa_sale/en")).containsEntry("status", "REJECTED")
			.containsEntry("reason", "PROMOTIONAL")
			.containsEntry("category", "MARKETING");
		// the last template of page three
		assertThat(json("demo", "/api/v1/templates/visa_notice_45/en")).containsEntry("status", "APPROVED");
		assertThat(eventsOf("demo", "order_confirmation_global", "he")).first()
			.satisfies((event) -> assertThat(event.change()).isEqualTo("CREATED"));
	}

	@Test
	void anOnDemandSyncReadsThreePagesAndReportsEachInItsProgress() {
		Map<String, Object> queued = post("demo", "/api/v1/templates/sync");
		assertThat(queued).containsEntry("status", "queued").containsEntry("trigger", "request");
		Map<String, Object> job = awaitJob("demo", queued.get("id"));
		assertThat(job).containsEntry("status", "completed")
			.containsEntry("pages", 3)
			.containsEntry("failed", 0)
			.containsEntry("seen", simulators.templates().list(DEMO_WABA).size());
		assertThat(lines(job)).filteredOn((line) -> line.contains(" page ")).hasSize(3);
		int lastPage = simulators.templates().list(DEMO_WABA).size() - 50;
		assertThat(lines(job)).anySatisfy((line) -> assertThat(line).contains("page 3: " + lastPage + " templates"));
		get("acme", "/api/v1/templates/sync/" + queued.get("id")).expectStatus().isNotFound();
	}

	@Test
	void aStatusWebhookOvertakingASyncIsNotUndoneByTheSyncsOlderResult() {
		Map<String, Object> notice = json("demo", "/api/v1/templates/visa_notice_05/en");
		assertThat(notice).containsEntry("status", "APPROVED");
		long before = simulators.templates().listRequests();
		simulators.templates()
			.faults()
			.add(FaultRule.lateAnswer(Duration.ofSeconds(5)).forPhoneNumberId(DEMO_WABA).once());
		Map<String, Object> queued = post("demo", "/api/v1/templates/sync");
		await().atMost(PATIENCE).until(() -> simulators.templates().listRequests() > before);
		// Meta pauses the template while the sync's first page is on its way.
		WaTemplateStatus paused = new WaTemplateStatus(DEMO_WABA, Long.parseLong((String) notice.get("templateId")),
				"visa_notice_05", "en", "PAUSED", "NONE", "UTILITY", Instant.now());
		publish(EventEnvelope.of(EventType.WA_TEMPLATE_STATUS_V1, URI.create("urn:switchboard:webhook-ingest"), "demo",
				"visa_notice_05", paused), "demo:" + notice.get("templateId"));
		await().atMost(PATIENCE)
			.until(() -> "PAUSED".equals(json("demo", "/api/v1/templates/visa_notice_05/en").get("status")));
		assertThat(json("demo", "/api/v1/templates/sync/" + queued.get("id"))).containsEntry("pages", 0);

		assertThat(awaitJob("demo", queued.get("id"))).containsEntry("status", "completed");
		assertThat(json("demo", "/api/v1/templates/visa_notice_05/en")).containsEntry("status", "PAUSED");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(eventsOf("demo", "visa_notice_05", "en")).last().satisfies((event) -> {
				assertThat(event.change()).isEqualTo("STATUS_CHANGED");
				assertThat(event.status()).isEqualTo("PAUSED");
				assertThat(event.previousStatus()).isEqualTo("APPROVED");
			}));
	}

	@Test
	void aTemplateGoneFromMetaIsMarkedDeletedNotForgotten() {
		assertThat(simulators.templates().remove(DEMO_WABA, "visa_notice_46")).isEqualTo(1);
		Map<String, Object> job = awaitJob("demo", post("demo", "/api/v1/templates/sync").get("id"));
		assertThat(lines(job)).anySatisfy((line) -> assertThat(line).contains("1 marked deleted"));
		assertThat(json("demo", "/api/v1/templates/visa_notice_46/en")).containsEntry("status", "DELETED")
			.containsEntry("deleted", true);
		assertThat(templates(json("demo", "/api/v1/templates?name=visa_notice_46"))).isEmpty();
		assertThat(templates(json("demo", "/api/v1/templates?name=visa_notice_46&status=DELETED"))).hasSize(1);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(eventsOf("demo", "visa_notice_46", "en")).last()
				.satisfies((event) -> assertThat(event.change()).isEqualTo("DELETED")));
	}

	@Test
	void rateLimitedPagesAreAskedAgainAfterABackoffAndAListingThatKeepsFailingDeletesNothing() {
		simulators.templates().faults().add(FaultRule.metaError(80008).forPhoneNumberId(DEMO_WABA).withTimes(2));
		simulators.templates().faults().add(FaultRule.metaError(80007).forPhoneNumberId(DEMO_WABA).once());
		long before = simulators.templates().listRequests();
		Map<String, Object> job = awaitJob("demo", post("demo", "/api/v1/templates/sync").get("id"));
		assertThat(job).containsEntry("status", "completed").containsEntry("pages", 3).containsEntry("failed", 0);
		assertThat(simulators.templates().listRequests() - before).isEqualTo(6);

		simulators.templates().faults().add(FaultRule.metaError(80008).forPhoneNumberId(DEMO_WABA));
		Map<String, Object> failed = awaitJob("demo", post("demo", "/api/v1/templates/sync").get("id"));
		simulators.templates().faults().clear();
		assertThat(failed).containsEntry("status", "failed").containsEntry("failed", 1).containsEntry("pages", 0);
		assertThat(lines(failed)).anySatisfy((line) -> assertThat(line).contains("80008"));
		assertThat(json("demo", "/api/v1/templates/order_confirmation_global/en")).containsEntry("status", "APPROVED");
	}

	@Test
	void aWabaWhoseHourlyCallBudgetIsSpentIsNotCalledAndKeepsItsTemplates() {
		// Earlier calls (of any replica) spent this hour's budget, and the next hour's in
		// case the hour turns during the test.
		this.database.sql("""
				INSERT INTO graph_call_budget (waba_id, hour, calls)
				SELECT :wabaId, date_trunc('hour', now()) + h * interval '1 hour', :calls FROM generate_series(0, 1) h
				ON CONFLICT (waba_id, hour) DO UPDATE SET calls = EXCLUDED.calls
				""").bind("wabaId", DEMO_WABA).bind("calls", this.graph.callsPerWabaPerHour()).then().block(PATIENCE);
		try {
			long before = simulators.templates().listRequests();
			Map<String, Object> spent = awaitJob("demo", post("demo", "/api/v1/templates/sync").get("id"));
			assertThat(spent).containsEntry("status", "failed").containsEntry("failed", 1).containsEntry("pages", 0);
			assertThat(lines(spent)).anySatisfy((line) -> assertThat(line).contains("hourly Graph call budget"));
			assertThat(simulators.templates().listRequests() - before).isZero();
			assertThat(json("demo", "/api/v1/templates/order_confirmation_global/en")).containsEntry("status",
					"APPROVED");
		}
		finally {
			this.database.sql("DELETE FROM graph_call_budget WHERE waba_id = :wabaId")
				.bind("wabaId", DEMO_WABA)
				.then()
				.block(PATIENCE);
		}
		long before = simulators.templates().listRequests();
		Map<String, Object> job = awaitJob("demo", post("demo", "/api/v1/templates/sync").get("id"));
		assertThat(job).containsEntry("status", "completed").containsEntry("pages", 3);
		assertThat(simulators.templates().listRequests() - before).isEqualTo(3);
		// The pages were taken from the budget (the hour may have turned meanwhile).
		assertThat(this.database.sql("SELECT sum(calls) AS calls FROM graph_call_budget WHERE waba_id = :wabaId")
			.bind("wabaId", DEMO_WABA)
			.map((row) -> row.get("calls", Long.class))
			.one()
			.block(PATIENCE)).isGreaterThanOrEqualTo(3);
	}

	@Test
	void qualityWebhooksApplyOnceEach() {
		Map<String, Object> notice = json("demo", "/api/v1/templates/visa_notice_10/en");
		long templateId = Long.parseLong((String) notice.get("templateId"));
		EventEnvelope<WaTemplateQuality> yellow = EventEnvelope.of(EventType.WA_TEMPLATE_QUALITY_V1,
				URI.create("urn:switchboard:webhook-ingest"), "demo", "visa_notice_10",
				new WaTemplateQuality(DEMO_WABA, templateId, "visa_notice_10", "en", "GREEN", "YELLOW", Instant.now()));
		publish(yellow, "demo:" + templateId);
		publish(yellow, "demo:" + templateId);
		EventEnvelope<WaTemplateQuality> green = EventEnvelope.of(EventType.WA_TEMPLATE_QUALITY_V1,
				URI.create("urn:switchboard:webhook-ingest"), "demo", "visa_notice_10", new WaTemplateQuality(DEMO_WABA,
						templateId, "visa_notice_10", "en", "YELLOW", "GREEN", Instant.now().plusSeconds(1)));
		publish(green, "demo:" + templateId);
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(eventsOf("demo", "visa_notice_10", "en"))
				.filteredOn((event) -> event.change().equals("QUALITY_CHANGED"))
				.extracting(TemplateChanged::quality)
				.containsExactly("YELLOW", "GREEN"));
		assertThat(json("demo", "/api/v1/templates/visa_notice_10/en")).containsEntry("quality", "GREEN");
	}

	@Test
	void aTenantConfiguredAfterStartIsSyncedWithoutBeingAsked() {
		simulators.templates()
			.put("200000000000003", Map.of("name", "late_hello", "language", "en", "status", "APPROVED", "category",
					"UTILITY", "components", List.of(Map.of("type", "BODY", "text", "Hello from a late tenant."))));
		publish(tenant(SecretCipher.fromSpec(SECRETS_KEY), "late", "late-meta", "100000000000003", "200000000000003"),
				"late");
		await().atMost(PATIENCE)
			.untilAsserted(() -> get("late", "/api/v1/templates/late_hello/en").expectStatus().isOk());
	}

	@Test
	void aCategoryWebhookRecategorisesAtOnce() {
		Map<String, Object> notice = json("demo", "/api/v1/templates/visa_notice_12/en");
		long templateId = Long.parseLong((String) notice.get("templateId"));
		publish(EventEnvelope.of(EventType.WA_TEMPLATE_CATEGORY_V1, URI.create("urn:switchboard:webhook-ingest"),
				"demo", "visa_notice_12", new WaTemplateCategory(DEMO_WABA, templateId, "visa_notice_12", "en",
						"UTILITY", "MARKETING", null, Instant.now())),
				"demo:" + templateId);
		await().atMost(PATIENCE)
			.until(() -> "MARKETING".equals(json("demo", "/api/v1/templates/visa_notice_12/en").get("category")));
		// The event leaves through the outbox after the change is visible.
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(eventsOf("demo", "visa_notice_12", "en")).last()
				.satisfies((event) -> assertThat(event.change()).isEqualTo("CATEGORY_CHANGED")));
	}

	@Test
	void aTemplateOfAnotherTenantIsNotFound() {
		await().atMost(PATIENCE)
			.untilAsserted(() -> get("acme", "/api/v1/templates/acme_welcome/en").expectStatus().isOk());
		get("demo", "/api/v1/templates/acme_welcome/en").expectStatus()
			.isNotFound()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND");
		get("demo", "/api/v1/templates/acme_welcome").expectStatus().isNotFound();
		assertThat(templates(json("acme", "/api/v1/templates"))).extracting((t) -> t.get("name"))
			.containsExactly("acme_welcome");
		get("acme", "/api/v1/templates/order_confirmation_global/he").expectStatus().isNotFound();
	}

	@Test
	void listsFilterAndPageWithAKeysetCursor() {
		List<Map<String, Object>> hebrew = templates(json("demo", "/api/v1/templates?language=he&status=APPROVED"));
		assertThat(hebrew).extracting((t) -> t.get("name")).containsExactly("order_confirmation_global");
		assertThat(templates(json("demo", "/api/v1/templates?status=PAUSED&quality=RED")))
			.extracting((t) -> t.get("name"))
			.contains("document_delivery_update");
		assertThat(templates(json("demo", "/api/v1/templates?category=MARKETING&name=flash")))
			.extracting((t) -> t.get("name"))
			.containsExactly("flash_visa_sale");
		Map<String, Object> first = json("demo", "/api/v1/templates?name=visa_notice&limit=20");
		Map<String, Object> second = json("demo",
				"/api/v1/templates?name=visa_notice&limit=20&cursor=" + first.get("nextCursor"));
		assertThat(templates(first)).hasSize(20);
		assertThat(templates(second)).hasSize(20)
			.extracting((t) -> t.get("name"))
			.doesNotContainAnyElementsOf(templates(first).stream().map((t) -> t.get("name")).toList());
	}

	@Test
	void unusableQueryValuesAreRefusedNamingTheParameter() {
		Map<String, String> codes = Map.of("status=LIVE", "INVALID_STATUS", "category=PROMO", "INVALID_CATEGORY",
				"quality=BLUE", "INVALID_QUALITY", "language=english", "INVALID_LANGUAGE", "name=Bad-Name",
				"INVALID_NAME", "limit=0", "INVALID_LIMIT", "limit=x", "INVALID_LIMIT", "cursor=zzz", "INVALID_CURSOR",
				"stauts=APPROVED", "UNKNOWN_PARAMETER");
		codes.forEach((query, code) -> get("demo", "/api/v1/templates?" + query).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo(code));
	}

	@Test
	void requestsNeedTheGatewaysTokenAndTheScope() {
		client().get().uri("/api/v1/templates").exchange().expectStatus().isUnauthorized();
		client().post()
			.uri("/api/v1/templates/sync")
			.header("Authorization",
					dev.switchboard.http.security.TestTokens.bearer("template-service", "demo", "templates:read"))
			.exchange()
			.expectStatus()
			.isForbidden();
		client().get()
			.uri("/api/v1/templates")
			.header("Authorization",
					dev.switchboard.http.security.TestTokens.bearer("order-service", "demo", "templates:read"))
			.exchange()
			.expectStatus()
			.isUnauthorized();
	}

	private Map<String, Object> awaitJob(String tenantId, Object id) {
		return await().atMost(PATIENCE)
			.until(() -> json(tenantId, "/api/v1/templates/sync/" + id), (job) -> ENDED.contains(job.get("status")));
	}

	@SuppressWarnings("unchecked")
	private static List<String> lines(Map<String, Object> job) {
		return (List<String>) job.get("log");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> templates(Map<String, Object> page) {
		return (List<Map<String, Object>>) page.get("templates");
	}

}
