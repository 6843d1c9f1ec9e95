package dev.switchboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Headless Chromium for browser tests, driven through Selenium: the distribution's
 * {@code chromium} and {@code chromium-driver} packages, installed with apt when they are
 * missing (the test runs as root), never a browser or driver downloaded by Selenium
 * Manager: the driver and the browser are named explicitly, so Selenium Manager is not
 * asked. A test that cannot have them (no apt, the install fails) is skipped with the
 * reason. Each instance has its own new profile, deleted on {@link #close()}, and keeps a
 * screenshot of each step under {@code target/screenshots/<name>/}.
 */
final class HeadlessChromium implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(HeadlessChromium.class);

	static final Path BROWSER = Path.of("/usr/bin/chromium");

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path APT_GET = Path.of("/usr/bin/apt-get");

	/** An install downloads about 100 MB and sets up a few dozen packages. */
	private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(8);

	private static final Duration UPDATE_TIMEOUT = Duration.ofMinutes(4);

	/**
	 * Flags that work on a machine without a display, a sandbox or outside network: no
	 * first-run, sync, component update or background requests.
	 */
	private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
			"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
			"--window-size=1400,1600");

	private static String missing;

	private static boolean checked;

	private final ChromeDriver driver;

	private final Path profile;

	private final Path screenshots;

	private int step;

	private HeadlessChromium(ChromeDriver driver, Path profile, Path screenshots) {
		this.driver = driver;
		this.profile = profile;
		this.screenshots = screenshots;
	}

	/**
	 * Starts a browser, installing Chromium first when it is missing; skips the calling
	 * test (a JUnit assumption) where it cannot be installed.
	 * @param name the folder of this browser's screenshots under
	 * {@code target/screenshots}
	 * @return the browser
	 */
	static HeadlessChromium start(String name) throws IOException {
		String why = ensureInstalled();
		assumeTrue(why == null, () -> "Browser test skipped: " + why);
		Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-").toAbsolutePath();
		Path screenshots = Path.of("target", "screenshots", name).toAbsolutePath();
		deleteRecursively(screenshots);
		Files.createDirectories(screenshots);
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BROWSER.toFile());
		options.addArguments(FLAGS);
		options.addArguments("--user-data-dir=" + profile);
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
			.usingAnyFreePort()
			.withLogFile(Path.of("target", "chromedriver-" + name + ".log").toAbsolutePath().toFile())
			.build();
		return new HeadlessChromium(new ChromeDriver(service, options), profile, screenshots);
	}

	/** The browser, to drive. */
	WebDriver driver() {
		return this.driver;
	}

	/**
	 * Keeps a screenshot of what the browser shows now, numbered in the order of the
	 * steps.
	 * @param what the step, in the file's name
	 * @return the PNG file
	 */
	Path screenshot(String what) {
		this.step++;
		Path file = this.screenshots
			.resolve("%02d-%s.png".formatted(this.step, what.replaceAll("[^A-Za-z0-9_-]+", "-")));
		try {
			Files.write(file, this.driver.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return file;
	}

	/**
	 * The messages of the page's console since the last call, Content-Security-Policy
	 * violations and failed requests among them.
	 * @return the messages
	 */
	List<String> consoleMessages() {
		return this.driver.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.map((entry) -> entry.getLevel() + " " + entry.getMessage())
			.toList();
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			deleteRecursively(this.profile);
		}
	}

	/**
	 * Installs Chromium and its driver once per JVM when either is missing.
	 * @return why they are missing and cannot be installed, or null when they are there
	 */
	private static synchronized String ensureInstalled() {
		if (!checked) {
			checked = true;
			missing = install();
		}
		return missing;
	}

	private static String install() {
		if (Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER)) {
			return null;
		}
		if (!Files.isExecutable(APT_GET)) {
			return BROWSER + " or " + DRIVER + " is missing and there is no apt-get to install the Debian packages "
					+ "chromium and chromium-driver";
		}
		long started = System.nanoTime();
		log.info("Installing chromium and chromium-driver with apt-get (once)");
		Path output = Path.of("target", "chromium-install.log").toAbsolutePath();
		List<String> install = List.of(APT_GET.toString(), "install", "-y", "chromium", "chromium-driver");
		// The package lists may be missing or stale on a new machine: update them once
		// when the install fails.
		String failure = run(install, INSTALL_TIMEOUT, output);
		if (failure != null) {
			String updateFailure = run(List.of(APT_GET.toString(), "update"), UPDATE_TIMEOUT, output);
			failure = (updateFailure != null) ? updateFailure : run(install, INSTALL_TIMEOUT, output);
		}
		log.info("apt-get for chromium ended after {} s: {}",
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started), (failure != null) ? failure : "installed");
		if (failure != null) {
			return "installing the Debian packages chromium and chromium-driver failed (" + failure + ", see " + output
					+ ")";
		}
		if (!Files.isExecutable(BROWSER) || !Files.isExecutable(DRIVER)) {
			return "the Debian packages chromium and chromium-driver installed no " + BROWSER + " or " + DRIVER;
		}
		return null;
	}

	/** Runs a command with a deadline; its output is appended to the file. */
	private static String run(List<String> command, Duration timeout, Path output) {
		try {
			Files.createDirectories(output.getParent());
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
			builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
			Process process = builder.start();
			process.getOutputStream().close();
			if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return String.join(" ", command) + " took longer than " + timeout;
			}
			return (process.exitValue() == 0) ? null : String.join(" ", command) + " exited " + process.exitValue();
		}
		catch (IOException ex) {
			return String.join(" ", command) + " could not run: " + ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return String.join(" ", command) + " was interrupted";
		}
	}

	private static void deleteRecursively(Path root) {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(root)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
