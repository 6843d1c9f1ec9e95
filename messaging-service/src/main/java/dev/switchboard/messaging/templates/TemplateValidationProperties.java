package dev.switchboard.messaging.templates;

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
 */
@Validated
@ConfigurationProperties("switchboard.messaging.templates")
public record TemplateValidationProperties(@DefaultValue("enforced") @NotNull Validation validation) {

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
