package dev.switchboard.messaging.messages.send;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.switchboard.http.problem.ApiProblem.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * WhatsApp's limits per message type, each at its boundary (the limit passes, one more is
 * refused, counted in characters even outside the basic plane), with objects of the wrong
 * shape named by their field.
 */
class ContentRulesTest {

	/** One character outside the basic plane: two UTF-16 units. */
	private static final String EMOJI = "\uD83D\uDE00";

	@Test
	void aTypeWithoutItsObjectIsRefused() {
		assertThat(problems("image", null)).containsExactly("image: must be given for type image");
	}

	@Test
	void anUnknownTypeNamesTheTypesThereAre() {
		assertThat(problems("sticker", Map.of())).singleElement().asString().startsWith("type: must be one of");
	}

	// Templates

	@Test
	void aTemplateNeedsANameAndALanguageCode() {
		assertThat(problems("template", Map.of("name", "order_update", "language", Map.of("code", "en")))).isEmpty();
		assertThat(problems("template", Map.of("name", " ", "language", Map.of("code", ""))))
			.containsExactly("template.name: must not be blank", "template.language.code: must not be blank");
		assertThat(problems("template", Map.of("name", "order_update", "language", "en")))
			.containsExactly("template.language.code: must not be blank");
	}

	@Test
	void templateComponentsMustBeAListOfKnownComponents() {
		assertThat(problems("template", template(Map.of("type", "body")))).isEmpty();
		assertThat(problems("template", template(Map.of("type", "BODY")))).isEmpty();
		assertThat(problems("template", template("body"))).containsExactly("template.components[0]: must be an object");
		assertThat(problems("template", template(Map.of("type", "sidebar")))).singleElement()
			.asString()
			.startsWith("template.components[0].type: must be one of");
		Map<String, Object> notAList = new HashMap<>(template());
		notAList.put("components", Map.of("type", "body"));
		assertThat(problems("template", notAList)).containsExactly("template.components: must be a list");
	}

	@Test
	void aTemplateButtonNeedsItsSubTypeAndIndex() {
		assertThat(problems("template", template(Map.of("type", "button", "sub_type", "url", "index", 0)))).isEmpty();
		assertThat(problems("template", template(Map.of("type", "button")))).containsExactly(
				"template.components[0].sub_type: must not be blank for a button",
				"template.components[0].index: must be given for a button");
	}

	@Test
	void aTextParameterHoldsAtMost1024Characters() {
		assertThat(problems("template", parameters(Map.of("type", "text", "text", EMOJI.repeat(1024))))).isEmpty();
		assertThat(problems("template", parameters(Map.of("type", "text", "text", "x".repeat(1025)))))
			.containsExactly("template.components[0].parameters[0].text: must be at most 1024 characters");
		assertThat(problems("template", parameters(Map.of("type", "text"))))
			.containsExactly("template.components[0].parameters[0].text: must be given for a text parameter");
	}

	@Test
	void aNamedParameterIsNamedInLowerCaseLettersDigitsAndUnderscores() {
		assertThat(problems("template",
				parameters(Map.of("type", "text", "text", "A-1042", "parameter_name", "order_number_2"))))
			.isEmpty();
		for (Object name : List.of("Order", "order-number", "", "x".repeat(65), 7)) {
			assertThat(problems("template", parameters(Map.of("type", "text", "text", "A", "parameter_name", name))))
				.as("name %s", name)
				.containsExactly(
						"template.components[0].parameters[0].parameter_name: must be lower-case letters, digits or _");
		}
	}

	@Test
	void parametersMustBeAListOfTypedObjects() {
		assertThat(problems("template", template(Map.of("type", "body", "parameters", "A-1042"))))
			.containsExactly("template.components[0].parameters: must be a list");
		assertThat(problems("template", parameters("A-1042", Map.of("text", "A-1042")))).containsExactly(
				"template.components[0].parameters[0].type: must not be blank",
				"template.components[0].parameters[1].type: must not be blank");
	}

	@Test
	void aMediaParameterHasExactlyOneOfIdOrLink() {
		assertThat(problems("template", parameters(Map.of("type", "image", "image", Map.of("id", "123"))))).isEmpty();
		assertThat(problems("template",
				parameters(Map.of("type", "document", "document",
						Map.of("id", "123", "link", "https://example.com/a.pdf")))))
			.containsExactly("template.components[0].parameters[0].document: must have exactly one of id or link");
		assertThat(problems("template", parameters(Map.of("type", "video", "video", "https://example.com/a.mp4"))))
			.containsExactly("template.components[0].parameters[0].video: must have exactly one of id or link");
	}

	// Media

	@ParameterizedTest
	@ValueSource(strings = { "image", "video", "document" })
	void mediaHasExactlyOneOfIdOrLinkAndACaptionOfAtMost1024Characters(String type) {
		assertThat(problems(type, Map.of("id", "123", "caption", EMOJI.repeat(1024)))).isEmpty();
		assertThat(problems(type, Map.of("link", "https://example.com/a"))).isEmpty();
		assertThat(problems(type, Map.of("id", "123", "caption", "x".repeat(1025))))
			.containsExactly(type + ".caption: must be at most 1024 characters");
		assertThat(problems(type, Map.of("caption", "Hi")))
			.containsExactly(type + ": must have exactly one of id or link");
		assertThat(problems(type, Map.of("id", "123", "link", "https://example.com/a")))
			.containsExactly(type + ": must have exactly one of id or link");
		assertThat(problems(type, Map.of("id", " "))).containsExactly(type + ": must have exactly one of id or link");
	}

