package dev.switchboard.orders;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.messaging.SendMessageCommand;
import dev.switchboard.events.orders.OrderReceived;
import dev.switchboard.infra.ManagementSurface;
import dev.switchboard.simulators.CbbContact;
import dev.switchboard.simulators.FaultRule;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Orders from orders.received.v1 to a confirmed order, against real Kafka and PostgreSQL
 * and the CBB simulator: Hebrew through CBB for il, Romanian through Meta for ro, once.
 */
class OrderFlowIT extends IntegrationSetup {

	@Autowired
	private DatabaseClient database;

	@Test
	void anIsraeliOrderBecomesACbbContactAndAHebrewTemplateThroughCbbThenConfirmed() {
		receive("demo", viziOrder("IL250101IN01", "il", "+972", "0500000101", "ils", true));
		String id = orderId("demo", "IL250101IN01");
		await().atMost(PATIENCE).until(() -> commandsFor("+972500000101").size() == 1);
		SendMessageCommand command = commandsFor("+972500000101").get(0).data();
		assertThat(command.channelId()).isEqualTo("demo-cbb");
		assertThat(command.type()).isEqualTo("template");
		assertThat(command.content()).containsEntry("name", "order_confirmation_global")
			.containsEntry("language", Map.of("code", "he"));
		assertThat(parameters(command)).containsExactly("Dana Example", "הודו", "🇮🇳", "IL250101IN01", "תיירות לחודש",
				"2", "249 ILS", "3");
		CbbContact contact = simulators.cbb().contact("972500000101").orElseThrow();
		assertThat(contact.customFields()).containsEntry("OrderNumber", "IL250101IN01")
			.containsEntry("order_sum_ils", "249")
			.containsEntry("visa_validity", "1 month")
			.containsEntry("wa_alerts", "1")
			.hasSize(17);
		Map<String, Object> synced = this.api.awaitStatus("demo", id, "synced");
		assertThat(synced).containsEntry("cbbContactId", "972500000101");

		status(command.messageId(), "demo-cbb", "sent");
		this.api.awaitStatus("demo", id, "confirmed");
		assertThat(this.api.history("demo", id)).extracting((entry) -> entry.get("status"))
			.containsExactly("received", "synced", "confirmed");
	}

	@Test
	void aRomanianOrderGetsARomanianTemplateThroughMetaWithoutCbb() {
		receive("demo", viziOrder("RO250101IN02", "ro", "+40", "0721000102", "ron", true));
		String id = orderId("demo", "RO250101IN02");
		await().atMost(PATIENCE).until(() -> commandsFor("+40721000102").size() == 1);
		SendMessageCommand command = commandsFor("+40721000102").get(0).data();
		assertThat(command.channelId()).isEqualTo("demo-meta");
		assertThat(command.phoneNumberId()).isEqualTo("100000000000001");
		assertThat(command.content()).containsEntry("language", Map.of("code", "ro"));
		assertThat(parameters(command)).containsExactly("Dana Example", "India", "🇮🇳", "RO250101IN02",
				"Viză de turism, 1 lună", "2", "249 RON", "3");
		assertThat(simulators.cbb().contact("40721000102")).isEmpty();

		status(command.messageId(), "demo-meta", "sent");
		Map<String, Object> confirmed = this.api.awaitStatus("demo", id, "confirmed");
		assertThat(confirmed).containsEntry("amount", 249.0).containsEntry("currency", "RON");
	}

