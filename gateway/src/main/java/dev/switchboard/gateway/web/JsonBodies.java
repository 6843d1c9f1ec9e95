package dev.switchboard.gateway.web;

import dev.switchboard.http.problem.MalformedRequests;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;

import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;

/**
 * Reads the JSON body of an operator API request: a missing body, one that is not JSON or
 * one with a field of the wrong type is a 400 {@code MALFORMED_REQUEST} that names the
 * field, never an empty 200 or a bare {@code 400 BAD_REQUEST}.
 */
public final class JsonBodies {

	static final String MALFORMED = "MALFORMED_REQUEST";

	private JsonBodies() {
	}

	/**
	 * The body as {@code type}, or a problem.
	 * @param <T> the body's type
	 * @param request the request
	 * @param type the body's type
	 * @return the body; an error when it is missing or cannot be read
	 */
	public static <T> Mono<T> required(ServerRequest request, Class<T> type) {
		return request.bodyToMono(type)
			.onErrorMap((failure) -> !(failure instanceof GatewayProblem), JsonBodies::malformed)
			.switchIfEmpty(Mono.error(() -> GatewayProblem.of(HttpStatus.BAD_REQUEST, MALFORMED,
					"A JSON object is required as the request body")));
	}

	/**
	 * The problem for a body that could not be read.
	 * @param failure why it could not be read
	 * @return a 400 (or 415) problem naming the field where one is known
	 */
	public static GatewayProblem malformed(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof UnsupportedMediaTypeStatusException) {
				return GatewayProblem.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
						"The request body must be application/json");
			}
			if (cause instanceof JacksonException json) {
				String field = MalformedRequests.path(json);
				return GatewayProblem.of(HttpStatus.BAD_REQUEST, MALFORMED,
						(field == null) ? "The request body is not a JSON object of the expected shape"
								: "Field '" + field + "' has the wrong type or shape, or the JSON around it is broken");
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return GatewayProblem.of(HttpStatus.BAD_REQUEST, MALFORMED, "The request body is not valid JSON");
	}

}
