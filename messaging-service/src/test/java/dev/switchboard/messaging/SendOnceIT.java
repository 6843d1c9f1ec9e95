package dev.switchboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.events.Uuids;
import dev.switchboard.simulators.FaultRule;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider is called at most once per message: a call whose result is unknown is
 * never repeated; the provider's statuses resolve it, and without any it fails (the
 * default never sends twice). A message left with no send pending is swept up.
 */
class SendOnceIT extends IntegrationSetup {

	private static final Duration RECONCILE_PATIENCE = Duration.ofSeconds(60);

	@Test
	void aSendWithoutAnAnswerIsNotRepeatedAndFailsWhenNoStatusNamesIt() {
		// Answers only after the service's response timeout: the outcome is unknown.
		simulators.meta().faults().add(FaultRule.timeout(Duration.ofSeconds(15)).forRecipient("+972500000008"));
		String id = this.api.send("demo", "+972500000008", "Lost in transit", null);
		Map<String, Object> message = this.api.awaitMessage(id, (m) -> m.get("error") != null, Duration.ofSeconds(40));
		assertThat(message).containsEntry("status", "accepted").containsEntry("wamid", null);
		assertThat(message.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("title", "send outcome unknown");
		events.requestSend(id, "+972500000008", "Lost in transit");
		awaitCommandsProcessed();
		assertThat(gate.requests("+972500000008")).isEqualTo(1);
		assertThat(this.api.message(id)).containsEntry("status", "accepted").containsEntry("wamid", null);
		// No status within reconcile-after: failed, never sent again.
		Map<String, Object> failed = this.api.awaitMessage(id, (m) -> "failed".equals(m.get("status")),
				RECONCILE_PATIENCE);
		assertThat(failed.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("title", "send outcome unknown")
			.extractingByKey("details", InstanceOfAssertFactories.STRING)
			.contains("not sent again");
		assertThat(gate.requests("+972500000008")).isEqualTo(1);
	}

	@Test
	void aSendTheProviderTookWhoseAnswerGotLostIsResolvedByItsStatus() {
		// Meta takes the message and posts its statuses, but answers after the call
		// timed out.
		live.meta().faults().add(FaultRule.lateAnswer(Duration.ofSeconds(6)).forRecipient("+972500000011").once());
		String id = this.api.sendJson(Map.of("to", "+972500000011", "channelId", "demo-live", "type", "template",
				"template", Map.of("name", "order_update", "language", Map.of("code", "en_US"))), null);
		Map<String, Object> message = this.api.awaitMessage(id, (m) -> "read".equals(m.get("status")));
		assertThat(message).containsEntry("matchedBy", "callback_data").containsEntry("error", null);
		assertThat(liveSends(id)).isEqualTo(1);
	}

	@Test
	void aMessageLeftWithNoSendPendingIsSweptUpAndSentOnce() {
		// As a send command that was dead-lettered (or lost with its instance) leaves it:
		// accepted, never claimed, nothing due.
		UUID stranded = strandedMessage("demo-live", "+972500000012", Instant.now().minusSeconds(30));
		Map<String, Object> message = this.api.awaitMessage(stranded.toString(), (m) -> "read".equals(m.get("status")),
				RECONCILE_PATIENCE);
		assertThat(message).containsEntry("attempts", 1);
		assertThat(liveSends(stranded.toString())).isEqualTo(1);
	}

	@Test
	void aStrandedMessageThatCannotBeSentFailsWithTheReason() {
		UUID gone = strandedMessage("demo-gone", "+972500000013", Instant.now().minusSeconds(30));
		UUID late = strandedMessage("demo-live", "+972500000014", Instant.now().minus(Duration.ofHours(25)));
		assertThat(this.api.awaitMessage(gone.toString(), (m) -> "failed".equals(m.get("status")), RECONCILE_PATIENCE)
			.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("title", "Channel not available");
		assertThat(this.api.awaitMessage(late.toString(), (m) -> "failed".equals(m.get("status")), RECONCILE_PATIENCE)
			.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP).containsEntry("title", "Attempt window passed");
		assertThat(liveSends(late.toString())).isZero();
	}

	/**
	 * A template message accepted at the instant, last touched a minute ago, with no send
	 * command and nothing pending.
	 */
	private UUID strandedMessage(String channelId, String to, Instant acceptedAt) {
		UUID id = Uuids.random();
		this.database
			.sql("INSERT INTO messages (id, tenant_id, channel_id, provider, recipient, type, content, status, "
					+ "accepted_at, created_at, updated_at) VALUES (:id, 'demo', :channel, 'META', :to, 'template', "
					+ "'{\"name\":\"order_update\",\"language\":{\"code\":\"en_US\"}}', 'accepted', :at, :at, "
					+ ":touched)")
			.bind("id", id)
			.bind("channel", channelId)
			.bind("to", to)
			.bind("at", acceptedAt)
			.bind("touched", Instant.now().minusSeconds(60))
			.then()
			.block(Duration.ofSeconds(10));
		return id;
	}

	private static long liveSends(String id) {
		return live.meta().sentMessages().stream().filter((sent) -> sent.body().contains("sb:" + id)).count();
	}

	@Test
	void aCallThatStartedWithoutARecordedResultIsNotRepeated() {
		// As after a crash between the provider call and the record of its wamid.
		UUID id = Uuids.random();
		this.database
			.sql("INSERT INTO messages (id, tenant_id, channel_id, recipient, type, body, status, accepted_at, "
					+ "provider_attempts, provider_call_started_at) VALUES (:id, 'demo', 'demo-meta', '+972500000009', "
					+ "'text', 'Crashed mid-send', 'accepted', :acceptedAt, 1, :startedAt)")
			.bind("id", id)
			.bind("acceptedAt", Instant.now().minusSeconds(2))
			.bind("startedAt", Instant.now().minusSeconds(1))
			.then()
			.block(Duration.ofSeconds(10));
		events.requestSend(id.toString(), "+972500000009", "Crashed mid-send");
		Map<String, Object> message = this.api.awaitMessage(id.toString(), (m) -> m.get("error") != null);
		assertThat(message).containsEntry("status", "accepted").containsEntry("wamid", null);
		assertThat(message.get("error")).asInstanceOf(InstanceOfAssertFactories.MAP)
			.containsEntry("title", "send outcome unknown");
		assertThat(gate.requests("+972500000009")).isZero();
	}

	/**
	 * Send commands of one channel share a partition and are handled in order: once a
	 * later message is sent, every earlier command has been handled.
	 */
	private void awaitCommandsProcessed() {
		String marker = this.api.send("demo", "+972500000010", "Marker " + Uuids.random(), null);
		this.api.awaitMessage(marker, (m) -> m.get("wamid") != null);
	}

}
