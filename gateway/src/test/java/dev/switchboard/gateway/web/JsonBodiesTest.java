package dev.switchboard.gateway.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.reactive.function.server.MockServerRequest;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The answers to operator request bodies that cannot be read: the field named by its JSON
 * path where one is known, a missing body refused, never a bare 400.
 */
class JsonBodiesTest {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void namesAFieldOfTheWrongTypeWithItsJsonPath() {
		assertMalformed(JsonBodies.malformed(failure("{\"name\":\"k\",\"scopes\":[\"read\",{\"a\":1}]}")),
				"Field 'scopes[1]' has the wrong type or shape, or the JSON around it is broken");
		assertMalformed(JsonBodies.malformed(failure("{\"owner\":{\"tags\":[\"x\",{\"a\":1}]}}")),
				"Field 'owner.tags[1]' has the wrong type or shape, or the JSON around it is broken");
		assertMalformed(JsonBodies.malformed(failure("{\"name\":{\"first\":\"k\"}}")),
				"Field 'name' has the wrong type or shape, or the JSON around it is broken");
	}

	@Test
	void aBodyOfAnotherShapeOrNoJsonNamesNoField() {
		assertMalformed(JsonBodies.malformed(failure("[1,2]")),
				"The request body is not a JSON object of the expected shape");
		assertMalformed(JsonBodies.malformed(failure("{not json")),
				"The request body is not a JSON object of the expected shape");
	}

	@Test
	void aBodyThatIsNotJsonIs415AndAnyOtherFailureIsMalformed() {
		GatewayProblem unsupported = JsonBodies.malformed(new UnsupportedMediaTypeStatusException("text/plain"));
		assertThat(unsupported.status()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(unsupported.code()).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
		assertThat(unsupported.getMessage()).isEqualTo("The request body must be application/json");
		assertMalformed(JsonBodies.malformed(new DataBufferLimitException("Exceeded limit on max bytes to buffer")),
				"The request body is not valid JSON");
	}

	@Test
	void aMissingBodyIsRefused() {
		MockServerRequest request = MockServerRequest.builder().body(Mono.empty());

		StepVerifier.create(JsonBodies.required(request, Body.class))
			.expectErrorSatisfies((failure) -> assertMalformed((GatewayProblem) failure,
					"A JSON object is required as the request body"))
			.verify(Duration.ofSeconds(5));
	}

	private static void assertMalformed(GatewayProblem problem, String detail) {
		assertThat(problem.status()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(problem.code()).isEqualTo("MALFORMED_REQUEST");
		assertThat(problem.getMessage()).isEqualTo(detail);
	}

	/** What Spring's JSON decoder raises for the body. */
	private static ServerWebInputException failure(String body) {
		try {
			JSON.readValue(body.getBytes(StandardCharsets.UTF_8), Body.class);
			throw new IllegalArgumentException("Readable: " + body);
		}
		catch (JacksonException ex) {
			return new ServerWebInputException("Failed to read HTTP message", null,
					new DecodingException("JSON decoding error", ex));
		}
	}

	record Body(String name, List<String> scopes, Owner owner) {
	}

	record Owner(List<String> tags) {
	}

}
