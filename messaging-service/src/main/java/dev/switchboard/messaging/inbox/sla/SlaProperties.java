package dev.switchboard.messaging.inbox.sla;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * SLA defaults (for conversations without a queue, or fields a queue's policy leaves out)
 * and the monitor.
 *
 * @param enabled whether this instance runs the monitor (clocks are kept either way)
 * @param firstResponse default first-response target, in working time
 * @param nextResponse default next-response target, in working time
 * @param idle default calendar time without activity after which a conversation is
 * resolved
 * @param atRiskShare default share of a target after which the clock is AT_RISK
 * @param interval how often every instance looks for due clocks (breaches show up at most
 * this late; events carry the due time)
 * @param batchSize conversations at most per monitor transaction
 */
@Validated
@ConfigurationProperties("switchboard.messaging.inbox.sla")
public record SlaProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2h") @NotNull Duration firstResponse,
		@DefaultValue("2h") @NotNull Duration nextResponse, @DefaultValue("24h") @NotNull Duration idle,
		@DefaultValue("0.75") @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1",
				inclusive = false) double atRiskShare,
		@DefaultValue("30s") @NotNull Duration interval, @DefaultValue("200") @Min(1) @Max(10000) int batchSize) {

	/** The default policy (no escalation queue). */
	public SlaPolicy defaults() {
		return new SlaPolicy(this.firstResponse, this.nextResponse, this.idle, this.atRiskShare, null);
	}

}
