package dev.switchboard.workflows.triggers;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How cron triggers fire ({@code switchboard.workflows.cron.*}).
 *
 * @param pollInterval how often each replica looks for due fires (a fire starts at most
 * this late)
 * @param missedFireTolerance how late a fire may still start a run; a fire later than
 * that (the service was down) was missed and follows the workflow's missed-fire policy
 * @param batchSize most schedules claimed at once
 */
@Validated
@ConfigurationProperties("switchboard.workflows.cron")
record CronProperties(@NotNull Duration pollInterval, @NotNull Duration missedFireTolerance,
		@Min(1) @Max(1000) int batchSize) {

	CronProperties {
		pollInterval = (pollInterval != null) ? pollInterval : Duration.ofSeconds(1);
		missedFireTolerance = (missedFireTolerance != null) ? missedFireTolerance : Duration.ofMinutes(1);
		batchSize = (batchSize > 0) ? batchSize : 100;
	}

}
