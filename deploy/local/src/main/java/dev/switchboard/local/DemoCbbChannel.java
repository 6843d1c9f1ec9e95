package dev.switchboard.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.switchboard.events.Topic;
import dev.switchboard.infra.Infra;
import dev.switchboard.infra.PostgresEndpoint;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Points the demo tenant's CBB channel at this stack's simulator when it does not listen
 * on the standard port. The gateway's demo seeder stores the channel with the standard
 * simulator URL, and messaging-service sends through the channel's base URL from the
 * tenant configuration ({@code tenants.config.v1}); a stack on other ports (tests) would
 * otherwise send CBB messages to port 8090 — nothing, or another running stack.
 * <p>
 * The channel row is corrected, then the tenant configuration is republished through the
 * operator API (re-storing the demo order source's unchanged secret publishes the whole
 * tenant), and start-up waits until the corrected configuration is on the topic.
 */
final class DemoCbbChannel {

	private static final Logger log = LoggerFactory.getLogger(DemoCbbChannel.class);

	/** The demo channel's base URL as the gateway seeds it. */
	static final String SEEDED_BASE_URL = "http://localhost:8090/cbb";

	/** The operator key of the local profile ({@code SWITCHBOARD_ADMIN_KEY}). */
	static final String OPERATOR_KEY = "sb_operator1.localoperatorsecret";

	/** The demo tenant's Vizi signing secret, as the gateway seeds it. */
	static final String DEMO_VIZI_SECRET = "whsec_ZGVtby12aXppLXNpZ25pbmctc2VjcmV0";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private DemoCbbChannel() {
	}

	/** The demo CBB channel's base URL for a simulator on that port. */
	static String baseUrl(int simulatorPort) {
		return "http://localhost:" + simulatorPort + "/cbb";
	}

	/**
	 * Repoints the channel when the simulator is not on the seeded URL, and waits until
	 * the tenant configuration carries the new URL.
	 */
	static void pointAtSimulator(Infra infra, Ports ports, Duration timeout) throws IOException, InterruptedException {
		String baseUrl = baseUrl(ports.simulators());
		if (SEEDED_BASE_URL.equals(baseUrl)) {
			return;
		}
		int updated = updateRow(infra.postgres(), baseUrl);
		if (updated == 0) {
			log.info("The demo CBB channel is not seeded: nothing to repoint");
			return;
		}
		republish(ports.gateway());
		awaitPublished(infra.kafka().bootstrapServers(), baseUrl, Instant.now().plus(timeout));
		log.info("Demo CBB channel points at {}", baseUrl);
	}

	private static int updateRow(PostgresEndpoint postgres, String baseUrl) {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				PreparedStatement update = connection.prepareStatement(
						"UPDATE gateway.channels SET base_url = ? WHERE tenant_id = 'demo' AND channel_id = 'demo-cbb'")) {
			update.setString(1, baseUrl);
			return update.executeUpdate();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not repoint the demo CBB channel", ex);
		}
	}

	private static void republish(int gatewayPort) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + gatewayPort + "/admin/v1/tenants/demo/order-sources/vizi"))
			.timeout(Duration.ofSeconds(10))
			.header("Authorization", "Bearer " + OPERATOR_KEY)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"signingSecrets\":[\"" + DEMO_VIZI_SECRET + "\"]}"))
			.build();
		HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(
					"The gateway did not republish the demo tenant: " + response.statusCode() + " " + response.body());
		}
	}

	/**
	 * Reads the tenant configuration topic until a demo configuration names the new URL.
	 */
	private static void awaitPublished(String bootstrapServers, String baseUrl, Instant deadline) {
		Properties properties = new Properties();
		properties.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
				"false"));
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(Topic.TENANTS_CONFIG.topicName())
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			while (Instant.now().isBefore(deadline)) {
				for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
					if ("demo".equals(record.key()) && record.value() != null
							&& new String(record.value(), StandardCharsets.UTF_8).contains(baseUrl)) {
						return;
					}
				}
			}
		}
		throw new IllegalStateException("The demo tenant configuration with " + baseUrl + " was not published");
	}

}
