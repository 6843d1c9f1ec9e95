package dev.switchboard.messaging.inbox.sla;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The targets a conversation is held to. JSON shape (the queue's {@code slaPolicy}; every
 * field optional, a missing one takes the service's default):
 *
 * <pre>
 * {"firstResponse": "PT2H", "nextResponse": "PT2H", "idle": "PT24H", "atRiskShare": 0.75,
 *  "escalationQueueId": "…"}
 * </pre>
 *
 * @param firstResponse working time from the first customer message to the first agent
 * reply
 * @param nextResponse working time from a customer message after a reply to the next
 * reply
 * @param idle calendar time without a customer message or agent reply after which the
 * conversation is resolved
 * @param atRiskShare the share of a target after which the clock is AT_RISK (0 < share <
 * 1)
 * @param escalationQueueId the queue a breached conversation moves to, or null to stay
 */
public record SlaPolicy(Duration firstResponse, Duration nextResponse, Duration idle, double atRiskShare,
		UUID escalationQueueId) {

	private static final Set<String> FIELDS = Set.of("firstResponse", "nextResponse", "idle", "atRiskShare",
			"escalationQueueId");

	public SlaPolicy {
		positive("firstResponse", firstResponse);
		positive("nextResponse", nextResponse);
		positive("idle", idle);
		if (!(atRiskShare > 0 && atRiskShare < 1)) {
			throw invalid("atRiskShare", "must be a number between 0 and 1 (exclusive)");
		}
	}

	/**
	 * The policy of a queue's {@code slaPolicy} object over the defaults.
	 * @param json the object, null for the defaults
	 * @throws InvalidSlaSettings naming the field under {@code slaPolicy}
	 */
	public static SlaPolicy parse(Map<String, Object> json, SlaPolicy defaults) {
		if (json == null) {
			return defaults;
		}
		for (String key : json.keySet()) {
			if (!FIELDS.contains(key)) {
				throw invalid(key, "is not a field of an SLA policy (" + FIELDS + ")");
			}
		}
		Object share = json.get("atRiskShare");
		if (share != null && !(share instanceof Number)) {
			throw invalid("atRiskShare", "must be a number between 0 and 1 (exclusive)");
		}
		Object escalation = json.get("escalationQueueId");
		UUID escalationQueue = defaults.escalationQueueId();
		if (escalation != null) {
			try {
				escalationQueue = UUID.fromString(String.valueOf(escalation));
			}
			catch (IllegalArgumentException ex) {
				throw invalid("escalationQueueId", "must be the id of a queue of this tenant");
			}
		}
		return new SlaPolicy(duration(json, "firstResponse", defaults.firstResponse()),
				duration(json, "nextResponse", defaults.nextResponse()), duration(json, "idle", defaults.idle()),
				(share != null) ? ((Number) share).doubleValue() : defaults.atRiskShare(), escalationQueue);
	}

	/** The target of the clock. */
	public Duration target(SlaTarget target) {
		return (target == SlaTarget.FIRST_RESPONSE) ? this.firstResponse : this.nextResponse;
	}

	/** The working time after which a clock of the target is AT_RISK. */
	Duration atRiskAfter(SlaTarget target) {
		return Duration.ofMillis((long) (target(target).toMillis() * this.atRiskShare));
	}

	private static Duration duration(Map<String, Object> json, String field, Duration fallback) {
		Object raw = json.get(field);
		if (raw == null) {
			return fallback;
		}
		try {
			return Duration.parse(String.valueOf(raw));
		}
		catch (DateTimeParseException ex) {
			throw invalid(field, "must be an ISO-8601 duration such as PT2H or PT30M");
		}
	}

	private static void positive(String field, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw invalid(field, "must be a positive duration");
		}
	}

	private static InvalidSlaSettings invalid(String field, String message) {
		return new InvalidSlaSettings("slaPolicy." + field, message);
	}

}
