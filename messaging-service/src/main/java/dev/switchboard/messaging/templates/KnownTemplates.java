package dev.switchboard.messaging.templates;

import java.util.List;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * The projection's answers kept in memory for {@code cache-ttl}, so that a send usually
 * costs no database read: every language of a template name, and whether a tenant has
 * templates at all. The instance that applies an event forgets its copy at once; others
 * see the change within {@code cache-ttl}. A copy is read again in the background once
 * half of that has passed, so a template sent often never waits for the database. A
 * failed read is not kept.
 */
@Component
class KnownTemplates {

	private final AsyncLoadingCache<Name, List<KnownTemplate>> languages;

	private final AsyncLoadingCache<String, Boolean> tenantsWithTemplates;

	KnownTemplates(TemplateProjection projection, TemplateValidationProperties properties) {
		this.languages = cache(properties).buildAsync(
				(name, executor) -> projection.languages(name.tenantId(), name.name()).collectList().toFuture());
		this.tenantsWithTemplates = cache(properties)
			.buildAsync((tenantId, executor) -> projection.hasAny(tenantId).toFuture());
	}

	private static Caffeine<Object, Object> cache(TemplateValidationProperties properties) {
		return Caffeine.newBuilder()
			.expireAfterWrite(properties.cacheTtl())
			.refreshAfterWrite(properties.cacheTtl().dividedBy(2))
			.maximumSize(properties.cacheMaximumSize());
	}

	/** Every language of the template name the tenant has. */
	Mono<List<KnownTemplate>> languages(String tenantId, String name) {
		return Mono.fromFuture(() -> this.languages.get(new Name(tenantId, name)), true);
	}

	/** Whether the projection holds any template of the tenant. */
	Mono<Boolean> hasAny(String tenantId) {
		return Mono.fromFuture(() -> this.tenantsWithTemplates.get(tenantId), true);
	}

	/** Forgets this instance's copy of a template name changed by an event. */
	void forget(String tenantId, String name) {
		this.languages.synchronous().invalidate(new Name(tenantId, name));
		this.tenantsWithTemplates.synchronous().invalidate(tenantId);
	}

	/**
	 * A template name of a tenant.
	 *
	 * @param tenantId the tenant
	 * @param name the template name
	 */
	private record Name(String tenantId, String name) {
	}

}
