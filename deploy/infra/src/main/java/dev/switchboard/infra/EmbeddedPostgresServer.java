package dev.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * PostgreSQL as a child process from the zonky binaries (trust authentication, so the
 * password is not checked).
 */
final class EmbeddedPostgresServer implements PostgresEndpoint, AutoCloseable {

	static final String USER = "postgres";

	static final String PASSWORD = "postgres";

	private final Path dataDir;

	private final int port;

	/** The running server, null while stopped. */
	private EmbeddedPostgres postgres;

	private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
		this.postgres = postgres;
		this.dataDir = dataDir;
		this.port = postgres.getPort();
	}

	static EmbeddedPostgresServer start(Path dataDir, int port) {
		long startNanos = System.nanoTime();
		PostgresTemplate.copyInto(dataDir);
		EmbeddedPostgres postgres = launch(dataDir, port);
		EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDir);
		try {
			createDatabase(postgres);
		}
		catch (RuntimeException ex) {
			server.close();
			throw ex;
		}
		StartLog.ready("PostgreSQL", InfraMode.EMBEDDED, PostgresUrls.address(server), startNanos);
		return server;
	}

	/** Starts PostgreSQL on the data directory, which zonky initialises when empty. */
	private static EmbeddedPostgres launch(Path dataDir, int port) {
		try {
			return EmbeddedPostgres.builder()
				.setPort(port)
				.setDataDirectory(dataDir)
				.setCleanDataDirectory(false)
				// Infra's own hook stops it, in order, before deleting its data.
				.setRegisterShutdownHook(false)
				.setServerConfig("fsync", "off")
				.setServerConfig("full_page_writes", "off")
				.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot start embedded PostgreSQL on port " + port, ex);
		}
	}

	static void createDatabase(EmbeddedPostgres postgres) {
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			try (ResultSet exists = statement
				.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + PostgresUrls.DATABASE + "'")) {
				if (exists.next()) {
					return;
				}
			}
			statement.execute("CREATE DATABASE " + PostgresUrls.DATABASE);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create database " + PostgresUrls.DATABASE, ex);
		}
	}

	@Override
	public String host() {
		return "localhost";
	}

	@Override
	public int port() {
		return this.port;
	}

	@Override
	public String database() {
		return PostgresUrls.DATABASE;
	}

	@Override
	public String username() {
		return USER;
	}

	@Override
	public String password() {
		return PASSWORD;
	}

	@Override
	public String jdbcUrl() {
		return PostgresUrls.jdbc(host(), port(), database());
	}

	@Override
	public String r2dbcUrl(String schema) {
		return PostgresUrls.r2dbc(host(), port(), database(), schema);
	}

	/** Fast shutdown: sessions are ended, new connections refused. */
	@Override
	public synchronized void stop() {
		if (this.postgres == null) {
			return;
		}
		long startNanos = System.nanoTime();
		try {
			this.postgres.close();
			this.postgres = null;
			StartLog.stopped("PostgreSQL", InfraMode.EMBEDDED, PostgresUrls.address(this), startNanos);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot stop embedded PostgreSQL", ex);
		}
	}

	@Override
	public synchronized void start() {
		if (this.postgres != null) {
			return;
		}
		long startNanos = System.nanoTime();
		this.postgres = launch(this.dataDir, this.port);
		StartLog.ready("PostgreSQL", InfraMode.EMBEDDED, PostgresUrls.address(this), startNanos);
	}

	@Override
	public void close() {
		stop();
	}

}
