package dev.switchboard.orders.order;

import java.util.Set;

/** The selling branches orders come from, by their lower-case code. */
public final class Branches {

	/** Every known branch. */
	public static final Set<String> ALL = Set.of("se", "co", "il", "ru", "kz", "ro");

	private Branches() {
	}

}
