package dev.switchboard.simulators;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.node.ObjectNode;

/**
 * The message templates Meta holds per WhatsApp Business Account, as the template
 * endpoints serve them: in creation order, each a Graph API template object. The demo
 * WABA starts with {@link DemoTemplates}; tests add, change and remove templates and
 * inject faults (rules match the WABA id in {@code phoneNumberId}).
 */
public final class MetaTemplates {

	private static final long FIRST_ID = 1_000_000_000_000_001L;

	private final FaultRules faults = new FaultRules();

	private final Map<String, List<ObjectNode>> byWaba = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong(FIRST_ID);

	private final AtomicLong listRequests = new AtomicLong();

	private volatile java.time.Duration reviewDelay = java.time.Duration.ofMillis(300);

	MetaTemplates() {
		seed();
	}

	/**
	 * The fault rules applied to template requests; a rule's phone number is the WABA.
	 */
	public FaultRules faults() {
		return this.faults;
	}

	/**
	 * How long after a create its review webhook (APPROVED, or REJECTED for a name with
	 * {@code reject} in it) is posted; 300 ms by default.
	 */
	public MetaTemplates reviewDelay(java.time.Duration delay) {
		this.reviewDelay = delay;
		return this;
	}

	java.time.Duration reviewDelay() {
		return this.reviewDelay;
	}

	/** List requests received, answered or not. */
	public long listRequests() {
		return this.listRequests.get();
	}

	/**
	 * Adds a template (or replaces the one with its name and language) and returns its
	 * id.
	 * @param wabaId the WABA
	 * @param template a Graph API template object; {@code id} is assigned when absent
	 */
	public String put(String wabaId, Map<String, Object> template) {
		ObjectNode node = Json.MAPPER.valueToTree(template);
		return put(wabaId, node);
	}

	/**
	 * Adds {@code count} approved utility templates {@code <prefix>_<n>} in {@code en},
	 * one positional body parameter each (load and paging tests).
	 */
	public void addGenerated(String wabaId, String prefix, int count) {
		for (int i = 1; i <= count; i++) {
			put(wabaId, DemoTemplates.simple(prefix + "_" + i, "en", "APPROVED", "UTILITY"));
		}
	}

	/** Changes a template's status; false when the WABA holds no such template. */
	public boolean setStatus(String wabaId, String name, String language, String status) {
		return find(wabaId, name, language).map((template) -> {
			synchronized (this) {
				template.put("status", status);
			}
			return true;
		}).orElse(false);
	}

	/**
	 * Removes every language of a name, as Meta's delete by name does; the count removed.
	 */
	public synchronized int remove(String wabaId, String name) {
		List<ObjectNode> templates = templates(wabaId);
		int before = templates.size();
		templates.removeIf((template) -> name.equals(Json.text(template, "name")));
		return before - templates.size();
	}

	/**
	 * One template of the WABA (a copy), empty when it holds none by that name and
	 * language.
	 */
	public Optional<ObjectNode> template(String wabaId, String name, String language) {
		return find(wabaId, name, language).map(ObjectNode::deepCopy);
	}

	/** The WABA's templates, oldest first (copies). */
	public synchronized List<ObjectNode> list(String wabaId) {
		return templates(wabaId).stream().map(ObjectNode::deepCopy).toList();
	}

	/** Back to the demo templates only; fault rules and counters cleared. */
	public synchronized void reset() {
		this.byWaba.clear();
		this.faults.clear();
		this.listRequests.set(0);
		seed();
	}

	synchronized String put(String wabaId, ObjectNode template) {
		Objects.requireNonNull(Json.text(template, "name"), "name");
		Objects.requireNonNull(Json.text(template, "language"), "language");
		List<ObjectNode> templates = templates(wabaId);
		Optional<ObjectNode> existing = find(wabaId, Json.text(template, "name"), Json.text(template, "language"));
		String id = existing.map((known) -> Json.text(known, "id"))
			.orElseGet(() -> Json.text(template, "id", String.valueOf(this.ids.getAndIncrement())));
		template.put("id", id);
		if (!template.has("quality_score")) {
			template.putObject("quality_score").put("score", "UNKNOWN").put("date", Instant.now().getEpochSecond());
		}
		if (existing.isPresent()) {
			templates.set(templates.indexOf(existing.get()), template);
		}
		else {
			templates.add(template);
		}
		return id;
	}

	synchronized Optional<ObjectNode> find(String wabaId, String name, String language) {
		return templates(wabaId).stream()
			.filter((template) -> name.equals(Json.text(template, "name"))
					&& language.equals(Json.text(template, "language")))
			.findFirst();
	}

	/** One page: up to {@code limit} templates from {@code offset}, and the total. */
	synchronized Page page(String wabaId, int offset, int limit) {
		List<ObjectNode> templates = templates(wabaId);
		int from = Math.min(offset, templates.size());
		int to = Math.min(from + limit, templates.size());
		List<ObjectNode> copies = new ArrayList<>();
		for (ObjectNode template : templates.subList(from, to)) {
			copies.add(template.deepCopy());
		}
		return new Page(copies, from, templates.size());
	}

	long countListRequest() {
		return this.listRequests.incrementAndGet();
	}

	private List<ObjectNode> templates(String wabaId) {
		return this.byWaba.computeIfAbsent(wabaId, (waba) -> new ArrayList<>());
	}

	private void seed() {
		for (Map<String, Object> template : DemoTemplates.demo()) {
			put(SimulatorOptions.DEFAULT_WABA_ID, template);
		}
	}

	/**
	 * A slice of a WABA's templates.
	 *
	 * @param templates the templates of the page
	 * @param offset position of the first
	 * @param total templates the WABA holds
	 */
	record Page(List<ObjectNode> templates, int offset, int total) {
	}

}
