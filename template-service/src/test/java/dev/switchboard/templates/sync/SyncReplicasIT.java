package dev.switchboard.templates.sync;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.switchboard.templates.TemplatesIntegration;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas deciding at the same moment against the same PostgreSQL: the scheduled
 * sync is queued once per interval.
 */
class SyncReplicasIT extends TemplatesIntegration {

	@Autowired
	DatabaseClient database;

	@Autowired
	TransactionalOperator transactions;

	@Test
	void replicasAskingAtOnceQueueTheScheduledSyncOnce() {
		SyncJobs one = new SyncJobs(this.database, this.transactions, "replica-1");
		SyncJobs two = new SyncJobs(this.database, this.transactions, "replica-2");
		String schedule = "replicas-" + UUID.randomUUID();
		List<SyncJob> queued = Flux.range(0, 8)
			.flatMap((i) -> ((i % 2 == 0) ? one : two).schedule(schedule, null, Duration.ofHours(1))
				.subscribeOn(Schedulers.parallel()), 8)
			.collectList()
			.block(PATIENCE);
		assertThat(queued).hasSize(1);
		assertThat(one.schedule(schedule, null, Duration.ofHours(1)).block(PATIENCE)).isNull();
	}

}
