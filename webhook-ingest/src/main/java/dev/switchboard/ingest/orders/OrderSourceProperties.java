package dev.switchboard.ingest.orders;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Order-source settings of the webhook ingest, beside the channel settings under the same
 * prefix.
 *
 * @param orderSources order sources per tenant, until the gateway publishes the tenant
 * configuration
 * @param orderIdempotencyTtl how long a delivery id is remembered so that a repeat gets
 * the first answer
 * @param orderIdempotencyTimeout how long a request waits for the idempotency store
 * before going on without it
 */
@Validated
@ConfigurationProperties("switchboard.ingest")
public record OrderSourceProperties(@Valid List<OrderSourceConfig> orderSources, @NotNull Duration orderIdempotencyTtl,
		@NotNull Duration orderIdempotencyTimeout) {

	public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(24);

	public static final Duration DEFAULT_IDEMPOTENCY_TIMEOUT = Duration.ofSeconds(1);

	public OrderSourceProperties {
		orderSources = (orderSources != null) ? List.copyOf(orderSources) : List.of();
		orderIdempotencyTtl = (orderIdempotencyTtl != null) ? orderIdempotencyTtl : DEFAULT_IDEMPOTENCY_TTL;
		orderIdempotencyTimeout = (orderIdempotencyTimeout != null) ? orderIdempotencyTimeout
				: DEFAULT_IDEMPOTENCY_TIMEOUT;
		if (isNotPositive(orderIdempotencyTtl) || isNotPositive(orderIdempotencyTimeout)) {
			throw new IllegalArgumentException(
					"switchboard.ingest.order-idempotency-ttl and order-idempotency-timeout must be positive");
		}
	}

	private static boolean isNotPositive(Duration duration) {
		return duration.isNegative() || duration.isZero();
	}

	/** The configurations of one source, one per tenant using it. */
	List<OrderSourceConfig> forSource(String source) {
		return this.orderSources.stream().filter((config) -> config.source().equals(source)).toList();
	}

}
