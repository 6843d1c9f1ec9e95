package dev.switchboard.messaging.messages.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.switchboard.messaging.messages.delivery.SendAttempts.Pending;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * What becomes of a call with an unknown outcome that no status named: by default it
 * fails and is never sent again; only with {@code resend-after-silence} set is it
 * released for another attempt, and then only within the attempts it has left.
 */
class UnknownOutcomeDecisionTest {

	private static final Duration RECONCILE_AFTER = Duration.ofMinutes(2);

	private final SendAttempts attempts = mock(SendAttempts.class);

	private final DeliveryOutcomes outcomes = mock(DeliveryOutcomes.class);

	@Test
	void byDefaultASilentUnknownOutcomeFailsAndIsNotReleased() {
		Pending examined = unanswered(Duration.ofMinutes(3), 1);
		when(this.outcomes.failExamined(eq(examined), eq(SendAttempts.UNKNOWN_OUTCOME), anyString()))
			.thenReturn(Mono.just(true));
		delivery(null).reconcile(examined).block();
		verify(this.outcomes).failExamined(eq(examined), eq(SendAttempts.UNKNOWN_OUTCOME), anyString());
		verify(this.attempts, never()).releaseExamined(anyString(), any(), any(), anyString());
	}

	@Test
	void withResendAfterSilenceTheExaminedClaimIsReleasedOnceThatSilencePassed() {
		Pending examined = unanswered(Duration.ofMinutes(31), 1);
		when(this.attempts.releaseExamined("demo", examined.id(), examined.callStartedAt(),
				"retrying after an unanswered call"))
			.thenReturn(Mono.just(true));
		delivery(Duration.ofMinutes(30)).reconcile(examined).block();
		verify(this.attempts).releaseExamined("demo", examined.id(), examined.callStartedAt(),
				"retrying after an unanswered call");
		verifyNoInteractions(this.outcomes);
	}

	@Test
	void withResendAfterSilenceAShorterSilenceDecidesNothingYet() {
		delivery(Duration.ofMinutes(30)).reconcile(unanswered(Duration.ofMinutes(3), 1)).block();
		verifyNoInteractions(this.attempts, this.outcomes);
	}

	@Test
	void withResendAfterSilenceTheLastAttemptStillFails() {
		Pending examined = unanswered(Duration.ofMinutes(31), 3);
		when(this.outcomes.failExamined(eq(examined), eq(SendAttempts.UNKNOWN_OUTCOME), anyString()))
			.thenReturn(Mono.just(true));
		delivery(Duration.ofMinutes(30)).reconcile(examined).block();
		verify(this.outcomes).failExamined(eq(examined), eq(SendAttempts.UNKNOWN_OUTCOME), anyString());
		verify(this.attempts, never()).releaseExamined(anyString(), any(), any(), anyString());
	}

	private Delivery delivery(Duration resendAfterSilence) {
		DeliveryProperties properties = new DeliveryProperties(3, Duration.ofHours(24), Duration.ofSeconds(1), 0.5,
				Duration.ofSeconds(10), RECONCILE_AFTER, resendAfterSilence, Duration.ofMinutes(10),
				Duration.ofMillis(500), 50, 20, Duration.ofSeconds(10), 32);
		return new Delivery(this.attempts, null, null, null, null, null, this.outcomes, properties, null);
	}

	private static Pending unanswered(Duration since, int attempts) {
		Instant started = Instant.now().minus(since);
		return new Pending(UUID.randomUUID(), "demo", "demo-meta", "+972500000016", "template",
				Map.of("name", "order_update"), null, "accepted", null, null, attempts, started, null, 0,
				SendAttempts.UNKNOWN_OUTCOME, started.minusSeconds(1));
	}

}
