package dev.switchboard.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.simulators.FaultRule;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The provider is called at most once per message: a call whose result is unknown is
 * never repeated, the message waits for reconciliation instead.
 */
class SendOnceIT extends IntegrationSetup {

	@Test
	void aSendWithoutAnAnswerIsNotRepeatedAndAwaitsReconciliation() {
		// Answers only after the service's 10 s response timeout: the outcome is unknown.
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
	}

	@Test
	void aCallThatStartedWithoutARecordedResultIsNotRepeated() {
		// As after a crash between the provider call and the record of its wamid.
		UUID id = Ids.random();
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
		String marker = this.api.send("demo", "+972500000010", "Marker " + Ids.random(), null);
		this.api.awaitMessage(marker, (m) -> m.get("wamid") != null);
	}

}
