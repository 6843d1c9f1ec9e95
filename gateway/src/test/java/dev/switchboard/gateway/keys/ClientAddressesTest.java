package dev.switchboard.gateway.keys;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ClientAddressesTest {

	@Test
	void theTcpPeerIsTheClientUnlessItIsATrustedProxy() {
		ClientAddresses none = new ClientAddresses(List.of());

		assertThat(none.of(request("198.51.100.9", "203.0.113.7"))).isEqualTo("198.51.100.9");
	}

	@Test
	void aTrustedProxyNamesTheClientAsTheLastHopItDoesNotTrust() {
		ClientAddresses proxies = new ClientAddresses(List.of("10.0.0.0/8", "192.0.2.10"));

		assertThat(proxies.of(request("10.1.2.3", "203.0.113.7"))).isEqualTo("203.0.113.7");
		// Whatever the client wrote itself stands left of what the proxies appended.
		assertThat(proxies.of(request("10.1.2.3", "1.2.3.4, 203.0.113.7, 192.0.2.10"))).isEqualTo("203.0.113.7");
		assertThat(proxies.of(request("192.0.2.10", "2001:db8::7"))).isEqualTo("2001:db8:0:0:0:0:0:7");
		assertThat(proxies.of(request("198.51.100.9", "203.0.113.7"))).isEqualTo("198.51.100.9");
	}

	@Test
	void aTrustedProxyWithoutOrWithAGarbledHeaderIsTheClient() {
		ClientAddresses proxies = new ClientAddresses(List.of("10.0.0.0/8"));

		assertThat(proxies.of(request("10.1.2.3", null))).isEqualTo("10.1.2.3");
		assertThat(proxies.of(request("10.1.2.3", "attacker.example"))).isEqualTo("10.1.2.3");
		assertThat(proxies.of(request("10.1.2.3", "10.0.0.1"))).isEqualTo("10.1.2.3");
	}

	@Test
	void rejectsWhatIsNotAnAddressOrRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> ClientAddresses.parseAll(List.of("proxy.example")));
		assertThatIllegalArgumentException().isThrownBy(() -> ClientAddresses.parseAll(List.of("10.0.0.0/33")));
		assertThatIllegalArgumentException().isThrownBy(() -> ClientAddresses.parseAll(List.of("10.0.0.0/x")));
		assertThat(ClientAddresses.parseAll(List.of("10.0.0.0/8", "::1", "fd00::/8"))).hasSize(3);
	}

	private static MockServerHttpRequest request(String peer, String forwardedFor) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/api/v1/messages")
			.remoteAddress(new InetSocketAddress(peer, 40000));
		if (forwardedFor != null) {
			request.header(ClientAddresses.FORWARDED_FOR, forwardedFor);
		}
		return request.build();
	}

}
