package dev.switchboard.templates.sync;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.switchboard.templates.graph.GraphTemplates;
import dev.switchboard.templates.graph.TemplatePage;
import dev.switchboard.templates.graph.WabaAccount;
import dev.switchboard.templates.graph.WabaAccounts;
import dev.switchboard.templates.template.Template;
import dev.switchboard.templates.template.TemplateChanges;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * One sync job: for each WABA of the job's tenants, every page of Meta's template list,
 * each stored and published (one transaction per page) before the next is taken; after
 * the last page, templates the listing no longer holds are marked deleted. A WABA whose
 * listing fails (after the Graph client's retries) counts as failed and keeps its
 * templates; the job goes on with the next WABA.
 */
class TemplateSync {

	private static final Logger log = LoggerFactory.getLogger(TemplateSync.class);

	private final WabaAccounts accounts;

	private final GraphTemplates graph;

	private final TemplateChanges changes;

	private final SyncJobs jobs;

	private final TransactionalOperator transactions;

	private final Duration lease;

	private final MeterRegistry meters;

	TemplateSync(WabaAccounts accounts, GraphTemplates graph, TemplateChanges changes, SyncJobs jobs,
			TransactionalOperator transactions, Duration lease, MeterRegistry meters) {
		this.accounts = accounts;
		this.graph = graph;
		this.changes = changes;
		this.jobs = jobs;
		this.transactions = transactions;
		this.lease = lease;
		this.meters = meters;
	}

	Mono<Void> run(SyncJob job) {
		return Mono.fromCallable(() -> this.accounts.accounts(job.tenantId()))
			.flatMapMany(Flux::fromIterable)
			.concatMap((account) -> waba(job.id(), account))
			.then(this.jobs.finish(job.id()))
			.doOnSuccess((done) -> log.info("Template sync {} ({}) finished", job.id(), job.trigger()));
	}

	private Mono<Void> waba(UUID jobId, WabaAccount account) {
		return Mono.defer(() -> {
			Instant start = Instant.now();
			Set<String> seen = new HashSet<>();
			return this.graph.pages(account)
				.concatMap((page) -> store(jobId, account, page, seen))
				.then(Mono.defer(() -> this.transactions
					.transactional(
							this.changes.deleteUnseen(account.tenantId(), account.wabaId(), seen, start, Instant.now()))
					.flatMap((deleted) -> this.jobs.progress(jobId, 0, 0, deleted, 0,
							"WABA %s of %s: %d templates, %d marked deleted".formatted(account.wabaId(),
									account.tenantId(), seen.size(), deleted),
							this.lease))))
				.doOnSuccess((done) -> this.meters.counter("switchboard.templates.sync.wabas", "outcome", "synced")
					.increment())
				.onErrorResume((ex) -> {
					log.warn("Template sync of WABA {} of tenant {} failed: {}", account.wabaId(), account.tenantId(),
							ex.getMessage());
					this.meters.counter("switchboard.templates.sync.wabas", "outcome", "failed").increment();
					return this.jobs.progress(jobId, 0, 0, 0, 1, "WABA %s of %s failed, nothing marked deleted: %s"
						.formatted(account.wabaId(), account.tenantId(), ex.getMessage()), this.lease);
				});
		});
	}

	private Mono<Void> store(UUID jobId, WabaAccount account, TemplatePage page, Set<String> seen) {
		List<Template> templates = page.templates();
		templates.forEach((template) -> seen.add(template.key()));
		return this.transactions.transactional(this.changes.observe(account.tenantId(), account.wabaId(), templates))
			.flatMap(
					(changed) -> this.jobs
						.progress(
								jobId, 1, templates.size(), changed, 0, "WABA %s page %d: %d templates, %d changed"
									.formatted(account.wabaId(), page.number(), templates.size(), changed),
								this.lease));
	}

}
