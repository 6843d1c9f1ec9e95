package dev.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Chooses the ports the servers listen on.
 */
final class Ports {

	private Ports() {
	}

	/**
	 * Resolves the port for a component.
	 * @param component name used in the error message
	 * @param fixed whether {@code wanted} is mandatory
	 * @param wanted the wanted port, 0 for any
	 * @return {@code wanted} when free, otherwise a free port unless {@code fixed}
	 * @throws IllegalStateException when a fixed port is taken
	 */
	static int resolve(String component, boolean fixed, int wanted) {
		if (wanted == 0) {
			return free();
		}
		if (isFree(wanted)) {
			return wanted;
		}
		if (fixed) {
			throw new IllegalStateException(
					component + " port " + wanted + " is already in use (is another local stack or server running?)");
		}
		return free();
	}

	/**
	 * Returns a port that was free a moment ago on the loopback interface.
	 * @return the port
	 */
	static int free() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on the loopback interface", ex);
		}
	}

	/**
	 * Returns a port that was free a moment ago, below Linux's ephemeral range
	 * (32768–60999), where the operating system never picks the local port of an outgoing
	 * connection: a server that goes away and comes back can have it again.
	 * @return the port
	 */
	static int freeBelowEphemeral() {
		for (int attempt = 0; attempt < 1_000; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(20_000, 32_768);
			if (isFree(port)) {
				return port;
			}
		}
		throw new IllegalStateException("No free port between 20000 and 32767 on the loopback interface");
	}

	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
