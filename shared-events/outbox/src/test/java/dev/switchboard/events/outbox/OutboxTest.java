package dev.switchboard.events.outbox;

import java.net.URI;

import org.junit.jupiter.api.Test;

import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.mock;

class OutboxTest {

	private final DatabaseClient database = mock(DatabaseClient.class);

	private final URI source = URI.create("urn:switchboard:test");

	@Test
	void acceptsPlainAndSchemaQualifiedTables() {
		assertThat(new Outbox(this.database, this.source, "outbox").table()).isEqualTo("outbox");
		assertThat(new Outbox(this.database, this.source, "orders.outbox").table()).isEqualTo("orders.outbox");
	}

	@Test
	void refusesTableNamesThatAreNotPlainSqlNames() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Outbox(this.database, this.source, "outbox; drop"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Outbox(this.database, this.source, "Outbox"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Inbox(this.database, "in box"));
	}

}
