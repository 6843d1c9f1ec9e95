package dev.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

	private boolean frozen;

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

	/**
	 * Stops the postmaster and its backends (SIGSTOP): the kernel still accepts
	 * connections on the port, nothing answers them or running sessions.
	 */
	@Override
	public synchronized void freeze() {
		if (this.postgres != null && !this.frozen) {
			signal("STOP");
			this.frozen = true;
		}
	}

	@Override
	public synchronized void thaw() {
		if (this.frozen) {
			signal("CONT");
			this.frozen = false;
		}
	}

	/**
	 * Sends a signal to the server's own processes: its process group (the postmaster is
	 * a session leader, so the group holds exactly the server and the backends it forks,
	 * even one forked while the signal is on its way), then each descendant by id in case
	 * one left the group. Only the group's signal must succeed: a backend may exit
	 * between the listing and the signal.
	 */
	private void signal(String name) {
		long postmaster = postmasterPid();
		run(List.of("kill", "-" + name, "--", "-" + postmaster), name, true);
		List<String> command = new ArrayList<>(List.of("kill", "-" + name, Long.toString(postmaster)));
		ProcessHandle.of(postmaster)
			.ifPresent((process) -> process.descendants().forEach((child) -> command.add(Long.toString(child.pid()))));
		run(command, name, false);
	}

	private static void run(List<String> command, String name, boolean required) {
		try {
			Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
			boolean done = kill.waitFor(10, TimeUnit.SECONDS);
			if (required && (!done || kill.exitValue() != 0)) {
				throw new IllegalStateException("Could not send SIG" + name + " to embedded PostgreSQL: "
						+ new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not send SIG" + name + " to embedded PostgreSQL", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted signalling embedded PostgreSQL", ex);
		}
	}

	/** First line of {@code postmaster.pid}. */
	private long postmasterPid() {
		try {
			return Long.parseLong(Files.readAllLines(this.dataDir.resolve("postmaster.pid")).get(0).trim());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No postmaster.pid in " + this.dataDir, ex);
		}
	}

	/** Fast shutdown: sessions are ended, new connections refused. */
	@Override
	public synchronized void stop() {
		if (this.postgres == null) {
			return;
		}
		thaw();
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
