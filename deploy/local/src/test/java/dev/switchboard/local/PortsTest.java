package dev.switchboard.local;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

	@Test
	void randomPortsAreDistinctFreeAndBelowTheEphemeralRange() throws IOException {
		Ports ports = Ports.random();
		List<Integer> all = List.of(ports.gateway(), ports.ingest(), ports.messaging(), ports.orders(),
				ports.templates(), ports.workflows(), ports.simulators());
		assertThat(all).doesNotHaveDuplicates()
			.allSatisfy((port) -> assertThat(port).isBetween(Ports.RANDOM_FROM, Ports.RANDOM_TO - 1));
		for (int port : all) {
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(port));
			}
		}
	}

	@Test
	void aTakenPortIsNotFree() throws IOException {
		try (ServerSocket taken = new ServerSocket(0)) {
			assertThat(Ports.isFree(taken.getLocalPort())).isFalse();
		}
	}

}
