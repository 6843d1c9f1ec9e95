package dev.switchboard.orders.sync;

import java.time.Duration;

import dev.switchboard.orders.tasks.TaskWorkerSettings;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The CBB contact sync and the worker that runs due order tasks.
 *
 * @param delay how long after receipt an order's contact is synced (lets quick source
 * corrections settle, as the original integration did)
 * @param retries retries of a transient CBB failure (5xx, timeout, connection) before the
 * sync fails
 * @param retryBackoff first retry delay, doubled on each retry
 * @param requestTimeout the longest one CBB call may take
 * @param pollInterval how often the worker looks for due tasks when nothing woke it
 * @param batchSize most tasks claimed at once
 * @param concurrency tasks worked on in parallel
 * @param lease how long a claimed task is left alone before another claimer may take it
 */
@Validated
@ConfigurationProperties("switchboard.orders.sync")
public record SyncProperties(@DefaultValue("2s") @NotNull Duration delay, @DefaultValue("3") @Min(0) int retries,
		@DefaultValue("500ms") @NotNull Duration retryBackoff, @DefaultValue("10s") @NotNull Duration requestTimeout,
		@DefaultValue("250ms") @NotNull Duration pollInterval, @DefaultValue("50") @Min(1) @Max(500) int batchSize,
		@DefaultValue("8") @Min(1) @Max(64) int concurrency, @DefaultValue("2m") @NotNull Duration lease) {

	/** The settings of the worker that runs due order tasks. */
	public TaskWorkerSettings workerSettings() {
		return new TaskWorkerSettings(this.pollInterval, this.batchSize, this.concurrency, this.lease);
	}

}
