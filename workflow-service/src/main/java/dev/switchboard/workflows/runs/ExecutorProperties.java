package dev.switchboard.workflows.runs;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the run executor claims due runs ({@code switchboard.workflows.executor.*}).
 *
 * @param batchSize most runs claimed in one statement
 * @param concurrency claimed runs worked on in parallel
 * @param pollInterval how often the executor looks for due runs when nothing woke it (a
 * wait ends at most this late)
 * @param lease how long a claimed run is left to its replica before another may take it
 * over (a replica that died)
 */
@Validated
@ConfigurationProperties("switchboard.workflows.executor")
record ExecutorProperties(@Min(1) @Max(1000) int batchSize, @Min(1) @Max(256) int concurrency,
		@NotNull Duration pollInterval, @NotNull Duration lease) {

	ExecutorProperties {
		batchSize = (batchSize > 0) ? batchSize : 100;
		concurrency = (concurrency > 0) ? concurrency : 32;
		pollInterval = (pollInterval != null) ? pollInterval : Duration.ofSeconds(1);
		lease = (lease != null) ? lease : Duration.ofSeconds(30);
	}

}
