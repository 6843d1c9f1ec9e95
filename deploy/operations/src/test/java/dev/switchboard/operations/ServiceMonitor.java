package dev.switchboard.operations;

import java.util.List;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The part of the Prometheus operator's {@code ServiceMonitor} (monitoring.coreos.com/v1)
 * the manifests use; any other field fails the read.
 *
 * @param apiVersion monitoring.coreos.com/v1
 * @param kind ServiceMonitor
 * @param metadata name and labels
 * @param spec which Service and port to scrape
 */
record ServiceMonitor(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

	/**
	 * @param selector the Service's labels
	 * @param endpoints the ports scraped
	 */
	record Spec(LabelSelector selector, List<Endpoint> endpoints) {
	}

	/**
	 * @param port the Service port's name
	 * @param path the metrics path
	 * @param interval how often
	 */
	record Endpoint(String port, String path, String interval) {
	}

}
