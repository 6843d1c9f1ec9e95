package dev.switchboard.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

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

	/**
	 * Lowest port {@link #random()} picks. Random ports stay below Linux's ephemeral
	 * range (32768–60999), where the operating system puts every outgoing connection and
	 * every "any free port" listener (embedded Kafka, PostgreSQL and Redis among them): a
	 * port found free there can be taken by one of those before the service binds it.
	 */
	static final int RANDOM_FROM = 20000;

	/** Highest port {@link #random()} picks, exclusive. */
	static final int RANDOM_TO = 32768;

	/** The documented ports: 8080, 8081, 8082–8085 and 8090. */
	public static Ports standard() {
		return new Ports(8080, 8081, 8082, 8083, 8084, 8085, 8090);
	}

	/**
	 * Free ports, so that a test stack never collides with a running local stack, chosen
	 * outside the ephemeral range; each with its management port free too.
	 */
	public static Ports random() {
		Set<Integer> ports = new LinkedHashSet<>();
		int span = RANDOM_TO - ServiceSpec.MANAGEMENT_OFFSET - RANDOM_FROM;
		int start = ThreadLocalRandom.current().nextInt(span);
		for (int i = 0; i < span && ports.size() < 7; i++) {
			int port = RANDOM_FROM + (start + i * 7919) % span;
			if (isFree(port) && isFree(port + ServiceSpec.MANAGEMENT_OFFSET)) {
				ports.add(port);
			}
		}
		if (ports.size() < 7) {
			throw new IllegalStateException("Fewer than 7 free ports between " + RANDOM_FROM + " and " + RANDOM_TO);
		}
		int[] free = ports.stream().mapToInt(Integer::intValue).toArray();
		return new Ports(free[0], free[1], free[2], free[3], free[4], free[5], free[6]);
	}

	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(port));
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
