package dev.switchboard.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Optional;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Testcontainers provider, where a Docker engine exists.
 */
@Tag("docker")
class ContainersIT {

	@Test
	void containersStartAnswerAndRestart() throws Exception {
		InfraSettings settings = new InfraSettings(Optional.of(InfraMode.CONTAINERS), Optional.empty(),
				Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
		try (Infra infra = Infra.start(InfraOptions.forTests(), settings, () -> true)) {
			assertThat(infra.kafka()).isInstanceOf(ContainerKafka.class);
			String topic = "infra-containers";
			EmbeddedInfraIT.createTopic(infra.kafka(), topic);
			try (KafkaProducer<String, String> producer = new KafkaProducer<>(
					EmbeddedInfraIT.producerConfig(infra.kafka()))) {
				producer.send(new ProducerRecord<>(topic, "key", "hello")).get();
			}
			try (Connection connection = DriverManager.getConnection(infra.postgres().jdbcUrl(),
					infra.postgres().username(), infra.postgres().password())) {
				assertThat(connection.isValid(2)).isTrue();
			}
			assertThat(RedisPing.ping(infra.redis().host(), infra.redis().port(), 2_000)).isEqualTo("+PONG");
			int redisPort = infra.redis().port();
			infra.redis().stop();
			infra.redis().start();
			assertThat(infra.redis().port()).isEqualTo(redisPort);
			assertThat(RedisPing.ping(infra.redis().host(), redisPort, 2_000)).isEqualTo("+PONG");
			String bootstrap = infra.kafka().bootstrapServers();
			infra.kafka().stop();
			infra.kafka().start();
			assertThat(infra.kafka().bootstrapServers()).isEqualTo(bootstrap);
		}
	}

}
