package dev.switchboard.messaging.inbox.sla;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BusinessHoursTest {

	private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

	private static final BusinessHours OFFICE = BusinessHours.parse(Map.of("timeZone", "Europe/Berlin", "weekly",
			Map.of("MONDAY", day("09:00", "17:00"), "TUESDAY", day("09:00", "17:00"), "WEDNESDAY",
					day("09:00", "17:00"), "THURSDAY", day("09:00", "17:00"), "FRIDAY", day("09:00", "17:00")),
			"holidays", List.of("2026-12-24")));

	@Test
	void aTargetStartedLateOnFridayIsDueOnMondayAfterTheWeekend() {
		// Fri 2026-12-04 16:30 Berlin, one hour: 30 min on Friday, 30 on Monday.
		assertThat(OFFICE.plus(berlin("2026-12-04T16:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-12-07T09:30"));
	}

	@Test
	void aDueTimeSpanningClosingTimeContinuesAtTheNextOpening() {
		assertThat(OFFICE.plus(berlin("2026-12-01T16:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-12-02T10:00"));
		// Ending exactly at closing time stays on the day.
		assertThat(OFFICE.plus(berlin("2026-12-01T15:00"), Duration.ofHours(2))).isEqualTo(berlin("2026-12-01T17:00"));
	}

	@Test
	void aStartOutsideTheHoursWaitsForTheOpeningAndHolidaysAreClosed() {
		assertThat(OFFICE.plus(berlin("2026-12-01T06:00"), Duration.ofMinutes(30)))
			.isEqualTo(berlin("2026-12-01T09:30"));
		assertThat(OFFICE.plus(berlin("2026-12-05T12:00"), Duration.ofMinutes(30)))
			.isEqualTo(berlin("2026-12-07T09:30"));
		// Wed 23rd 16:30 + 1 h: Thursday 24th is a holiday.
		assertThat(OFFICE.plus(berlin("2026-12-23T16:30"), Duration.ofHours(1))).isEqualTo(berlin("2026-12-25T09:30"));
	}

	@Test
	void severalIntervalsADaySkipTheBreak() {
		BusinessHours split = BusinessHours.parse(Map.of("timeZone", "Europe/Berlin", "weekly",
				Map.of("monday", List.of(interval("13:30", "17:00"), interval("09:00", "12:30")))));
		assertThat(split.plus(berlin("2026-12-07T12:00"), Duration.ofHours(1))).isEqualTo(berlin("2026-12-07T14:00"));
	}

	@Test
	void hoursAreWallClockTimesOfTheQueuesZone() {
		BusinessHours newYork = BusinessHours
			.parse(Map.of("timeZone", "America/New_York", "weekly", Map.of("MONDAY", day("09:00", "17:00"))));
		// Monday 2026-12-07 13:00 UTC is 08:00 in New York (EST, UTC-5): opens at 14:00
		// UTC.
		assertThat(newYork.plus(Instant.parse("2026-12-07T13:00:00Z"), Duration.ofHours(1)))
			.isEqualTo(Instant.parse("2026-12-07T15:00:00Z"));
	}

	@Test
	void daysOnWhichTheClocksChangeAreAsLongAsTheyReallyAre() {
		BusinessHours always = BusinessHours.parse(Map.of("timeZone", "Europe/Berlin", "weekly",
				Map.of("SATURDAY", day("00:00", "24:00"), "SUNDAY", day("00:00", "24:00"))));
		// Sunday 2026-03-29: 02:00 → 03:00 (23-hour day). Three hours from midnight:
		// 04:00.
		assertThat(always.plus(berlin("2026-03-29T00:00"), Duration.ofHours(3))).isEqualTo(berlin("2026-03-29T04:00"));
		// The whole day holds 23 hours: 24 hours from Sunday midnight end on Saturday.
		assertThat(always.plus(berlin("2026-03-29T00:00"), Duration.ofHours(24))).isEqualTo(berlin("2026-04-04T01:00"));
		// Sunday 2026-10-25: 03:00 → 02:00 (25-hour day). 24 hours from midnight: 23:00.
		assertThat(always.plus(berlin("2026-10-25T00:00"), Duration.ofHours(24)))
			.isEqualTo(Instant.parse("2026-10-25T22:00:00Z"));
		// An interval through the gap: 01:00–04:00 holds two real hours that day.
		BusinessHours night = BusinessHours
			.parse(Map.of("timeZone", "Europe/Berlin", "weekly", Map.of("SUNDAY", day("01:00", "04:00"))));
		assertThat(night.plus(berlin("2026-03-29T01:00"), Duration.ofMinutes(150)))
			.isEqualTo(berlin("2026-04-05T01:30"));
	}

	@Test
	void noCalendarRunsAroundTheClock() {
		Instant start = Instant.parse("2026-12-05T23:00:00Z");
		assertThat(BusinessHours.parse(null).plus(start, Duration.ofHours(2))).isEqualTo(start.plusSeconds(7200));
	}

	@Test
	void unusableHoursNameTheirField() {
		invalid(Map.of("weekly", Map.of("MONDAY", day("09:00", "17:00"))), "businessHours.timeZone");
		invalid(Map.of("timeZone", "Mars/Olympus", "weekly", Map.of()), "businessHours.timeZone");
		invalid(Map.of("timeZone", "UTC"), "businessHours.weekly");
		invalid(Map.of("timeZone", "UTC", "weekly", Map.of("MONDAY", List.of())), "businessHours.weekly");
		invalid(Map.of("timeZone", "UTC", "weekly", Map.of("FUNDAY", day("09:00", "17:00"))),
				"businessHours.weekly.FUNDAY");
		invalid(Map.of("timeZone", "UTC", "weekly", Map.of("MONDAY", day("09:00", "25:00"))),
				"businessHours.weekly.MONDAY[0].to");
		invalid(Map.of("timeZone", "UTC", "weekly", Map.of("MONDAY", day("9:00", "17:00"))),
				"businessHours.weekly.MONDAY[0].from");
		invalid(Map.of("timeZone", "UTC", "weekly", Map.of("MONDAY", day("17:00", "09:00"))),
				"businessHours.weekly.MONDAY[0].to");
		invalid(Map.of("timeZone", "UTC", "weekly",
				Map.of("MONDAY", List.of(interval("09:00", "13:00"), interval("12:00", "17:00")))),
				"businessHours.weekly.MONDAY");
		invalid(Map.of("timeZone", "UTC", "weekly", Map.of("MONDAY", day("09:00", "17:00")), "holidays",
				List.of("2026-02-30")), "businessHours.holidays[0]");
		invalid(Map.of("timeZone", "UTC", "weekly", Map.of("MONDAY", day("09:00", "17:00")), "open", true),
				"businessHours.open");
	}

	private static void invalid(Map<String, Object> json, String field) {
		assertThatThrownBy(() -> BusinessHours.parse(json)).isInstanceOfSatisfying(InvalidSlaSettings.class,
				(ex) -> assertThat(ex.field()).isEqualTo(field));
	}

	static List<Map<String, String>> day(String from, String to) {
		return List.of(interval(from, to));
	}

	static Map<String, String> interval(String from, String to) {
		return Map.of("from", from, "to", to);
	}

	static Instant berlin(String localDateTime) {
		return LocalDateTime.parse(localDateTime).atZone(BERLIN).toInstant();
	}

}
