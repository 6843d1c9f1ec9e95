package dev.switchboard.messaging.messages.send;

import java.util.Map;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.messaging.messages.send.SendRequests.ValidSend;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SendRequestsTest {

	@BeforeAll
	static void preload() {
		PhoneNumbers.preload();
	}

	static SendMessageRequest text(String to, Object text, String channelId) {
		return new SendMessageRequest(to, channelId, null, text, null, null, null, null, null, null, null, null, null);
	}

	@Test
	void aValidRequestGetsItsRecipientInE164() {
		ValidSend send = SendRequests.validate(text("+972 50 000 0001", "Hello", null), "key-1");
		assertThat(send).isEqualTo(new ValidSend("+972500000001", null, "text", "Hello",
				Map.of("preview_url", false, "body", "Hello"), null, "key-1"));
	}

	@Test
	void fourThousandNinetySixCharactersAreFineEvenOutsideTheBasicPlane() {
		String emojis = "\uD83D\uDE00".repeat(SendRequests.MAX_TEXT_LENGTH);
		assertThat(SendRequests.validate(text("+972500000001", emojis, null), null).text()).isEqualTo(emojis);
	}

	@Test
	void everyInvalidFieldIsListed() {
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> SendRequests.validate(text(" ", "x".repeat(4097), ""), "k".repeat(256)))
			.satisfies((problem) -> {
				assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
				assertThat(problem.code()).isEqualTo("VALIDATION_FAILED");
				assertThat(problem.properties()).extractingByKey("errors")
					.asInstanceOf(InstanceOfAssertFactories.LIST)
					.extracting((error) -> ((FieldProblem) error).field())
					.containsExactly("to", "text", "channelId", "Idempotency-Key");
			});
	}

	@Test
	void blankTextIsInvalid() {
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> SendRequests.validate(text("+972500000001", "  ", null), null))
			.extracting(ApiProblem::code)
			.isEqualTo("VALIDATION_FAILED");
	}

	@Test
	void anInvalidNumberIsItsOwnProblem() {
		assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> SendRequests.validate(text("0500000001", "Hi", null), null))
			.satisfies((problem) -> {
				assertThat(problem.code()).isEqualTo("INVALID_PHONE");
				assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
			});
	}

	@Test
	void theGraphShapeOfATextCarriesItsPreviewSetting() {
		ValidSend send = SendRequests.validate(
				text("+972500000001", Map.of("body", "See https://example.com", "preview_url", true), null), null);
		assertThat(send.text()).isEqualTo("See https://example.com");
		assertThat(send.content()).isEqualTo(Map.of("preview_url", true, "body", "See https://example.com"));
		assertThat(SendRequests.validate(text("+972500000001", Map.of("body", "Hi"), null), null).content())
			.isEqualTo(SendRequests.validate(text("+972500000001", "Hi", null), null).content());
	}

	@Test
	void aTextOfAnyOtherShapeNamesTheField() {
		Map<Object, String> fields = Map.of(42, "text", java.util.List.of("Hi"), "text", Map.of("preview_url", false),
				"text.body", Map.of("body", 7), "text.body", Map.of("body", "Hi", "preview_url", "no"),
				"text.preview_url", Map.of("body", "Hi", "url", "x"), "text.url", Map.of("body", "x".repeat(4097)),
				"text.body");
		fields.forEach((text, field) -> assertThatExceptionOfType(ApiProblem.class)
			.isThrownBy(() -> SendRequests.validate(text("+972500000001", text, null), null))
			.satisfies((problem) -> assertThat(problem.properties()).extractingByKey("errors")
				.asInstanceOf(InstanceOfAssertFactories.LIST)
				.extracting((error) -> ((FieldProblem) error).field())
				.containsExactly(field)));
	}

}
