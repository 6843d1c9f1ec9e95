package dev.switchboard.gateway.keys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.switchboard.gateway.limits.RateWindow;
import dev.switchboard.gateway.web.GatewayProblem;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Issues, revokes and rotates tenant API keys. The secret exists only in the answer to
 * the request that created it; a change reaches every replica right after its commit.
 */
@Component
class ApiKeyAdministration {

	static final Duration MAX_OVERLAP = Duration.ofDays(30);

	/** The roles an agent binding may carry, as messaging-service knows them. */
	static final List<String> AGENT_ROLES = List.of("ADMIN", "SUPERVISOR", "AGENT");

	private final ApiKeyStore store;

	private final KeyInvalidation invalidation;

	private final TransactionalOperator transactions;

	private final Clock clock = Clock.systemUTC();

	ApiKeyAdministration(ApiKeyStore store, KeyInvalidation invalidation, TransactionalOperator transactions) {
		this.store = store;
		this.invalidation = invalidation;
		this.transactions = transactions;
	}

	Mono<IssuedKey> issue(String tenantId, NewKey request) {
		return issue(tenantId, request, Scopes.TENANT);
	}

	/**
	 * Issues a key granting only scopes the issuer may grant (a tenant key: its own, so a
	 * key never makes a stronger one).
	 */
	Mono<IssuedKey> issue(String tenantId, NewKey request, Set<String> grantable) {
		List<RateWindow> windows = validate(request, grantable);
		return existingTenant(tenantId).then(generate())
			.flatMap((material) -> this.store
				.insert(tenantId, material.prefix(), SecretHash.of(material.secret()), request.name().strip(),
						request.scopes().stream().distinct().toList(), request.expiresAt(), windows,
						(request.agentId() != null) ? request.agentId().strip() : null, request.role())
				.flatMap((row) -> this.invalidation.keysChanged(List.of(row.prefix()))
					.thenReturn(new IssuedKey(row, material.key()))));
	}

	Mono<KeyRow> revoke(String tenantId, UUID keyId) {
		return this.store.revoke(tenantId, keyId)
			.switchIfEmpty(Mono.error(() -> keyNotFound(keyId)))
			.flatMap((row) -> this.invalidation.keysChanged(List.of(row.prefix())).thenReturn(row));
	}

	/**
	 * Replaces a key with a new one with the same name, scopes, expiry and limits; the
	 * old one keeps working for the overlap so that callers can switch without downtime.
	 */
	Mono<IssuedKey> rotate(String tenantId, UUID keyId, Duration overlap) {
		if (overlap.isNegative() || overlap.compareTo(MAX_OVERLAP) > 0) {
			throw validation("overlap: between PT0S and P30D");
		}
		Instant now = this.clock.instant();
		Mono<IssuedKey> rotation = this.store.key(tenantId, keyId)
			.switchIfEmpty(Mono.error(() -> keyNotFound(keyId)))
			.flatMap((old) -> {
				if (old.revokedAt() != null || (old.expiresAt() != null && !old.expiresAt().isAfter(now))) {
					return Mono.error(GatewayProblem.of(HttpStatus.CONFLICT, "CONFLICT",
							"Key " + keyId + " is revoked or expired and cannot be rotated"));
				}
				return generate().flatMap((material) -> this.store
					.insert(tenantId, material.prefix(), SecretHash.of(material.secret()), old.name(), old.scopes(),
							old.expiresAt(), RateWindow.parseAll(old.rateLimits()), old.agentId(), old.role())
					.flatMap((fresh) -> this.store.retire(tenantId, keyId, now.plus(overlap), fresh.id())
						.map((retired) -> new Rotation(retired, new IssuedKey(fresh, material.key())))));
			})
			.as(this.transactions::transactional)
			.flatMap((rotationDone) -> this.invalidation
				.keysChanged(List.of(rotationDone.retired().prefix(), rotationDone.issued().details().prefix()))
				.thenReturn(rotationDone.issued()));
		return rotation;
	}

	Mono<Void> existingTenant(String tenantId) {
		return this.store.tenantExists(tenantId)
			.flatMap((exists) -> exists ? Mono.<Void>empty()
					: Mono.error(GatewayProblem.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "No tenant " + tenantId)));
	}

	private static Mono<KeyMaterial> generate() {
		return Mono.fromCallable(KeyMaterial::generate).subscribeOn(Schedulers.boundedElastic());
	}

	private static List<RateWindow> validate(NewKey request, Set<String> grantable) {
		List<String> errors = new ArrayList<>();
		if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
			errors.add("name: required, at most 200 characters");
		}
		if (request.scopes() == null || request.scopes().isEmpty()) {
			errors.add("scopes: at least one of " + String.join(" ", Scopes.TENANT.stream().sorted().toList()));
		}
		else {
			request.scopes()
				.stream()
				.filter((scope) -> !Scopes.TENANT.contains(scope))
				.forEach((scope) -> errors.add("scopes: " + scope + " cannot be granted to a tenant key"));
			request.scopes()
				.stream()
				.filter((scope) -> Scopes.TENANT.contains(scope) && !grantable.contains(scope))
				.forEach((scope) -> errors.add("scopes: " + scope + " is not a scope of the issuing key"));
		}
		if ((request.agentId() == null) != (request.role() == null)) {
			errors.add("agentId, role: both or neither (a key without them acts for the whole tenant)");
		}
		if (request.agentId() != null && (request.agentId().isBlank() || request.agentId().length() > 255)) {
			errors.add("agentId: 1 to 255 characters");
		}
		if (request.role() != null && !AGENT_ROLES.contains(request.role())) {
			errors.add("role: one of " + String.join(" ", AGENT_ROLES));
		}
		if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
			errors.add("expiresAt: must be in the future");
		}
		List<RateWindow> windows = List.of();
		if (request.rateLimits() != null) {
			try {
				windows = RateWindow.parseAll(request.rateLimits());
			}
			catch (IllegalArgumentException ex) {
				errors.add("rateLimits: " + ex.getMessage());
			}
		}
		if (!errors.isEmpty()) {
			throw validation(String.join("; ", errors));
		}
		return windows;
	}

	private static GatewayProblem validation(String detail) {
		return GatewayProblem.of(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", detail);
	}

	private static GatewayProblem keyNotFound(UUID keyId) {
		return GatewayProblem.of(HttpStatus.NOT_FOUND, "NOT_FOUND", "No API key " + keyId + " for this tenant");
	}

	/**
	 * A request for a new key.
	 *
	 * @param name what the key is for
	 * @param scopes the scopes it grants
	 * @param expiresAt when it stops working, if ever
	 * @param rateLimits its own windows, e.g. {@code ["10/1s", "500/1m"]}, instead of the
	 * plan's
	 * @param agentId the agent (messaging-service's agent id) the key acts as, if any
	 * @param role the role the key acts with: {@code ADMIN}, {@code SUPERVISOR} or
	 * {@code AGENT}, with {@code agentId}
	 */
	record NewKey(String name, List<String> scopes, Instant expiresAt, List<String> rateLimits, String agentId,
			String role) {
	}

	/**
	 * A new key with its secret, shown this once.
	 *
	 * @param key the key as callers send it, {@code sb_<prefix>.<secret>}
	 * @param details the stored key
	 */
	record IssuedKey(@JsonUnwrapped KeyRow details, String key) {
	}

	private record Rotation(KeyRow retired, IssuedKey issued) {
	}

}
