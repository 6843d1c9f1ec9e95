package dev.switchboard.messaging.inbox.receipts;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.switchboard.messaging.channels.Channel;
import dev.switchboard.messaging.channels.Provider;
import dev.switchboard.messaging.inbox.agents.AgentRole;
import dev.switchboard.messaging.inbox.agents.InboxCaller;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Whose read makes a WhatsApp read receipt, and the sender's settings. */
class ReadReceiptsTest {

	private static final UUID ANA = UUID.randomUUID();

	private static final Channel META = new Channel("demo", "demo-meta", Provider.META, "100000000000001", "t", null,
			null);

	private static final Channel CBB = new Channel("demo", "demo-cbb", Provider.CBB, "100000000000001", "t",
			"http://cbb", null);

	@Test
	void onlyTheAssigneeReadingOnAMetaChannelMakesAReceipt() {
		InboxCaller ana = new InboxCaller("demo", "k1", ANA, AgentRole.AGENT);
		assertThat(ReadReceipts.wanted(ana, ANA.toString(), META)).isTrue();
		// An assignee with a higher role is still the assignee.
		assertThat(ReadReceipts.wanted(new InboxCaller("demo", "k2", ANA, AgentRole.SUPERVISOR), ANA.toString(), META))
			.isTrue();
		// A supervisor looking into a colleague's conversation, an unassigned one, an
		// integration.
		assertThat(ReadReceipts.wanted(new InboxCaller("demo", "k3", UUID.randomUUID(), AgentRole.SUPERVISOR),
				ANA.toString(), META))
			.isFalse();
		assertThat(ReadReceipts.wanted(ana, null, META)).isFalse();
		assertThat(ReadReceipts.wanted(new InboxCaller("demo", "k4", null, null), ANA.toString(), META)).isFalse();
		assertThat(ReadReceipts.wanted(null, ANA.toString(), META)).isFalse();
		// CBB has no read receipts; a channel the tenant no longer has.
		assertThat(ReadReceipts.wanted(ana, ANA.toString(), CBB)).isFalse();
		assertThat(ReadReceipts.wanted(ana, ANA.toString(), null)).isFalse();
	}

	@Test
	void disabledRecordsNothingAndTouchesNothing() {
		// No database and no channel directory: a disabled read must not reach them.
		ReadReceipts receipts = new ReadReceipts(null, null, properties(false));
		InboxCaller ana = new InboxCaller("demo", "k1", ANA, AgentRole.AGENT);

		assertThat(receipts.read(ana, "demo", UUID.randomUUID(), "demo-meta", ANA.toString(), Instant.now())
			.hasElement()
			.block()).isFalse();
	}

	@Test
	void backoffDoublesUpToItsCeilingAndTheRetentionOutlastsTheGiveUp() {
		ReadReceiptProperties properties = properties(true);
		assertThat(properties.backoff(1)).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.backoff(2)).isEqualTo(Duration.ofSeconds(4));
		assertThat(properties.backoff(40)).isEqualTo(Duration.ofMinutes(1));
		assertThat(properties.claim()).isEqualTo(Duration.ofSeconds(15));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReadReceiptProperties(true, Duration.ofSeconds(1), 100, 8, Duration.ofSeconds(5),
					Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofHours(1)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReadReceiptProperties(true, Duration.ZERO, 100, 8, Duration.ofSeconds(5),
					Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofDays(7)));
	}

	private static ReadReceiptProperties properties(boolean enabled) {
		return new ReadReceiptProperties(enabled, Duration.ofSeconds(1), 100, 8, Duration.ofSeconds(5),
				Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofMinutes(15), Duration.ofDays(7));
	}

}
