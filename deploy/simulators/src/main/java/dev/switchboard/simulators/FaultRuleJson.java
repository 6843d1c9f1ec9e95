package dev.switchboard.simulators;

import java.time.Duration;
import java.util.Locale;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fault rules over HTTP. Missing fields take the factory defaults: probability 1,
 * unlimited times, Meta's status for a meta code. {@code delay} is ISO-8601
 * ({@code PT5S}) or milliseconds; {@code delayMillis} works too.
 */
final class FaultRuleJson {

	private FaultRuleJson() {
	}

	static FaultRule read(JsonNode json) {
		FaultRule.Kind kind = FaultRule.Kind.valueOf(Json.text(json, "kind", "").trim().toUpperCase(Locale.ROOT));
		int metaCode = json.path("metaCode").asInt(0);
		Duration delay = delay(json);
		FaultRule base = switch (kind) {
			case HTTP_ERROR -> FaultRule.httpError(json.path("httpStatus").asInt(500));
			case TIMEOUT -> FaultRule.timeout(delay.isZero() ? Duration.ofSeconds(30) : delay);
			case META_ERROR -> FaultRule.metaError(metaCode);
			case FAILED_STATUS -> FaultRule.failedStatus(metaCode);
			case CBB_FAILURE -> FaultRule.cbbFailure();
			case HOSTILE_ANSWER -> FaultRule.hostileAnswer();
			case LATE_ANSWER -> FaultRule.lateAnswer(delay.isZero() ? Duration.ofSeconds(30) : delay);
		};
		return new FaultRule(Json.text(json, "recipient"), Json.text(json, "phoneNumberId"),
				json.path("probability").asDouble(1.0), json.path("times").asInt(-1), kind,
				json.path("httpStatus").asInt(base.httpStatus()), (metaCode != 0) ? metaCode : base.metaCode(),
				delay.isZero() ? base.delay() : delay);
	}

	static ObjectNode write(FaultRule rule) {
		ObjectNode json = Json.object();
		json.put("recipient", rule.recipient());
		json.put("phoneNumberId", rule.phoneNumberId());
		json.put("probability", rule.probability());
		json.put("times", rule.times());
		json.put("kind", rule.kind().name());
		json.put("httpStatus", rule.httpStatus());
		json.put("metaCode", rule.metaCode());
		json.put("delay", rule.delay().toString());
		return json;
	}

	private static Duration delay(JsonNode json) {
		if (json.hasNonNull("delayMillis")) {
			return Duration.ofMillis(json.path("delayMillis").asLong());
		}
		JsonNode delay = json.get("delay");
		if (delay == null || delay.isNull()) {
			return Duration.ZERO;
		}
		return delay.isNumber() ? Duration.ofMillis(delay.asLong()) : Durations.parse(delay.asString());
	}

}
