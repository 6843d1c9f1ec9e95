package dev.switchboard.orders.sync;

import dev.switchboard.orders.tasks.TaskWorkerSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The task worker's settings, which live with the contact sync's. */
@Configuration(proxyBeanMethods = false)
class SyncConfiguration {

	@Bean
	TaskWorkerSettings taskWorkerSettings(SyncProperties properties) {
		return properties.workerSettings();
	}

}
