package dev.switchboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.messaging.MessageStatusChanged;
import dev.switchboard.events.wa.WaError;
import dev.switchboard.events.wa.WaStatus;
import dev.switchboard.simulators.FaultRule;
import dev.switchboard.simulators.SentMessage;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static dev.switchboard.messaging.MessagingApi.statusTimes;
import static dev.switchboard.messaging.KafkaEvents.status;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The foundation slice of the messaging service against real Kafka and PostgreSQL and the
 * Meta simulator: accept, send once, fold statuses, serve back, per tenant.
 */
class MessageFlowIT extends IntegrationSetup {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@Test
	void anAcceptedMessageIsSentThroughMetaAndGetsItsWamid() {
		String id = this.api.send("demo", "+972500000001", "Your visa order IL250101IN99 is confirmed", null);
		SentMessage sent = awaitSent("Your visa order IL250101IN99 is confirmed");
		assertThat(sent.to()).isEqualTo("+972500000001");
		assertThat(sent.phoneNumberId()).isEqualTo("100000000000001");
		assertThat(sent.type()).isEqualTo("text");
		Map<String, Object> message = this.api.awaitMessage(id, (m) -> m.get("wamid") != null);
		assertThat(message).containsEntry("wamid", sent.wamid())
			.containsEntry("status", "accepted")
			.containsEntry("to", "+972500000001")
			.containsEntry("channelId", "demo-meta")
			.containsEntry("type", "text")
			.containsEntry("text", "Your visa order IL250101IN99 is confirmed")
			.containsEntry("error", null);
		assertThat(statusTimes(message)).containsOnlyKeys("accepted");
	}

	@Test
	void aRepeatedIdempotencyKeyReturnsTheFirstMessageAndSendsOnce() {
		String first = this.api.send("demo", "+972500000002", "Idempotent hello", "order-4821-confirmation");
		String second = this.api.send("demo", "+972500000002", "Idempotent hello", "order-4821-confirmation");
		assertThat(second).isEqualTo(first);
		this.api.awaitMessage(first, (m) -> m.get("wamid") != null);
		assertThat(sentWithText("Idempotent hello")).hasSize(1);
		// The same key for a different message is refused rather than silently ignored.
		this.api.post("demo", Map.of("to", "+972500000002", "text", "Something else"), "order-4821-confirmation")
			.expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("IDEMPOTENCY_KEY_REUSED");
	}

