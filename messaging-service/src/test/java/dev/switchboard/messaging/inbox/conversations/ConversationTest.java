package dev.switchboard.messaging.inbox.conversations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The lifecycle rules of a conversation, as plain functions. */
class ConversationTest {

	private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

	@Test
	void aCustomerMessageCountsUnreadMovesTheWindowAndStartsTheWaitOnce() {
		Conversation received = open().received(T0, "Hi").received(T0.plusSeconds(60), "Still there?");
		assertThat(received.unreadCount()).isEqualTo(2);
		assertThat(received.lastInboundAt()).isEqualTo(T0.plusSeconds(60));
		assertThat(received.waitingSince()).isEqualTo(T0);
		assertThat(received.lastText()).isEqualTo("Still there?");
		assertThat(received.windowOpen(T0.plus(Duration.ofHours(24)), Duration.ofHours(24))).isTrue();
		assertThat(received.windowOpen(T0.plus(Duration.ofHours(25)), Duration.ofHours(24))).isFalse();
		// A late delivery of an older message never moves the window back.
		assertThat(received.received(T0.minusSeconds(600), null).lastInboundAt()).isEqualTo(T0.plusSeconds(60));
	}

	@Test
	void aReplyStopsTheWaitAndResolveThenReopenGoesBackToTheQueue() {
		Conversation assigned = open().received(T0, "Hi").assign("agent-ana", T0.plusSeconds(5));
		assertThat(assigned.status()).isEqualTo(ConversationStatus.ASSIGNED);
		Conversation replied = assigned.replied(T0.plusSeconds(10), "Hello");
		assertThat(replied.waitingSince()).isNull();
		Conversation resolved = replied.resolve(T0.plusSeconds(20));
		assertThat(resolved.status()).isEqualTo(ConversationStatus.RESOLVED);
		assertThat(resolved.resolvedAt()).isEqualTo(T0.plusSeconds(20));
		Conversation reopened = resolved.reopen(T0.plusSeconds(30));
		assertThat(reopened.status()).isEqualTo(ConversationStatus.OPEN);
		assertThat(reopened.assigneeId()).isNull();
		assertThat(reopened.reopenCount()).isEqualTo(1);
		assertThat(reopened.resolvedAt()).isNull();
	}

	@Test
	void closedConversationsRefuseEveryActionButAReopenOfAResolvedOne() {
		Conversation resolved = open().resolve(T0);
		for (Runnable action : List.<Runnable>of(() -> resolved.resolve(T0), () -> resolved.replied(T0, "x"),
				resolved::read, () -> resolved.assign("a", T0), () -> resolved.unassign(T0),
				() -> resolved.classify(Priority.HIGH, null))) {
			assertThatThrownBy(action::run).isInstanceOfSatisfying(ApiProblem.class,
					(problem) -> assertThat(problem.code()).isEqualTo("CONVERSATION_CLOSED"));
		}
		Conversation archived = new Conversation(resolved.id(), "demo", "demo-meta", "1", UUID.randomUUID(), null, null,
				null, ConversationStatus.ARCHIVED, null, Priority.NONE, List.of(), 0, 0, null, null, null, T0, null, T0,
				T0, T0, 3, null, null);
		assertThatThrownBy(() -> archived.reopen(T0)).isInstanceOfSatisfying(ApiProblem.class,
				(problem) -> assertThat(problem.code()).isEqualTo("CONVERSATION_CLOSED"));
		assertThatThrownBy(() -> open().reopen(T0)).isInstanceOfSatisfying(ApiProblem.class,
				(problem) -> assertThat(problem.code()).isEqualTo("CONVERSATION_NOT_RESOLVED"));
	}

	private static Conversation open() {
		return new Conversation(UUID.randomUUID(), "demo", "demo-meta", "100000000000001", UUID.randomUUID(),
				"+972500000001", null, "Ana", ConversationStatus.OPEN, null, Priority.NONE, List.of(), 0, 0, null, null,
				null, T0, null, null, null, T0, 0, null, null);
	}

}
