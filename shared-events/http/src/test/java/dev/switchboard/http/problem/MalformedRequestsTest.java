package dev.switchboard.http.problem;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.codec.DecodingException;
import org.springframework.web.server.ServerWebInputException;

import static org.assertj.core.api.Assertions.assertThat;

class MalformedRequestsTest {

	private static final JsonMapper JSON = JsonMapper.shared();

	@Test
	void aFieldOfTheWrongTypeIsNamedWithItsJsonPath() {
		ApiProblem problem = problem("{\"messages\":[{\"to\":\"+1\"},{\"to\":{\"a\":1}}]}");
		assertThat(problem.code()).isEqualTo("MALFORMED_REQUEST");
		assertThat(problem.getMessage()).isEqualTo("Field 'messages[1].to' must be a string");
		assertThat(problem.properties()).containsEntry("field", "messages[1].to");
		assertThat(problem("{\"count\":\"many\"}").getMessage())
			.isEqualTo("Field 'count' has an invalid value ('many'): it must be a whole number");
		assertThat(problem("{\"messages\":\"none\"}").getMessage()).isEqualTo("Field 'messages' must be an array");
	}

	@Test
	void aBodyThatIsNoObjectOrNoJsonSaysWhereItBroke() {
		assertThat(problem("[1,2]").getMessage()).isEqualTo("The request body must be an object");
		assertThat(problem("{not json").getMessage())
			.startsWith("The request body is not valid JSON at line 1, column");
		assertThat(problem("{\"messages\":[").getMessage()).startsWith("The JSON body ends too early");
		assertThat(problem("").getMessage()).startsWith("The request body is empty");
		byte[] invalidUtf8 = { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' };
		ApiProblem utf8 = MalformedRequests.of(failure(invalidUtf8));
		assertThat(utf8.getMessage()).startsWith("The request body is not valid UTF-8");
		assertThat(utf8.code()).isEqualTo("MALFORMED_REQUEST");
	}

	@Test
	void nothingOfTheInputOrTheCodeLeaks() {
		ApiProblem problem = problem("{\"count\":\"" + "9".repeat(300) + "x\"}");
		assertThat(problem.getMessage()).hasSizeLessThan(150)
			.doesNotContain("Integer")
			.doesNotContain("tools.jackson")
			.doesNotContain("Request");
	}

	private static ApiProblem problem(String body) {
		return MalformedRequests.of(failure(body.getBytes(StandardCharsets.UTF_8)));
	}

	/** What Spring's JSON decoder raises for the body. */
	private static ServerWebInputException failure(byte[] body) {
		try {
			JSON.readValue(body, Request.class);
			throw new AssertionError("The body was read");
		}
		catch (JacksonException ex) {
			return new ServerWebInputException("Failed to read HTTP message", null,
					new DecodingException("JSON decoding error: " + ex.getOriginalMessage(), ex));
		}
	}

	record Request(List<Item> messages, Integer count, String name, Map<String, Object> extra) {
	}

	record Item(String to) {
	}

}
