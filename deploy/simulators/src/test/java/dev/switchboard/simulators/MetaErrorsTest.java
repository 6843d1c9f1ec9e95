package dev.switchboard.simulators;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class MetaErrorsTest {

	@ParameterizedTest
	@CsvSource({ "130429,429", "131056,429", "131048,429", "4,429", "80007,429", "131026,400", "131047,400",
			"131051,400", "132000,400", "132001,400", "100,400", "190,401", "131000,500" })
	void usesMetaHttpStatusPerCode(int code, int status) {
		assertThat(MetaErrors.httpStatus(code)).isEqualTo(status);
	}

	@Test
	void errorBodyHasGraphShape() {
		JsonNode error = MetaErrors.body(130429).path("error");

		assertThat(error.path("message").asString()).isEqualTo("(#130429) Rate limit hit");
		assertThat(error.path("type").asString()).isEqualTo("OAuthException");
		assertThat(error.path("code").asInt()).isEqualTo(130429);
		assertThat(error.path("error_data").path("messaging_product").asString()).isEqualTo("whatsapp");
		assertThat(error.path("error_data").path("details").asString()).isNotBlank();
		assertThat(error.path("fbtrace_id").asString()).hasSize(23);
	}

	@Test
	void unknownCodesStillAnswer() {
		assertThat(MetaErrors.body(999999).path("error").path("message").asString()).startsWith("(#999999) ");
		assertThat(MetaErrors.httpStatus(999999)).isEqualTo(400);
	}

}
