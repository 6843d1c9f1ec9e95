package dev.switchboard.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutboundUrlPolicyTest {

	/** Names and what they resolve to; nothing here ever reaches DNS. */
	private final Map<String, String> names = new ConcurrentHashMap<>(Map.of("cbb.example.com", "93.184.215.14",
			"dual.example.com", "93.184.215.14,2606:2800:21f:cb07:6820:80da:af6b:8b2c", "inside.example.com",
			"10.1.2.3", "sneaky.example.com", "93.184.215.14,192.168.1.10", "v6inside.example.com", "fd12:3456::1"));

	private final AtomicInteger lookups = new AtomicInteger();

	private final HostResolver resolver = (host) -> {
		this.lookups.incrementAndGet();
		String addresses = this.names.get(host);
		if (addresses == null) {
			throw new UnknownHostException(host);
		}
		InetAddress[] resolved = new InetAddress[addresses.split(",").length];
		for (int i = 0; i < resolved.length; i++) {
			resolved[i] = InetAddress.getByName(addresses.split(",")[i]);
		}
		return resolved;
	};

	private final OutboundUrlPolicy strict = new OutboundUrlPolicy(OutboundUrlProperties.strict(), this.resolver);

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "https://127.0.0.1/api|is a loopback address (127.0.0.1)",
					"https://127.8.9.10/|is a loopback address (127.8.9.10)",
					"https://10.0.0.1/|is a private address (10.0.0.1)",
					"https://172.16.0.1/|is a private address (172.16.0.1)",
					"https://172.31.255.255/|is a private address (172.31.255.255)",
					"https://192.168.0.1/|is a private address (192.168.0.1)",
					"https://100.64.0.1/|is a private address (shared address space) (100.64.0.1)",
					"https://169.254.169.254/latest/meta-data|is a cloud metadata address (169.254.169.254)",
					"https://169.254.1.1/|is a link-local address (169.254.1.1)",
					"https://224.0.0.1/|is a multicast address (224.0.0.1)",
					"https://239.255.255.250/|is a multicast address (239.255.255.250)",
					"https://0.0.0.0/|is an unspecified address (0.0.0.0)",
					"https://0.1.2.3/|is an unspecified address (0.1.2.3)",
					"https://255.255.255.255/|is a broadcast address (255.255.255.255)",
					"https://240.0.0.1/|is a reserved address (240.0.0.1)" })
	void everyNonPublicIpv4ClassIsRefused(String url, String reason) {
		assertRefused(url, reason);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "https://[::1]/|is a loopback address (0:0:0:0:0:0:0:1)",
					"https://[::]/|is an unspecified address (0:0:0:0:0:0:0:0)",
					"https://[fe80::1]/|is a link-local address (fe80:0:0:0:0:0:0:1)",
					"https://[fd00::1]/|is a private address (unique local) (fd00:0:0:0:0:0:0:1)",
					"https://[fc00::1]/|is a private address (unique local) (fc00:0:0:0:0:0:0:1)",
					"https://[fd00:ec2::254]/|is a cloud metadata address (fd00:ec2:0:0:0:0:0:254)",
					"https://[fec0::1]/|is a private address (site-local) (fec0:0:0:0:0:0:0:1)",
					"https://[ff02::1]/|is a multicast address (ff02:0:0:0:0:0:0:1)",
					"https://[::ffff:10.0.0.1]/|is a private address (10.0.0.1)",
					"https://[::ffff:127.0.0.1]/|is a loopback address (127.0.0.1)",
					"https://[::ffff:169.254.169.254]/|is a cloud metadata address (169.254.169.254)",
					"https://[::10.0.0.1]/|is a private address (IPv4-compatible IPv6) (0:0:0:0:0:0:a00:1)",
					"https://[64:ff9b::10.0.0.1]/|is a private address (NAT64 IPv6) (64:ff9b:0:0:0:0:a00:1)",
					"https://[64:ff9b::7f00:1]/|is a loopback address (NAT64 IPv6) (64:ff9b:0:0:0:0:7f00:1)",
					"https://[64:ff9b:1::1]/|is a private address (local NAT64) (64:ff9b:1:0:0:0:0:1)",
					"https://[2002:a9fe:a9fe::1]/|is a cloud metadata address (6to4 IPv6) (2002:a9fe:a9fe:0:0:0:0:1)" })
	void everyNonPublicIpv6ClassIsRefused(String url, String reason) {
		assertRefused(url, reason);
	}

	@Test
	void namesAreJudgedByEveryAddressTheyResolveTo() {
		assertThat(this.strict.check("https://cbb.example.com/api").block())
			.isEqualTo(URI.create("https://cbb.example.com/api"));
		assertThat(this.strict.check("https://dual.example.com/").block()).isNotNull();
		assertThat(this.strict.check("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/").block()).isNotNull();
		assertThat(this.strict.check("https://93.184.215.14:8443/").block()).isNotNull();
		assertRefused("https://inside.example.com/", "resolves to a private address (10.1.2.3)");
		assertRefused("https://sneaky.example.com/", "resolves to a private address (192.168.1.10)");
		assertRefused("https://v6inside.example.com/",
				"resolves to a private address (unique local) (fd12:3456:0:0:0:0:0:1)");
		assertThatThrownBy(() -> this.strict.check("https://nowhere.example.com/").block())
			.hasRootCauseInstanceOf(UnknownHostException.class);
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			value = { "http://cbb.example.com/|is not https", "ftp://cbb.example.com/|is not an https URL",
					"file:///etc/passwd|is not an https URL", "gopher://cbb.example.com/|is not an https URL",
					"cbb.example.com/api|is not an https URL", "javascript:alert(1)|is not an https URL",
					"https://user:pass@cbb.example.com/|carries user information",
					"https://user@cbb.example.com/|carries user information",
					"https://cbb.example.com@10.0.0.1/|carries user information",
					"https://2130706433/|has a numeric host in a non-standard form",
					"https://0x7f.1/|has a numeric host in a non-standard form",
					"https://0x7f000001/|has a numeric host in a non-standard form",
					"https://0177.0.0.1/|has a numeric host in a non-standard form",
					"https://127.1/|has a numeric host in a non-standard form",
					"https://10.0.0.1.5/|has a numeric host in a non-standard form",
					"https://[fe80::1%25eth0]/|has no valid host", "https:///path|has no valid host",
					"https://exa mple.com/|is not a valid URL", "' '|is missing" })
	void schemesUserInfoAndOddHostsAreRefused(String url, String reason) {
		assertRefused(url.strip(), reason);
	}

	@Test
	void allowListedHostsSkipTheAddressCheckButNotTheScheme() {
		OutboundUrlPolicy local = new OutboundUrlPolicy(
				new OutboundUrlProperties(true, List.of("localhost:8090", "inside.example.com", "sim.test:*"),
						Duration.ofSeconds(30)),
				(host) -> new InetAddress[] { InetAddress.getByAddress(host, new byte[] { 127, 0, 0, 1 }) });
		assertThat(local.check("http://localhost:8090/cbb/api").block()).isNotNull();
		assertThat(local.check("http://LOCALHOST:8090/cbb/api").block()).isNotNull();
		assertThat(local.check("https://inside.example.com/").block()).isNotNull();
		assertThat(local.check("http://sim.test:41234/").block()).isNotNull();
		assertRefused(local, "http://localhost:8091/", "resolves to a loopback address (127.0.0.1)");
		assertRefused(local, "https://inside.example.com:8443/", "resolves to a loopback address (127.0.0.1)");
		assertRefused(local, "http://127.0.0.1:8090/", "is a loopback address (127.0.0.1)");
		assertRefused(local, "http://other.test/", "resolves to a loopback address (127.0.0.1)");
		OutboundUrlPolicy noHttp = new OutboundUrlPolicy(
				new OutboundUrlProperties(false, List.of("localhost:8090"), Duration.ofSeconds(30)), this.resolver);
		assertRefused(noHttp, "http://localhost:8090/", "is not https");
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://cbb.example.com/", "https://inside.example.com/" })
	void aResolutionIsReusedWithinItsTtlOnly(String url) {
		OutboundUrlPolicy shortLived = new OutboundUrlPolicy(new OutboundUrlProperties(false, List.of(), Duration.ZERO),
				this.resolver);
		this.strict.check(url).onErrorResume((ex) -> reactor.core.publisher.Mono.empty()).block();
		this.strict.check(url).onErrorResume((ex) -> reactor.core.publisher.Mono.empty()).block();
		assertThat(this.lookups).hasValue(1);
		shortLived.check(url).onErrorResume((ex) -> reactor.core.publisher.Mono.empty()).block();
		shortLived.check(url).onErrorResume((ex) -> reactor.core.publisher.Mono.empty()).block();
		assertThat(this.lookups).hasValue(3);
	}

	@Test
	void aNameWhoseDnsChangedIsRefusedOnceItsResolutionExpires() {
		OutboundUrlPolicy policy = new OutboundUrlPolicy(new OutboundUrlProperties(false, List.of(), Duration.ZERO),
				this.resolver);
		assertThat(policy.check("https://cbb.example.com/").block()).isNotNull();
		this.names.put("cbb.example.com", "169.254.169.254");
		assertRefused(policy, "https://cbb.example.com/", "resolves to a cloud metadata address (169.254.169.254)");
	}

	private void assertRefused(String url, String reason) {
		assertRefused(this.strict, url, reason);
	}

	private static void assertRefused(OutboundUrlPolicy policy, String url, String reason) {
		assertThatThrownBy(() -> policy.check(url).block()).isInstanceOf(OutboundUrlRefused.class).hasMessage(reason);
	}

}
