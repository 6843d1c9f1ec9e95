package dev.switchboard.operations;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * The part of KEDA's {@code ScaledObject} (keda.sh/v1alpha1) the manifests use; any other
 * field fails the read.
 *
 * @param apiVersion keda.sh/v1alpha1
 * @param kind ScaledObject
 * @param metadata name and labels
 * @param spec what is scaled and on what
 */
record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, Spec spec) {

	/**
	 * @param scaleTargetRef the Deployment
	 * @param pollingInterval seconds between lag checks
	 * @param cooldownPeriod seconds before scaling to the minimum after the last activity
	 * @param minReplicaCount fewest replicas
	 * @param maxReplicaCount most replicas
	 * @param triggers what to scale on
	 */
	record Spec(Target scaleTargetRef, Integer pollingInterval, Integer cooldownPeriod, Integer minReplicaCount,
			Integer maxReplicaCount, List<Trigger> triggers) {
	}

	/**
	 * @param name the Deployment's name
	 */
	record Target(String name) {
	}

	/**
	 * @param type the scaler, {@code kafka} here
	 * @param metadata the scaler's settings (bootstrapServers, consumerGroup, topic,
	 * lagThreshold, ...)
	 */
	record Trigger(String type, Map<String, String> metadata) {
	}

}
