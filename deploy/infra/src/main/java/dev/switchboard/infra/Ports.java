package dev.switchboard.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

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
