package dev.switchboard.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a host name to all its addresses, blocking (the policy calls it off the event
 * loops). The JDK resolver by default; tests declare a bean to make names resolve where
 * they need.
 */
@FunctionalInterface
public interface HostResolver {

	/** The JDK resolver ({@code /etc/hosts}, then DNS). */
	HostResolver JDK = InetAddress::getAllByName;

	/**
	 * All addresses of the host.
	 * @param host a host name (never an address literal)
	 * @return its addresses, at least one
	 * @throws UnknownHostException when it has none
	 */
	InetAddress[] resolve(String host) throws UnknownHostException;

}
