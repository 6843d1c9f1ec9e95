package dev.switchboard.orders.sync;

import java.nio.charset.StandardCharsets;

import dev.switchboard.events.EventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatusCode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a CBB answer means for the sync: a value, nothing, a transient failure (retried)
 * or a refusal (not retried); and which contacts are real ones.
 */
class CbbClientStatusTest {

	@ParameterizedTest
	@ValueSource(ints = { 500, 502, 503, 504, 429, 408 })
	void serverTroubleAndThrottlingAreRetried(int status) {
		CbbFailure failure = failure(status, "{\"error\":\"busy\"}", false);
		assertThat(failure.isTransient()).isTrue();
		assertThat(failure.getMessage()).isEqualTo("CBB unavailable: HTTP " + status);
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 409, 422, 301 })
	void otherAnswersThanSuccessAreRefusalsNamingCbbsMessage(int status) {
		CbbFailure failure = failure(status, "{\"error\":\"bad phone\"}", false);
		assertThat(failure.isTransient()).isFalse();
		assertThat(failure.getMessage()).isEqualTo("CBB answered " + status + ": bad phone");
	}

	@Test
	void aRefusalWithoutABodySaysSo() {
		assertThat(failure(400, "", false).getMessage()).isEqualTo("CBB answered 400: no details");
		assertThat(failure(400, "{\"message\":\"no such field\"}", false).getMessage())
			.isEqualTo("CBB answered 400: no such field");
	}

	@Test
	void notFoundIsNothingOnlyWhereTheCallerAskedForIt() {
		assertThat(answer(404, "{}", true).blockOptional()).isEmpty();
		assertThat(failure(404, "{}", false).isTransient()).isFalse();
	}

	@Test
	void successFalseIsARefusalThatIsNotRetried() {
		CbbFailure failure = failure(200, "{\"success\":false,\"error\":\"contact limit reached\"}", false);
		assertThat(failure.isTransient()).isFalse();
		assertThat(failure.getMessage()).isEqualTo("CBB refused the request: contact limit reached");
	}

	@Test
	void successTrueAndPlainObjectsAreValues() {
		assertThat(answer(200, "{\"success\":true,\"id\":\"1\"}", false).block().path("id").asString()).isEqualTo("1");
		assertThat(answer(201, "{\"id\":\"2\"}", false).block().path("id").asString()).isEqualTo("2");
		assertThat(answer(200, "[1,2]", false).block().isArray()).isTrue();
	}

	@Test
	void anEmptySuccessIsNothingButAnUnreadableOneIsRetried() {
		assertThat(answer(200, "", false).blockOptional()).isEmpty();
		CbbFailure unreadable = failure(200, "<html>maintenance</html>", false);
		assertThat(unreadable.isTransient()).isTrue();
		assertThat(unreadable.getMessage()).isEqualTo("CBB unavailable: unreadable answer");
	}

	@Test
	void anEmptyShellIsNoContact() {
		assertThat(CbbClient.exists(json("{}"))).isFalse();
		assertThat(CbbClient.exists(json("{\"phone\":\"\",\"first_name\":\" \",\"subscribed_date\":null}"))).isFalse();
	}

	@Test
	void aPhoneANameOrASubscriptionMakeAContact() {
		assertThat(CbbClient.exists(json("{\"phone\":\"+972500000001\"}"))).isTrue();
		assertThat(CbbClient.exists(json("{\"first_name\":\"Dana\"}"))).isTrue();
		assertThat(CbbClient.exists(json("{\"subscribed_date\":\"2025-01-01 10:00:00\"}"))).isTrue();
	}

	private static Mono<JsonNode> answer(int status, String body, boolean notFoundIsEmpty) {
		return CbbClient.answer(HttpStatusCode.valueOf(status), body.getBytes(StandardCharsets.UTF_8), notFoundIsEmpty);
	}

	private static CbbFailure failure(int status, String body, boolean notFoundIsEmpty) {
		return catchThrowableOfType(CbbFailure.class, () -> answer(status, body, notFoundIsEmpty).block());
	}

	private static JsonNode json(String text) {
		return EventJson.mapper().readTree(text);
	}

}
