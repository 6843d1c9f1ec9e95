package dev.switchboard.messaging.templates;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Template sends checked against the local projection of the tenant's templates.
 *
 * @param validation {@code enforced}: every template send is checked (an unknown template
 * is {@code TEMPLATE_NOT_FOUND}); {@code when-synced}: checked only for tenants the
 * projection holds templates of (the local stack before template-service has synced);
 * {@code off}: never checked (benchmarks side by side)
 * @param cacheTtl the oldest copy of the projection's reads an instance answers from
 * (from half of it on, a copy is refreshed in the background while still served); a
 * template's change reaches the other instances within it (the one applying it at once)
 * @param cacheMaximumSize most template names (and tenants) kept in memory
 * @param checkCpuTimed whether each check's CPU time is recorded too
 * ({@code switchboard.templates.check.cpu}; for benchmarks: reading a thread's CPU time
 * is a system call, itself a point where the thread may be preempted)
 */
@Validated
@ConfigurationProperties("switchboard.messaging.templates")
public record TemplateValidationProperties(@DefaultValue("enforced") @NotNull Validation validation,
		@DefaultValue("2s") @NotNull Duration cacheTtl, @DefaultValue("10000") @Min(0) long cacheMaximumSize,
		@DefaultValue("false") boolean checkCpuTimed) {

	/** When template sends are checked. */
	public enum Validation {

		/** Every template send. */
		ENFORCED,

		/** Sends of tenants the projection holds templates of. */
		WHEN_SYNCED,

		/** None. */
		OFF

	}

}
