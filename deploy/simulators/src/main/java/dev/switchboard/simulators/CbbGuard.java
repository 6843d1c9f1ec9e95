package dev.switchboard.simulators;

import java.util.Optional;
import java.util.function.Function;

import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** In front of every CBB endpoint: the access token, then the fault rules. */
final class CbbGuard {

	static final String TOKEN_HEADER = "X-ACCESS-TOKEN";

	private final FaultRules faults;

	private final Runnable counter;

	/**
	 * @param counter told of every request, before anything else
	 */
	CbbGuard(FaultRules faults, Runnable counter) {
		this.faults = faults;
		this.counter = counter;
	}

	Function<SimRequest, Mono<Reply>> guard(Function<SimRequest, Mono<Reply>> endpoint) {
		return (request) -> {
			this.counter.run();
			String token = request.header(TOKEN_HEADER);
			if (token == null || token.isBlank()) {
				return Mono.just(CbbJson.failure(401, "Invalid or missing access token"));
			}
			// failed statuses only make sense for sends, which check for them themselves
			Optional<FaultRule> fault = this.faults.fire(recipient(request), null,
					(kind) -> kind != FaultRule.Kind.FAILED_STATUS);
			if (fault.isEmpty()) {
				return endpoint.apply(request);
			}
			FaultRule rule = fault.get();
			if (rule.kind() == FaultRule.Kind.LATE_ANSWER) {
				return endpoint.apply(request).delayElement(rule.delay());
			}
			return Mono.delay(rule.delay()).map((tick) -> reply(rule));
		};
	}

	private static Reply reply(FaultRule rule) {
		return switch (rule.kind()) {
			case CBB_FAILURE, FAILED_STATUS -> CbbJson.failure("Simulated CBB failure");
			case META_ERROR -> CbbJson.failure("(#" + rule.metaCode() + ") " + MetaErrors.title(rule.metaCode()));
			case TIMEOUT -> CbbJson.failure(rule.httpStatus(), "Gateway Timeout");
			case HTTP_ERROR -> CbbJson.failure(rule.httpStatus(), "HTTP " + rule.httpStatus());
			case HOSTILE_ANSWER -> Reply.hostile();
			case LATE_ANSWER -> throw new IllegalStateException("A late answer is the endpoint's own");
		};
	}

	/** The contact a request is about: path id, or the phone of a create or a lookup. */
	static String recipient(SimRequest request) {
		String id = request.param("id");
		if (id != null) {
			return id;
		}
		String lookedUp = request.queryParam("value");
		if (lookedUp != null) {
			return lookedUp;
		}
		return Json.parse(request.body()).map((JsonNode body) -> Json.text(body, "phone")).orElse(null);
	}

}
