package dev.switchboard.infra;

import java.util.regex.Pattern;

/**
 * Builds the JDBC and R2DBC URLs of a database; neither carries credentials.
 */
final class PostgresUrls {

	static final String DATABASE = "switchboard";

	private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

	private PostgresUrls() {
	}

	static String jdbc(String host, int port, String database) {
		return "jdbc:postgresql://" + host + ":" + port + "/" + database;
	}

	/**
	 * R2DBC URL whose {@code schema} option r2dbc-postgresql turns into the connection's
	 * search path.
	 */
	static String r2dbc(String host, int port, String database, String schema) {
		return "r2dbc:postgresql://" + host + ":" + port + "/" + database + "?schema=" + checkSchema(schema);
	}

	static String checkSchema(String schema) {
		if (schema == null || !SCHEMA.matcher(schema).matches()) {
			throw new IllegalArgumentException("Schema must be a lower-case SQL identifier, was '" + schema + "'");
		}
		return schema;
	}

	static String address(PostgresEndpoint endpoint) {
		return endpoint.host() + ":" + endpoint.port() + "/" + endpoint.database();
	}

}
