package dev.switchboard.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * PostgreSQL in a Docker container with the {@code switchboard} database.
 */
final class ContainerPostgres implements PostgresEndpoint, AutoCloseable {

	static final String IMAGE = "postgres:18-alpine";

	private final PostgreSQLContainer container;

	private boolean running = true;

	private boolean frozen;

	private ContainerPostgres(PostgreSQLContainer container) {
		this.container = container;
	}

	static ContainerPostgres start(int hostPort) {
		long startNanos = System.nanoTime();
		PostgreSQLContainer container = new PostgreSQLContainer(IMAGE).withDatabaseName(PostgresUrls.DATABASE)
			.withUsername(EmbeddedPostgresServer.USER)
			.withPassword(EmbeddedPostgresServer.PASSWORD);
		ContainerControl.bind(container, hostPort, PostgreSQLContainer.POSTGRESQL_PORT);
		container.start();
		ContainerPostgres postgres = new ContainerPostgres(container);
		StartLog.ready("PostgreSQL", InfraMode.CONTAINERS, PostgresUrls.address(postgres), startNanos);
		return postgres;
	}

	@Override
	public String host() {
		return this.container.getHost();
	}

	@Override
	public int port() {
		return this.container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
	}

	@Override
	public String database() {
		return this.container.getDatabaseName();
	}

	@Override
	public String username() {
		return this.container.getUsername();
	}

	@Override
	public String password() {
		return this.container.getPassword();
	}

	@Override
	public String jdbcUrl() {
		return PostgresUrls.jdbc(host(), port(), database());
	}

	@Override
	public String r2dbcUrl(String schema) {
		return PostgresUrls.r2dbc(host(), port(), database(), schema);
	}

	@Override
	public synchronized void stop() {
		if (this.running) {
			thaw();
			long startNanos = System.nanoTime();
			ContainerControl.pause(this.container);
			this.running = false;
			StartLog.stopped("PostgreSQL", InfraMode.CONTAINERS, PostgresUrls.address(this), startNanos);
		}
	}

	@Override
	public synchronized void start() {
		if (!this.running) {
			long startNanos = System.nanoTime();
			ContainerControl.resume(this.container);
			awaitConnections();
			this.running = true;
			StartLog.ready("PostgreSQL", InfraMode.CONTAINERS, PostgresUrls.address(this), startNanos);
		}
	}

	@Override
	public synchronized void freeze() {
		if (this.running && !this.frozen) {
			ContainerControl.freeze(this.container);
			this.frozen = true;
		}
	}

	@Override
	public synchronized void thaw() {
		if (this.frozen) {
			ContainerControl.thaw(this.container);
			this.frozen = false;
		}
	}

	/** The container's start is not the server's: wait until a connection succeeds. */
	private void awaitConnections() {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (true) {
			try (Connection connection = DriverManager.getConnection(jdbcUrl(), username(), password())) {
				return;
			}
			catch (SQLException ex) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("PostgreSQL did not accept connections after a restart", ex);
				}
				LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
			}
		}
	}

	@Override
	public void close() {
		this.container.stop();
	}

}