	@Test
	void statusesFoldInAnyOrderAndDuplicatesChangeNothing() {
		String id = this.api.send("demo", "+972500000003", "Statuses in any order", null);
		String wamid = (String) this.api.awaitMessage(id, (m) -> m.get("wamid") != null).get("wamid");
		Instant sentAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
		Instant deliveredAt = sentAt.plusSeconds(5);
		Instant readAt = sentAt.plusSeconds(10);
		EventEnvelope<WaStatus> read = status(wamid, "972500000003", "read", readAt);
		events.publish(status(wamid, "972500000003", "sent", sentAt));
		events.publish(read);
		events.publish(status(wamid, "972500000003", "delivered", deliveredAt));
		// The same event again, and another read reported later: neither changes
		// anything.
		events.publish(read);
		events.publish(status(wamid, "972500000003", "read", readAt.plusSeconds(60)));
		Map<String, Object> message = this.api.awaitMessage(id,
				(m) -> "read".equals(m.get("status")) && statusTimes(m).containsKey("delivered"));
		assertThat(statusTimes(message)).containsEntry("sent", sentAt.toString())
			.containsEntry("delivered", deliveredAt.toString())
			.containsEntry("read", readAt.toString());
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(changes).filteredOn((change) -> change.messageId().equals(id))
				.extracting(MessageStatusChanged::status)
				.containsExactly("sent", "read"));
	}

	@Test
	void aFailedStatusFailsTheMessageWithMetasError() {
		String id = this.api.send("demo", "+972500000004", "Outside the window", null);
		String wamid = (String) this.api.awaitMessage(id, (m) -> m.get("wamid") != null).get("wamid");
		events.publish(status(wamid, "972500000004", "sent", Instant.now().minusSeconds(2)));
		events
			.publish(status(wamid, "972500000004", "failed", Instant.now(), new WaError(131047, "Re-engagement message",
					"Re-engagement message", "More than 24 hours have passed since the customer last replied.", null)));
		Map<String, Object> message = this.api.awaitMessage(id, (m) -> "failed".equals(m.get("status")));
		assertThat(message.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("code", 131047)
			.containsEntry("title", "Re-engagement message")
			.containsEntry("details", "More than 24 hours have passed since the customer last replied.")
			.containsEntry("hint",
					"More than 24 hours passed since the customer last wrote: send an approved template.");
		assertThat(statusTimes(message)).containsKeys("sent", "failed");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(changes).filteredOn((change) -> change.messageId().equals(id))
				.filteredOn((change) -> "failed".equals(change.status()))
				.singleElement()
				.satisfies((change) -> assertThat(change.errorCode()).isEqualTo(131047)));
	}

	@Test
	void aStatusOvertakingTheSendAnswerIsHeldThenApplied() {
		gate.hold("+972500000005");
		String id = this.api.send("demo", "+972500000005", "Faster than its answer", null);
		String wamid = awaitSent("Faster than its answer").wamid();
		Instant sentAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
		events.publish(status(wamid, "972500000005", "sent", sentAt));
		events.publish(status(wamid, "972500000005", "delivered", sentAt.plusSeconds(1)));
		await().atMost(PATIENCE).until(() -> heldStatuses(wamid) == 2);
		assertThat(this.api.message(id)).containsEntry("wamid", null).containsEntry("status", "accepted");
		gate.release("+972500000005");
		Map<String, Object> message = this.api.awaitMessage(id, (m) -> "delivered".equals(m.get("status")));
		assertThat(message).containsEntry("wamid", wamid);
		assertThat(statusTimes(message)).containsEntry("sent", sentAt.toString())
			.containsEntry("delivered", sentAt.plusSeconds(1).toString());
		assertThat(heldStatuses(wamid)).isZero();
	}

	@Test
	void aMetaErrorFailsTheMessageWithMetasCode() {
		simulators.meta().faults().add(FaultRule.metaError(131026).forRecipient("+972500000007"));
		String id = this.api.send("demo", "+972500000007", "Nobody home", null);
		Map<String, Object> message = this.api.awaitMessage(id, (m) -> "failed".equals(m.get("status")));
		assertThat(message).containsEntry("wamid", null);
		assertThat(message.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("code", 131026)
			.containsEntry("title", "Message undeliverable");
		assertThat(sentWithText("Nobody home")).isEmpty();
	}

	@Test
	void anotherTenantNeverSeesTheMessage() {
		String id = this.api.send("demo", "+972500000006", "Only for demo", null);
		this.api.get("acme", id)
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentTypeCompatibleWith("application/problem+json")
			.expectBody()
			.jsonPath("$.code")
			.isEqualTo("NOT_FOUND")
			.jsonPath("$.text")
			.doesNotExist();
	}

	private static SentMessage awaitSent(String text) {
		return await().atMost(PATIENCE).until(() -> sentWithText(text), (sent) -> !sent.isEmpty()).get(0);
	}

	private static List<SentMessage> sentWithText(String text) {
		return simulators.meta().sentMessages().stream().filter((sent) -> sent.body().contains(text)).toList();
	}

	private long heldStatuses(String wamid) {
		return this.database.sql("SELECT count(*) AS held FROM held_statuses WHERE wamid = :wamid")
			.bind("wamid", wamid)
			.map((row) -> row.get("held", Long.class))
			.one()
			.block(Duration.ofSeconds(5));
	}

}
