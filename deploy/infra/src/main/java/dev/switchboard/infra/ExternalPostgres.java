package dev.switchboard.infra;

import java.net.URI;

/**
 * A PostgreSQL server someone else runs, named by a JDBC URL.
 *
 * @param host server host
 * @param port server port
 * @param database database named by the URL
 * @param username user
 * @param password password
 * @param jdbcUrl the JDBC URL, as given
 */
record ExternalPostgres(String host, int port, String database, String username, String password,
		String jdbcUrl) implements PostgresEndpoint {

	private static final String PREFIX = "jdbc:postgresql://";

	/**
	 * Parses {@code jdbc:postgresql://host[:port]/database[?options]}.
	 * @param jdbcUrl the URL
	 * @param username the user, {@code postgres} when null
	 * @param password the password, empty when null
	 * @return the endpoint
	 */
	static ExternalPostgres of(String jdbcUrl, String username, String password) {
		long startNanos = System.nanoTime();
		if (!jdbcUrl.startsWith(PREFIX)) {
			throw new IllegalArgumentException(InfraSettings.POSTGRES_URL
					+ " must look like jdbc:postgresql://host:port/database, was " + redact(jdbcUrl));
		}
		URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		String path = (uri.getPath() != null) ? uri.getPath().replaceFirst("^/", "") : "";
		if (uri.getHost() == null || path.isEmpty()) {
			throw new IllegalArgumentException(InfraSettings.POSTGRES_URL
					+ " must name a host and a database (jdbc:postgresql://host:port/database), was "
					+ redact(jdbcUrl));
		}
		ExternalPostgres postgres = new ExternalPostgres(uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : 5432,
				path, (username != null) ? username : "postgres", (password != null) ? password : "", jdbcUrl);
		StartLog.ready("PostgreSQL", InfraMode.EXTERNAL, PostgresUrls.address(postgres), startNanos);
		return postgres;
	}

	/** Options of a JDBC URL may hold a password: never show them. */
	private static String redact(String jdbcUrl) {
		int query = jdbcUrl.indexOf('?');
		return (query != -1) ? jdbcUrl.substring(0, query) + "?..." : jdbcUrl;
	}

	@Override
	public String r2dbcUrl(String schema) {
		return PostgresUrls.r2dbc(this.host, this.port, this.database, schema);
	}

	@Override
	public void stop() {
		throw new UnsupportedOperationException(
				"PostgreSQL at " + PostgresUrls.address(this) + " is external: stop it yourself");
	}

	@Override
	public void start() {
		throw new UnsupportedOperationException(
				"PostgreSQL at " + PostgresUrls.address(this) + " is external: start it yourself");
	}

	@Override
	public void freeze() {
		throw new UnsupportedOperationException(
				"PostgreSQL at " + PostgresUrls.address(this) + " is external: cannot freeze it");
	}

	@Override
	public void thaw() {
		throw new UnsupportedOperationException(
				"PostgreSQL at " + PostgresUrls.address(this) + " is external: cannot thaw it");
	}

	@Override
	public String toString() {
		return "ExternalPostgres[" + PostgresUrls.address(this) + "]";
	}

}
