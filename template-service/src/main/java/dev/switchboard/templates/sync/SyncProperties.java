package dev.switchboard.templates.sync;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * When and how template syncs run.
 *
 * @param enabled whether this replica runs sync jobs at all (requests are still queued)
 * @param interval a full sync of every tenant's WABAs starts this long after the last
 * scheduled one started (on whichever replica), and at start-up when none ran within it
 * @param pollInterval how often a replica looks for a queued job or a due schedule
 * (requests made on this replica start at once)
 * @param lease how long a running job stays claimed without progress; past it another
 * replica takes the job over (every page renews it)
 * @param logLines most log lines a job's progress shows (the latest)
 */
@Validated
@ConfigurationProperties("switchboard.templates.sync")
public record SyncProperties(@DefaultValue("true") boolean enabled, @DefaultValue("1h") @NotNull Duration interval,
		@DefaultValue("1s") @NotNull Duration pollInterval, @DefaultValue("5m") @NotNull Duration lease,
		@DefaultValue("500") int logLines) {
}
