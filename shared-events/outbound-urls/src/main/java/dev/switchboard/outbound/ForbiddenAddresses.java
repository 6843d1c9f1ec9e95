package dev.switchboard.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The addresses no outbound call may reach: anything that is not a public unicast
 * address. IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are
 * judged by the IPv4 address they carry.
 */
final class ForbiddenAddresses {

	private ForbiddenAddresses() {
	}

	/**
	 * Why the address may not be called.
	 * @param address a resolved address
	 * @return the class of the address ("a loopback address", ...), or null when it is a
	 * public unicast address
	 */
	static String classify(InetAddress address) {
		byte[] bytes = address.getAddress();
		if (bytes.length == 4) {
			return classifyV4(bytes);
		}
		return classifyV6(bytes);
	}

	private static String classifyV4(byte[] bytes) {
		int a = bytes[0] & 0xff;
		int b = bytes[1] & 0xff;
		int c = bytes[2] & 0xff;
		int d = bytes[3] & 0xff;
		if (a == 169 && b == 254 && c == 169 && d == 254) {
			return "a cloud metadata address";
		}
		if (a == 0) {
			return "an unspecified address";
		}
		if (a == 127) {
			return "a loopback address";
		}
		if (a == 10 || (a == 172 && (b & 0xf0) == 16) || (a == 192 && b == 168)) {
			return "a private address";
		}
		if (a == 100 && (b & 0xc0) == 64) {
			return "a private address (shared address space)";
		}
		if (a == 169 && b == 254) {
			return "a link-local address";
		}
		if (a == 192 && b == 0 && c == 0) {
			return "a reserved address";
		}
		if (a == 198 && (b & 0xfe) == 18) {
			return "a reserved address";
		}
		if (a >= 224 && a <= 239) {
			return "a multicast address";
		}
		if (a >= 240) {
			return (a == 255 && b == 255 && c == 255 && d == 255) ? "a broadcast address" : "a reserved address";
		}
		return null;
	}

	private static String classifyV6(byte[] bytes) {
		if (isZero(bytes, 0, 16)) {
			return "an unspecified address";
		}
		if (isZero(bytes, 0, 15) && bytes[15] == 1) {
			return "a loopback address";
		}
		if (isZero(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
			return embedded(bytes, 12, "IPv4-mapped");
		}
		if (isZero(bytes, 0, 12)) {
			return embedded(bytes, 12, "IPv4-compatible");
		}
		if (bytes[0] == 0x00 && bytes[1] == 0x64 && (bytes[2] & 0xff) == 0xff && (bytes[3] & 0xff) == 0x9b) {
			// 64:ff9b::/96 carries a public IPv4 address; 64:ff9b:1::/48 is for local
			// use.
			return isZero(bytes, 4, 12) ? embedded(bytes, 12, "NAT64") : "a private address (local NAT64)";
		}
		if (bytes[0] == 0x20 && bytes[1] == 0x02) {
			return embedded(bytes, 2, "6to4");
		}
		int first = bytes[0] & 0xff;
		if (first == 0xfd && bytes[1] == 0x00 && (bytes[2] & 0xff) == 0x0e && (bytes[3] & 0xff) == 0xc2
				&& isZero(bytes, 4, 14) && (bytes[15] & 0xff) == 0x54 && bytes[14] == 0x02) {
			return "a cloud metadata address";
		}
		if ((first & 0xfe) == 0xfc) {
			return "a private address (unique local)";
		}
		if (first == 0xfe && (bytes[1] & 0xc0) == 0x80) {
			return "a link-local address";
		}
		if (first == 0xfe && (bytes[1] & 0xc0) == 0xc0) {
			return "a private address (site-local)";
		}
		if (first == 0xff) {
			return "a multicast address";
		}
		return null;
	}

	/** The class of the IPv4 address an IPv6 address carries, named with its form. */
	private static String embedded(byte[] bytes, int offset, String form) {
		try {
			InetAddress v4 = Inet4Address.getByAddress(Arrays.copyOfRange(bytes, offset, offset + 4));
			String classified = classifyV4(v4.getAddress());
			return (classified != null) ? classified + " (" + form + " IPv6)" : null;
		}
		catch (UnknownHostException ex) {
			return "an address that cannot be read";
		}
	}

	private static boolean isZero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

	/**
	 * The address as text, IPv6 in brackets-free compressed form where the JDK gives it.
	 */
	static String text(InetAddress address) {
		return (address instanceof Inet6Address) ? address.getHostAddress().replaceAll("%.*$", "")
				: address.getHostAddress();
	}

}
