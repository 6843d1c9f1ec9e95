package dev.switchboard.templates.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionRulesTest {

	private static final String HEADER = "{'type':'HEADER','format':'TEXT','text':'Order {{1}}','example':{'header_text':['A-1']}}";

	private static final String BODY = "{'type':'BODY','text':'Hello {{1}}, your order {{2}} is confirmed and on its way.',"
			+ "'example':{'body_text':[['Dana','A-1']]}}";

	private static final String FOOTER = "{'type':'FOOTER','text':'Reply STOP to opt out'}";

	private static final String BUTTONS = "{'type':'BUTTONS','buttons':[{'type':'QUICK_REPLY','text':'Stop'},"
			+ "{'type':'URL','text':'Track','url':'https://shop.example/track/{{1}}','example':['https://shop.example/track/A-1']},"
			+ "{'type':'PHONE_NUMBER','text':'Call us','phone_number':'+972500000000'}]}";

	static List<String> problems(String name, String language, String category, String format, String... components) {
		NewTemplate template = new NewTemplate(name, language, category, format,
				Json.list("[" + String.join(",", components) + "]"));
		return SubmissionRules.check(template)
			.stream()
			.map((problem) -> problem.component() + ":" + problem.code())
			.toList();
	}

	static List<String> utility(String... components) {
		return problems("order_confirmation", "en_US", "UTILITY", null, components);
	}

	static String body(String text, String examples) {
		return "{'type':'BODY','text':'" + text + "','example':{'body_text':[" + examples + "]}}";
	}

	@Test
	void aCompliantTemplatePasses() {
		assertThat(utility(HEADER, BODY, FOOTER, BUTTONS)).isEmpty();
		assertThat(problems("x", "fil", "marketing", "POSITIONAL", BODY)).isEmpty();
	}

	@Test
	void everyFailedRuleIsListed() {
		assertThat(problems("Order Confirmation", "english", "PROMO", "MIXED",
				"{'type':'HEADER','format':'TEXT','text':'" + "h".repeat(61) + "'}",
				"{'type':'FOOTER','text':'Bye {{1}}'}"))
			.containsExactly("name:NAME_INVALID", "category:CATEGORY_INVALID", "language:LANGUAGE_INVALID",
					"parameter_format:PARAMETER_FORMAT_INVALID", "HEADER:TEXT_TOO_LONG", "FOOTER:VARIABLE_NOT_ALLOWED",
					"BODY:BODY_MISSING");
	}

	@Nested
	class NamesCategoriesLanguages {

		@ParameterizedTest
		@ValueSource(strings = { "Order", "order-confirmation", "order confirmation", "ordér", "" })
		void namesAreLowerCaseLettersDigitsAndUnderscores(String name) {
			assertThat(problems(name, "en", "UTILITY", null, BODY)).containsExactly("name:NAME_INVALID");
		}

		@Test
		void namesHoldUpTo512Characters() {
			assertThat(problems("n".repeat(512), "en", "UTILITY", null, BODY)).isEmpty();
			assertThat(problems("n".repeat(513), "en", "UTILITY", null, BODY)).containsExactly("name:NAME_INVALID");
			assertThat(problems(null, "en", "UTILITY", null, BODY)).containsExactly("name:NAME_INVALID");
		}

		@ParameterizedTest
		@ValueSource(strings = { "TRANSACTIONAL", "OTP", "PROMO", "" })
		void categoriesAreMarketingUtilityOrAuthentication(String category) {
			assertThat(problems("n", "en", category, null, BODY)).containsExactly("category:CATEGORY_INVALID");
		}

		@ParameterizedTest
		@ValueSource(strings = { "en", "en_US", "pt_BR", "zh_HK", "fil", "he", "ro" })
		void languageCodesLikeMetasPass(String language) {
			assertThat(problems("n", language, "UTILITY", null, BODY)).isEmpty();
		}

		@ParameterizedTest
		@ValueSource(strings = { "en-US", "EN", "english", "en_us", "e", "" })
		void otherLanguageCodesAreRefused(String language) {
			assertThat(problems("n", language, "UTILITY", null, BODY)).containsExactly("language:LANGUAGE_INVALID");
		}

	}

	@Nested
	class Components {

		@Test
		void oneBodyIsRequiredAndNoPartTwice() {
			assertThat(utility(HEADER)).containsExactly("BODY:BODY_MISSING");
			assertThat(utility(BODY, BODY, FOOTER, FOOTER)).containsExactly("BODY:COMPONENT_DUPLICATE",
					"FOOTER:COMPONENT_DUPLICATE");
			assertThat(utility(BODY, "{'type':'CAROUSEL','cards':[]}", "{'text':'x'}"))
				.containsExactly("components[1]:COMPONENT_INVALID", "components[2]:COMPONENT_INVALID");
		}

		@Test
		void theBodyHolds1024Characters() {
			assertThat(utility("{'type':'BODY','text':'" + "b".repeat(1024) + "'}")).isEmpty();
			assertThat(utility("{'type':'BODY','text':'" + "b".repeat(1025) + "'}"))
				.containsExactly("BODY:TEXT_TOO_LONG");
			assertThat(utility("{'type':'BODY','text':' '}")).containsExactly("BODY:TEXT_MISSING");
		}

		@Test
		void aHeaderHasAKnownFormatAndSixtyCharactersWithOneVariableAtMost() {
			assertThat(utility("{'type':'HEADER','text':'Hi'}", BODY)).containsExactly("HEADER:HEADER_FORMAT_INVALID");
			assertThat(utility("{'type':'HEADER','format':'GIF'}", BODY))
				.containsExactly("HEADER:HEADER_FORMAT_INVALID");
			assertThat(utility("{'type':'HEADER','format':'TEXT','text':'" + "h".repeat(60) + "'}", BODY)).isEmpty();
			assertThat(utility("{'type':'HEADER','format':'TEXT','text':'" + "h".repeat(61) + "'}", BODY))
				.containsExactly("HEADER:TEXT_TOO_LONG");
			assertThat(utility("{'type':'HEADER','format':'TEXT','text':'{{1}} and {{2}}',"
					+ "'example':{'header_text':['a','b']}}", BODY))
				.containsExactly("HEADER:TOO_MANY_VARIABLES");
			assertThat(utility("{'type':'HEADER','format':'TEXT','text':'Order {{2}}','example':{'header_text':['a']}}",
					BODY))
				.containsExactly("HEADER:VARIABLES_NOT_SEQUENTIAL");
			assertThat(utility("{'type':'HEADER','format':'TEXT','text':'Order {{1}}'}", BODY))
				.containsExactly("HEADER:EXAMPLE_MISSING");
		}

		@Test
		void aMediaHeaderNeedsAnUploadedSample() {
			assertThat(utility("{'type':'HEADER','format':'IMAGE','example':{'header_handle':['4::aW1h']}}", BODY))
				.isEmpty();
			assertThat(utility("{'type':'HEADER','format':'VIDEO'}", BODY)).containsExactly("HEADER:EXAMPLE_MISSING");
			assertThat(utility("{'type':'HEADER','format':'DOCUMENT','example':{'header_handle':[]}}", BODY))
				.containsExactly("HEADER:EXAMPLE_MISSING");
		}

		@Test
		void aLocationHeaderIsForUtilityAndMarketingOnly() {
			String location = "{'type':'HEADER','format':'LOCATION'}";

			assertThat(problems("n", "en", "MARKETING", null, location, BODY)).isEmpty();
			assertThat(problems("n", "en", "AUTHENTICATION", null, location, BODY))
				.containsExactly("HEADER:HEADER_FORMAT_INVALID");
		}

		@Test
		void aFooterHoldsSixtyCharactersAndNoVariable() {
			assertThat(utility(BODY, "{'type':'FOOTER','text':'" + "f".repeat(60) + "'}")).isEmpty();
			assertThat(utility(BODY, "{'type':'FOOTER','text':'" + "f".repeat(61) + "'}"))
				.containsExactly("FOOTER:TEXT_TOO_LONG");
			assertThat(utility(BODY, "{'type':'FOOTER','text':'Bye {{1}}'}"))
				.containsExactly("FOOTER:VARIABLE_NOT_ALLOWED");
			assertThat(utility(BODY, "{'type':'FOOTER'}")).containsExactly("FOOTER:TEXT_MISSING");
		}

	}

	@Nested
	class Variables {

		@Test
		void positionalVariablesRunFromOneWithoutGapsInAnyOrder() {
			assertThat(utility(body("Dear {{2}}, we saw order {{1}} today and ship it soon.", "['a','b']"))).isEmpty();
			assertThat(utility(body("Dear {{1}}, we saw order {{3}} today and ship it soon.", "['a','b']")))
				.containsExactly("BODY:VARIABLES_NOT_SEQUENTIAL");
			assertThat(utility(body("Dear {{0}}, we saw your order today and ship it soon.", "['a']")))
				.containsExactly("BODY:VARIABLES_NOT_SEQUENTIAL");
		}

		@Test
		void noVariableAtTheStartOrEndEvenBeforePunctuation() {
			assertThat(utility(body("{{1}} thanks for your order, it ships very soon.", "['a']")))
				.containsExactly("BODY:VARIABLE_AT_EDGE");
			assertThat(utility(body("  ¡{{1}} thanks for your order, it ships very soon.", "['a']")))
				.containsExactly("BODY:VARIABLE_AT_EDGE");
			assertThat(utility(body("Thanks for your order, it ships very soon {{1}}", "['a']")))
				.containsExactly("BODY:VARIABLE_AT_EDGE");
			assertThat(utility(body("Thanks for your order, it ships very soon {{1}}.", "['a']")))
				.containsExactly("BODY:VARIABLE_AT_EDGE");
			assertThat(utility(body("Thanks for your order, it ships very soon {{1}} !", "['a']")))
				.containsExactly("BODY:VARIABLE_AT_EDGE");
			assertThat(utility(body("Thanks for your order {{1}}, it ships very soon.", "['a']"))).isEmpty();
		}

		@Test
		void variablesNeedWordsBetweenThem() {
			assertThat(utility(body("Dear customer, your order {{1}} {{2}} ships very soon now.", "['a','b']")))
				.containsExactly("BODY:VARIABLES_ADJACENT");
			assertThat(utility(body("Dear customer, your order {{1}}{{2}} ships very soon now.", "['a','b']")))
				.containsExactly("BODY:VARIABLES_ADJACENT");
		}

		@Test
		void eachVariableNeedsTwoWordsAndOneMore() {
			// 2 variables need 5 other words
			assertThat(utility(body("Hi {{1}}, your order {{2}} shipped today.", "['a','b']"))).isEmpty();
			assertThat(utility(body("Hi {{1}}, order {{2}} shipped.", "['a','b']")))
				.containsExactly("BODY:TOO_MANY_VARIABLES");
		}

		@Test
		void variableNamesAreNumbersOrLowerCaseNames() {
			assertThat(problems("n", "en", "UTILITY", "NAMED",
					"{'type':'BODY','text':'Dear {{Order-Ref}}, thanks for the order today.',"
							+ "'example':{'body_text_named_params':[{'param_name':'Order-Ref','example':'A'}]}}"))
				.containsExactly("BODY:VARIABLE_NAME_INVALID");
		}

		@Test
		void namedAndPositionalDoNotMixAndMatchTheDeclaredFormat() {
			String named = "{'type':'BODY','text':'Dear {{first_name}}, order {{order_ref}} ships today from us.',"
					+ "'example':{'body_text_named_params':[{'param_name':'order_ref','example':'A-1'},"
					+ "{'param_name':'first_name','example':'Dana'}]}}";

			assertThat(problems("n", "en", "UTILITY", "NAMED", named)).isEmpty();
			assertThat(problems("n", "en", "UTILITY", null, named))
				.containsExactly("parameter_format:PARAMETER_FORMAT");
			assertThat(problems("n", "en", "UTILITY", "NAMED", BODY))
				.containsExactly("parameter_format:PARAMETER_FORMAT");
			assertThat(problems("n", "en", "UTILITY", "NAMED",
					"{'type':'HEADER','format':'TEXT','text':'Order {{1}}','example':{'header_text':['A']}}", named))
				.containsExactly("components:VARIABLES_MIXED");
		}

		@Test
		void everyVariableNeedsAnExample() {
			assertThat(utility("{'type':'BODY','text':'Hello {{1}}, your order {{2}} is confirmed today.'}"))
				.containsExactly("BODY:EXAMPLE_MISSING");
			assertThat(utility(body("Hello {{1}}, your order {{2}} is confirmed today.", "['Dana']")))
				.containsExactly("BODY:EXAMPLE_INVALID");
			assertThat(utility(body("Hello {{1}}, your order {{2}} is confirmed today.", "['Dana','A\\nB']")))
				.containsExactly("BODY:EXAMPLE_INVALID");
			assertThat(problems("n", "en", "UTILITY", "NAMED",
					"{'type':'BODY','text':'Dear {{first_name}}, your order ships today.',"
							+ "'example':{'body_text_named_params':[{'param_name':'last_name','example':'Levi'}]}}"))
				.containsExactly("BODY:EXAMPLE_INVALID");
		}

	}

	@Nested
	class Buttons {

		private List<String> buttons(String... buttons) {
			return utility(BODY, "{'type':'BUTTONS','buttons':[" + String.join(",", buttons) + "]}");
		}

		private String quickReply(int n) {
			return "{'type':'QUICK_REPLY','text':'Reply " + n + "'}";
		}

		private final String url = "{'type':'URL','text':'Shop','url':'https://shop.example/'}";

		private final String phone = "{'type':'PHONE_NUMBER','text':'Call','phone_number':'+972500000000'}";

		@Test
		void atMostTenButtons() {
			List<String> ten = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				ten.add(quickReply(i));
			}
			assertThat(buttons(ten.toArray(String[]::new))).isEmpty();
			ten.add(quickReply(10));
			assertThat(buttons(ten.toArray(String[]::new))).containsExactly("BUTTONS:BUTTON_LIMIT",
					"BUTTONS:BUTTON_LIMIT");
		}

		@Test
		void atMostTwoUrlsOnePhoneAndOneCopyCode() {
			assertThat(buttons(this.url, this.url, this.phone)).isEmpty();
			assertThat(buttons(this.url, this.url, this.url)).containsExactly("BUTTONS:BUTTON_LIMIT");
			assertThat(buttons(this.phone, this.phone)).containsExactly("BUTTONS:BUTTON_LIMIT");
			String code = "{'type':'COPY_CODE','example':'SAVE10'}";
			assertThat(buttons(code, code)).containsExactly("BUTTONS:BUTTON_LIMIT");
		}

		@Test
		void quickRepliesSitTogetherBeforeOrAfterTheOthers() {
			assertThat(buttons(quickReply(1), quickReply(2), this.url, this.phone)).isEmpty();
			assertThat(buttons(this.url, this.phone, quickReply(1), quickReply(2))).isEmpty();
			assertThat(buttons(quickReply(1), this.url, quickReply(2))).containsExactly("BUTTONS:BUTTONS_NOT_GROUPED");
			assertThat(buttons(this.url, quickReply(1), this.phone)).containsExactly("BUTTONS:BUTTONS_NOT_GROUPED");
		}

		@Test
		void labelsHoldTwentyFiveCharactersAndNoVariable() {
			assertThat(buttons("{'type':'QUICK_REPLY','text':'" + "l".repeat(25) + "'}")).isEmpty();
			assertThat(buttons("{'type':'QUICK_REPLY','text':'" + "l".repeat(26) + "'}"))
				.containsExactly("BUTTONS[0]:TEXT_TOO_LONG");
			assertThat(buttons("{'type':'QUICK_REPLY','text':'Hi {{1}}'}"))
				.containsExactly("BUTTONS[0]:VARIABLE_NOT_ALLOWED");
			assertThat(buttons("{'type':'QUICK_REPLY'}")).containsExactly("BUTTONS[0]:TEXT_MISSING");
		}

		@Test
		void aUrlHasOneVariableAtItsEndWithAnExample() {
			String dynamic = "{'type':'URL','text':'Track','url':'%s','example':['https://shop.example/t/A-1']}";

			assertThat(buttons(dynamic.formatted("https://shop.example/t/{{1}}"))).isEmpty();
			assertThat(buttons(dynamic.formatted("https://shop.example/{{1}}/track")))
				.containsExactly("BUTTONS[0]:VARIABLE_AT_EDGE");
			assertThat(buttons(dynamic.formatted("https://shop.example/{{1}}/{{2}}")))
				.containsExactly("BUTTONS[0]:TOO_MANY_VARIABLES");
			assertThat(buttons("{'type':'URL','text':'Track','url':'https://shop.example/t/{{1}}'}"))
				.containsExactly("BUTTONS[0]:EXAMPLE_MISSING");
			assertThat(buttons(dynamic.formatted("https://shop.example/" + "u".repeat(1990))))
				.containsExactly("BUTTONS[0]:TEXT_TOO_LONG");
			assertThat(buttons("{'type':'URL','text':'Track'}")).containsExactly("BUTTONS[0]:BUTTON_INVALID");
		}

		@Test
		void aPhoneButtonNeedsItsNumberAndACopyCodeItsExample() {
			assertThat(buttons("{'type':'PHONE_NUMBER','text':'Call'}")).containsExactly("BUTTONS[0]:BUTTON_INVALID");
			assertThat(buttons("{'type':'COPY_CODE','example':'" + "C".repeat(15) + "'}")).isEmpty();
			assertThat(buttons("{'type':'COPY_CODE','example':['" + "C".repeat(16) + "']}"))
				.containsExactly("BUTTONS[0]:EXAMPLE_INVALID");
			assertThat(buttons("{'type':'COPY_CODE'}")).containsExactly("BUTTONS[0]:EXAMPLE_MISSING");
		}

		@Test
		void unknownButtonTypesAndEmptyListsAreRefused() {
			assertThat(buttons("{'type':'TELEPORT','text':'Go'}")).containsExactly("BUTTONS[0]:BUTTON_INVALID");
			assertThat(buttons()).containsExactly("BUTTONS:BUTTON_INVALID");
		}

	}

	@Test
	void problemsCarryAReadableDetail() {
		List<TemplateProblem> found = SubmissionRules.check(new NewTemplate("n", "en", "UTILITY", null,
				List.of(Map.of("type", "BODY", "text", "Hi {{1}} and {{3}} with many more words here."))));

		assertThat(found).extracting(TemplateProblem::detail)
			.contains("positional variables are {{1}} to {{2}} without gaps, found [1, 3]");
	}

}
