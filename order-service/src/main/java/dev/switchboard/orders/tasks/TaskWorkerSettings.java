package dev.switchboard.orders.tasks;

import java.time.Duration;

/**
 * How the task worker looks for and claims due tasks (configured beside the contact sync,
 * under {@code switchboard.orders.sync}).
 *
 * @param pollInterval how often the worker looks for due tasks when nothing woke it
 * @param batchSize most tasks claimed at once
 * @param concurrency tasks worked on in parallel
 * @param lease how long a claimed task is left alone before another claimer may take it
 */
public record TaskWorkerSettings(Duration pollInterval, int batchSize, int concurrency, Duration lease) {
}
