package dev.switchboard.infra;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Kafka (9092), PostgreSQL (5432) and Redis (6379) for the local stack until Ctrl-C.
 * The optional first argument is the data directory (default {@code target/local-data}).
 */
public final class InfraMain {

	static {
		// Quiet the servers' own logging when run alone; set before any logger exists.
		if (System.getProperty("logback.configurationFile") == null) {
			System.setProperty("logback.configurationFile", "switchboard-infra-logback.xml");
		}
	}

	private static final Logger log = LoggerFactory.getLogger(InfraMain.class);

	private InfraMain() {
	}

	public static void main(String[] args) throws InterruptedException {
		InfraOptions options = (args.length > 0) ? InfraOptions.local(Path.of(args[0])) : InfraOptions.local();
		Infra infra = Infra.start(options);
		log.info("Infrastructure ready (Kafka {}, PostgreSQL {}, Redis {}); data in {}; Ctrl-C to stop",
				infra.kafka().bootstrapServers(), PostgresUrls.address(infra.postgres()),
				infra.redis().host() + ":" + infra.redis().port(), options.dataDir());
		// Infra's shutdown hook stops everything on Ctrl-C; until then, wait.
		new CountDownLatch(1).await();
	}

}
