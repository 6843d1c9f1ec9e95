package dev.switchboard.infra;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one line each server start writes: what, how, where and how long it took. Addresses
 * passed here never carry credentials.
 */
final class StartLog {

	private static final Logger log = LoggerFactory.getLogger(Infra.class);

	private StartLog() {
	}

	static void ready(String component, InfraMode mode, String address, long startNanos) {
		log.info("{} ({}) ready at {} in {} ms", component, mode.label(), address, elapsedMillis(startNanos));
	}

	static void stopped(String component, InfraMode mode, String address, long startNanos) {
		log.info("{} ({}) at {} stopped in {} ms", component, mode.label(), address, elapsedMillis(startNanos));
	}

	static long elapsedMillis(long startNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
	}

}
