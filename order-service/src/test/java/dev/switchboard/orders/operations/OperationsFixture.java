package dev.switchboard.orders.operations;

import java.net.URI;
import java.util.UUID;

import dev.switchboard.events.EventEnvelope;
import dev.switchboard.events.outbox.Outbox;
import dev.switchboard.http.security.InternalTokens;
import dev.switchboard.orders.TestTransactions;
import dev.switchboard.orders.confirmation.TestConfirmations;
import dev.switchboard.orders.order.Order;
import dev.switchboard.orders.order.RecordedChanges;
import dev.switchboard.orders.tasks.RecordedTasks;
import dev.switchboard.orders.tenants.OrderTenantProperties;
import dev.switchboard.orders.tenants.TestTenants;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * The real {@link OrderOperations} over mocked order rows, outbox and task queue, with
 * what they recorded; orders not stored are unknown.
 */
final class OperationsFixture {

	final RecordedChanges changes = new RecordedChanges();

	final RecordedTasks tasks = new RecordedTasks();

	final Outbox outbox = mock(Outbox.class);

	final TestTransactions transactions = new TestTransactions();

	final OrderOperations operations;

	OperationsFixture() {
		this(TestTenants.demo());
	}

	OperationsFixture(OrderTenantProperties tenants) {
		given(this.outbox.source()).willReturn(URI.create("urn:switchboard:order-service"));
		given(this.outbox.append(any(EventEnvelope.class), anyString())).willReturn(Mono.empty());
		given(this.changes.store().lock(anyString(), any())).willReturn(Mono.empty());
		this.operations = new OrderOperations(this.changes.store(), this.changes.changes(), this.tasks.tasks(),
				TestConfirmations.of(tenants, this.outbox, this.tasks.tasks()), tenants, this.transactions.operator());
	}

	/** Stores the order for its tenant. */
	Order stored(Order order) {
		given(this.changes.store().lock(order.tenantId(), order.id())).willReturn(Mono.just(order));
		return order;
	}

	/** An internal token of a caller of the tenant. */
	static Jwt token(String tenantId) {
		return Jwt.withTokenValue("token")
			.header("alg", "ES256")
			.claim(InternalTokens.TENANT_ID, tenantId)
			.claim(InternalTokens.KEY_ID, "key1")
			.build();
	}

	static UUID unknownId() {
		return UUID.fromString("00000000-0000-3000-8000-0000000000ff");
	}

}
