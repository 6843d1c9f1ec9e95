package dev.switchboard.messaging.inbox.conversations;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.switchboard.messaging.IntegrationSetup;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Queued conversations go to online members below their capacity, longest waiting first,
 * one transaction each: sweeps running at once (as on several replicas) never give an
 * agent more than its capacity nor a conversation twice; an agent coming online is served
 * by the next sweep; a MANUAL queue is left alone.
 */
class AutoAssignIT extends IntegrationSetup {

	@Autowired
	private AutoAssigner assigner;

	@Autowired
	private DatabaseClient db;

	@Test
	void concurrentSweepsFillOnlineAgentsToTheirCapacityLongestWaitingFirst() {
		String tenant = "auto-" + System.nanoTime();
		UUID queue = queue(tenant, "LEAST_LOADED");
		UUID two = agent(tenant, queue, 2, "ONLINE");
		UUID three = agent(tenant, queue, 3, "ONLINE");
		UUID later = agent(tenant, queue, 5, "AWAY");
		List<UUID> waiting = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			// Oldest first in this list.
			waiting.add(conversation(tenant, queue, Instant.now().minus(Duration.ofMinutes(60 - i))));
		}
		UUID manualQueue = queue(tenant, "MANUAL");
		agent(tenant, manualQueue, 5, "ONLINE");
		UUID manual = conversation(tenant, manualQueue, Instant.now().minus(Duration.ofHours(5)));

		// Six sweeps at once, as six replicas would run them.
		Flux.range(0, 6)
			.flatMap((i) -> this.assigner.sweep().subscribeOn(Schedulers.parallel()))
			.then()
			.block(Duration.ofSeconds(60));

		// A sweep stops when another holds the agent it needs; the one holding it goes
		// on.
		await().atMost(Duration.ofSeconds(30)).until(() -> assigned(tenant, two) + assigned(tenant, three) == 5);
		assertThat(assigned(tenant, two)).isEqualTo(2);
		assertThat(assigned(tenant, three)).isEqualTo(3);
		assertThat(assigned(tenant, later)).isZero();
		assertThat(waiting.subList(0, 5)).allSatisfy((id) -> assertThat(status(id)).isEqualTo("ASSIGNED"));
		assertThat(waiting.subList(5, 12)).allSatisfy((id) -> assertThat(status(id)).isEqualTo("OPEN"));
		assertThat(status(manual)).isEqualTo("OPEN");
		assertThat(count("SELECT count(*) FROM conversation_entries e JOIN conversations c ON c.id = e.conversation_id "
				+ "WHERE c.tenant_id = '" + tenant + "' AND e.activity = 'ASSIGNED' AND e.actor = 'auto-assign'"))
			.isEqualTo(5);

		// An agent coming online is served by the running sweep (every instance runs it).
		this.db.sql("UPDATE agents SET availability = 'ONLINE' WHERE tenant_id = :t AND id = :id")
			.bind("t", tenant)
			.bind("id", later)
			.then()
			.block(Duration.ofSeconds(10));
		await().atMost(Duration.ofSeconds(30)).until(() -> assigned(tenant, later) == 5);
		assertThat(waiting.subList(5, 10)).allSatisfy((id) -> assertThat(status(id)).isEqualTo("ASSIGNED"));
		assertThat(waiting.subList(10, 12)).allSatisfy((id) -> assertThat(status(id)).isEqualTo("OPEN"));
		assertThat(assigned(tenant, two)).isEqualTo(2);
		assertThat(assigned(tenant, three)).isEqualTo(3);
		assertThat(this.assigner.sweep().block(Duration.ofSeconds(30))).isZero();
	}

	private UUID queue(String tenant, String mode) {
		UUID id = UUID.randomUUID();
		this.db
			.sql("INSERT INTO queues (tenant_id, id, name, mode, created_at, updated_at) "
					+ "VALUES (:t, :id, :name, :mode, now(), now())")
			.bind("t", tenant)
			.bind("id", id)
			.bind("name", "q-" + id)
			.bind("mode", mode)
			.then()
			.block(Duration.ofSeconds(10));
		return id;
	}

	private UUID agent(String tenant, UUID queue, int capacity, String availability) {
		UUID id = UUID.randomUUID();
		this.db
			.sql("INSERT INTO agents (tenant_id, id, name, role, capacity, availability, created_at, updated_at) "
					+ "VALUES (:t, :id, 'agent', 'AGENT', :capacity, :availability, now(), now())")
			.bind("t", tenant)
			.bind("id", id)
			.bind("capacity", capacity)
			.bind("availability", availability)
			.then()
			.then(this.db.sql("INSERT INTO queue_members (tenant_id, queue_id, agent_id) VALUES (:t, :q, :a)")
				.bind("t", tenant)
				.bind("q", queue)
				.bind("a", id)
				.then())
			.block(Duration.ofSeconds(10));
		return id;
	}

	private UUID conversation(String tenant, UUID queue, Instant waitingSince) {
		UUID contact = UUID.randomUUID();
		UUID id = UUID.randomUUID();
		this.db
			.sql("INSERT INTO contacts (id, tenant_id, phone, created_at, updated_at) "
					+ "VALUES (:id, :t, :phone, now(), now())")
			.bind("id", contact)
			.bind("t", tenant)
			.bind("phone", "+9725008" + String.format("%05d", Math.abs(id.hashCode() % 100000)))
			.then()
			.then(this.db
				.sql("INSERT INTO conversations (id, tenant_id, channel_id, phone_number_id, contact_id, "
						+ "status, queue_id, waiting_since, last_activity_at, created_at, updated_at) VALUES (:id, :t, "
						+ "null, '100000000000001', :contact, 'OPEN', :queue, :waiting, now(), now(), now())")
				.bind("id", id)
				.bind("t", tenant)
				.bind("contact", contact)
				.bind("queue", queue)
				.bind("waiting", waitingSince)
				.then())
			.block(Duration.ofSeconds(10));
		return id;
	}

	private long assigned(String tenant, UUID agent) {
		return count("SELECT count(*) FROM conversations WHERE tenant_id = '" + tenant + "' AND assignee_id = '" + agent
				+ "' AND status = 'ASSIGNED'");
	}

	private long count(String sql) {
		return this.db.sql(sql).map((row) -> ((Number) row.get(0)).longValue()).one().block(Duration.ofSeconds(10));
	}

	private String status(UUID id) {
		return this.db.sql("SELECT status FROM conversations WHERE id = :id")
			.bind("id", id)
			.map((row) -> row.get("status", String.class))
			.one()
			.block(Duration.ofSeconds(10));
	}

}
