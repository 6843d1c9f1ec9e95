package dev.switchboard.templates.sync;

import dev.switchboard.events.tenants.ChannelConfig;
import dev.switchboard.events.tenants.TenantConfig;
import dev.switchboard.tenants.TenantDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import org.springframework.context.SmartLifecycle;

/**
 * Runs sync jobs on this replica: every {@code poll-interval}, and at once when a request
 * on this replica queued one, it queues the scheduled sync when due and claims the next
 * job (see {@link SyncJobs}); one job at a time. It starts once the tenant directory has
 * read the tenants' configuration, so the first scheduled sync (at start-up, when none
 * ran within the interval) knows every WABA; a tenant whose configuration changes later
 * is synced at once.
 */
class SyncWorker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(SyncWorker.class);

	/** How long a configuration version's trigger is remembered. */
	private static final java.time.Duration CONFIG_TRIGGER_WINDOW = java.time.Duration.ofDays(1);

	private final SyncJobs jobs;

	private final TemplateSync sync;

	private final SyncProperties properties;

	private final TenantDirectory tenants;

	private final Sinks.Many<Boolean> wake = Sinks.many().multicast().directBestEffort();

	private volatile Disposable loop;

	private volatile Disposable configChanges;

	SyncWorker(SyncJobs jobs, TemplateSync sync, SyncProperties properties, TenantDirectory tenants) {
		this.jobs = jobs;
		this.sync = sync;
		this.properties = properties;
		this.tenants = tenants;
	}

	/** Looks for work now (a job was queued on this replica). */
	void wake() {
		this.wake.tryEmitNext(true);
	}

	@Override
	public void start() {
		if (this.tenants != null) {
			// A tenant's new or changed configuration (a WABA added at the gateway, the
			// demo
			// tenant published after this replica started) syncs that tenant at once; the
			// trigger names the version, so replicas seeing it together queue one job.
			this.configChanges = this.tenants.changes()
				.filter(SyncWorker::hasWaba)
				.concatMap((config) -> this.jobs
					.schedule("tenant-config:" + config.tenantId() + ":" + config.version(), config.tenantId(),
							CONFIG_TRIGGER_WINDOW)
					.doOnNext((job) -> wake())
					.onErrorResume((ex) -> {
						log.warn("Sync of tenant {} after its configuration changed not queued: {}", config.tenantId(),
								ex.toString());
						return Mono.empty();
					}))
				.subscribe();
		}
		Mono<Void> ready = (this.tenants != null) ? this.tenants.ready() : Mono.empty();
		this.loop = ready
			.thenMany(Flux.merge(Flux.interval(java.time.Duration.ZERO, this.properties.pollInterval()),
					this.wake.asFlux()))
			.onBackpressureDrop()
			.concatMap((tick) -> round(), 1)
			.subscribe();
	}

	private Mono<Void> round() {
		return this.jobs.scheduleIfDue(this.properties.interval())
			.doOnNext((job) -> log.info("Scheduled template sync {} queued", job.id()))
			.then(this.jobs.claim(this.properties.lease()))
			.flatMap((job) -> {
				log.info("Template sync {} ({}, tenant {}) claimed by {}", job.id(), job.trigger(),
						(job.tenantId() != null) ? job.tenantId() : "all", this.jobs.holder());
				return this.sync.run(job).doFinally((signal) -> wake());
			})
			.onErrorResume((ex) -> {
				log.warn("Template sync round failed: {}", ex.toString());
				return Mono.empty();
			});
	}

	private static boolean hasWaba(TenantConfig config) {
		return config.active() && config.channels()
			.stream()
			.anyMatch((channel) -> channel.active() && ChannelConfig.META.equals(channel.provider())
					&& channel.wabaId() != null);
	}

	@Override
	public void stop() {
		Disposable running = this.loop;
		if (running != null) {
			running.dispose();
		}
		Disposable changes = this.configChanges;
		if (changes != null) {
			changes.dispose();
		}
		this.loop = null;
	}

	@Override
	public boolean isRunning() {
		return this.loop != null;
	}

}
