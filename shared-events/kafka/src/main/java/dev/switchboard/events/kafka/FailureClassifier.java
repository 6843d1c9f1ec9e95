package dev.switchboard.events.kafka;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Tells a handler failure caused by unavailable infrastructure (a database, cache or
 * dependency that does not answer right now, and will again) from a deterministic one
 * (the record itself cannot be processed). The consumer waits for the first, with the
 * record held, and dead-letters the second after its retries.
 * <p>
 * The whole cause chain is examined. Classes outside this module's classpath (R2DBC,
 * Spring, Lettuce, Resilience4j, reactor-pool) are recognised by name, including their
 * subclasses, so that the module needs none of them.
 */
public final class FailureClassifier {

	private static final int MAX_DEPTH = 32;

	/** Unavailable infrastructure, recognised by class name (or a superclass's). */
	private static final Set<String> INFRASTRUCTURE_CLASSES = Set.of(
			// R2DBC: connection refused, closed or lost, timeouts, insufficient resources
			"io.r2dbc.spi.R2dbcNonTransientResourceException", "io.r2dbc.spi.R2dbcTransientResourceException",
			"io.r2dbc.spi.R2dbcTimeoutException",
			"io.r2dbc.postgresql.client.ReactorNettyClient$PostgresConnectionClosedException",
			// Spring's translation ("Could not open R2DBC Connection", Redis connection
			// failures, query timeouts, transient locking failures)
			"org.springframework.dao.DataAccessResourceFailureException",
			"org.springframework.dao.TransientDataAccessException", "org.springframework.dao.QueryTimeoutException",
			// Redis
			"io.lettuce.core.RedisConnectionException", "io.lettuce.core.RedisCommandTimeoutException",
			// An open circuit breaker
			"io.github.resilience4j.circuitbreaker.CallNotPermittedException",
			// A connection pool that cannot hand out a connection
			"reactor.pool.PoolAcquireTimeoutException", "reactor.pool.PoolAcquirePendingLimitException",
			// A dependency answering 503
			"org.springframework.web.reactive.function.client.WebClientResponseException$ServiceUnavailable");

	private static final FailureClassifier DEFAULTS = new FailureClassifier(List.of(FailureClassifier::isKnown));

	private final List<Predicate<Throwable>> infrastructure;

	private FailureClassifier(List<Predicate<Throwable>> infrastructure) {
		this.infrastructure = List.copyOf(infrastructure);
	}

	/**
	 * Connection refused or timed out, R2DBC resource and timeout failures, Spring's
	 * resource failures and transient data access failures, Lettuce connection and
	 * command timeouts, an open Resilience4j circuit breaker, a pool that cannot acquire,
	 * a 503 from a WebClient call, and any {@link TimeoutException} (including a handler
	 * attempt that timed out).
	 * @return the default classifier
	 */
	public static FailureClassifier defaults() {
		return DEFAULTS;
	}

	/**
	 * A classifier that also counts as infrastructure every failure (or cause) that
	 * {@code predicate} accepts.
	 * @param predicate tested against the failure and each of its causes
	 * @return a new classifier
	 */
	public FailureClassifier orInfrastructureWhen(Predicate<Throwable> predicate) {
		List<Predicate<Throwable>> predicates = new ArrayList<>(this.infrastructure);
		predicates.add(Objects.requireNonNull(predicate, "predicate"));
		return new FailureClassifier(predicates);
	}

	/**
	 * The failure, or cause of it, that shows infrastructure to be unavailable; the
	 * innermost one when several do (a refused connection rather than Spring's wrapper of
	 * it), as it names the problem best.
	 * @param failure a handler's failure
	 * @return the infrastructure failure, empty when the failure is deterministic
	 */
	public Optional<Throwable> infrastructureCause(Throwable failure) {
		Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		Throwable found = null;
		Throwable current = failure;
		while (current != null && seen.size() < MAX_DEPTH && seen.add(current)) {
			if (matches(current)) {
				found = current;
			}
			current = current.getCause();
		}
		return Optional.ofNullable(found);
	}

	private boolean matches(Throwable error) {
		for (Predicate<Throwable> predicate : this.infrastructure) {
			if (predicate.test(error)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the failure shows infrastructure to be unavailable.
	 * @param failure a handler's failure
	 * @return true for infrastructure, false for a deterministic failure
	 */
	public boolean isInfrastructure(Throwable failure) {
		return infrastructureCause(failure).isPresent();
	}

	private static boolean isKnown(Throwable error) {
		if (error instanceof ConnectException || error instanceof NoRouteToHostException
				|| error instanceof SocketTimeoutException || error instanceof TimeoutException) {
			return true;
		}
		for (Class<?> type = error.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			if (INFRASTRUCTURE_CLASSES.contains(type.getName())) {
				return true;
			}
		}
		return false;
	}

}
