package dev.switchboard.templates.rules;

import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TemplateSendRulesTest {

	/**
	 * Positional: text header, body, footer, dynamic URL, quick reply and phone buttons.
	 */
	static final TemplateDefinition ORDER = new TemplateDefinition("order_update", "en", "POSITIONAL", Json
		.list("""
				[ {'type':'HEADER','format':'TEXT','text':'Order {{1}}','example':{'header_text':['A-1']}},
				  {'type':'BODY','text':'Hello {{1}}, order {{2}} totals {{3}}. Thanks {{1}}!',
				   'example':{'body_text':[['Dana','A-1','$5']]}},
				  {'type':'FOOTER','text':'Reply STOP to opt out'},
				  {'type':'BUTTONS','buttons':[
				     {'type':'URL','text':'Track','url':'https://shop.example/track/{{1}}','example':['https://shop.example/track/A-1']},
				     {'type':'QUICK_REPLY','text':'Stop'},
				     {'type':'PHONE_NUMBER','text':'Call us','phone_number':'+972500000000'} ]} ]
				"""));

	static final TemplateDefinition NAMED = new TemplateDefinition("order_named", "en", "NAMED", Json.list("""
			[ {'type':'HEADER','format':'TEXT','text':'Order {{order_ref}}'},
			  {'type':'BODY','text':'Hi {{first_name}}, order {{order_ref}} ships on {{ship_date}}.'} ]
			"""));

	static final TemplateDefinition RECEIPT = new TemplateDefinition("receipt", "en", "POSITIONAL", Json.list("""
			[ {'type':'HEADER','format':'IMAGE'},
			  {'type':'BODY','text':'Your receipt for {{1}} is above.'},
			  {'type':'BUTTONS','buttons':[{'type':'COPY_CODE','example':'SAVE10'},
			                               {'type':'URL','text':'Shop','url':'https://shop.example/'}]} ]
			"""));

	static final TemplateDefinition STORE = new TemplateDefinition("store_location", "en", null, Json.list("""
			[ {'type':'HEADER','format':'LOCATION'}, {'type':'BODY','text':'Pick up your order here.'} ]
			"""));

	static final TemplateDefinition BODY_ONLY = new TemplateDefinition("note", "en", null,
			Json.list("[ {'type':'BODY','text':'Note: {{1}} .'} ]"));

	private static final String ORDER_SEND = """
			[ {'type':'header','parameters':[{'type':'text','text':'A-7'}]},
			  {'type':'body','parameters':[{'type':'text','text':'Dana'},{'type':'text','text':'A-7'},
			     {'type':'currency','currency':{'fallback_value':'$12.50','code':'USD','amount_1000':12500}}]},
			  {'type':'button','sub_type':'url','index':0,'parameters':[{'type':'text','text':'A-7?x=1'}]},
			  {'type':'button','sub_type':'quick_reply','index':'1','parameters':[{'type':'payload','payload':'STOP-A-7'}]} ]
			""";

	static List<String> problems(TemplateDefinition template, String send) {
		return TemplateSendRules.validate(template, Json.values(send))
			.stream()
			.map((problem) -> problem.component() + ":" + problem.code())
			.toList();
	}

	@Nested
	class Rendering {

		@Test
		void fillsEveryPartAndKeepsStaticOnesVerbatim() {
			RenderResult result = TemplateSendRules.render(ORDER, Json.list(ORDER_SEND));

			assertThat(result.problems()).isEmpty();
			assertThat(result.valid()).isTrue();
			RenderedTemplate rendered = result.rendered();
			assertThat(rendered.header()).isEqualTo(new RenderedHeader("TEXT", "Order A-7", null));
			assertThat(rendered.body()).isEqualTo("Hello Dana, order A-7 totals $12.50. Thanks Dana!");
			assertThat(rendered.footer()).isEqualTo("Reply STOP to opt out");
			assertThat(rendered.buttons()).containsExactly(
					new RenderedButton(0, "URL", "Track", "https://shop.example/track/A-7?x=1"),
					new RenderedButton(1, "QUICK_REPLY", "Stop", "STOP-A-7"),
					new RenderedButton(2, "PHONE_NUMBER", "Call us", "+972500000000"));
		}

		@Test
		void namedParametersFillTheirVariablesInAnyOrder() {
			RenderResult result = TemplateSendRules.render(NAMED, Json.list("""
					[ {'type':'body','parameters':[
					    {'type':'date_time','parameter_name':'ship_date','date_time':{'fallback_value':'5 March 2031'}},
					    {'type':'text','parameter_name':'order_ref','text':'B-9'},
					    {'type':'text','parameter_name':'first_name','text':'Avi'}]},
					  {'type':'header','parameters':[{'type':'text','parameter_name':'order_ref','text':'B-9'}]} ]
					"""));

			assertThat(result.problems()).isEmpty();
			assertThat(result.rendered().header().text()).isEqualTo("Order B-9");
			assertThat(result.rendered().body()).isEqualTo("Hi Avi, order B-9 ships on 5 March 2031.");
			assertThat(result.rendered().footer()).isNull();
		}

		@Test
		void aMediaHeaderRendersAsTheMediaGiven() {
			RenderResult result = TemplateSendRules.render(RECEIPT, Json
				.list("""
						[ {'type':'header','parameters':[{'type':'image','image':{'link':'https://cdn.example/r.png'}}]},
						  {'type':'body','parameters':[{'type':'text','text':'order A-1'}]},
						  {'type':'button','sub_type':'copy_code','index':0,'parameters':[{'type':'coupon_code','coupon_code':'SAVE10'}]} ]
						"""));

			assertThat(result.problems()).isEmpty();
			assertThat(result.rendered().header().format()).isEqualTo("IMAGE");
			assertThat(result.rendered().header().media()).containsEntry("link", "https://cdn.example/r.png");
			assertThat(result.rendered().buttons()).containsExactly(new RenderedButton(0, "COPY_CODE", null, "SAVE10"),
					new RenderedButton(1, "URL", "Shop", "https://shop.example/"));
		}

		@Test
		void aTemplateWithoutVariablesNeedsNoComponents() {
			RenderResult result = TemplateSendRules.render(
					new TemplateDefinition("hello", "en", null, Json.list("[ {'type':'BODY','text':'Hello there'} ]")),
					null);

			assertThat(result.rendered().body()).isEqualTo("Hello there");
			assertThat(result.rendered().header()).isNull();
			assertThat(result.rendered().buttons()).isEmpty();
		}

		@Test
		void problemsLeaveNothingRendered() {
			RenderResult result = TemplateSendRules.render(ORDER, Json.list("[]"));

			assertThat(result.valid()).isFalse();
			assertThat(result.rendered()).isNull();
			assertThat(result.problems()).extracting(TemplateProblem::component)
				.containsExactly("HEADER", "BODY", "BUTTONS[0]");
		}

		@Test
		void theEventContractsTemplateRendersInHebrew() {
			TemplateDefinition hebrew = new TemplateDefinition("order_confirmation_global", "he", "POSITIONAL", Json
				.list("""
						[ { "type": "BODY", "text": "שלום {{1}}, הזמנה {{2}} התקבלה.", "example": { "body_text": [["Dana", "IL-100234"]] } },
						  { "type": "BUTTONS", "buttons": [ { "type": "URL", "text": "Track", "url": "https://shop.example/track/{{1}}" } ] } ]
						"""));

			RenderResult result = TemplateSendRules.render(hebrew, Json.list("""
					[ {'type':'body','parameters':[{'type':'text','text':'דנה'},{'type':'text','text':'IL-1'}]},
					  {'type':'button','sub_type':'url','index':'0','parameters':[{'type':'text','text':'IL-1'}]} ]
					"""));

			assertThat(result.rendered().body()).isEqualTo("שלום דנה, הזמנה IL-1 התקבלה.");
			assertThat(result.rendered().buttons().get(0).value()).isEqualTo("https://shop.example/track/IL-1");
		}

	}

	@Nested
	class Counts {

		@Test
		void tooFewOrTooManyBodyParametersNameTheBody() {
			assertThat(problems(ORDER, ORDER_SEND.replace("{'type':'text','text':'Dana'},", "")))
				.containsExactly("BODY:PARAMETER_COUNT");
			assertThat(problems(ORDER,
					ORDER_SEND.replace("{'type':'text','text':'Dana'},",
							"{'type':'text','text':'Dana'},{'type':'text','text':'extra'},")))
				.containsExactly("BODY:PARAMETER_COUNT");
		}

		@Test
		void aMissingBodyIsACountOfZero() {
			List<TemplateProblem> found = TemplateSendRules.validate(BODY_ONLY, List.of());

			assertThat(found).singleElement().satisfies((problem) -> {
				assertThat(problem.code()).isEqualTo(ProblemCode.PARAMETER_COUNT);
				assertThat(problem.component()).isEqualTo("BODY");
				assertThat(problem.detail()).isEqualTo("the template has 1 variable(s), the send gives 0");
			});
		}

		@Test
		void aHeaderParameterForAHeaderWithoutVariableIsUnexpected() {
			TemplateDefinition plainHeader = new TemplateDefinition("t", "en", null,
					Json.list("[ {'type':'HEADER','format':'TEXT','text':'Hi'}, {'type':'BODY','text':'Body'} ]"));

			assertThat(problems(plainHeader, "[ {'type':'header','parameters':[{'type':'text','text':'x'}]} ]"))
				.containsExactly("HEADER:COMPONENT_UNEXPECTED");
		}

		@Test
		void componentsTheTemplateDoesNotHaveAreUnexpected() {
			assertThat(problems(BODY_ONLY, """
					[ {'type':'header','parameters':[{'type':'text','text':'x'}]},
					  {'type':'body','parameters':[{'type':'text','text':'x'}]},
					  {'type':'footer','parameters':[{'type':'text','text':'x'}]} ]
					""")).containsExactly("FOOTER:COMPONENT_UNEXPECTED", "HEADER:COMPONENT_UNEXPECTED");
		}

		@Test
		void twiceTheSameComponentOrOneWithoutTypeIsRefused() {
			assertThat(problems(BODY_ONLY, """
					[ {'type':'body','parameters':[{'type':'text','text':'x'}]},
					  {'type':'body','parameters':[{'type':'text','text':'y'}]}, {'parameters':[]}, 'body' ]
					""")).containsExactly("BODY:COMPONENT_DUPLICATE", "components[2]:COMPONENT_INVALID",
					"components[3]:COMPONENT_INVALID");
		}

		@Test
		void everyProblemIsListedAtOnce() {
			assertThat(problems(ORDER,
					"""
							[ {'type':'header','parameters':[{'type':'text','text':'A\\nB'}]},
							  {'type':'body','parameters':[{'type':'text','text':'Dana'}]},
							  {'type':'button','sub_type':'quick_reply','index':0,'parameters':[{'type':'payload','payload':'x'}]},
							  {'type':'button','sub_type':'quick_reply','index':7,'parameters':[]} ]
							"""))
				.containsExactly("components[3]:BUTTON_INDEX", "HEADER:TEXT_INVALID", "BODY:PARAMETER_COUNT",
						"BUTTONS[0]:BUTTON_SUB_TYPE");
		}

	}

	@Nested
	class PositionalAndNamed {

		@Test
		void aParameterNameOnAPositionalTemplateIsRefused() {
			assertThat(problems(BODY_ONLY,
					"[ {'type':'body','parameters':[{'type':'text','parameter_name':'note','text':'x'}]} ]"))
				.containsExactly("BODY:PARAMETER_FORMAT");
		}

		@Test
		void aNamedTemplateNeedsEveryNameOnceAndNoOther() {
			String header = "{'type':'header','parameters':[{'type':'text','parameter_name':'order_ref','text':'B'}]}";
			assertThat(problems(NAMED, "[" + header + ", {'type':'body','parameters':["
					+ "{'type':'text','parameter_name':'first_name','text':'Avi'},"
					+ "{'type':'text','parameter_name':'first_name','text':'Avi'},"
					+ "{'type':'text','parameter_name':'coupon','text':'X'}," + "{'type':'text','text':'no name'}]} ]"))
				.containsExactly("BODY:PARAMETER_DUPLICATE", "BODY:PARAMETER_UNKNOWN", "BODY:PARAMETER_FORMAT",
						"BODY:PARAMETER_MISSING", "BODY:PARAMETER_MISSING");
		}

		@Test
		void theMissingNamesAreNamed() {
			List<TemplateProblem> found = TemplateSendRules.validate(NAMED, Json.list("""
					[ {'type':'header','parameters':[{'type':'text','parameter_name':'order_ref','text':'B'}]},
					  {'type':'body','parameters':[{'type':'text','parameter_name':'first_name','text':'Avi'},
					                               {'type':'text','parameter_name':'order_ref','text':'B'}]} ]
					"""));

			assertThat(found).containsExactly(new TemplateProblem(ProblemCode.PARAMETER_MISSING, "BODY",
					"no parameter for {{ship_date}} in BODY"));
		}

		@Test
		void namedVariablesMakeATemplateNamedWhenItsFormatIsUnknown() {
			TemplateDefinition unknownFormat = new TemplateDefinition("t", "en", null,
					Json.list("[ {'type':'BODY','text':'Hi {{first_name}} there'} ]"));

			assertThat(problems(unknownFormat, "[ {'type':'body','parameters':[{'type':'text','text':'Avi'}]} ]"))
				.containsExactly("BODY:PARAMETER_FORMAT", "BODY:PARAMETER_MISSING");
			assertThat(problems(unknownFormat,
					"[ {'type':'body','parameters':[{'type':'text','parameter_name':'first_name','text':'Avi'}]} ]"))
				.isEmpty();
		}

	}

	@Nested
	class Texts {

		@Test
		void headerParametersHoldSixtyCharacters() {
			String send = "[ {'type':'header','parameters':[{'type':'text','text':'%s'}]}, "
					+ "{'type':'body','parameters':[{'type':'text','text':'a'},{'type':'text','text':'b'},"
					+ "{'type':'text','text':'c'}]}, {'type':'button','sub_type':'url','index':0,"
					+ "'parameters':[{'type':'text','text':'x'}]} ]";

			assertThat(problems(ORDER, send.formatted("h".repeat(60)))).isEmpty();
			assertThat(problems(ORDER, send.formatted("h".repeat(61)))).containsExactly("HEADER:TEXT_TOO_LONG");
		}

		@Test
		void bodyParametersHold1024CharactersOr32768InABodyOnlyTemplate() {
			String send = "[ {'type':'body','parameters':[{'type':'text','text':'%s'}]} ]";
			TemplateDefinition withFooter = new TemplateDefinition("t", "en", null,
					Json.list("[ {'type':'BODY','text':'Note {{1}} end'}, {'type':'FOOTER','text':'f'} ]"));

			assertThat(problems(withFooter, send.formatted("b".repeat(1024)))).isEmpty();
			assertThat(problems(withFooter, send.formatted("b".repeat(1025)))).containsExactly("BODY:TEXT_TOO_LONG");
			assertThat(problems(BODY_ONLY, send.formatted("b".repeat(32768)))).isEmpty();
			assertThat(problems(BODY_ONLY, send.formatted("b".repeat(32769)))).containsExactly("BODY:TEXT_TOO_LONG");
		}

		@Test
		void blankTextsNewlinesTabsAndLongSpacesAreRefused() {
			String send = "[ {'type':'body','parameters':[{'type':'text','text':%s}]} ]";

			assertThat(problems(BODY_ONLY, send.formatted("'a    b'"))).isEmpty();
			assertThat(problems(BODY_ONLY, send.formatted("'a     b'"))).containsExactly("BODY:TEXT_INVALID");
			assertThat(problems(BODY_ONLY, send.formatted("'a\\nb'"))).containsExactly("BODY:TEXT_INVALID");
			assertThat(problems(BODY_ONLY, send.formatted("'a\\tb'"))).containsExactly("BODY:TEXT_INVALID");
			assertThat(problems(BODY_ONLY, send.formatted("'  '"))).containsExactly("BODY:TEXT_INVALID");
			assertThat(problems(BODY_ONLY, send.formatted("7"))).containsExactly("BODY:TEXT_INVALID");
		}

		@Test
		void headerTextTakesNoCurrencyAndBodyNoImage() {
			assertThat(problems(NAMED, """
					[ {'type':'header','parameters':[{'type':'currency','parameter_name':'order_ref',
					    'currency':{'fallback_value':'$1','code':'USD','amount_1000':1000}}]},
					  {'type':'body','parameters':[{'type':'image','parameter_name':'first_name','image':{'id':'1'}},
					    {'type':'text','parameter_name':'order_ref','text':'x'},
					    {'type':'text','parameter_name':'ship_date','text':'x'}]} ]
					""")).containsExactly("HEADER:PARAMETER_TYPE", "BODY:PARAMETER_TYPE");
		}

	}

	@Nested
	class CurrencyAndDateTime {

		private final String send = "[ {'type':'body','parameters':[%s]} ]";

		@Test
		void aCurrencyNeedsFallbackCodeAndAWholeAmount() {
			assertThat(problems(BODY_ONLY, this.send.formatted(
					"{'type':'currency','currency':{'fallback_value':'€12.50','code':'EUR','amount_1000':12500.0}}")))
				.isEmpty();
			for (String currency : List.of("{'code':'EUR','amount_1000':12500}",
					"{'fallback_value':'€1','code':'eur','amount_1000':1000}",
					"{'fallback_value':'€1','code':'EURO','amount_1000':1000}",
					"{'fallback_value':'€1','amount_1000':1000}", "{'fallback_value':'€1','code':'EUR'}",
					"{'fallback_value':'€1','code':'EUR','amount_1000':12.5}",
					"{'fallback_value':'€1','code':'EUR','amount_1000':'1000'}",
					"{'fallback_value':'€1','code':'EUR','amount_1000':-1}")) {
				assertThat(problems(BODY_ONLY, this.send.formatted("{'type':'currency','currency':" + currency + "}")))
					.as(currency)
					.containsExactly("BODY:CURRENCY_INVALID");
			}
			assertThat(problems(BODY_ONLY, this.send.formatted("{'type':'currency'}")))
				.containsExactly("BODY:CURRENCY_INVALID");
		}

		@Test
		void aDateTimeNeedsItsFallbackValue() {
			assertThat(problems(BODY_ONLY,
					this.send.formatted("{'type':'date_time','date_time':{'fallback_value':'5 March 2031'}}")))
				.isEmpty();
			assertThat(problems(BODY_ONLY, this.send.formatted("{'type':'date_time','date_time':{'day_of_month':5}}")))
				.containsExactly("BODY:DATE_TIME_INVALID");
			assertThat(problems(BODY_ONLY, this.send.formatted("{'type':'date_time'}")))
				.containsExactly("BODY:DATE_TIME_INVALID");
		}

	}

	@Nested
	class Headers {

		private final String body = "{'type':'body','parameters':[{'type':'text','text':'x'}]}";

		private final String code = "{'type':'button','sub_type':'copy_code','index':0,"
				+ "'parameters':[{'type':'coupon_code','coupon_code':'SAVE10'}]}";

		private List<String> receipt(String header) {
			return problems(RECEIPT, "[ " + header + ", " + this.body + ", " + this.code + " ]");
		}

		@Test
		void aMediaHeaderNeedsMediaOfItsFormat() {
			assertThat(receipt("{'type':'header','parameters':[{'type':'image','image':{'id':'4490'}}]}")).isEmpty();
			assertThat(receipt("{'type':'header','parameters':[{'type':'video','video':{'id':'4490'}}]}"))
				.containsExactly("HEADER:HEADER_MEDIA_TYPE");
			assertThat(receipt("{'type':'header','parameters':[{'type':'text','text':'x'}]}"))
				.containsExactly("HEADER:HEADER_MEDIA_TYPE");
			assertThat(
					receipt("{'type':'header','parameters':[{'type':'image','image':{'id':'1','link':'https://x'}}]}"))
				.containsExactly("HEADER:MEDIA_INVALID");
			assertThat(receipt("{'type':'header','parameters':[{'type':'image','image':{}}]}"))
				.containsExactly("HEADER:MEDIA_INVALID");
			assertThat(receipt("{'type':'header','parameters':[]}")).containsExactly("HEADER:PARAMETER_MISSING");
			assertThat(receipt("{'type':'header','parameters':[{'type':'image','image':{'id':'1'}},"
					+ "{'type':'image','image':{'id':'2'}}]}"))
				.containsExactly("HEADER:PARAMETER_COUNT");
			assertThat(problems(RECEIPT, "[ " + this.body + ", " + this.code + " ]"))
				.containsExactly("HEADER:PARAMETER_MISSING");
		}

		@Test
		void documentAndVideoHeadersTakeTheirOwnType() {
			TemplateDefinition document = new TemplateDefinition("t", "en", null,
					Json.list("[ {'type':'HEADER','format':'DOCUMENT'}, {'type':'BODY','text':'Invoice'} ]"));

			assertThat(problems(document, "[ {'type':'header','parameters':[{'type':'document',"
					+ "'document':{'link':'https://x/i.pdf','filename':'i.pdf'}}]} ]"))
				.isEmpty();
			assertThat(problems(document,
					"[ {'type':'header','parameters':[{'type':'image','image':{'link':'https://x/i.png'}}]} ]"))
				.containsExactly("HEADER:HEADER_MEDIA_TYPE");
		}

		@Test
		void aLocationHeaderNeedsCoordinatesNameAndAddress() {
			String location = "[ {'type':'header','parameters':[{'type':'location','location':%s}]} ]";

			assertThat(problems(STORE,
					location.formatted("{'latitude':32.08,'longitude':'34.78','name':'Store','address':'1 Main St'}")))
				.isEmpty();
			for (String invalid : List.of("{'latitude':32.08,'longitude':34.78,'name':'Store'}",
					"{'latitude':91,'longitude':34.78,'name':'Store','address':'a'}",
					"{'latitude':32,'longitude':-181,'name':'Store','address':'a'}",
					"{'latitude':'north','longitude':34.78,'name':'Store','address':'a'}",
					"{'longitude':34.78,'name':'Store','address':'a'}")) {
				assertThat(problems(STORE, location.formatted(invalid))).as(invalid)
					.containsExactly("HEADER:LOCATION_INVALID");
			}
			assertThat(problems(STORE, "[ {'type':'header','parameters':[{'type':'image','image':{'id':'1'}}]} ]"))
				.containsExactly("HEADER:HEADER_MEDIA_TYPE");
		}

	}

	@Nested
	class Buttons {

		private final String head = "{'type':'header','parameters':[{'type':'text','text':'A'}]},"
				+ "{'type':'body','parameters':[{'type':'text','text':'a'},{'type':'text','text':'b'},"
				+ "{'type':'text','text':'c'}]}";

		private List<String> order(String buttons) {
			return problems(ORDER, "[ " + this.head + buttons + " ]");
		}

		private final String url = ",{'type':'button','sub_type':'url','index':0,'parameters':[{'type':'text','text':'A'}]}";

		@Test
		void aDynamicUrlButtonNeedsItsSuffix() {
			assertThat(order(this.url)).isEmpty();
			assertThat(order("")).containsExactly("BUTTONS[0]:PARAMETER_MISSING");
			assertThat(order(",{'type':'button','sub_type':'url','index':0,'parameters':[]}"))
				.containsExactly("BUTTONS[0]:PARAMETER_COUNT");
			assertThat(order(",{'type':'button','sub_type':'url','index':0,'parameters':[{'type':'text','text':' '}]}"))
				.containsExactly("BUTTONS[0]:TEXT_INVALID");
			assertThat(order(",{'type':'button','sub_type':'url','index':0,"
					+ "'parameters':[{'type':'payload','payload':'A'}]}"))
				.containsExactly("BUTTONS[0]:PARAMETER_TYPE");
		}

		@Test
		void theIndexIsThePositionInTheTemplate() {
			assertThat(
					order(",{'type':'button','sub_type':'url','index':'0','parameters':[{'type':'text','text':'A'}]}"))
				.isEmpty();
			assertThat(order(this.url + ",{'type':'button','sub_type':'quick_reply','index':3,'parameters':[]}"))
				.containsExactly("components[3]:BUTTON_INDEX");
			assertThat(order(this.url + ",{'type':'button','sub_type':'quick_reply','index':-1,'parameters':[]}"))
				.containsExactly("components[3]:BUTTON_INDEX");
			assertThat(order(this.url + ",{'type':'button','sub_type':'quick_reply','index':'one','parameters':[]}"))
				.containsExactly("components[3]:BUTTON_INDEX");
			assertThat(order(this.url + ",{'type':'button','sub_type':'quick_reply','parameters':[]}"))
				.containsExactly("components[3]:BUTTON_INDEX");
			assertThat(order(this.url + this.url)).containsExactly("BUTTONS[0]:BUTTON_INDEX");
		}

		@Test
		void theSubTypeMustMatchTheTemplatesButton() {
			assertThat(order(this.url
					+ ",{'type':'button','sub_type':'url','index':1,'parameters':[{'type':'text','text':'A'}]}"))
				.containsExactly("BUTTONS[1]:BUTTON_SUB_TYPE");
			assertThat(order(",{'type':'button','index':0,'parameters':[{'type':'text','text':'A'}]}"))
				.containsExactly("BUTTONS[0]:BUTTON_SUB_TYPE");
		}

		@Test
		void staticButtonsTakeNoParameter() {
			assertThat(order(this.url
					+ ",{'type':'button','sub_type':'voice_call','index':2,'parameters':[{'type':'text','text':'A'}]}"))
				.containsExactly("BUTTONS[2]:COMPONENT_UNEXPECTED");
			assertThat(problems(RECEIPT,
					"""
							[ {'type':'header','parameters':[{'type':'image','image':{'id':'1'}}]},
							  {'type':'body','parameters':[{'type':'text','text':'x'}]},
							  {'type':'button','sub_type':'copy_code','index':0,'parameters':[{'type':'coupon_code','coupon_code':'A'}]},
							  {'type':'button','sub_type':'url','index':1,'parameters':[{'type':'text','text':'x'}]} ]
							"""))
				.containsExactly("BUTTONS[1]:COMPONENT_UNEXPECTED");
		}

		@Test
		void aQuickReplyMayGoWithoutPayloadButNotWithAnEmptyOne() {
			assertThat(order(this.url + ",{'type':'button','sub_type':'quick_reply','index':1,'parameters':[]}"))
				.isEmpty();
			assertThat(order(this.url
					+ ",{'type':'button','sub_type':'quick_reply','index':1,'parameters':[{'type':'payload','payload':''}]}"))
				.containsExactly("BUTTONS[1]:TEXT_INVALID");
		}

		@Test
		void aCopyCodeHoldsFifteenCharacters() {
			String send = "[ {'type':'header','parameters':[{'type':'image','image':{'id':'1'}}]},"
					+ "{'type':'body','parameters':[{'type':'text','text':'x'}]}%s ]";
			String code = ",{'type':'button','sub_type':'copy_code','index':0,"
					+ "'parameters':[{'type':'coupon_code','coupon_code':'%s'}]}";

			assertThat(problems(RECEIPT, send.formatted(code.formatted("C".repeat(15))))).isEmpty();
			assertThat(problems(RECEIPT, send.formatted(code.formatted("C".repeat(16)))))
				.containsExactly("BUTTONS[0]:TEXT_TOO_LONG");
			assertThat(problems(RECEIPT, send.formatted(""))).containsExactly("BUTTONS[0]:PARAMETER_MISSING");
		}

		@Test
		void aOneTimePasswordButtonNeedsTheCode() {
			TemplateDefinition otp = new TemplateDefinition("login_code", "en", null, Json.list("""
					[ {'type':'BODY','text':'{{1}} is your code.'},
					  {'type':'BUTTONS','buttons':[{'type':'OTP','otp_type':'COPY_CODE','text':'Copy code'}]} ]
					"""));
			String body = "{'type':'body','parameters':[{'type':'text','text':'123456'}]}";

			assertThat(problems(otp, "[ " + body
					+ ", {'type':'button','sub_type':'url','index':0,'parameters':[{'type':'text','text':'123456'}]} ]"))
				.isEmpty();
			assertThat(problems(otp, "[ " + body + " ]")).containsExactly("BUTTONS[0]:PARAMETER_MISSING");
		}

		@Test
		void flowButtonsTakeAnAction() {
			TemplateDefinition flow = new TemplateDefinition("signup", "en", null, Json.list(
					"[ {'type':'BODY','text':'Sign up'}, {'type':'BUTTONS','buttons':[{'type':'FLOW','text':'Go'}]} ]"));

			assertThat(problems(flow, "[ {'type':'button','sub_type':'flow','index':0,"
					+ "'parameters':[{'type':'action','action':{'flow_token':'t'}}]} ]"))
				.isEmpty();
			assertThat(problems(flow,
					"[ {'type':'button','sub_type':'flow','index':0,'parameters':[{'type':'text','text':'t'}]} ]"))
				.containsExactly("BUTTONS[0]:PARAMETER_TYPE");
		}

	}

}
