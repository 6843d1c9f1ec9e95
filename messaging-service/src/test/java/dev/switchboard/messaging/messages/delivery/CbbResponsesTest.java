package dev.switchboard.messaging.messages.delivery;

import java.nio.charset.StandardCharsets;

import dev.switchboard.messaging.messages.delivery.ProviderException.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * CBB's answers to a send: a 5xx may follow a message CBB passed on to WhatsApp, so it
 * leaves the outcome unknown (never a blind resend); a refusal CBB states is a rejection.
 */
class CbbResponsesTest {

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503, 504 })
	void aServerErrorToASendLeavesTheOutcomeUnknown(int status) {
		assertThat(sendFailure(status, "").outcome()).isEqualTo(Outcome.UNKNOWN);
		ProviderException withBody = sendFailure(status, "{\"success\":false,\"error\":\"HTTP " + status + "\"}");
		assertThat(withBody.outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(withBody.title()).isEqualTo("CBB answered HTTP " + status);
		assertThat(withBody.details()).isEqualTo("HTTP " + status);
	}

	@Test
	void aMetaCodeCbbPassesOnIsARejectionWithThatCode() {
		ProviderException ex = sendFailure(200, "{\"success\":false,\"error\":\"(#130429) Rate limit hit\"}");
		assertThat(ex.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(ex.code()).isEqualTo(130429);
	}

	@Test
	void tooManyRequestsIsARefusalThatMayBeRetried() {
		ProviderException ex = sendFailure(429, "");
		assertThat(ex.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(ErrorCatalog.isTransient(ex.code())).isTrue();
	}

	@Test
	void aServerErrorCreatingAContactMeansNothingWasSent() {
		ProviderException ex = catchThrowableOfType(ProviderException.class,
				() -> CbbResponses.created(503, bytes("")));
		assertThat(ex.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(ErrorCatalog.isTransient(ex.code())).isTrue();
	}

	@Test
	void aSuccessKeepsCbbsIdWhenItLooksLikeOne() {
		assertThat(CbbResponses.receipt(200, bytes("{\"success\":true,\"message_id\":\"cbb-7\"}")).providerMessageId())
			.isEqualTo("cbb-7");
	}

	private static ProviderException sendFailure(int status, String body) {
		return catchThrowableOfType(ProviderException.class, () -> CbbResponses.receipt(status, bytes(body)));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
