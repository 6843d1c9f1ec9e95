package dev.switchboard.messaging.messages.delivery;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

import dev.switchboard.messaging.messages.delivery.ProviderException.Outcome;
import io.netty.channel.ConnectTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.client.WebClientRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MetaResponsesTest {

	@Test
	void anAcceptedSendCarriesTheWamid() {
		String body = """
				{"messaging_product":"whatsapp","contacts":[{"input":"+16505551234","wa_id":"16505551234"}],
				 "messages":[{"id":"wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"}]}""";
		assertThat(MetaResponses.wamid(200, bytes(body)))
			.isEqualTo("wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA");
	}

	@Test
	void aTemplatePacingAnswerStillCarriesTheWamid() {
		String body = """
				{"messaging_product":"whatsapp","messages":[{"id":"wamid.X","message_status":"accepted"}]}""";
		assertThat(MetaResponses.wamid(200, bytes(body))).isEqualTo("wamid.X");
	}

	@Test
	void aReadMarkIsTakenOnlyWithSuccessAndItsErrorsReadLikeASendsOnes() {
		MetaResponses.markedRead(200, bytes("{\"success\":true}"));
		assertThat(catchThrowableOfType(ProviderException.class,
				() -> MetaResponses.markedRead(200, bytes("{\"success\":false}")))
			.outcome()).isEqualTo(Outcome.UNKNOWN);
		ProviderException refused = catchThrowableOfType(ProviderException.class,
				() -> MetaResponses.markedRead(400, bytes("""
						{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100}}""")));
		assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(refused.code()).isEqualTo(100);
		assertThat(catchThrowableOfType(ProviderException.class, () -> MetaResponses.markedRead(504, new byte[0]))
			.outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void metaErrorsBecomeRejectionsWithCodeTitleAndDetails() {
		String body = """
				{"error":{"message":"(#131026) Message undeliverable","type":"OAuthException","code":131026,
				 "error_data":{"messaging_product":"whatsapp","details":"Message failed to send because the recipient is not on WhatsApp."},
				 "fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}""";
		ProviderException ex = failure(400, body);
		assertThat(ex.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(ex.code()).isEqualTo(131026);
		assertThat(ex.title()).isEqualTo("Message undeliverable");
		assertThat(ex.details()).isEqualTo("Message failed to send because the recipient is not on WhatsApp.");
	}

	@Test
	void theRateLimitSampleIsReadByCodeNotByStatus() {
		String body = """
				{"error":{"message":"(#130429) Rate limit hit","type":"OAuthException","code":130429,
				 "error_data":{"messaging_product":"whatsapp","details":"Cloud API message throughput has been reached."},
				 "error_subcode":2494055,"fbtrace_id":"Az8or2yhqkZfEZ-_4Qn_Bam"}}""";
		ProviderException ex = failure(403, body);
		assertThat(ex.code()).isEqualTo(130429);
		assertThat(ex.title()).isEqualTo("Rate limit hit");
		assertThat(ex.details()).isEqualTo("Cloud API message throughput has been reached.");
	}

	@Test
	void userFacingTitlesWinAndCodesMayBeStrings() {
		String body = """
				{"error":{"message":"(#136024) Something","code":"136024","error_user_title":"Nice title",
				 "error_user_msg":"Nice message"}}""";
		ProviderException ex = failure(400, body);
		assertThat(ex.code()).isEqualTo(136024);
		assertThat(ex.title()).isEqualTo("Nice title");
		assertThat(ex.details()).isEqualTo("Nice message");
	}

	@Test
	void aServerErrorWithoutMetasBodyLeavesTheOutcomeUnknown() {
		assertThat(failure(502, "<html>Bad gateway</html>").outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(failure(504, "").outcome()).isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void aGatewayTimeoutIsUnknownEvenWithAnErrorBodyButMetasOwnServerErrorIsARejection() {
		String body = """
				{"error":{"message":"(#131000) Something went wrong","type":"OAuthException","code":131000}}""";
		assertThat(failure(504, body).outcome()).isEqualTo(Outcome.UNKNOWN);
		assertThat(failure(502, body).outcome()).isEqualTo(Outcome.UNKNOWN);
		ProviderException metas = failure(500, body);
		assertThat(metas.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(metas.code()).isEqualTo(131000);
	}

	@Test
	void aClientErrorWithoutMetasBodyIsARejection() {
		ProviderException ex = failure(404, "not found");
		assertThat(ex.outcome()).isEqualTo(Outcome.REJECTED);
		assertThat(ex.code()).isNull();
		assertThat(ex.title()).contains("404");
	}

	@Test
	void anAcceptedSendWithoutAnIdLeavesTheOutcomeUnknown() {
		assertThat(failure(200, "{\"messaging_product\":\"whatsapp\",\"messages\":[]}").outcome())
			.isEqualTo(Outcome.UNKNOWN);
	}

	@Test
	void onlyAConnectionThatNeverOpenedProvesNothingWasSent() {
		assertThat(ProviderException.transportFailure(new ConnectException("Connection refused")).outcome())
			.isEqualTo(Outcome.NOT_SENT);
		assertThat(
				ProviderException.transportFailure(wrapped(new ConnectTimeoutException("connect timed out"))).outcome())
			.isEqualTo(Outcome.NOT_SENT);
		assertThat(ProviderException.transportFailure(wrapped(new IOException("Connection reset by peer"))).outcome())
			.isEqualTo(Outcome.UNKNOWN);
		assertThat(ProviderException.transportFailure(new TimeoutException("no answer")).outcome())
			.isEqualTo(Outcome.UNKNOWN);
	}

	private static WebClientRequestException wrapped(Throwable cause) {
		return new WebClientRequestException(cause, HttpMethod.POST, URI.create("http://localhost/v23.0/1/messages"),
				new HttpHeaders());
	}

	private static ProviderException failure(int status, String body) {
		return catchThrowableOfType(ProviderException.class, () -> MetaResponses.wamid(status, bytes(body)));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
