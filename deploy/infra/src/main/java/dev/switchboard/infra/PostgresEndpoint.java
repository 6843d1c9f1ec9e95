package dev.switchboard.infra;

/**
 * A running PostgreSQL server holding the {@code switchboard} database.
 */
public interface PostgresEndpoint {

	/**
	 * Returns the host name clients connect to.
	 * @return the host
	 */
	String host();

	/**
	 * Returns the port clients connect to.
	 * @return the port
	 */
	int port();

	/**
	 * Returns the database name, {@code switchboard} unless an external URL names
	 * another.
	 * @return the database
	 */
	String database();

	/**
	 * Returns the user name.
	 * @return the user name
	 */
	String username();

	/**
	 * Returns the password (never log it).
	 * @return the password
	 */
	String password();

	/**
	 * Returns the JDBC URL of the database, without credentials.
	 * @return the JDBC URL
	 */
	String jdbcUrl();

	/**
	 * Returns the R2DBC URL of the database with {@code schema} as search path, without
	 * credentials.
	 * @param schema the schema a service works in
	 * @return the R2DBC URL
	 */
	String r2dbcUrl(String schema);

	/**
	 * Stops the server (to simulate PostgreSQL being down: connections are refused); a
	 * no-op when already stopped. Not supported for external servers.
	 */
	void stop();

	/**
	 * Starts the server again on the same port with its data and returns once it accepts
	 * connections; a no-op when running. Not supported for external servers.
	 */
	void start();

	/**
	 * Freezes the server (to simulate PostgreSQL hanging: connections are accepted by the
	 * operating system, nothing answers, sessions stall); a no-op when frozen or stopped.
	 * Not supported for external servers.
	 */
	void freeze();

	/**
	 * Lets a frozen server carry on where it stopped; a no-op when not frozen. Not
	 * supported for external servers.
	 */
	void thaw();

}
