package dev.switchboard.gateway.identity;

/** Key pairs of the tests, generated with openssl as the README tells. */
final class IdentityKeys {

	/** The local profile's demo private key (kid {@code local-1}). */
	static final String LOCAL_PRIVATE = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgsjlZ5SgK+LQasYNAn5NU6GHnVl2Aw8rJiG7KRYCRLvShRANCAATYhWCljAi5H2ODi+CEkJHZVDwm+yoXjks7kB4K2/KggFpxYC0prCpNaZ3Zylgg4bGjJC4n43keIMXwDaFaFA4x";

	/** Another private key, the next one of a rotation. */
	static final String NEXT_PRIVATE = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgv4rp6IWPAQ7PlPqUsVz7k6wkqoFpR6UeDhsZIW1BoGShRANCAAT0lM7eExsUXu/ELOdmmHNZeECk5k2+Pt5bytRUUaCgBEKpBhXlez8C5vBU33ibnGToK0tBipXP0H2dg2d+OC4O";

	static final String LOCAL = "local-1:" + LOCAL_PRIVATE;

	static final String NEXT = "next-1:" + NEXT_PRIVATE;

	private IdentityKeys() {
	}

}