	@Test
	void aMediaLinkIsAnHttpUrl() {
		assertThat(problems("image", Map.of("link", "HTTP://example.com/a.png"))).isEmpty();
		for (String link : List.of("ftp://example.com/a.png", "example.com/a.png", "https://", "https://a b")) {
			assertThat(problems("image", Map.of("link", link))).as(link)
				.containsExactly("image.link: must be an http(s) URL");
		}
	}

	@Test
	void aDocumentsFilenameHoldsAtMost240Characters() {
		assertThat(problems("document", Map.of("id", "123", "filename", "x".repeat(240)))).isEmpty();
		assertThat(problems("document", Map.of("id", "123", "filename", "x".repeat(241))))
			.containsExactly("document.filename: must be at most 240 characters");
	}

	@Test
	void audioHasNoCaption() {
		assertThat(problems("audio", Map.of("id", "123"))).isEmpty();
		assertThat(problems("audio", Map.of("id", "123", "caption", "")))
			.containsExactly("audio.caption: is not supported for audio");
	}

	// Interactive

	@Test
	void replyButtonsAreOneToThreeWithTitlesOfAtMost20Characters() {
		assertThat(problems("interactive", buttons(3, EMOJI.repeat(20)))).isEmpty();
		assertThat(problems("interactive", buttons(1, "Yes"))).isEmpty();
		assertThat(problems("interactive", buttons(0, "Yes")))
			.containsExactly("interactive.action.buttons: must hold 1 to 3 buttons");
		assertThat(problems("interactive", buttons(4, "Yes")))
			.containsExactly("interactive.action.buttons: must hold 1 to 3 buttons");
		assertThat(problems("interactive", buttons(1, "x".repeat(21))))
			.containsExactly("interactive.action.buttons[0].reply.title: must be at most 20 characters");
	}

	@Test
	void aReplyButtonHasAnIdOfAtMost256CharactersAndATitle() {
		assertThat(problems("interactive", interactive("button",
				Map.of("buttons",
						List.of(Map.of("type", "reply", "reply", Map.of("id", "x".repeat(256), "title", "Yes")))))))
			.isEmpty();
		assertThat(problems("interactive",
				interactive("button", Map.of("buttons",
						List.of(Map.of("type", "reply", "reply", Map.of("id", "x".repeat(257), "title", "Yes")))))))
			.containsExactly("interactive.action.buttons[0].reply.id: must be at most 256 characters");
		assertThat(problems("interactive",
				interactive("button", Map.of("buttons", List.of(Map.of("reply", Map.of("title", "Yes")), "Yes")))))
			.containsExactly("interactive.action.buttons[0].reply: must have an id and a title",
					"interactive.action.buttons[1].reply: must have an id and a title");
		assertThat(problems("interactive", interactive("button", Map.of("buttons", Map.of("reply", Map.of())))))
			.containsExactly("interactive.action.buttons: must hold 1 to 3 buttons");
	}

	@Test
	void theBodyHoldsAtMost1024AndHeaderAndFooterAtMost60Characters() {
		Map<String, Object> fits = new HashMap<>(buttons(1, "Yes"));
		fits.put("body", Map.of("text", EMOJI.repeat(1024)));
		fits.put("header", Map.of("type", "text", "text", "x".repeat(60)));
		fits.put("footer", Map.of("text", "x".repeat(60)));
		assertThat(problems("interactive", fits)).isEmpty();
		Map<String, Object> tooLong = new HashMap<>(buttons(1, "Yes"));
		tooLong.put("body", Map.of("text", "x".repeat(1025)));
		tooLong.put("header", Map.of("type", "text", "text", "x".repeat(61)));
		tooLong.put("footer", Map.of("text", "x".repeat(61)));
		assertThat(problems("interactive", tooLong)).containsExactly(
				"interactive.body.text: must be at most 1024 characters",
				"interactive.header.text: must be at most 60 characters",
				"interactive.footer.text: must be at most 60 characters");
	}

	@Test
	void anInteractiveMessageNeedsABodyAnActionAndAKnownType() {
		assertThat(problems("interactive", Map.of("type", "button")))
			.containsExactly("interactive.body.text: must not be blank", "interactive.action: must be an object");
		assertThat(problems("interactive", Map.of("type", "button", "body", "Pick one", "action", List.of())))
			.containsExactly("interactive.body.text: must not be blank", "interactive.action: must be an object");
		assertThat(problems("interactive", interactive("carousel", Map.of())))
			.containsExactly("interactive.type: must be button or list");
		assertThat(problems("interactive", interactive(null, Map.of())))
			.containsExactly("interactive.type: must be button or list");
	}

