package dev.switchboard.infra;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Waits until a broker answers a metadata request.
 */
final class KafkaReadiness {

	private KafkaReadiness() {
	}

	static void await(String bootstrapServers, Duration timeout) {
		int timeoutMs = (int) timeout.toMillis();
		Map<String, Object> config = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
				Math.min(timeoutMs, 5_000), AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
		try (Admin admin = Admin.create(config)) {
			// The admin client retries by itself until the timeout, so no polling loop
			// here.
			int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs))
				.nodes()
				.get(timeoutMs + 1_000L, TimeUnit.MILLISECONDS)
				.size();
			if (brokers == 0) {
				throw new IllegalStateException("Kafka at " + bootstrapServers + " reports no broker");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for Kafka at " + bootstrapServers, ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within " + timeout, ex);
		}
	}

}
