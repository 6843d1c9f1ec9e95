package dev.switchboard.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Each server of the shared infrastructure starts and answers.
 */
@SwitchboardInfra
class EmbeddedInfraIT {

	@ParameterizedTest
	@ValueSource(strings = { "classic", "consumer" })
	void kafkaDeliversARecordToBothGroupProtocols(String groupProtocol, KafkaEndpoint kafka) throws Exception {
		String topic = "infra-it-" + groupProtocol + "-" + UUID.randomUUID();
		createTopic(kafka, topic);
		try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(kafka))) {
			producer.send(new ProducerRecord<>(topic, "key", "hello")).get();
		}
		try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(kafka, groupProtocol))) {
			consumer.subscribe(List.of(topic));
			List<ConsumerRecord<String, String>> received = new ArrayList<>();
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				consumer.poll(Duration.ofMillis(200)).forEach(received::add);
				return !received.isEmpty();
			});
			assertThat(received).singleElement().satisfies((record) -> {
				assertThat(record.key()).isEqualTo("key");
				assertThat(record.value()).isEqualTo("hello");
			});
		}
	}

	@Test
	void postgresAnswersOnTheSwitchboardDatabase(PostgresEndpoint postgres) throws Exception {
		assertThat(postgres.database()).isEqualTo("switchboard");
		assertThat(postgres.jdbcUrl())
			.isEqualTo("jdbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/switchboard");
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password());
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery("SELECT 1, current_database()")) {
			assertThat(result.next()).isTrue();
			assertThat(result.getInt(1)).isEqualTo(1);
			assertThat(result.getString(2)).isEqualTo("switchboard");
		}
	}

	@Test
	void r2dbcUrlSelectsTheServiceSchema(PostgresEndpoint postgres) throws Exception {
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password()); Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA IF NOT EXISTS infra_it");
			statement.execute("CREATE TABLE IF NOT EXISTS infra_it.greeting (text varchar(20))");
			statement.execute("INSERT INTO infra_it.greeting VALUES ('hello')");
		}
		String url = postgres.r2dbcUrl("infra_it");
		assertThat(url).isEqualTo(
				"r2dbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/switchboard?schema=infra_it");
		ConnectionFactory factory = ConnectionFactories.get(ConnectionFactoryOptions.parse(url)
			.mutate()
			.option(ConnectionFactoryOptions.USER, postgres.username())
			.option(ConnectionFactoryOptions.PASSWORD, postgres.password())
			.build());
		String text = Mono.usingWhen(Mono.from(factory.create()).cast(PostgresqlConnection.class),
				// Unqualified table name: found only through the schema in the URL.
				(connection) -> Mono.from(connection.createStatement("SELECT text FROM greeting").execute())
					.flatMap((result) -> Mono.from(result.map((row, meta) -> row.get(0, String.class)))),
				PostgresqlConnection::close)
			.block(Duration.ofSeconds(10));
		assertThat(text).isEqualTo("hello");
	}

	@Test
	void redisAnswersPing(RedisEndpoint redis) throws Exception {
		assertThat(redis.url()).isEqualTo("redis://" + redis.host() + ":" + redis.port());
		assertThat(RedisPing.ping(redis.host(), redis.port(), 2_000)).isEqualTo("+PONG");
	}

	@Test
	void springPropertiesPointAServiceAtItsSchema(Infra infra) {
		PostgresEndpoint postgres = infra.postgres();
		assertThat(SpringInfraProperties.forService(infra, "orders")).containsExactly(
				entry("switchboard.kafka.bootstrap-servers", infra.kafka().bootstrapServers()),
				entry("switchboard.kafka.stall-timeout", "10s"),
				entry("spring.r2dbc.url",
						"r2dbc:postgresql://" + postgres.host() + ":" + postgres.port() + "/switchboard?schema=orders"),
				entry("spring.r2dbc.username", postgres.username()),
				entry("spring.r2dbc.password", postgres.password()), entry("spring.flyway.url", postgres.jdbcUrl()),
				entry("spring.flyway.user", postgres.username()), entry("spring.flyway.password", postgres.password()),
				entry("spring.flyway.schemas", "orders"), entry("spring.flyway.default-schema", "orders"),
				entry("spring.data.redis.url", infra.redis().url()));
	}

	static void createTopic(KafkaEndpoint kafka, String topic) throws Exception {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
			admin.createTopics(Set.of(new NewTopic(topic, 1, (short) 1))).all().get();
			// Produce only once the leader answers (see stack.md on producing right after
			// creation).
			TopicPartition partition = new TopicPartition(topic, 0);
			await().atMost(Duration.ofSeconds(30))
				.ignoreExceptions()
				.until(() -> admin.listOffsets(Map.of(partition, OffsetSpec.latest()))
					.all()
					.get()
					.containsKey(partition));
		}
	}

	static Map<String, Object> producerConfig(KafkaEndpoint kafka) {
		return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ProducerConfig.ACKS_CONFIG,
				"all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
				ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
	}

	static Map<String, Object> consumerConfig(KafkaEndpoint kafka, String groupProtocol) {
		return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG,
				"infra-it-" + UUID.randomUUID(), ConsumerConfig.GROUP_PROTOCOL_CONFIG, groupProtocol,
				ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
				StringDeserializer.class, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
	}

}
