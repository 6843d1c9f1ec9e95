package dev.switchboard.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * The HTTP ports of the local stack.
 *
 * @param gateway the API gateway
 * @param ingest webhook-ingest
 * @param messaging messaging-service
 * @param orders order-service
 * @param templates template-service
 * @param workflows workflow-service
 * @param simulators the Meta and CBB simulators
 */
public record Ports(int gateway, int ingest, int messaging, int orders, int templates, int workflows, int simulators) {

	/** The documented ports: 8080, 8081, 8082–8085 and 8090. */
	public static Ports standard() {
		return new Ports(8080, 8081, 8082, 8083, 8084, 8085, 8090);
	}

	/** Free ports, so that a test stack never collides with a running local stack. */
	public static Ports random() {
		return new Ports(free(), free(), free(), free(), free(), free(), free());
	}

	private static int free() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
