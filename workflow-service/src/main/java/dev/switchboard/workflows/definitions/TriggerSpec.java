package dev.switchboard.workflows.definitions;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.scheduling.support.CronExpression;

/**
 * What starts a workflow's runs.
 *
 * @param settings the trigger's object in the document
 */
public record TriggerSpec(Map<String, Object> settings) {

	public static final String MANUAL = "manual";

	public static final String CRON = "cron";

	public static final String INBOUND_MESSAGE = "inbound_message";

	public static final String ORDER_STATUS = "order_status";

	public static final String MESSAGE_FAILED = "message_failed";

	public static final String CONVERSATION_SLA_BREACHED = "conversation_sla_breached";

	public String type() {
		return (String) this.settings.get("type");
	}

	public String text(String name) {
		Object value = this.settings.get(name);
		return (value != null) ? value.toString() : null;
	}

	@SuppressWarnings("unchecked")
	public List<String> keywords() {
		Object keywords = this.settings.get("keywords");
		return (keywords instanceof List<?> list) ? (List<String>) list : List.of();
	}

	/** The names of a list setting (e.g. a trigger's {@code tags}), empty when absent. */
	@SuppressWarnings("unchecked")
	public List<String> texts(String name) {
		Object values = this.settings.get(name);
		return (values instanceof List<?> list) ? (List<String>) list : List.of();
	}

	/** Whether a missed cron fire starts one run late ({@code run_once}) or none. */
	public boolean runsMissedFireOnce() {
		return "run_once".equals(this.settings.get("missedFire"));
	}

	/** The first cron fire after {@code after}; empty when the expression never fires. */
	public Optional<Instant> nextFire(Instant after) {
		ZoneId zone = ZoneId.of(text("timeZone"));
		ZonedDateTime next = CronExpression.parse(text("cron")).next(after.atZone(zone));
		return Optional.ofNullable(next).map(ZonedDateTime::toInstant);
	}

}
