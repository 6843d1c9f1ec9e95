package dev.switchboard.templates.sync;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.switchboard.events.Uuids;
import dev.switchboard.templates.graph.GraphTemplates;
import dev.switchboard.templates.graph.WabaAccounts;
import dev.switchboard.templates.template.TemplateChanges;
import dev.switchboard.tenants.TenantDirectory;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** The sync jobs, their runner and this replica's worker. */
@Configuration(proxyBeanMethods = false)
class SyncConfiguration {

	@Bean
	SyncJobs syncJobs(DatabaseClient database, TransactionalOperator transactions) {
		return new SyncJobs(database, transactions, replicaName());
	}

	@Bean
	TemplateSync templateSync(WabaAccounts accounts, GraphTemplates graph, TemplateChanges changes, SyncJobs jobs,
			TransactionalOperator transactions, SyncProperties properties, MeterRegistry meters) {
		return new TemplateSync(accounts, graph, changes, jobs, transactions, properties.lease(), meters);
	}

	@Bean
	@ConditionalOnProperty(name = "switchboard.templates.sync.enabled", matchIfMissing = true)
	SyncWorker syncWorker(SyncJobs jobs, TemplateSync sync, SyncProperties properties,
			ObjectProvider<TenantDirectory> tenants) {
		return new SyncWorker(jobs, sync, properties, tenants.getIfAvailable());
	}

	/** Host name and a random part: two replicas on one host stay apart. */
	private static String replicaName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host + "/" + Uuids.random().toString().substring(0, 8);
	}

}
