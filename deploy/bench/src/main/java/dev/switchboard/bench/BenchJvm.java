package dev.switchboard.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JVM flags of every process a benchmark starts: identical everywhere, so a comparison is
 * about the code, not the flags. With {@code BENCH_JFR} set to a directory, each process
 * also records a Java Flight Recording ({@code profile} settings) to {@code <name>.jfr}
 * there, written when it exits: that is how the benchmarks find what limits them.
 * {@code BENCH_JVM_FLAGS} replaces the default flags (e.g. to compare collectors); the
 * processes run on the JVM that runs the harness.
 * <p>
 * The metaspace flag matters for latency: with the JVM's default (about 20 MB), a Spring
 * Boot service crosses the metaspace threshold three or four times while it loads its
 * classes, and each crossing is a full collection (150-210 ms with ParallelGC here), one
 * of them in the middle of a measured run.
 */
final class BenchJvm {

	private static final List<String> FLAGS = List.of("-Xms512m", "-Xmx512m", "-XX:+UseParallelGC",
			"-XX:MetaspaceSize=256m");

	private BenchJvm() {
	}

	/**
	 * Flags for one process.
	 * @param name the process's name, used for its recording file
	 * @return the JVM flags
	 */
	static List<String> flags(String name) {
		String chosen = System.getenv("BENCH_JVM_FLAGS");
		List<String> flags = new ArrayList<>(
				(chosen != null && !chosen.isBlank()) ? List.of(chosen.trim().split("\\s+")) : FLAGS);
		String recordings = System.getenv("BENCH_JFR");
		if (recordings != null && !recordings.isBlank()) {
			Path file = Path.of(recordings).toAbsolutePath().resolve(name + ".jfr");
			flags.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + file);
		}
		return flags;
	}

}
