package dev.switchboard.tenants.boot;

import dev.switchboard.events.Topic;
import dev.switchboard.tenants.TenantDirectory;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * DOWN until the tenant directory has read {@code tenants.config.v1} to its end (and if
 * it stopped following it), UP with the number of tenants afterwards: an instance that
 * does not know every tenant yet would refuse or park what belongs to the ones it does
 * not know. Services whose requests need the tenants add {@code tenantDirectory} to their
 * readiness group.
 */
final class TenantDirectoryHealthIndicator implements HealthIndicator {

	private final TenantDirectory directory;

	TenantDirectoryHealthIndicator(TenantDirectory directory) {
		this.directory = directory;
	}

	@Override
	public Health health() {
		if (!this.directory.isReady()) {
			return Health.down().withDetail("reading", Topic.TENANTS_CONFIG.topicName()).build();
		}
		return Health.up().withDetail("tenants", this.directory.size()).build();
	}

}
