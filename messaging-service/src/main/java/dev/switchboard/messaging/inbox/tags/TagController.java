package dev.switchboard.messaging.inbox.tags;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import dev.switchboard.http.problem.ApiProblem;
import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import dev.switchboard.messaging.inbox.agents.InboxCallers;
import dev.switchboard.messaging.inbox.tags.Tags.TagChange;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/tags}: the tenant's tag catalogue. Every caller of the tenant reads it;
 * supervisors, admins and integrations create, change and delete tags.
 */
@io.swagger.v3.oas.annotations.tags.Tag(name = "Tags",
		description = "The tenant's tag catalogue; supervisors, admins and integrations change it.")
@RestController
class TagController {

	/** As long as a conversation's tag may be. */
	static final int MAX_NAME_LENGTH = 50;

	private static final int MAX_DESCRIPTION_LENGTH = 500;

	private static final Set<String> FIELDS = Set.of("name", "description", "color");

	private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");

	private final Tags tags;

	private final InboxCallers callers;

	TagController(Tags tags, InboxCallers callers) {
		this.tags = tags;
		this.callers = callers;
	}

	@Operation(operationId = "listTags", summary = "List tags", description = "The tenant's tag catalogue.")
	@GetMapping(path = "/api/v1/tags", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Tag.Page> list(@AuthenticationPrincipal Jwt token) {
		return this.callers.of(token)
			.flatMap((caller) -> this.tags.list(caller.tenantId()).collectList().map(Tag.Page::new));
	}

	@Operation(operationId = "getTag", summary = "Get a tag",
			description = "One tag of the catalogue; another tenant's is 404.")
	@GetMapping(path = "/api/v1/tags/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Tag> tag(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return this.callers.of(token)
			.flatMap((caller) -> this.tags.find(caller.tenantId(), tagId(id)))
			.switchIfEmpty(Mono.error(TagController::notFound));
	}

	@Operation(operationId = "createTag", summary = "Create a tag", description = "Adds a tag to the catalogue.")
	@PostMapping(path = "/api/v1/tags", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<ResponseEntity<Tag>> create(@RequestBody Map<String, Object> body, @AuthenticationPrincipal Jwt token) {
		return this.callers.of(token).flatMap((caller) -> {
			caller.requireSupervisor();
			return this.tags.create(caller.tenantId(), change(body, true));
		}).map((tag) -> ResponseEntity.created(URI.create("/api/v1/tags/" + tag.id())).body(tag));
	}

	@Operation(operationId = "updateTag", summary = "Change a tag",
			description = "Changes the name, description or colour of a tag.")
	@PatchMapping(path = "/api/v1/tags/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	Mono<Tag> update(@PathVariable String id, @RequestBody Map<String, Object> body,
			@AuthenticationPrincipal Jwt token) {
		return this.callers.of(token).flatMap((caller) -> {
			caller.requireSupervisor();
			return this.tags.update(caller.tenantId(), tagId(id), change(body, false), caller.actorId());
		}).switchIfEmpty(Mono.error(TagController::notFound));
	}

	/** Deletes the tag; the conversations carrying it lose it. */
	@Operation(operationId = "deleteTag", summary = "Delete a tag",
			description = "Deletes the tag; the conversations carrying it lose it.")
	@DeleteMapping(path = "/api/v1/tags/{id}")
	Mono<ResponseEntity<Void>> delete(@PathVariable String id, @AuthenticationPrincipal Jwt token) {
		return this.callers.of(token).flatMap((caller) -> {
			caller.requireSupervisor();
			return this.tags.delete(caller.tenantId(), tagId(id), caller.actorId());
		}).flatMap((deleted) -> deleted ? Mono.just(ResponseEntity.noContent().<Void>build()) : Mono.error(notFound()));
	}

	private static TagChange change(Map<String, Object> body, boolean creating) {
		if (body == null) {
			throw ApiProblem.validationFailed(List.of(new FieldProblem("body", "must be a JSON object")));
		}
		List<FieldProblem> problems = new ArrayList<>();
		body.keySet()
			.stream()
			.filter((field) -> !FIELDS.contains(field))
			.forEach((field) -> problems.add(new FieldProblem(field, "is not a field of a tag")));
		String name = text(body, "name", MAX_NAME_LENGTH, creating, problems);
		String description = text(body, "description", MAX_DESCRIPTION_LENGTH, false, problems);
		Object color = body.get("color");
		if (color != null && !(color instanceof String text && COLOR.matcher(text).matches())) {
			problems.add(new FieldProblem("color", "must be a colour as #rrggbb"));
		}
		if (!creating && body.isEmpty()) {
			problems.add(new FieldProblem("body", "must set name, description or color"));
		}
		if (!problems.isEmpty()) {
			throw ApiProblem.validationFailed(problems);
		}
		return new TagChange(name, description, (color != null) ? ((String) color).toLowerCase(Locale.ROOT) : null);
	}

	private static String text(Map<String, Object> body, String field, int max, boolean required,
			List<FieldProblem> problems) {
		Object value = body.get(field);
		if (value == null) {
			if (required) {
				problems.add(new FieldProblem(field, "is required"));
			}
			return null;
		}
		if (!(value instanceof String text) || text.isBlank() || text.strip().length() > max) {
			problems.add(new FieldProblem(field, "must be a text of 1 to " + max + " characters"));
			return null;
		}
		return text.strip();
	}

	/** An id that is no UUID names no tag: 404, like another tenant's. */
	private static UUID tagId(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException ex) {
			throw notFound();
		}
	}

	private static ApiProblem notFound() {
		return ApiProblem.notFound("No such tag");
	}

}
