package dev.switchboard.templates.sync;

import java.net.URI;
import java.util.Optional;
import java.util.UUID;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.security.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * On-demand syncs of the caller's WABAs: queued (202 with the job), run by one replica,
 * followed through the job's progress.
 */
@Tag(name = "Template syncs", description = "On-demand syncs of the tenant's templates from Meta.")
@RestController
class SyncController {

	private final SyncJobs jobs;

	private final SyncWorker worker;

	private final SyncProperties properties;

	SyncController(SyncJobs jobs, ObjectProvider<SyncWorker> worker, SyncProperties properties) {
		this.jobs = jobs;
		this.worker = worker.getIfAvailable();
		this.properties = properties;
	}

	/** Queues a full sync of the tenant's WABAs. */
	@Operation(operationId = "startTemplateSync", summary = "Sync templates from Meta",
			description = "Queues a full sync of the tenant's WABAs, run by one replica; 202 with the job.")
	@PostMapping(path = "/api/v1/templates/sync", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<SyncJob>> sync(@AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		return this.jobs.queue(tenantId, SyncJob.REQUEST).doOnNext((job) -> {
			if (this.worker != null) {
				this.worker.wake();
			}
		}).map((job) -> ResponseEntity.accepted().location(URI.create("/api/v1/templates/sync/" + job.id())).body(job));
	}

	/**
	 * The job's progress: pages, templates seen, changed, WABAs failed, a line per page.
	 */
	@Operation(operationId = "getTemplateSync", summary = "Get a template sync",
			description = "The sync job's progress: pages, templates seen, changed, WABAs failed, a line per page.")
	@GetMapping(path = "/api/v1/templates/sync/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<SyncJob> job(@PathVariable String jobId, @AuthenticationPrincipal Jwt token) {
		String tenantId = Caller.of(token).tenantId();
		return Mono.justOrEmpty(uuid(jobId))
			.flatMap((id) -> this.jobs.find(tenantId, id, this.properties.logLines()))
			.switchIfEmpty(Mono.error(() -> ApiProblem.notFound("No such sync job")));
	}

	private static Optional<UUID> uuid(String value) {
		try {
			return Optional.of(UUID.fromString(value));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
