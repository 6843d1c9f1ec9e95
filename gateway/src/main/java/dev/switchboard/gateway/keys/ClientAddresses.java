package dev.switchboard.gateway.keys;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * The address a request comes from, for limits per client: the TCP peer. Only when the
 * peer is a configured trusted proxy is {@code X-Forwarded-For} believed, and then its
 * last hop that is not itself a trusted proxy (each proxy appends the address it saw, so
 * anything to the left of that may be written by the client).
 */
final class ClientAddresses {

	static final String FORWARDED_FOR = "X-Forwarded-For";

	private static final String UNKNOWN = "unknown";

	private final List<IpSubnetFilterRule> trustedProxies;

	ClientAddresses(List<String> trustedProxies) {
		this.trustedProxies = parseAll(trustedProxies);
	}

	/**
	 * The client address of a request.
	 * @param request the request
	 * @return the address, e.g. {@code 203.0.113.7} or {@code 2001:db8::7}
	 */
	String of(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		if (remote == null || remote.getAddress() == null) {
			return UNKNOWN;
		}
		InetAddress peer = remote.getAddress();
		if (!trusted(peer)) {
			return peer.getHostAddress();
		}
		List<String> headers = request.getHeaders().getOrEmpty(FORWARDED_FOR);
		for (int h = headers.size() - 1; h >= 0; h--) {
			String[] hops = headers.get(h).split(",");
			for (int i = hops.length - 1; i >= 0; i--) {
				// A literal only: parsing a name would mean a DNS lookup.
				InetAddress hop = NetUtil.createInetAddressFromIpAddressString(hops[i].strip());
				if (hop == null) {
					return peer.getHostAddress();
				}
				if (!trusted(hop)) {
					return hop.getHostAddress();
				}
			}
		}
		return peer.getHostAddress();
	}

	private boolean trusted(InetAddress address) {
		if (this.trustedProxies.isEmpty()) {
			return false;
		}
		InetSocketAddress socket = new InetSocketAddress(address, 0);
		return this.trustedProxies.stream().anyMatch((rule) -> rule.matches(socket));
	}

	/**
	 * Parses proxy addresses and CIDR ranges.
	 * @param proxies e.g. {@code [10.0.0.0/8, 192.0.2.10, fd00::/8]}
	 * @return the rules matching them
	 * @throws IllegalArgumentException when one is not an IP address or range
	 */
	static List<IpSubnetFilterRule> parseAll(List<String> proxies) {
		return proxies.stream().map(ClientAddresses::parse).toList();
	}

	private static IpSubnetFilterRule parse(String proxy) {
		String[] parts = proxy.strip().split("/", 2);
		byte[] address = NetUtil.createByteArrayFromIpAddressString(parts[0]);
		if (address == null) {
			throw new IllegalArgumentException("A trusted proxy must be an IP address or CIDR range: " + proxy);
		}
		int bits = address.length * 8;
		int prefix = bits;
		if (parts.length == 2) {
			try {
				prefix = Integer.parseInt(parts[1]);
			}
			catch (NumberFormatException ex) {
				prefix = -1;
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException(
						"A trusted proxy range needs a prefix length of 0-" + bits + ": " + proxy);
			}
		}
		return new IpSubnetFilterRule(parts[0], prefix, IpFilterRuleType.ACCEPT);
	}

}