	@Test
	void duplicatesAndReplaysChangeNothing() {
		Map<String, Object> body = viziOrder("IL250101IN03", "il", "+972", "0500000103", "ils", true);
		EventEnvelope<OrderReceived> first = receive("demo", body);
		publish(first, "demo:IL250101IN03");
		receive("demo", body);
		String id = orderId("demo", "IL250101IN03");
		await().atMost(PATIENCE).until(() -> commandsFor("+972500000103").size() == 1);
		SendMessageCommand command = commandsFor("+972500000103").get(0).data();
		status(command.messageId(), "demo-cbb", "sent");
		status(command.messageId(), "demo-cbb", "delivered");
		this.api.awaitStatus("demo", id, "confirmed");
		receive("demo", body);
		await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> commandsFor("+972500000103").size() == 1);
		assertThat(this.api.history("demo", id)).hasSize(3);
		assertThat(simulators.cbb().contacts()).filteredOn((contact) -> contact.id().equals("972500000103")).hasSize(1);
		// The payload is kept once, as the first delivery brought it.
		assertThat(this.database.sql("SELECT event_id FROM order_payloads WHERE order_id = :id")
			.bind("id", UUID.fromString(id))
			.map((row) -> row.get("event_id", String.class))
			.all()
			.collectList()
			.block(PATIENCE)).containsExactly(first.id());
	}

	@Test
	void cbbDownFailsTheSyncAfterRetriesAndAnOperatorRetryConfirms() {
		simulators.cbb().faults().add(FaultRule.httpError(503).forRecipient("972500000104"));
		receive("demo", viziOrder("IL250101IN04", "il", "+972", "0500000104", "ils", true));
		String id = orderId("demo", "IL250101IN04");
		Map<String, Object> failed = this.api.awaitStatus("demo", id, "sync_failed");
		assertThat((String) failed.get("reason")).contains("CBB unavailable");
		assertThat(commandsFor("+972500000104")).isEmpty();

		simulators.cbb().faults().clear();
		assertThat(this.api.postJson("demo", "/api/v1/orders/" + id + "/retry-sync", null)).containsEntry("outcome",
				"accepted");
		await().atMost(PATIENCE).until(() -> commandsFor("+972500000104").size() == 1);
		status(commandsFor("+972500000104").get(0).data().messageId(), "demo-cbb", "sent");
		this.api.awaitStatus("demo", id, "confirmed");
		assertThat(this.api.history("demo", id)).extracting((entry) -> entry.get("status"))
			.containsExactly("received", "sync_failed", "synced", "confirmed");
	}

	@Test
	void cbbRefusalIsAFailureWithItsReason() {
		simulators.cbb().faults().add(FaultRule.cbbFailure().forRecipient("972500000105").once());
		receive("demo", viziOrder("IL250101IN05", "il", "+972", "0500000105", "ils", true));
		Map<String, Object> failed = this.api.awaitStatus("demo", orderId("demo", "IL250101IN05"), "sync_failed");
		assertThat((String) failed.get("reason")).contains("CBB refused the request");
	}

	@Test
	void aReturningCustomerHasTheContactFieldsOfTheNewOrder() {
		receive("demo", viziOrder("IL250101IN06", "il", "+972", "0500000106", "ils", true));
		await().atMost(PATIENCE).until(() -> commandsFor("+972500000106").size() == 1);
		receive("demo", viziOrder("IL250202IN07", "il", "+972", "0500000106", "ils", true));
		await().atMost(PATIENCE).until(() -> commandsFor("+972500000106").size() == 2);
		assertThat(simulators.cbb().contact("972500000106").orElseThrow().customFields()).containsEntry("OrderNumber",
				"IL250202IN07");
	}

	@Test
	void withoutWhatsappConsentTheOrderIsSyncedButNotConfirmed() {
		receive("demo", viziOrder("IL250101IN08", "il", "+972", "0500000108", "ils", false));
		Map<String, Object> synced = this.api.awaitStatus("demo", orderId("demo", "IL250101IN08"), "synced");
		assertThat((String) synced.get("reason")).contains("did not opt in");
		assertThat(commandsFor("+972500000108")).isEmpty();
	}

	@Test
	void invalidOrdersAreKeptAsRejectedWithTheirReasons() {
		receive("demo", viziOrder("IL250101IN09", "il", "+972", "12", "zzz", true));
		Map<String, Object> rejected = this.api.awaitStatus("demo", orderId("demo", "IL250101IN09"), "rejected");
		assertThat((String) rejected.get("reason")).contains("form.client.phone").contains("order.currency");
	}

	@Test
	void testOrdersAreAcknowledgedButNotProcessed() {
		receive("demo", viziOrder("IL250101IN10-TEST", "il", "+972", "0500000110", "ils", true));
		receive("demo", viziOrder("IL250101IN11", "il", "+972", "0500000111", "ils", false));
		this.api.awaitStatus("demo", orderId("demo", "IL250101IN11"), "synced");
		this.api.get("demo", "/api/v1/orders/" + orderId("demo", "IL250101IN10-TEST")).expectStatus().isNotFound();
	}

	@Test
	void aFailedSendMakesTheOrderConfirmFailedAndAnOperatorResendConfirms() {
		receive("demo", viziOrder("RO250101IN12", "ro", "+40", "0721000112", "ron", true));
		String id = orderId("demo", "RO250101IN12");
		await().atMost(PATIENCE).until(() -> commandsFor("+40721000112").size() == 1);
		status(commandsFor("+40721000112").get(0).data().messageId(), "demo-meta", "failed");
		Map<String, Object> failed = this.api.awaitStatus("demo", id, "confirm_failed");
		assertThat((String) failed.get("reason")).contains("131026");
		this.api.postJson("demo", "/api/v1/orders/" + id + "/resend-confirmation", null);
		await().atMost(PATIENCE).until(() -> commandsFor("+40721000112").size() == 2);
		List<EventEnvelope<SendMessageCommand>> sent = commandsFor("+40721000112");
		assertThat(sent.get(1).data().messageId()).isNotEqualTo(sent.get(0).data().messageId());
		status(sent.get(1).data().messageId(), "demo-meta", "sent");
		this.api.awaitStatus("demo", id, "confirmed");
	}

	@Test
	void anOperatorCompletesOrCancelsOpenOrdersButNotFinalOnes() {
		receive("demo", viziOrder("RO250101IN14", "ro", "+40", "0721000114", "ron", false));
		String id = orderId("demo", "RO250101IN14");
		this.api.awaitStatus("demo", id, "received");
		assertThat(this.api.postJson("demo", "/api/v1/orders/" + id + "/complete", Map.of("reason", "visa issued")))
			.containsEntry("outcome", "accepted");
		assertThat(this.api.order("demo", id)).containsEntry("status", "completed")
			.containsEntry("reason", "visa issued");
		assertThat(this.api.postJson("demo", "/api/v1/orders/" + id + "/cancel", null)).containsEntry("outcome",
				"skipped");
	}

	@Test
	void anotherTenantsOrderIsNotFound() {
		receive("demo", viziOrder("RO250101IN13", "ro", "+40", "0721000113", "ron", false));
		String id = orderId("demo", "RO250101IN13");
		this.api.awaitStatus("demo", id, "received");
		this.api.get("acme", "/api/v1/orders/" + id).expectStatus().isNotFound();
	}

	@SuppressWarnings("unchecked")
	private static List<String> parameters(SendMessageCommand command) {
		List<Map<String, Object>> components = (List<Map<String, Object>>) command.content().get("components");
		List<Map<String, Object>> parameters = (List<Map<String, Object>>) components.get(0).get("parameters");
		return parameters.stream().map((parameter) -> (String) parameter.get("text")).toList();
	}

	@Test
	void probesArePublicAndMetricsOnlyOnTheManagementPort() {
		ManagementSurface.assertSeparated(this.port, this.managementPort);
	}

}
