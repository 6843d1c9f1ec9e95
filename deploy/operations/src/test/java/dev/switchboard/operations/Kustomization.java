package dev.switchboard.operations;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The part of a {@code kustomization.yaml} the overlays use; any other field fails the
 * read.
 *
 * @param apiVersion kustomize.config.k8s.io/v1beta1
 * @param kind Kustomization
 * @param namespace the namespace of every resource
 * @param resources files and folders of resources
 * @param labels labels added to every resource
 * @param secretGenerator Secrets built from env files
 * @param patches patches with their targets
 * @param images image names and tags replaced
 */
record Kustomization(String apiVersion, String kind, String namespace, List<String> resources,
		List<Map<String, Object>> labels, List<Generator> secretGenerator, List<Patch> patches, List<Image> images) {

	/**
	 * @param name the Secret's name
	 * @param envs env files
	 */
	record Generator(String name, List<String> envs) {
	}

	/**
	 * @param path a patch file
	 * @param patch an inline patch
	 * @param target what it applies to
	 */
	record Patch(String path, String patch, Target target) {
	}

	/**
	 * @param kind resource kind
	 * @param name resource name, every one of the kind when absent
	 */
	record Target(String kind, String name) {
	}

	/**
	 * @param name the image as the base names it
	 * @param newName its replacement
	 * @param newTag its tag
	 */
	record Image(String name, @JsonProperty("newName") String newName, @JsonProperty("newTag") String newTag) {
	}

}
