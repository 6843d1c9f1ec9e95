package dev.switchboard.templates.sync;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A sync run and its progress.
 *
 * @param id job id
 * @param tenantId the tenant whose WABAs it syncs; null: every tenant (the schedule)
 * @param trigger {@code request} or {@code schedule}
 * @param status {@code queued}, {@code running}, {@code completed} or {@code failed}
 * (some WABA could not be synced completely)
 * @param createdAt when it was asked for
 * @param startedAt when a replica took it, null while queued
 * @param finishedAt when it ended, null before
 * @param pages pages read
 * @param seen templates read
 * @param changed templates whose stored state changed (including those marked deleted)
 * @param failed WABAs that could not be synced completely
 * @param log one line per page and per WABA outcome, oldest first
 */
public record SyncJob(UUID id, String tenantId, String trigger, String status, Instant createdAt, Instant startedAt,
		Instant finishedAt, int pages, int seen, int changed, int failed, List<String> log) {

	static final String QUEUED = "queued";

	static final String RUNNING = "running";

	static final String COMPLETED = "completed";

	static final String FAILED = "failed";

	static final String REQUEST = "request";

	static final String SCHEDULE = "schedule";

	SyncJob withLog(List<String> lines) {
		return new SyncJob(this.id, this.tenantId, this.trigger, this.status, this.createdAt, this.startedAt,
				this.finishedAt, this.pages, this.seen, this.changed, this.failed, lines);
	}

}
