package dev.switchboard.messaging.inbox.conversations;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import dev.switchboard.messaging.inbox.sla.SlaState;
import dev.switchboard.messaging.inbox.sla.SlaTarget;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The counter {@value #TRANSITIONS}: conversations the SLA monitor found turning AT_RISK
 * or BREACHED, by {@code state} and {@code target} (the clock that ran: first or next
 * response), counted once their change is committed. Every combination is registered at
 * start, so a dashboard reads zero rather than nothing before the first breach.
 */
final class SlaMetrics {

	static final String TRANSITIONS = "switchboard.inbox.sla.transitions";

	private final Map<SlaState, Map<SlaTarget, Counter>> counters = new EnumMap<>(SlaState.class);

	SlaMetrics(MeterRegistry meters) {
		for (SlaState state : new SlaState[] { SlaState.AT_RISK, SlaState.BREACHED }) {
			Map<SlaTarget, Counter> byTarget = new EnumMap<>(SlaTarget.class);
			for (SlaTarget target : SlaTarget.values()) {
				byTarget.put(target,
						Counter.builder(TRANSITIONS)
							.description("Conversations whose SLA clock turned AT_RISK or BREACHED")
							.tag("state", state.name().toLowerCase(Locale.ROOT))
							.tag("target", target.name().toLowerCase(Locale.ROOT))
							.register(meters));
			}
			this.counters.put(state, byTarget);
		}
	}

	/** A committed change of a conversation's SLA state. */
	void changed(SlaState state, SlaTarget target) {
		Map<SlaTarget, Counter> byTarget = this.counters.get(state);
		if (byTarget != null && target != null) {
			byTarget.get(target).increment();
		}
	}

}