	@Test
	void aListHasOneToTenSectionsAndTenRowsInAll() {
		assertThat(problems("interactive", list(List.of(rows(5), rows(5))))).isEmpty();
		assertThat(problems("interactive", list(List.of())))
			.containsExactly("interactive.action.sections: must hold 1 to 10 sections");
		assertThat(problems("interactive", list(Collections.nCopies(11, rows(1)))))
			.containsExactly("interactive.action.sections: must hold 1 to 10 sections");
		assertThat(problems("interactive", list(List.of(rows(6), rows(5)))))
			.containsExactly("interactive.action.sections: must hold at most 10 rows in all");
		assertThat(problems("interactive", list(List.of(rows(0), "section")))).containsExactly(
				"interactive.action.sections[0].rows: must not be empty",
				"interactive.action.sections[1].rows: must not be empty");
	}

	@Test
	void aListRowHasATitleOfAtMost24ADescriptionOfAtMost72AndAnIdOfAtMost200Characters() {
		Map<String, Object> fits = Map.of("id", "x".repeat(200), "title", EMOJI.repeat(24), "description",
				"x".repeat(72));
		assertThat(problems("interactive", list(List.of(Map.of("rows", List.of(fits)))))).isEmpty();
		Map<String, Object> tooLong = Map.of("id", "x".repeat(201), "title", "x".repeat(25), "description",
				"x".repeat(73));
		assertThat(problems("interactive", list(List.of(Map.of("rows", List.of(tooLong)))))).containsExactly(
				"interactive.action.sections[0].rows[0].title: must be at most 24 characters",
				"interactive.action.sections[0].rows[0].description: must be at most 72 characters",
				"interactive.action.sections[0].rows[0].id: must be at most 200 characters");
		assertThat(problems("interactive", list(List.of(Map.of("rows", List.of(Map.of("id", "r1"), "row"))))))
			.containsExactly("interactive.action.sections[0].rows[0]: must have an id and a title",
					"interactive.action.sections[0].rows[1]: must have an id and a title");
	}

	@Test
	void aListsButtonIsNamedInAtMost20Characters() {
		Map<String, Object> action = new HashMap<>(Map.of("sections", List.of(rows(1))));
		action.put("button", "x".repeat(20));
		assertThat(problems("interactive", interactive("list", action))).isEmpty();
		action.put("button", "x".repeat(21));
		assertThat(problems("interactive", interactive("list", action)))
			.containsExactly("interactive.action.button: must be at most 20 characters");
		action.remove("button");
		assertThat(problems("interactive", interactive("list", action)))
			.containsExactly("interactive.action.button: must not be blank");
	}

	// Reactions

	@Test
	void aReactionNamesItsMessageAndHoldsOneEmojiOrNone() {
		assertThat(problems("reaction", Map.of("message_id", "wamid.X", "emoji", "\uD83D\uDC4D"))).isEmpty();
		// An empty emoji takes the reaction back.
		assertThat(problems("reaction", Map.of("message_id", "wamid.X", "emoji", ""))).isEmpty();
		// A family is one emoji of several code points.
		assertThat(problems("reaction", Map.of("message_id", "wamid.X", "emoji",
				"\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66")))
			.isEmpty();
		assertThat(problems("reaction", Map.of("message_id", "wamid.X", "emoji", "x".repeat(11))))
			.containsExactly("reaction.emoji: must be a single emoji");
		assertThat(problems("reaction", Map.of("message_id", "wamid.X", "emoji", 1)))
			.containsExactly("reaction.emoji: must be a string");
		assertThat(problems("reaction", Map.of("emoji", "x")))
			.containsExactly("reaction.message_id: must not be blank");
	}

	private static List<String> problems(String type, Map<String, Object> object) {
		List<FieldProblem> problems = new ArrayList<>();
		ContentRules.check(type, object, problems);
		return problems.stream().map((problem) -> problem.field() + ": " + problem.message()).toList();
	}

	private static Map<String, Object> template(Object... components) {
		return Map.of("name", "order_update", "language", Map.of("code", "en"), "components", List.of(components));
	}

	private static Map<String, Object> parameters(Object... parameters) {
		return template(Map.of("type", "body", "parameters", List.of(parameters)));
	}

	private static Map<String, Object> interactive(String type, Map<String, Object> action) {
		Map<String, Object> interactive = new HashMap<>();
		interactive.put("type", type);
		interactive.put("body", Map.of("text", "Pick one"));
		interactive.put("action", action);
		return interactive;
	}

	private static Map<String, Object> buttons(int count, String title) {
		List<Object> buttons = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			buttons.add(Map.of("type", "reply", "reply", Map.of("id", "b" + i, "title", title)));
		}
		return interactive("button", Map.of("buttons", buttons));
	}

	private static Map<String, Object> list(List<?> sections) {
		return interactive("list", Map.of("button", "Options", "sections", sections));
	}

	private static Map<String, Object> rows(int count) {
		List<Object> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			rows.add(Map.of("id", "r" + i, "title", "Row " + i));
		}
		return Map.of("title", "Section", "rows", rows);
	}

}
