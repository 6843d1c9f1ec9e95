package dev.switchboard.infra;

/**
 * A running Redis server.
 */
public interface RedisEndpoint {

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
	 * Returns the {@code redis://host:port} URL (with credentials when an external URL
	 * carries them: never log it then).
	 * @return the URL
	 */
	String url();

	/**
	 * Stops the server (to simulate Redis being down); a no-op when already stopped. Not
	 * supported for external servers.
	 */
	void stop();

	/**
	 * Starts the server again on the same port and returns once it accepts connections; a
	 * no-op when running. Not supported for external servers.
	 */
	void start();

}
